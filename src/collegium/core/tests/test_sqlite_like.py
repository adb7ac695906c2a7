"""Case-insensitive search folds Cyrillic on every database, not only Latin letters."""

import pytest

from collegium.core.sqlite import unicode_like
from collegium.parties.models import Unit


@pytest.mark.parametrize(
    ("pattern", "value", "expected"),
    [
        ("%консульск%", "Консульский департамент", True),
        ("%КОНСУЛЬСК%", "консульский департамент", True),
        ("конс_льский", "Консульский", True),
        ("%50\\%%", "скидка 50% на всё", True),
        ("%50\\%%", "скидка 50 на всё", False),
        ("abc", "abcd", False),
    ],
)
def test_unicode_like(pattern, value, expected):
    assert unicode_like(pattern, value, "\\" if "\\" in pattern else None) is expected


def test_icontains_folds_cyrillic(world):
    assert set(Unit.objects.filter(name__icontains="департамент СНГ").values_list("code", flat=True)) == {"CIS"}
    assert Unit.objects.filter(name__icontains="ДЕПАРТАМЕНТ снг").count() == 2
