"""Shared pytest fixtures: a fast password hasher and the two-party test world."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from pytest_django.fixtures import Settings

    from collegium.core.testing import World


@pytest.fixture(autouse=True)
def _fast_hasher(settings: Settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _axes_off_unless_marked(request: pytest.FixtureRequest, settings: Settings) -> None:
    # client.login() authenticates without a request, which django-axes refuses; only tests marked
    # @pytest.mark.axes exercise the lockout through real login requests.
    if request.node.get_closest_marker("axes") is None:
        settings.AXES_ENABLED = False


@pytest.fixture(autouse=True)
def _own_page_cache(settings: Settings) -> None:
    # The page cache stays on in tests (the authorization matrix then also proves it leaks
    # nothing), but each test gets an empty one of its own instead of the shared files under var/.
    import uuid

    settings.CACHES = {**settings.CACHES, "pagecache": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": f"pagecache-{uuid.uuid4()}"}}


@pytest.fixture
def world(db: None) -> World:
    from collegium.core.testing import make_world

    return make_world()
