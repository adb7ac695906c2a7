"""SQLite folds case only for ASCII letters in LIKE, so «консульские» never matched
«Консульские» there. We give SQLite a LIKE that folds case for every alphabet; PostgreSQL has
ILIKE and needs nothing."""

from __future__ import annotations

import re
from functools import lru_cache


@lru_cache(maxsize=512)
def _compile(pattern: str, escape: str | None) -> re.Pattern[str]:
    parts: list[str] = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if escape and char == escape and index + 1 < len(pattern):
            parts.append(re.escape(pattern[index + 1]))
            index += 2
            continue
        parts.append(".*" if char == "%" else "." if char == "_" else re.escape(char))
        index += 1
    return re.compile("".join(parts), re.DOTALL | re.IGNORECASE)


def unicode_like(pattern: str | None, value: str | None, escape: str | None = None) -> bool | None:
    if pattern is None or value is None:
        return None
    return _compile(pattern, escape).fullmatch(str(value)) is not None


def install(sender, connection, **kwargs) -> None:
    if connection.vendor != "sqlite":
        return
    raw = connection.connection
    raw.create_function("like", 2, unicode_like, deterministic=True)
    raw.create_function("like", 3, unicode_like, deterministic=True)
