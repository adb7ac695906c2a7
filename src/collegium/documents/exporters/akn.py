"""Akoma Ntoso 3.0 XML of a resolution; with the signatures recorded so far (see signing.py)."""

from __future__ import annotations

from typing import Any

from collegium.documents.context import Progress, tick
from collegium.documents.signing import signed_akn


def resolution_akn(resolution: Any, progress: Progress = None) -> bytes:
    data = signed_akn(resolution)
    tick(progress, 1, 1, "done")
    return data
