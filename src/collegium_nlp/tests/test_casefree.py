"""Case-insensitive scanning over the lower-cased text gives what re.IGNORECASE gives."""
from __future__ import annotations

from datetime import date

import pytest

from collegium_nlp import casefree, dates
from collegium_nlp.eval import load_gold


def test_lower_pattern_keeps_escapes_and_group_names() -> None:
    assert casefree.lower_pattern(r"(?P<Year>\d{4})\D(?P=Year)[А-ЯЁA-Z]\S+ЯНВАРЯ") == \
        r"(?P<Year>\d{4})\D(?P=Year)[а-яёa-z]\S+января"
    with pytest.raises(ValueError):
        casefree.lower_pattern(r"\u0410")


@pytest.mark.parametrize("text", ["Встреча ПРОЙДЁТ 10 Декабря в Минске", "İstanbul: встреча пройдёт 10 Декабря"])
def test_matches_are_read_from_the_text_as_written(text: str) -> None:
    # the second text lower-cases into a longer string: the case-insensitive pattern scans it
    cased = casefree.Text(text)
    assert (cased.folded is None) == text.startswith("İ")
    pattern = casefree.Pattern(r"(?P<d>\d+)\s+(?P<m>декабря)")
    (m,) = list(pattern.finditer(cased))
    assert m.group(0) == "10 Декабря" and m["m"] == "Декабря" and m.groupdict() == {"d": "10", "m": "Декабря"}
    assert text[m.start():m.end()] == "10 Декабря" and m.span("d") == (m.start(), m.start() + 2)
    assert pattern.search(cased, m.end()) is None


def test_dates_of_the_gold_texts_are_the_same_either_way(monkeypatch: pytest.MonkeyPatch) -> None:
    gold = load_gold()
    folded = [[d.as_dict() for d in dates.find_dates(g["text"], date.fromisoformat(g["date"]))] for g in gold]

    class Unfolded(casefree.Text):
        def __init__(self, text: str) -> None:
            super().__init__(text)
            self.folded = None  # as for a text whose lower case is longer

    monkeypatch.setattr(dates, "Text", Unfolded)
    exact = [[d.as_dict() for d in dates.find_dates(g["text"], date.fromisoformat(g["date"]))] for g in gold]
    assert folded == exact
    assert sum(map(len, folded)) >= 80  # the gold texts hold 86 dates
