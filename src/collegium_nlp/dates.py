"""Rule-based grammar of Russian date expressions resolved to intervals.

Every match becomes an inclusive interval [from, to] with a granularity, resolved against an
anchor (the article date).  When the year is not written, the candidate years around the
anchor are tried and the tense of the nearest verb decides: past cues pick the latest
candidate not after the anchor, future cues the earliest not before it, otherwise the
closest one (a tolerance of one day absorbs agencies dating a piece a day off).

Documented conventions (the gold set follows them):
  * part of month: начало 1–10, середина 11–20, конец 21–end; первая/вторая половина 1–15 /
    16–end; декады 1–10 / 11–20 / 21–end;
  * part of year: начало = January–February, середина = June–July, конец = November–December;
    seasons: весна Mar–May, лето Jun–Aug, осень Sep–Nov, зима Dec–Feb;
  * «до конца года/месяца»: from the anchor to the end of the period;
  * «на 2024–2026 годы»: one match, granularity year, Jan 1 of the first to Dec 31 of the last.
"""
from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from . import tense as T
from .casefree import Match, Pattern, Text

DAY, DAYS, WEEK, MONTH = "day", "days", "week", "month"
PART_OF_MONTH, QUARTER, HALF_YEAR, YEAR, PART_OF_YEAR = (
    "part_of_month", "quarter", "half_year", "year", "part_of_year")

_MONTH_STEMS = ("январ", "феврал", "март", "апрел", "ма", "июн", "июл", "август",
                "сентябр", "октябр", "ноябр", "декабр")


def _month_forms() -> dict[str, int]:
    forms: dict[str, int] = {}
    for i, stem in enumerate(_MONTH_STEMS, 1):
        if stem == "ма":
            ends = ("й", "я", "е", "ю")
        elif stem in ("март", "август"):
            ends = ("", "а", "е", "у")
        else:
            ends = ("ь", "я", "е", "ю")
        for e in ends:
            forms[stem + e] = i
    return forms


MONTHS = _month_forms()
_MGEN = "(?:" + "|".join(s + ("я" if s not in ("март", "август") else "а") for s in _MONTH_STEMS) + ")"
_MLOC = "(?:" + "|".join(s + "е" for s in _MONTH_STEMS) + ")"
_MNOM = "(?:" + "|".join(s + ("ь" if s not in ("ма", "март", "август") else ("й" if s == "ма" else ""))
                         for s in _MONTH_STEMS) + ")"

_B = r"(?<![\w\-])"          # left word boundary (no letters, digits, hyphen before)
_E = r"(?![\w])"             # right word boundary
_YEAR_NUM = r"(?:19|20)\d\d"
_REL_YEAR = r"(?:этого|текущего|следующего|будущего|наступающего|прошлого|предыдущего|минувшего|уходящего)"
# optional year after a day or a month: «2025 года», «2025 г.», «2025-го года», «с.г.»
_YTAIL = (r"(?:\s+(?:(?P<y>" + _YEAR_NUM + r")(?:-?го)?(?:\s*(?:года|году|год|г\.|г" + _E + r"))?"
          r"|(?P<rel>" + _REL_YEAR + r")\s+года|(?P<sg>с\.\s?г\.)))?")

_REL_OFFSET = {"этого": 0, "текущего": 0, "следующего": 1, "будущего": 1, "наступающего": 1,
               "прошлого": -1, "предыдущего": -1, "минувшего": -1, "уходящего": 0,
               "этом": 0, "текущем": 0, "следующем": 1, "будущем": 1, "наступающем": 1,
               "прошлом": -1, "предыдущем": -1, "минувшем": -1, "уходящем": 0,
               "этой": 0, "текущей": 0, "следующей": 1, "будущей": 1, "прошлой": -1,
               "предыдущей": -1, "минувшей": -1}

_WEEKDAYS = {"понедельник": 0, "вторник": 1, "среду": 2, "среда": 2, "четверг": 3,
             "пятницу": 4, "пятница": 4, "субботу": 5, "суббота": 5, "воскресенье": 6}
