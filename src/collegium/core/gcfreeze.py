"""Keep a server process's long-lived objects out of the garbage collector's full passes.

A web worker holds about 200,000 objects that live as long as it does (code, settings, URL
patterns, compiled templates, modules a view imports on first use). Python's full collection walks
all of them: 120–130 ms in the middle of whatever request triggered it, the worst latencies of a
loaded server. `gc.freeze()` moves them to a permanent generation that collections skip; a full
collection then takes a few milliseconds.

Two moments: when the WSGI application is built (everything imported so far), and once more after
the worker's first requests, when templates are compiled and lazily imported modules are loaded.
At that second moment, between two requests, whatever a collection cannot free is long-lived.
"""

from __future__ import annotations

import gc
from typing import Any

from django.core.signals import request_finished

WARM_UP_REQUESTS = 50
_UID = "collegium.gcfreeze"

_served = 0


def freeze_now() -> None:
    gc.collect()
    gc.freeze()


def _after_request(**_kwargs: Any) -> None:
    global _served
    _served += 1
    if _served >= WARM_UP_REQUESTS:
        request_finished.disconnect(dispatch_uid=_UID)
        freeze_now()


def freeze_after_warm_up() -> None:
    """Freeze now and once more after the first WARM_UP_REQUESTS requests of this process."""
    freeze_now()
    request_finished.connect(_after_request, dispatch_uid=_UID)
