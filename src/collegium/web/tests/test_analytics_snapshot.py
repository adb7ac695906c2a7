"""The analytics page reads the worker's discipline snapshot and says as of when; without a fresh
one it makes one itself (live figures if it cannot store it). The session page shows its
resolution's status without loading the clauses."""

from __future__ import annotations

import datetime as dt

from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from collegium.control import selectors
from collegium.control.models import DisciplineSnapshot
from collegium.control.services import discipline_snapshot_refresh
from collegium.core.testing import make_obligation


def _total(html: str, code: str) -> int:
    start = html.index(f"<h2>{code}</h2>")
    rest = html[start:]
    return int(rest[rest.index('<span class="num">') + len('<span class="num">'):].split("<", 1)[0])


def test_without_snapshot_the_page_makes_one(scenario, login):
    assert not DisciplineSnapshot.objects.exists()
    html = login(scenario.world.ru_head).get(reverse("analytics")).content.decode()
    assert DisciplineSnapshot.objects.count() == 1
    assert 'class="hint as-of"' in html
    live = sum(r.total for r in selectors.discipline(scenario.world.ru_head, party_code="RU"))
    assert _total(html, "RU") == live


def test_with_fresh_snapshot_the_page_names_its_time(scenario, login):
    now = timezone.now() - dt.timedelta(minutes=1)
    discipline_snapshot_refresh(now=now)
    before = sum(r.total for r in selectors.discipline(scenario.world.ru_head, party_code="RU"))
    make_obligation(scenario.world)  # after the snapshot: not counted until the next refresh
    html = login(scenario.world.ru_head).get(reverse("analytics")).content.decode()
    assert 'class="hint as-of"' in html and timezone.localtime(now).strftime("%H:%M") in html
    assert _total(html, "RU") == before
    assert list(DisciplineSnapshot.objects.values_list("computed_at", flat=True)) == [now]


def test_stale_snapshot_is_replaced(scenario, login):
    stale = timezone.now() - dt.timedelta(minutes=30)
    discipline_snapshot_refresh(now=stale)
    make_obligation(scenario.world)
    html = login(scenario.world.ru_head).get(reverse("analytics")).content.decode()
    assert _total(html, "RU") == sum(r.total for r in selectors.discipline(scenario.world.ru_head, party_code="RU"))
    assert DisciplineSnapshot.objects.get().computed_at > stale


def test_snapshot_that_cannot_be_stored_gives_live_figures(scenario, login, monkeypatch):
    def fail(**kwargs):  # type: ignore[no-untyped-def]
        raise DatabaseError("database is locked")

    monkeypatch.setattr("collegium.control.services.discipline_snapshot_refresh", fail)
    html = login(scenario.world.ru_head).get(reverse("analytics")).content.decode()
    assert 'class="hint as-of"' not in html
    assert _total(html, "RU") == sum(r.total for r in selectors.discipline(scenario.world.ru_head, party_code="RU"))


def test_session_page_shows_resolution_status_without_its_clauses(scenario, login):
    client = login(scenario.world.ru_sec)
    with CaptureQueriesContext(connection) as ctx:
        html = client.get(reverse("session_detail", args=[scenario.session.pk])).content.decode()
    assert reverse("resolution_detail", args=[scenario.resolution.pk]) in html
    assert scenario.resolution.get_status_display() in html
    assert not any("resolutions_clause" in q["sql"] for q in ctx.captured_queries)
