"""One call from raw text to entities, date intervals and events.

The Natasha Doc is built once and shared: the NER spans, the tokens (dictionary matching)
and the sentences (events) all come from the same segmentation, which keeps the whole
pipeline within a small factor of bare NER.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from .dateline import find_dateline
from .dates import find_dates
from .dedup import shingles, simhash, similarity  # re-exported for the media app
from .entities import extract_entities, make_doc, make_docs
from .events import extract_events

__all__ = ["analyze", "analyze_document", "analyze_many", "parse_seed", "shingles", "simhash", "similarity"]

_SEED_HEADER = re.compile(r"\A\s*date\s+(\d{4}-\d{2}-\d{2})[ \t]*([^\n]*)\n?")


def analyze(text: str, anchor: date | None = None) -> dict:
    """Entities, dates and events of ``text``; offsets index ``text`` exactly as given."""
    return _analyze_doc(text, make_doc(text), anchor)


def analyze_many(texts: Sequence[str], anchors: Sequence[date | None]) -> list[dict]:
    """analyze() of each text, the NER model run over batches of texts (same results)."""
    return [_analyze_doc(text, doc, anchor) for text, doc, anchor in zip(texts, make_docs(texts), anchors, strict=True)]


def _analyze_doc(text: str, doc: Any, anchor: date | None) -> dict:  # doc: natasha.Doc (untyped)
    anchor = anchor or date.today()  # noqa: DTZ011 - a plain date: the package has no time zone setting
    entities = extract_entities(text, doc)
    dates = find_dates(text, anchor)
    sentences = [(s.start, s.stop) for s in doc.sents]
    events = extract_events(text, sentences, entities, dates, anchor, find_dateline(text))
    return {
        "entities": [e.as_dict() for e in entities],
        "dates": [d.as_dict() for d in dates],
        "events": [e.as_dict() for e in events],
    }


def parse_seed(text: str) -> tuple[date | None, str, str]:
    """(date, title, body) of the seed format: first line ``date YYYY-MM-DD <title>``."""
    m = _SEED_HEADER.match(text)
    if not m:
        return None, "", text
    return date.fromisoformat(m.group(1)), m.group(2).strip(), text[m.end():]


def analyze_document(raw_text: str, anchor: date | None = None) -> dict:
    """Analyse a seed-format document (or plain text); offsets stay relative to ``raw_text``.

    The header's date becomes the anchor; the title is analysed together with the body
    (it names the participants), only the ``date YYYY-MM-DD`` prefix is skipped.
    """
    m = _SEED_HEADER.match(raw_text)
    if not m:
        return analyze(raw_text, anchor)
    seed_date = date.fromisoformat(m.group(1))
    offset = m.start(2)
    result = analyze(raw_text[offset:], anchor or seed_date)
    for key in ("entities", "dates"):
        for item in result[key]:
            item["start"] += offset
            item["end"] += offset
    return result