_WD = "(?:понедельник|вторник|среду|среда|четверг|пятницу|пятница|субботу|суббота|воскресенье)"

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_ORD = {"перв": 1, "втор": 2, "трет": 3, "четв": 4}


@dataclass(frozen=True, slots=True)
class DateMatch:
    text: str
    start: int
    end: int
    from_: date
    to: date
    granularity: str

    def as_dict(self) -> dict:
        return {"text": self.text, "start": self.start, "end": self.end,
                "from": self.from_.isoformat(), "to": self.to.isoformat(),
                "granularity": self.granularity}


# ---------------------------------------------------------------------------- helpers

def _last_day(y: int, m: int) -> int:
    return calendar.monthrange(y, m)[1]


def _month_span(y: int, m: int) -> tuple[date, date]:
    return date(y, m, 1), date(y, m, _last_day(y, m))


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def choose(make: Callable[[int], tuple[date, date] | None], anchor: date,
           tense: str | None, offsets: tuple[int, ...] = (-1, 0, 1)) -> tuple[date, date] | None:
    """Pick the year (offset from the anchor's) that makes the interval fit the tense."""
    cands = [iv for k in offsets if (iv := make(anchor.year + k)) is not None]
    return choose_interval(cands, anchor, tense)


def choose_interval(cands: list[tuple[date, date]], anchor: date,
                    tense: str | None) -> tuple[date, date] | None:
    if not cands:
        return None
    tol = timedelta(days=1)
    if tense == T.PAST:
        ok = [c for c in cands if c[0] <= anchor + tol]
        if ok:
            return max(ok, key=lambda c: c[0])
    elif tense in (T.FUTURE, T.EXPECTED):
        ok = [c for c in cands if c[1] >= anchor - tol]
        if ok:
            return min(ok, key=lambda c: c[0])

    def dist(c: tuple[date, date]) -> int:
        if c[0] <= anchor <= c[1]:
            return 0
        return (c[0] - anchor).days if c[0] > anchor else (anchor - c[1]).days

    return min(cands, key=lambda c: (dist(c), c[0] < anchor))


def _explicit_year(m: Match, anchor: date) -> int | None:
    gd = m.groupdict()
    if gd.get("y"):
        return int(gd["y"])
    if gd.get("rel"):
        return anchor.year + _REL_OFFSET[gd["rel"].lower()]
    if gd.get("sg"):
        return anchor.year
    return None


def _this_year_first(make, anchor: date, tense: str | None) -> tuple[date, date]:
    """«в конце года», «в первой половине года»: the current year unless the tense rules it out."""
    a, b = make(anchor.year)
    if tense == T.PAST and a > anchor:
        return make(anchor.year - 1)
    if tense in (T.FUTURE, T.EXPECTED) and b < anchor:
        return make(anchor.year + 1)
    return a, b


class _Ctx:
    """Per-call state: the text, anchor and a lazily computed tense per position."""

    def __init__(self, text: str, anchor: date):
        self.text, self.anchor = text, anchor

    def tense(self, m: Match) -> str | None:
        return T.tense_near(self.text, m.start(), m.end())

    def resolve(self, m: Match, make: Callable[[int], tuple[date, date] | None],
                ) -> tuple[date, date] | None:
        year = _explicit_year(m, self.anchor)
        if year is not None:
            return make(year)
        return choose(make, self.anchor, self.tense(m))


Rule = Callable[[Match, _Ctx], tuple[date, date, str] | None]
_RULES: list[tuple[Pattern, Rule]] = []


def rule(pattern: str) -> Callable[[Rule], Rule]:
    def deco(fn: Rule) -> Rule:
        _RULES.append((Pattern(_B + pattern), fn))  # case-insensitive
        return fn
    return deco


# ---------------------------------------------------------------------------- rules

@rule(r"(?P<Y>" + _YEAR_NUM + r")-(?P<M>\d\d)-(?P<D>\d\d)" + _E)
def _iso(m, ctx):
    d = _safe_date(int(m["Y"]), int(m["M"]), int(m["D"]))
    return (d, d, DAY) if d else None


