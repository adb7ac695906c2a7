"""The new pages with lists run the same number of queries whatever the amount of data."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from collegium.documents.services import feed_token_create
from collegium.meetings import services as meetings
from collegium.parties.services import api_token_create
from collegium.web.tests.scenario import build


def _grow(world, s, n: int) -> None:  # type: ignore[no-untyped-def]
    """n more tokens, calendar links and attendance rows for ru_sec's pages."""
    for i in range(n):
        api_token_create(actor=world.ru_sec, name=f"Программа {i}")
        feed_token_create(actor=world.ru_sec)
        meetings.attendance_add(actor=world.ru_sec, session=s.session, party=world.by, name=f"Участник {i}")


def _pages(s):  # type: ignore[no-untyped-def]
    return {
        "profile": reverse("profile"),
        "preferences": reverse("preferences"),
        "action_create": reverse("action_create", args=[s.programme.sections.first().pk]),
        "round_create": reverse("round_create", args=[s.plan.pk]),
        "plan_create": reverse("plan_create"),
        "programme_import": reverse("programme_import"),
        "session": reverse("session_detail", args=[s.session.pk]),
        "obligation": reverse("obligation_detail", args=[s.obligation.pk]),
    }


def _count(client, url: str) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("page", ["profile", "preferences", "action_create", "round_create", "plan_create",
                                  "programme_import", "session", "obligation"])
def test_same_queries_at_two_data_sizes(world, login, page, django_assert_num_queries):
    client = login(world.ru_sec)
    small = build(world, size=1, number=1)
    _grow(world, small, 1)
    url = _pages(small)[page]
    client.get(url)  # warm the per-process caches
    small_count = _count(client, url)
    large = build(world, size=4, number=2)
    _grow(world, large, 4)
    url = _pages(large)[page]
    with django_assert_num_queries(small_count):
        assert client.get(url).status_code == 200
