"""The fast template helpers of long tables give exactly what Django's tags and filters give."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template import engines
from django.urls import reverse
from django.utils import timezone, translation

from collegium.web.templatetags.web_tags import clip, dmy, id_url


def _render(source: str, **context: object) -> str:
    return engines["django"].from_string("{% load web_tags %}" + source).render(context)


@pytest.mark.parametrize("value", [
    dt.date(2026, 11, 26), dt.date(987, 1, 2),
    # 22:30 UTC is already the next day in Moscow: both must show the local date.
    dt.datetime(2026, 12, 31, 22, 30, tzinfo=dt.UTC), timezone.now(),
    None, "", "2026-11-26",
])
@pytest.mark.parametrize("language", ["ru", "en"])
def test_dmy_is_django_date_d_m_Y(value: object, language: str) -> None:
    with translation.override(language):
        assert _render("{{ v|dmy }}", v=value) == _render('{{ v|date:"d.m.Y" }}', v=value)
    assert dmy(dt.date(2026, 3, 9)) == "09.03.2026"


@pytest.mark.parametrize("text", [
    "", "Короткий текст", "x" * 140, "y" * 141, "Длинное название поручения " * 10,
    "e\u0301" * 100,  # combining accents: Django does not count them
    "<b>разметка</b> & амперсанд " * 8,
])
@pytest.mark.parametrize("length", [1, 20, 140])
def test_clip_is_truncatechars(text: str, length: int) -> None:
    assert _render("{{ t|clip:n }}", t=text, n=length) == _render("{{ t|truncatechars:n }}", t=text, n=length)
    assert clip(text, "not a number") == text


@pytest.mark.parametrize(("name", "args"), [
    ("obligation_detail", [1]), ("obligation_detail", [9_876_543]), ("session_detail", [42]),
    ("round_detail", [7]), ("attendance_edit", [3]), ("material_download", [15]),
])
def test_id_url_is_reverse(name: str, args: list[int]) -> None:
    assert id_url(name, *args) == reverse(name, args=args)
    assert _render(f"{{% id_url '{name}' pk %}}", pk=args[0]) == reverse(name, args=args)


def test_id_url_falls_back_to_reverse_for_other_values() -> None:
    # A string id goes through Django's reverse unchanged (and fails as it would).
    assert id_url("obligation_detail", "12") == reverse("obligation_detail", args=["12"])
    from django.urls import NoReverseMatch
    with pytest.raises(NoReverseMatch):
        id_url("obligation_detail", None)