@rule(r"(?P<D>\d{1,2})\.(?P<M>\d{1,2})\.(?P<Y>\d{4}|\d\d)(?![\d.]\d)(?:\s*(?:года|г\.))?")
def _numeric(m, ctx):
    y = int(m["Y"])
    y = y + 2000 if y < 100 else y
    d = _safe_date(y, int(m["M"]), int(m["D"]))
    return (d, d, DAY) if d else None


@rule(r"(?:с\s+)?(?P<D1>\d{1,2})\s+(?P<M1>" + _MGEN + r")(?:\s+(?P<Y1>" + _YEAR_NUM +
      r")\s*(?:года|г\.)?)?\s*(?:по|[-–—])\s*(?P<D2>\d{1,2})\s+(?P<M2>" + _MGEN + r")" + _YTAIL + _E)
def _cross_month_range(m, ctx):
    m1, m2 = MONTHS[m["M1"].lower()], MONTHS[m["M2"].lower()]
    d1, d2 = int(m["D1"]), int(m["D2"])

    def make(y: int):
        y1 = int(m["Y1"]) if m["Y1"] else (y - 1 if m2 < m1 else y)
        a, b = _safe_date(y1, m1, d1), _safe_date(y, m2, d2)
        return (a, b) if a and b and a <= b else None
    iv = ctx.resolve(m, make)
    return (*iv, DAYS) if iv else None


@rule(r"(?:с\s+)?(?P<D1>\d{1,2})(?:-го)?\s*(?:по|[-–—]|и)\s*(?P<D2>\d{1,2})(?:-го)?\s+(?P<M>"
      + _MGEN + r")" + _YTAIL + _E)
def _day_range(m, ctx):
    d1, d2, mo = int(m["D1"]), int(m["D2"]), MONTHS[m["M"].lower()]
    if d1 >= d2:
        return None

    def make(y: int):
        a, b = _safe_date(y, mo, d1), _safe_date(y, mo, d2)
        return (a, b) if a and b else None
    iv = ctx.resolve(m, make)
    return (*iv, DAYS) if iv else None


@rule(r"(?:(?:в|во)\s+)?(?:(?P<wd>" + _WD + r")\s*,\s*)?(?P<D>\d{1,2})(?:-го)?\s+(?P<M>" + _MGEN +
      r")" + _YTAIL + _E)
def _day_month(m, ctx):
    d, mo = int(m["D"]), MONTHS[m["M"].lower()]
    if not m["wd"] and m.group(0)[:1].lower() == "в" and not m.group(0)[:2].isdigit():
        return None      # «в 25 ноября» is not Russian; let the bare rule match instead
    iv = ctx.resolve(m, lambda y: (x, x) if (x := _safe_date(y, mo, d)) else None)
    return (*iv, DAY) if iv else None


@rule(r"(?P<D>\d{1,2})(?:-го)?\s+(?P<M>" + _MGEN + r")" + _YTAIL + _E)
def _day_month_bare(m, ctx):
    d, mo = int(m["D"]), MONTHS[m["M"].lower()]
    iv = ctx.resolve(m, lambda y: (x, x) if (x := _safe_date(y, mo, d)) else None)
    return (*iv, DAY) if iv else None


_PART_OF_MONTH = {
    "начал": (1, 10), "середин": (11, 20), "кон": (21, 31),
    "первой декад": (1, 10), "второй декад": (11, 20), "третьей декад": (21, 31),
    "первой половин": (1, 15), "второй половин": (16, 31),
}
_POM = r"(?P<part>начале|начала|начало|середине|середины|середину|конце|конца|конец|" \
       r"первой\s+декаде|второй\s+декаде|третьей\s+декаде|первой\s+половине|второй\s+половине)"


def _pom_bounds(part: str) -> tuple[int, int]:
    part = re.sub(r"\s+", " ", part.lower())
    for key, bounds in _PART_OF_MONTH.items():
        if part.startswith(key):
            return bounds
    raise KeyError(part)


