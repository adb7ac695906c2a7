"""Case-insensitive scanning without re.IGNORECASE.

Python's `re` compares every character case-insensitively under IGNORECASE, and cannot skip
ahead cheaply when a pattern starts with a look-behind or an optional group, as the date and
event patterns do: a case-insensitive scan of a news text cost about twice a case-sensitive one.
So the text is lower-cased once and scanned with the pattern lower-cased; matches are read back
from the text as written (same offsets: lower-casing keeps the length of almost every text, and
for the rare one it does not — «İ» becomes two characters — the case-insensitive pattern scans
the text itself).
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any


def lower_pattern(pattern: str) -> str:
    """`pattern` for lower-cased text: its letters lower-cased, except escapes (\\D, \\S, \\W ...)
    and group names. Code-point escapes are refused: they could name an upper-case letter."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        if pattern[i] == "\\":
            if pattern[i + 1:i + 2] in ("x", "u", "U", "N") or pattern[i + 1:i + 2].isdigit():
                raise ValueError(f"code-point escapes and back-references are not supported: {pattern!r}")
            out.append(pattern[i:i + 2])
            i += 2
        elif pattern.startswith(("(?P<", "(?P="), i):
            end = pattern.index(">" if pattern[i + 3] == "<" else ")", i)
            out.append(pattern[i:end + 1])
            i = end + 1
        else:
            out.append(pattern[i].lower())
            i += 1
    return "".join(out)


class Match:
    """A match found in the lower-cased text, read from the text as written."""

    __slots__ = ("_m", "_text")

    def __init__(self, m: re.Match[str], text: str) -> None:
        self._m, self._text = m, text

    def group(self, key: int | str = 0) -> str | Any:  # as re.Match: None for a group that did not take part
        start, end = self._m.span(key)
        return None if start < 0 else self._text[start:end]

    __getitem__ = group

    def groupdict(self) -> dict[str, str | Any]:
        return {name: self.group(name) for name in self._m.re.groupindex}

    def start(self, key: int | str = 0) -> int:
        return self._m.start(key)

    def end(self, key: int | str = 0) -> int:
        return self._m.end(key)

    def span(self, key: int | str = 0) -> tuple[int, int]:
        return self._m.span(key)


class Pattern:
    """A case-insensitive pattern; `finditer` and `search` take a `Text`."""

    __slots__ = ("exact", "folded")

    def __init__(self, pattern: str) -> None:
        self.exact = re.compile(pattern, re.IGNORECASE)
        self.folded = re.compile(lower_pattern(pattern))

    def finditer(self, text: Text, pos: int = 0, endpos: int | None = None) -> Iterator[Match]:
        end = len(text.text) if endpos is None else endpos
        if text.folded is None:
            return (Match(m, text.text) for m in self.exact.finditer(text.text, pos, end))
        return (Match(m, text.text) for m in self.folded.finditer(text.folded, pos, end))

    def search(self, text: Text, pos: int = 0, endpos: int | None = None) -> Match | None:
        end = len(text.text) if endpos is None else endpos
        if text.folded is None:
            m = self.exact.search(text.text, pos, end)
        else:
            m = self.folded.search(text.folded, pos, end)
        return None if m is None else Match(m, text.text)


class Text:
    """A text with its lower-cased form (None when lower-casing would move the offsets)."""

    __slots__ = ("folded", "text")

    def __init__(self, text: str) -> None:
        folded = text.lower()
        self.text = text
        self.folded: str | None = folded if len(folded) == len(text) else None
