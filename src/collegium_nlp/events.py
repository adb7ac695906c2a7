"""Diplomatic events in sentences: what happened or is planned, when, where, with whom.

Trigger phrases give the type, the nearest tense cue the modality, the nearest date
expression the interval.  News style is exploited on purpose: the lead sentence describes
the event of the day (so it inherits the dateline's place and date), and sentences anchored
with «по итогам», «в ходе», «на заседании» refer back to the main event of the article.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from . import lexicon
from . import tense as T
from .casefree import Pattern, Text
from .dateline import Dateline
from .dates import DateMatch
from .entities import Entity

EVENT_TYPES = ("joint_collegium", "talks", "phone_call", "consultations", "summit", "visit",
               "signing", "statement", "briefing")
HELD, PLANNED, EXPECTED = "held", "planned", "expected"

# (type, pattern, specific?)  Generic triggers yield to specific ones in the same sentence.
_TRIGGERS: list[tuple[str, Pattern, bool]] = [(t, Pattern(p), s) for t, p, s in [  # case-insensitive
    ("joint_collegium", r"(?:совместн\w+\s+(?:расширенн\w+\s+)?)?заседани\w*\s+(?:\w+\s+){0,2}?коллеги[йяи]\w*", True),
    ("joint_collegium", r"совместн\w+\s+(?:заседани\w*|коллеги\w*)(?=.{0,80}коллеги|.{0,80}внешнеполитическ)", True),
    ("phone_call", r"телефонн\w+\s+(?:разговор|переговор|бесед|контакт)\w*|по\s+телефону|созвонил\w*", True),
    ("consultations", r"консультаци\w*", True),
    ("summit", r"саммит\w*|(?:неформальн\w+\s+)?встреч\w*\s+(?:лидеров|глав\s+государств)\s+(?:стран|государств)\w*"
               r"|заседани\w*\s+(?:высшего\s+государственного\s+совета|вгс|совета\s+глав\s+государств"
               r"|совета\s+коллективной\s+безопасности)", True),
    ("visit", r"визит\w*|посетил\w*|посетит|посетят|прибыл\w*|прибудет|прибудут", True),
    ("signing", r"подписани\w*|подписал\w*|подпишут|подписан\w*|подписать|парафир\w*", True),
    ("summit", r"заседани\w*(?=[^.]*?(?:высш\w+\s+(?:государственн|евразийск)|совет\w*\s+глав|совет\w*\s+коллективной))"
               r"|(?:высш\w+\s+государственн\w+\s+совет\w*|вгс)[^.]{0,60}?заседани\w*", True),
    ("briefing", r"брифинг\w*|пресс-конференци\w*|пресс-подход\w*", True),
    ("talks", r"переговор\w*|встреч[аеиуы]\w*|встретил\w*|встретят\w*|встретится|встретиться|беседу|беседа"
              r"|принял\w*\s+(?:в\s+\w+\s+)?(?:\w+\s+)?(?:министра|заместителя|главу|делегаци\w+|посла|председателя|президента|генсека|генерального)", False),
    ("consultations", r"раунд\w*", False),
    ("statement", r"заявлени\w*", False),
]]

# a trigger preceded by one of these is a reference to another event, not an event itself
_REFERENCE_BEFORE = re.compile(
    r"(?<!\w)(?:по\s+итогам|в\s+ходе|на\s+полях|в\s+рамках|по\s+результатам|в\s+преддверии|накануне|"
    r"план\w*(?:\s+межмидовских)?|график\w*|программ\w*|формат\w*|механизм\w*|"
    r"подготовк\w*\s+к|годовщин\w*|итог\w*|решени\w*|о)\s+(?:\w+\s+){0,1}$", re.IGNORECASE)
_ANAPHORIC = Pattern(r"по\s+итогам|в\s+ходе|на\s+заседании|на\s+полях|в\s+рамках\s+(?:заседания|встречи|визита)"
                     r"|по\s+результатам")  # case-insensitive
_VALIDITY = re.compile(r"(?<!\w)(?:план\w*|программ\w*|график\w*|стратеги\w*|период\w*)[^.]{0,60}$", re.IGNORECASE)


@dataclass(slots=True)
class Event:
    type: str
    modality: str
    from_: date | None
    to: date | None
    place: str | None
    participants: list[str]
    text: str
    start: int
    end: int
    topics: list[str] = field(default_factory=list)
    trigger_start: int = 0
    own_date: bool = False

    def as_dict(self, full: bool = False) -> dict:
        out: dict[str, object] = {"type": self.type, "modality": self.modality,
               "from": self.from_.isoformat() if self.from_ else None,
               "to": self.to.isoformat() if self.to else None,
               "place": self.place, "participants": list(self.participants), "text": self.text}
        if full:
            out.update(topics=list(self.topics), start=self.start, end=self.end)
        return out


@dataclass(frozen=True, slots=True)
class _Trigger:
    type: str
    start: int
    end: int
    specific: bool


def _triggers(cased: Text, s: int, e: int) -> list[_Trigger]:
    text = cased.text
    found: list[_Trigger] = []
    for etype, pat, specific in _TRIGGERS:
        for m in pat.finditer(cased, s, e):
            before = text[max(s, m.start() - 40):m.start()]
            if _REFERENCE_BEFORE.search(before):
                continue
            found.append(_Trigger(etype, m.start(), m.end(), specific))
    # longest trigger wins when two overlap («телефонные переговоры» vs «переговоры»)
    found.sort(key=lambda t: (-(t.end - t.start), t.start))
    kept: list[_Trigger] = []
    for t in found:
        if all(t.end <= k.start or t.start >= k.end for k in kept):
            kept.append(t)
    if any(t.specific for t in kept):
        kept = [t for t in kept if t.specific]
    return sorted(kept, key=lambda t: t.start)


def _modality(cue: str | None, when: tuple[date, date] | None, anchor: date) -> str:
    if cue == T.PAST:
        return HELD
    if cue == T.FUTURE:
        return PLANNED
    if cue == T.EXPECTED:
        return EXPECTED
    if cue == T.PRESENT:
        return HELD
    if when is not None:
        return PLANNED if when[0] > anchor else HELD
    return HELD


def _unique(items: Sequence[str]) -> list[str]:
    out: list[str] = []
    for x in items:
        if x not in out:
            out.append(x)
    return out


def extract_events(text: str, sentences: Sequence[tuple[int, int]], entities: Sequence[Entity],
                   dates: Sequence[DateMatch], anchor: date,
                   dateline: Dateline | None = None) -> list[Event]:
    """Events of the document, one pass over its sentences (no re-segmentation)."""
    report_date = anchor
    if dateline is not None:
        d = next((x for x in dates if x.start == dateline.day_start), None)
        if d is not None:
            report_date = d.from_
    lead_idx = _lead_index(sentences, dateline)
    events: list[Event] = []
    main: Event | None = None
    prev_dates: list[DateMatch] = []
    prev_idx = -2
    cased = Text(text)
    for idx, (s, e) in enumerate(sentences):
        trig = _triggers(cased, s, e)
        if not trig:
            s_dates = [d for d in dates if s <= d.start < e]
            prev_dates = s_dates or prev_dates
            continue
        cue_list = T.cues(text, s, e)
        s_dates = [d for d in dates if s <= d.start < e and not _is_validity(text, s, d)
                   and not (dateline and d.start == dateline.day_start)]
        s_ents = [x for x in entities if s <= x.start < e]
        anaphoric = bool(_ANAPHORIC.search(cased, s, e))
        assigned = _assign_dates(s_dates, trig, text)
        for k, t in enumerate(trig):
            seg_end = trig[k + 1].start if k + 1 < len(trig) else e
            d = assigned.get(k)
            ev = _build(text, t, s, e, seg_end, trig[0].start, cue_list,
                        (d.from_, d.to) if d else None, s_ents, anchor)
            if ev.from_ is None:
                if idx == lead_idx or ev.modality == HELD and T.PRESENT in {c for _, c in cue_list} \
                        and not any(c in (T.PAST, T.FUTURE) for _, c in cue_list):
                    ev.from_ = ev.to = report_date
                elif anaphoric and main is not None and main.from_ is not None:
                    ev.from_, ev.to = main.from_, main.to
                elif anaphoric and prev_dates:
                    ev.from_, ev.to = prev_dates[-1].from_, prev_dates[-1].to
                elif ev.type == "talks" and events and events[-1].type in ("visit", "summit") \
                        and events[-1].modality == ev.modality and prev_idx == idx - 1:
                    ev.from_, ev.to = events[-1].from_, events[-1].to   # talks during the visit
            if ev.place is None:
                if idx == lead_idx and dateline is not None:
                    ev.place = dateline.place_normal
                elif anaphoric and main is not None:
                    ev.place = main.place
            events.append(ev)
            prev_idx = idx
            if main is None:
                main = ev
        prev_dates = s_dates or prev_dates
    return _merge(events)


def _lead_index(sentences: Sequence[tuple[int, int]], dateline: Dateline | None) -> int:
    if dateline is None:
        return -1
    for i, (s, e) in enumerate(sentences):
        if s >= dateline.end or (s <= dateline.end < e and e - dateline.end > 20):
            return i
    return -1


def _is_validity(text: str, sent_start: int, d: DateMatch) -> bool:
    """«план на 2026 год», «Программа ... на 2024–2026 годы»: a validity period, not a time."""
    if d.granularity != "year":
        return False
    before = text[max(sent_start, d.start - 70):d.start]
    return bool(_VALIDITY.search(before))


def _build(text: str, t: _Trigger, s: int, e: int, seg_end: int, first_trigger: int,
           cue_list, when: tuple[date, date] | None, s_ents: Sequence[Entity],
           anchor: date) -> Event:
    cue = T.nearest(cue_list, t.start, t.end)
    if cue is None:
        cue = T.nearest(cue_list, t.start, t.end, skip_present=False)
    seg = [x for x in s_ents if (s <= x.start < first_trigger) or (t.start <= x.start < seg_end)]
    participants = _unique([x.normal for x in seg if x.type in ("PER", "ORG")
                            and x.normal not in lexicon.AGENCIES])
    place = _place(text, seg, t)
    sent = text[s:e]
    low = sent.lower()
    topics = [label for label, stems in lexicon.TOPICS.items() if any(st in low for st in stems)]
    return Event(t.type, _modality(cue, when, anchor), when[0] if when else None,
                 when[1] if when else None, place, participants, sent, s, e, topics,
                 t.start, when is not None)


def _dist(d: DateMatch, x: _Trigger) -> int:
    return x.start - d.end if d.end <= x.start else max(0, d.start - x.end)


# Where one clause ends and another begins inside a sentence: a time expression of one
# clause does not describe an event of the other («Лавров посетит Минск 3 марта, а
# консультации пройдут в апреле»).
_CLAUSE_BOUNDARY = re.compile(r"[;:]|,\s*(?:а|но|однако|тогда\s+как|в\s+то\s+время\s+как|при\s+этом)\s"
                              r"|,\s*(?:который|которая|которое|которые|где|когда)\w*\s", re.IGNORECASE)
# Coordinated event noun phrases: «на саммите ОДКБ в Бишкеке и на встрече лидеров СНГ».
_COORDINATION = re.compile(r"(?:^|\s|,)(?:и|или|а\s+также|также\s+как\s+и)\s|,", re.IGNORECASE)


def _crosses_clause(text: str, d: DateMatch, t: _Trigger) -> bool:
    a, b = (d.end, t.start) if d.end <= t.start else (t.end, d.start)
    return a < b and bool(_CLAUSE_BOUNDARY.search(text, a, b))


def _coordinated(text: str, a: _Trigger, b: _Trigger) -> bool:
    """Two triggers are conjuncts of one clause: a conjunction between them, no clause boundary."""
    between = text[a.end:b.start]
    return bool(_COORDINATION.search(between)) and not _CLAUSE_BOUNDARY.search(between) \
        and not re.search(r"[.!?]", between)


def _assign_dates(s_dates: Sequence[DateMatch], trig: Sequence[_Trigger],
                  text: str) -> dict[int, DateMatch]:
    """Trigger index -> date: globally nearest pairs first, one date per trigger.

    A date introduced by «перенес…» (postponed to) overrides the original date; a date
    strictly inside the chosen one and nearest to the same trigger refines it («в середине
    декабря» beats «на 2024 год»). A date never goes to a trigger in another clause of the
    sentence while a trigger of its own clause is there.

    Shared time expression (the rule for coordinated events): when event noun phrases are
    coordinated in one clause («встретиться на саммите ОДКБ в Бишкеке и на встрече лидеров
    СНГ в конце 2025 года в Санкт-Петербурге») and the time expression trails the last
    conjunct, it is the time of the whole coordination, so an earlier conjunct without a time
    of its own inherits it. A time expression that leads its conjunct, or that is separated by
    a clause boundary, is not shared. An event with no time expression at all stays without
    a date: inventing «the rest of the year» would be wrong for plans announced for next year
    and would look more precise than the text is.
    """
    moved = [d for d in s_dates if re.search(r"перен[её]с\w*\s+(?:\w+\s+)?$|переносит\w*\s+$",
                                             text[max(0, d.start - 30):d.start], re.IGNORECASE)]
    pairs = sorted(((_dist(d, t) + (10_000 if _crosses_clause(text, d, t) else 0), i, j)
                    for i, t in enumerate(trig) for j, d in enumerate(s_dates)))
    # a postponement may leave a trigger without a date (None); those are dropped at the end
    out: dict[int, DateMatch | None] = {}
    used: set[int] = set()
    for _, i, j in pairs:
        if i not in out and j not in used:
            out[i] = s_dates[j]
            used.add(j)
    for i, t in enumerate(trig):
        if moved:
            out[i] = moved[-1] if i in out or len(trig) == 1 else out.get(i)
        chosen = out.get(i)
        if chosen is None:
            continue
        for d in s_dates:
            if d is not chosen and min(trig, key=lambda x: _dist(d, x)) is t \
                    and chosen.from_ <= d.from_ and d.to <= chosen.to \
                    and (d.from_, d.to) != (chosen.from_, chosen.to):
                chosen = d
        out[i] = chosen
    for i in range(len(trig) - 2, -1, -1):
        shared = out.get(i + 1)
        if out.get(i) is None and shared is not None and shared.start >= trig[i + 1].end \
                and _coordinated(text, trig[i], trig[i + 1]):
            out[i] = shared
    return {i: d for i, d in out.items() if d is not None}


_PLACE_PREP = re.compile(r"(?:^|\s)(?:в|во)\s+$", re.IGNORECASE)


def _place(text: str, seg: Sequence[Entity], t: _Trigger) -> str | None:
    locs = [x for x in seg if x.type == "LOC" and _PLACE_PREP.search(text[max(0, x.start - 4):x.start])]
    if not locs:
        return None
    return min(locs, key=lambda x: abs(x.start - t.start)).normal


def _merge(events: list[Event]) -> list[Event]:
    """Collapse mentions of the same event and drop generic talks that restate the main one."""
    strong = {e.modality for e in events if e.type in ("joint_collegium", "summit", "visit")}
    out: list[Event] = []
    for ev in events:
        if ev.type == "talks" and not ev.own_date and not ev.participants and ev.modality in strong:
            continue
        twin = next((o for o in out if _same(o, ev)), None)
        if twin is None:
            out.append(ev)
            continue
        twin.participants = _unique(twin.participants + ev.participants)
        twin.topics = _unique(twin.topics + ev.topics)
        if twin.from_ is None and ev.from_ is not None:
            twin.from_, twin.to = ev.from_, ev.to
        twin.place = twin.place or ev.place
    return out


def _same(a: Event, b: Event) -> bool:
    if a.type != b.type or a.modality != b.modality:
        return False
    if a.from_ and b.from_ and (a.from_, a.to) != (b.from_, b.to):
        return False
    if a.place and b.place and a.place != b.place:
        return False
    return True
