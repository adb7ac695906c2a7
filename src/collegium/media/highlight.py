"""Marks the entities, dates and events that the NLP found in an article's text (for the page)."""

from __future__ import annotations

from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def highlight(text: str, data: dict[str, Any]) -> SafeString:
    """HTML of `text` with <mark> around entities and dates (offsets index `text`); overlaps skipped."""
    spans = []
    for ent in data.get("entities", []):
        spans.append((ent.get("start"), ent.get("end"), f"ent ent-{str(ent.get('type', '')).lower()}",
                      ent.get("normal") or ""))
    for day in data.get("dates", []):
        spans.append((day.get("start"), day.get("end"), "date", f"{day.get('from', '')} – {day.get('to', '')}"))
    spans = sorted((s for s in spans if isinstance(s[0], int) and isinstance(s[1], int) and 0 <= s[0] < s[1]
                    <= len(text)), key=lambda s: (s[0], -s[1]))
    out: list[str] = []
    pos = 0
    for start, end, css, title in spans:
        if start < pos:
            continue
        out.append(escape(text[pos:start]))
        out.append(f'<mark class="{escape(css)}" title="{escape(title)}">{escape(text[start:end])}</mark>')
        pos = end
    out.append(escape(text[pos:]))
    return mark_safe("".join(out).replace("\n\n", "</p><p>").join(["<p>", "</p>"]))  # noqa: S308 - all escaped
