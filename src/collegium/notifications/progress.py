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