@rule(r"(?:(?:в|во|на|к)\s+)?" + _POM + r"\s+(?P<M>" + _MGEN + r")" + _YTAIL + _E)
def _part_of_month(m, ctx):
    lo, hi = _pom_bounds(m["part"])
    mo = MONTHS[m["M"].lower()]

    def make(y: int):
        return date(y, mo, lo), date(y, mo, min(hi, _last_day(y, mo)))
    iv = ctx.resolve(m, make)
    return (*iv, PART_OF_MONTH) if iv else None


@rule(r"(?:(?:в|во|на|к)\s+)?" + _POM + r"\s+(?:(?P<mrel>этого|текущего|следующего|будущего|"
      r"прошлого|предыдущего|минувшего)\s+)?месяца" + _E)
def _part_of_this_month(m, ctx):
    lo, hi = _pom_bounds(m["part"])
    a = ctx.anchor
    off = _REL_OFFSET[m["mrel"].lower()] if m["mrel"] else 0
    y, mo = divmod(a.year * 12 + a.month - 1 + off, 12)
    mo += 1
    return date(y, mo, lo), date(y, mo, min(hi, _last_day(y, mo))), PART_OF_MONTH


@rule(r"до\s+конца\s+(?:(?P<M>" + _MGEN + r")" + _YTAIL + r"|(?:(?P<mrel>этого|текущего)\s+)?месяца)" + _E)
def _until_end_of_month(m, ctx):
    a = ctx.anchor
    if m["M"]:
        mo = MONTHS[m["M"].lower()]
        y = _explicit_year(m, a) or (a.year if mo >= a.month else a.year + 1)
    else:
        y, mo = a.year, a.month
    return a, date(y, mo, _last_day(y, mo)), PART_OF_MONTH


@rule(r"до\s+конца\s+(?:(?:(?P<rel>этого|текущего)\s+)?года|(?P<y>" + _YEAR_NUM + r")\s*(?:года|г\.))" + _E)
def _until_end_of_year(m, ctx):
    a = ctx.anchor
    y = int(m["y"]) if m["y"] else a.year
    return a, date(y, 12, 31), PART_OF_YEAR


_POY = {"начал": (1, 2), "середин": (6, 7), "кон": (11, 12)}


@rule(r"(?:(?:в|во|на|к)\s+)?(?P<part>начале|начала|начало|середине|середины|середину|конце|конца|конец)\s+"
      r"(?:(?P<y>" + _YEAR_NUM + r")(?:-го)?\s*(?:года|г\.)|(?P<rel>" + _REL_YEAR + r")\s+года|года)" + _E)
def _part_of_year(m, ctx):
    part = m["part"].lower()
    m1, m2 = next(v for k, v in _POY.items() if part.startswith(k))

    def make(y: int):
        return date(y, m1, 1), date(y, m2, _last_day(y, m2))
    if _explicit_year(m, ctx.anchor) is None:
        return (*_this_year_first(make, ctx.anchor, ctx.tense(m)), PART_OF_YEAR)
    iv = ctx.resolve(m, make)
    return (*iv, PART_OF_YEAR) if iv else None


@rule(r"(?:(?:в|во)\s+)?(?:(?P<h>первой|второй)\s+половине|(?P<h2>первом|втором)\s+полугодии)\s+"
      r"(?:(?P<y>" + _YEAR_NUM + r")(?:-го)?\s*(?:года|г\.)|(?P<rel>" + _REL_YEAR + r")\s+года|года)" + _E)
@rule(r"(?:(?:в|во)\s+)?(?P<h2>первом|втором)\s+полугодии" + _E)
def _half_year(m, ctx):
    gd = m.groupdict()
    h = (gd.get("h") or gd["h2"]).lower()
    first = h.startswith("перв")

    def make(y: int):
        return (date(y, 1, 1), date(y, 6, 30)) if first else (date(y, 7, 1), date(y, 12, 31))
    if _explicit_year(m, ctx.anchor) is None:
        return (*_this_year_first(make, ctx.anchor, ctx.tense(m)), HALF_YEAR)
    iv = ctx.resolve(m, make)
    return (*iv, HALF_YEAR) if iv else None


