"""News datelines: «МОСКВА, 25 ноября. /ТАСС/.» gives the place and the day of the report.

Agencies open the lead paragraph with the city in capitals, the day and month and the
agency; the model tags this poorly (it glues the agency and the city), yet it is the most
reliable place/date signal of the whole article.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_DATELINE = re.compile(
    r"(?m)^[ \t]*(?P<place>[А-ЯЁ][А-ЯЁ\-]+(?:[ \-][А-ЯЁ][А-ЯЁ\-]+)?)"
    r",[ \t]+(?P<day>\d{1,2}[ \t]+[а-яё]+)\b(?:[ \t]+\d{4})?\.?"
    r"(?:[ \t]*/?[ \t]*(?P<agency>[А-ЯЁA-Z][А-ЯЁа-яёA-Za-z \-]{1,20}?)[ \t]*/?\.?)?"
    r"(?=[ \t]|$)"
)


@dataclass(frozen=True, slots=True)
class Dateline:
    place: str        # as written, e.g. «МОСКВА»
    place_start: int
    place_end: int
    day_start: int    # span of «25 ноября»
    day_end: int
    end: int          # end of the whole dateline

    @property
    def place_normal(self) -> str:
        return "-".join(part.capitalize() for part in self.place.split("-")).replace(
            " ", " ")


def find_dateline(text: str) -> Dateline | None:
    """First dateline in the text (only the first ~1500 characters are considered)."""
    for m in _DATELINE.finditer(text[:1500]):
        place = m.group("place")
        if len(place) < 3:
            continue
        return Dateline(place, m.start("place"), m.end("place"), m.start("day"),
                        m.end("day"), m.end())
    return None
