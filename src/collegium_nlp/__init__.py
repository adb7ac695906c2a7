"""Russian NLP for diplomatic news (entities, date intervals, events).

A plain Python package: it must never import Django, so that the web app, the worker
and offline tools can all use it (and it can be tested in isolation).
"""
from __future__ import annotations

__all__ = ["analyze", "analyze_document", "parse_seed", "shingles", "simhash", "similarity"]


def __getattr__(name: str):  # lazy re-export: importing the package stays cheap
    if name in __all__:
        from . import pipeline

        return getattr(pipeline, name)
    raise AttributeError(name)
