"""Shared pytest fixtures: a fast password hasher and the two-party test world."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _fast_hasher(settings):  # type: ignore[no-untyped-def]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _axes_off_unless_marked(request, settings):  # type: ignore[no-untyped-def]
    # client.login() authenticates without a request, which django-axes refuses; only tests marked
    # @pytest.mark.axes exercise the lockout through real login requests.
    if request.node.get_closest_marker("axes") is None:
        settings.AXES_ENABLED = False


@pytest.fixture
def world(db):  # type: ignore[no-untyped-def]
    from collegium.core.testing import make_world

    return make_world()
