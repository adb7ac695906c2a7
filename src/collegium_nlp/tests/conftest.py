"""Shared fixtures: models are loaded once per session (they take about a second)."""
from __future__ import annotations

from pathlib import Path

import pytest

SEED = Path("/work/shared/seed/000_74c523d1c4d7354c.txt")


@pytest.fixture(scope="session", autouse=True)
def _models():
    from collegium_nlp import models

    models.warm_up()


@pytest.fixture(scope="session")
def seed_text() -> str:
    if not SEED.exists():
        pytest.skip("seed article not available")
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_result(seed_text):
    from collegium_nlp.pipeline import analyze_document

    return analyze_document(seed_text)
