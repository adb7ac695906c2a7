"""A progress bar for the terminal: one line on stderr, redrawn in place."""

from __future__ import annotations

import sys
from typing import TextIO


def print_progress(done: int, total: int, label: str = "", *, width: int = 30, stream: TextIO | None = None) -> str:
    """Draw `label [#####.....] 5/10  50%`; returns the line (handy in tests)."""
    stream = stream or sys.stderr
    total = max(total, 1)
    done = max(0, min(done, total))
    filled = round(width * done / total)
    line = f"{label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total} {round(100 * done / total):3d}%"
    stream.write("\r" + line)
    if done >= total:
        stream.write("\n")
    stream.flush()
    return line


def wants_progress(stream: object, forced: bool = False) -> bool:
    """A bar only where someone watches: on a terminal, or when asked with --progress."""
    if forced:
        return True
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except (ValueError, OSError):  # a closed or odd stream
        return False


def bar_for(stream: object, label: str = "", *, forced: bool = False):
    """A `progress(done, total, note="")` callback drawing on `stream` (a management command's
    stderr wrapper or a file), or None when no bar is wanted. The note, when given, joins the label."""
    raw = getattr(stream, "_out", stream)  # Django's OutputWrapper would append a newline to each write
    if not wants_progress(raw, forced):
        return None

    def progress(done: int, total: int, note: str = "") -> None:
        print_progress(done, total, f"{label} {note}".strip(), stream=raw)  # type: ignore[arg-type]

    return progress
