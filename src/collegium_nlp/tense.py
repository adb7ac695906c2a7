"""Past / future cues near a position in the text.

Both the date grammar (which year does «25 ноября» mean?) and the event modality (held or
planned?) depend on the tense of the nearest verb, so this lives in one place.  Verbs are
classified by pymorphy (memoised per word); a few words whose grammatical tense misleads
(«планируется» is present but announces the future, «запланировано» is a past participle
of a future event) are overridden by stem lists.
"""
from __future__ import annotations

import re
from functools import lru_cache

from . import models

PAST, FUTURE, PRESENT, EXPECTED = "past", "future", "present", "expected"

# reporting verbs describe the article, not the event: they count only when nothing closer does
_REPORTING = ("сообщил", "сообщает", "сообщают", "заявил", "отметил", "рассказал", "подчеркнул",
              "передает", "указал", "добавил", "уточнил", "пояснил", "информирует", "назвал", "говорится")
REPORTING_PENALTY = 30

_WORD = re.compile(r"[А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)?")
_SENT_BREAK = re.compile(r"(?<=[.!?…])\s+(?=[«\"(]?[А-ЯЁA-Z0-9])|\n+")

_EXPECTED_STEMS = ("ожида", "предполага", "предположительно", "возможн", "вероятн",
                   "не исключ", "может", "могут", "могл")
_FUTURE_STEMS = ("планиру", "запланир", "намеч", "намечен", "предстоя", "назнач",
                 "наме", "собира", "готовит", "договорились провести",
                 "условились", "договорились")
_PAST_STEMS = ("состоявш", "прошедш", "минувш", "проведенн", "проведённ")


@lru_cache(maxsize=50_000)
def word_tense(word: str) -> str | None:
    """Tense cue carried by a single word (lower-case), or None."""
    if len(word) < 3:
        return None
    if word in ("ожидается", "ожидаются", "ожидается,", "предполагается", "возможно",
                "вероятно", "может", "могут", "предположительно"):
        return EXPECTED
    if word.startswith(("планиру", "запланир", "намеч", "предстоя", "назнач", "намерен",
                        "собирают", "собирается")):
        return FUTURE
    if word.startswith(("условил", "договорил", "намерен", "перенес", "переносит")):
        return FUTURE     # «условились встретиться»: an agreement about a future event
    if word.startswith(_PAST_STEMS):
        return PAST
    if word in ("будет", "будут", "станет", "состоится", "состоятся"):
        return FUTURE
    if word in ("был", "была", "было", "были", "состоялся", "состоялась", "состоялось",
                "состоялись"):
        return PAST
    for form in models.parses(word):
        tag = form.tag
        pos = tag.POS
        if pos == "PRTF" and word.startswith(("согласованн", "объединенн", "соединенн", "объединённ",
                                              "соединённ", "уполномоченн", "заинтересованн")):
            return None       # lexicalised «согласованных действий» says nothing about time
        if pos in ("VERB", "PRTF", "PRTS"):
            if "past" in tag:
                return PAST
            if "futr" in tag:
                return FUTURE
            if "pres" in tag and pos == "VERB":
                return PRESENT
            return None
        if pos in ("GRND", "INFN", "NOUN", "ADJF", "ADJS", "ADVB", "PREP", "CONJ", "PRCL",
                   "NPRO", "NUMR", "ADJS", "COMP"):
            return None
    return None


def sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    """Start/end of the sentence containing ``pos`` (cheap regex splitter)."""
    start = 0
    for m in _SENT_BREAK.finditer(text, 0, pos):
        start = m.end()
    brk = _SENT_BREAK.search(text, pos)
    end = brk.start() if brk else len(text)
    return start, end


def cues(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """(position, tense) for every cue word; reporting verbs get position -(pos+1)."""
    out = []
    for m in _WORD.finditer(text, start, end):
        w = m.group().lower()
        t = word_tense(w)
        if t is not None:
            weak = w.startswith(_REPORTING)
            out.append((m.start() if not weak else -m.start() - 1, t))
    return out


def nearest(cue_list: list[tuple[int, str]], pos: int, end: int | None = None,
            skip_present: bool = True) -> str | None:
    """Tense of the cue closest to the span [pos, end)."""
    end = pos if end is None else end
    best, best_d = None, 10 ** 9
    for p, t in cue_list:
        if skip_present and t == PRESENT:
            continue
        penalty = 0
        if p < 0:                      # reporting verb, encoded as a negative position
            p, penalty = -p - 1, REPORTING_PENALTY
        d = (pos - p if p < pos else max(0, p - end)) + penalty
        if d < best_d:
            best, best_d = t, d
    return best


def tense_near(text: str, pos: int, end: int | None = None) -> str | None:
    s, e = sentence_bounds(text, pos)
    return nearest(cues(text, s, e), pos, end)
