"""Every list and dashboard runs the same number of queries whatever the amount of data."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from collegium.web.tests.scenario import build


def _pages(s):  # type: ignore[no-untyped-def]
    return {
        "home": reverse("home"),
        "programme": reverse("programme_detail", args=[s.programme.pk]),
        "sessions": reverse("session_list"),
        "session": reverse("session_detail", args=[s.session.pk]),
        "resolutions": reverse("resolution_list"),
        "resolution": reverse("resolution_detail", args=[s.resolution.pk]),
        "obligations": reverse("obligation_list"),
        "obligation": reverse("obligation_detail", args=[s.obligation.pk]),
        "plan": reverse("plan_detail", args=[s.plan.pk]),
        "analytics": reverse("analytics"),
        "search": reverse("search") + "?q=консультации",
    }


def _count(client, url: str) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("page", ["home", "programme", "sessions", "session", "resolutions", "resolution",
                                  "obligations", "obligation", "plan", "analytics", "search"])
def test_same_queries_at_two_data_sizes(world, login, page, django_assert_num_queries):
    client = login(world.ru_sec)
    small = build(world, size=1, number=1)
    client.get(_pages(small)[page])  # warm the per-process caches (content types, calendars)
    small_count = _count(client, _pages(small)[page])
    large = build(world, size=4, number=2)
    with django_assert_num_queries(small_count):
        assert client.get(_pages(large)[page]).status_code == 200