@rule(r"(?:(?:в|во)\s+)?(?P<q>IV|III|II|I|[1-4]|первом|втором|третьем|четвертом|четвёртом|первый|второй|"
      r"третий|четвертый|четвёртый)(?:-?м)?\s+(?:квартале|квартал|квартала|кв\.)" + _YTAIL + _E)
def _quarter(m, ctx):
    q = m["q"].lower()
    n = _ROMAN.get(q) or next(v for k, v in _ORD.items() if q.startswith(k))
    iv = ctx.resolve(m, lambda y: (date(y, 3 * n - 2, 1), _month_span(y, 3 * n)[1]))
    return (*iv, QUARTER) if iv else None


@rule(r"(?:в|во)\s+(?P<M1>" + _MLOC + r")(?:\s*[-–—]\s*(?P<M2>" + _MLOC + r"))?" + _YTAIL + _E)
@rule(r"(?:на\s+)?(?P<M1>" + _MNOM + r")(?:\s*[-–—]\s*(?P<M2>" + _MNOM + r"))?\s+(?P<y>" + _YEAR_NUM +
      r")(?:\s*(?:года|г\.))?" + _E)
@rule(r"на\s+(?P<M1>" + _MNOM + r")(?:\s*[-–—]\s*(?P<M2>" + _MNOM + r"))?" + _YTAIL + _E)
def _month(m, ctx):
    m1 = MONTHS[m["M1"].lower()]
    m2 = MONTHS[m["M2"].lower()] if m.groupdict().get("M2") else m1

    def make(y: int):
        y1 = y - 1 if m2 < m1 else y
        return date(y1, m1, 1), _month_span(y, m2)[1]
    iv = ctx.resolve(m, make)
    return (*iv, MONTH) if iv else None


@rule(r"на\s+(?P<rel>этой|текущей|следующей|будущей|прошлой|минувшей|предыдущей)\s+неделе" + _E)
def _rel_week(m, ctx):
    monday = ctx.anchor - timedelta(days=ctx.anchor.weekday()) + timedelta(weeks=_REL_OFFSET[m["rel"].lower()])
    return monday, monday + timedelta(days=6), WEEK


@rule(r"(?:в|во)\s+(?P<rel>этом|текущем|следующем|будущем|прошлом|минувшем|предыдущем)\s+месяце" + _E)
def _rel_month(m, ctx):
    a = ctx.anchor
    y, mo = divmod(a.year * 12 + a.month - 1 + _REL_OFFSET[m["rel"].lower()], 12)
    return (*_month_span(y, mo + 1), MONTH)


@rule(r"(?:в|во)\s+(?P<rel>этом|текущем|следующем|будущем|наступающем|прошлом|минувшем|предыдущем|уходящем)\s+году" + _E)
def _rel_year(m, ctx):
    y = ctx.anchor.year + _REL_OFFSET[m["rel"].lower()]
    return date(y, 1, 1), date(y, 12, 31), YEAR


@rule(r"(?:на\s+|в\s+)?(?:период\s+)?(?P<y1>" + _YEAR_NUM + r")\s*[-–—]\s*(?P<y2>" + _YEAR_NUM +
      r")(?:-е)?\s*(?:годы|годов|годах|годам|гг\.?|г\.)" + _E)
def _year_range(m, ctx):
    y1, y2 = int(m["y1"]), int(m["y2"])
    return (date(y1, 1, 1), date(y2, 12, 31), YEAR) if y1 < y2 else None


@rule(r"(?:(?:в|на)\s+)?(?P<y>" + _YEAR_NUM + r")(?:-?м|-?го)?\s*(?:году|года|год|г\.|г" + _E + r")")
def _year(m, ctx):
    y = int(m["y"])
    return date(y, 1, 1), date(y, 12, 31), YEAR


_DEICTIC = {"сегодня": 0, "вчера": -1, "завтра": 1, "позавчера": -2, "послезавтра": 2, "накануне": -1}


@rule(r"(?P<w>сегодня|вчера|завтра|позавчера|послезавтра|накануне)" + _E)
def _deictic(m, ctx):
    w = m["w"].lower()
    if w == "накануне" and _followed_by_genitive(ctx.text, m.end()):
        return None       # «накануне визита» is relative to another event, not to the anchor
    d = ctx.anchor + timedelta(days=_DEICTIC[w])
    return d, d, DAY


