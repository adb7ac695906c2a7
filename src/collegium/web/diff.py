"""Word-level diff of two texts as safe HTML (<del>/<ins>), for reading change proposals."""

from __future__ import annotations

import difflib

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def word_diff(old: str, new: str) -> SafeString:
    """Words kept as they are, removed ones in <del>, added ones in <ins>. Words are compared
    without their spacing, so a changed line break never shows up as a change."""
    a = (old or "").split()
    b = (new or "").split()
    parts: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(escape(" ".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            parts.append(f"<del>{escape(' '.join(a[i1:i2]))}</del>")
        if op in ("insert", "replace"):
            parts.append(f"<ins>{escape(' '.join(b[j1:j2]))}</ins>")
    return mark_safe(" ".join(parts))  # noqa: S308 - every piece is escaped above