def _followed_by_genitive(text: str, pos: int) -> bool:
    from . import models

    nxt = re.match(r"\s+([а-яё]+)", text[pos:pos + 40])
    if not nxt:
        return False
    return any(f.tag.POS in ("NOUN", "ADJF", "PRTF", "NPRO") and "gent" in f.tag
               for f in models.parses(nxt.group(1)))


@rule(r"(?:в|во)\s+(?:(?P<mod>прошлый|прошлую|минувший|минувшую|следующий|следующую|этот|эту|"
      r"ближайший|ближайшую)\s+)?(?P<wd>" + _WD + r")" + _E)
def _weekday(m, ctx):
    target = _WEEKDAYS[m["wd"].lower()]
    a = ctx.anchor
    mod = (m["mod"] or "").lower()
    if mod.startswith(("этот", "эту")):
        d = a - timedelta(days=a.weekday()) + timedelta(days=target)
        return d, d, DAY
    cands = [a + timedelta(days=k) for k in range(-7, 8) if (a + timedelta(days=k)).weekday() == target]
    if mod.startswith(("прошл", "минувш")):
        cands, tense = [c for c in cands if c < a], T.PAST
    elif mod.startswith(("следующ", "ближайш")):
        cands, tense = [c for c in cands if c > a], T.FUTURE
    else:
        tense = ctx.tense(m)
        cands = [c for c in cands if abs((c - a).days) < 7]
    iv = choose_interval([(c, c) for c in cands], a, tense)
    return (*iv, DAY) if iv else None


_SEASONS = {"весной": (3, 5), "летом": (6, 8), "осенью": (9, 11), "зимой": (12, 2),
            "на весну": (3, 5), "на лето": (6, 8), "на осень": (9, 11), "на зиму": (12, 2)}


@rule(r"(?:(?P<rel>этой|следующей|будущей|прошлой|минувшей)\s+)?(?P<s>весной|летом|осенью|зимой|на\s+(?:весну|лето|осень|зиму))"
      r"(?:\s+(?P<y>" + _YEAR_NUM + r")\s*(?:года|г\.))?" + _E)
def _season(m, ctx):
    m1, m2 = _SEASONS[re.sub(r"\s+", " ", m["s"].lower())]

    def make(y: int):
        if m1 > m2:
            return date(y, 12, 1), date(y + 1, 2, _last_day(y + 1, 2))
        return date(y, m1, 1), date(y, m2, _last_day(y, m2))
    if m["y"]:
        iv = make(int(m["y"]))
    elif m["rel"] and m["rel"].lower() != "этой":
        iv = choose(make, ctx.anchor, T.PAST if m["rel"].lower().startswith(("прошл", "минувш"))
                    else T.FUTURE)
    else:
        iv = choose(make, ctx.anchor, None if m["rel"] else ctx.tense(m))
    return (*iv, PART_OF_YEAR) if iv else None


# ---------------------------------------------------------------------------- driver

def _candidates(text: Text, ctx: _Ctx) -> Iterator[DateMatch]:
    for pattern, fn in _RULES:
        for m in pattern.finditer(text):
            res = fn(m, ctx)
            if res is None:
                continue
            a, b, gran = res
            yield DateMatch(m.group(0), m.start(), m.end(), a, b, gran)


def find_dates(text: str, anchor: date | None = None) -> list[DateMatch]:
    """All date expressions of ``text`` resolved against ``anchor`` (default: today)."""
    anchor = anchor or date.today()  # noqa: DTZ011 - a plain date: the package has no time zone setting
    ctx = _Ctx(text, anchor)
    cands = sorted(_candidates(Text(text), ctx), key=lambda d: (-(d.end - d.start), d.start))
    taken: list[DateMatch] = []
    for c in cands:
        if all(c.end <= t.start or c.start >= t.end for t in taken):
            taken.append(c)
    return sorted(taken, key=lambda d: d.start)
