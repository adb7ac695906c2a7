"""Optimistic locking under real concurrency: two writers, separate connections, same version.

Each writer is a thread with its own database connection (Django opens one per thread). A
barrier lines both up right before the write, so on PostgreSQL the two transactions really
overlap; on SQLite writes serialise, and the assertion is the same: exactly one succeeds, the
other gets Conflict, and the surviving value is the winner's, never silently overwritten.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable

import pytest
from django.db import OperationalError, connection, connections

from collegium.consultations.models import Round
from collegium.control.models import DeadlineChange, Obligation
from collegium.core.errors import Conflict
from collegium.core.testing import make_obligation, make_session, make_world
from collegium.parties.services import api_token_create
from collegium.resolutions.models import Clause

pytestmark = [pytest.mark.django_db(transaction=True)]


def race(*calls: Callable[[], object]) -> list[object]:
    """Run the calls at once in threads; each result is the return value or the exception."""
    barrier = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)

    def run(i: int, call: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=10)
            for _attempt in range(1000):
                try:
                    results[i] = call()
                    break
                except OperationalError as exc:
                    # SQLite's in-memory test database uses a shared cache, whose table locks fail at
                    # once instead of waiting like a database file does (timeout=30): wait here. The
                    # service's transaction was rolled back, so trying again is what a file would do.
                    if connection.vendor != "sqlite" or "locked" not in str(exc):
                        raise
                    time.sleep(0.01)
        except Exception as exc:  # noqa: BLE001 - the result under test
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


def one_wins(results: list[object]) -> int:
    conflicts = [r for r in results if isinstance(r, Conflict)]
    others = [r for r in results if isinstance(r, Exception) and not isinstance(r, Conflict)]
    assert not others, others
    assert len(conflicts) == 1, results
    return next(i for i, r in enumerate(results) if not isinstance(r, Exception))


@pytest.fixture
def world():  # type: ignore[no-untyped-def]
    # The shared fixture depends on `db`; these tests need the transactional one.
    return make_world()


def _draft_clause(world):  # type: ignore[no-untyped-def]
    from collegium.resolutions import services as res

    session = make_session(world, number=50)
    resolution = res.resolution_create(actor=world.ru_sec, session=session, title="Постановление", place="Москва")
    return res.clause_add(actor=world.ru_sec, resolution=resolution, text="Исходный текст", kind="instructs",
                             responsible_units=[world.units["ru_cis"]])


def test_clause_same_version_one_wins(world):  # type: ignore[no-untyped-def]
    from collegium.resolutions import services as res

    clause = _draft_clause(world)
    version = clause.lock_version

    def edit(text: str, actor):  # type: ignore[no-untyped-def]
        return lambda: res.clause_update(actor=actor, clause=Clause.objects.get(pk=clause.pk),
                                         expected_version=version, text=text)

    results = race(edit("Текст РФ", world.ru_sec), edit("Текст РБ", world.by_sec))
    winner = one_wins(results)
    clause.refresh_from_db()
    assert clause.text == ["Текст РФ", "Текст РБ"][winner]
    assert clause.lock_version == version + 1


def test_obligation_deadline_same_version_one_wins(world):  # type: ignore[no-untyped-def]
    from collegium.control import services as control

    ob = make_obligation(world)
    version = ob.lock_version
    dates = [ob.deadline + dt.timedelta(days=30), ob.deadline + dt.timedelta(days=60)]

    def move(day: dt.date):  # type: ignore[no-untyped-def]
        return lambda: control.obligation_change_deadline(actor=world.ru_sec, obligation=Obligation.objects.get(pk=ob.pk),
                                                          deadline=day, reason="Решение", expected_version=version)

    results = race(move(dates[0]), move(dates[1]))
    winner = one_wins(results)
    ob.refresh_from_db()
    assert DeadlineChange.objects.filter(obligation=ob).count() == 1
    change = DeadlineChange.objects.get(obligation=ob)
    assert ob.deadline == change.new_deadline and change.new_deadline <= dates[winner]
    assert ob.lock_version == version + 1


def test_round_same_version_one_wins(world):  # type: ignore[no-untyped-def]
    from collegium.consultations import services as rounds

    plan = rounds.plan_create(actor=world.ru_sec, year=2026, title="План")
    rnd = rounds.round_create(actor=world.ru_sec, plan=plan, topic="Консультации", level="experts",
                              period_start=dt.date(2026, 3, 1), period_end=dt.date(2026, 3, 31))
    version = rnd.lock_version
    days = [dt.date(2026, 3, 10), dt.date(2026, 3, 20)]

    def agree(day: dt.date, actor):  # type: ignore[no-untyped-def]
        return lambda: rounds.round_agree_dates(actor=actor, round=Round.objects.get(pk=rnd.pk), date_start=day,
                                                expected_version=version)

    results = race(agree(days[0], world.ru_sec), agree(days[1], world.by_sec))
    winner = one_wins(results)
    rnd.refresh_from_db()
    assert rnd.date_start == days[winner]
    assert rnd.lock_version == version + 1


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite's in-memory shared-cache test database lets one thread see another's uncommitted "
           "write, unlike a database file; the service-level races above cover SQLite",
)
def test_api_same_version_one_200_one_409(world, live_server):  # type: ignore[no-untyped-def]
    import json
    import urllib.error
    import urllib.request

    clause = _draft_clause(world)
    version = clause.lock_version
    tokens = [api_token_create(actor=person, name="race")[1] for person in (world.ru_sec, world.by_sec)]

    def patch(text: str, token: str):  # type: ignore[no-untyped-def]
        def call() -> int:
            req = urllib.request.Request(
                f"{live_server.url}/api/clauses/{clause.pk}", method="PATCH",
                data=json.dumps({"expected_version": version, "text": text}).encode(),
                headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
            try:
                with urllib.request.urlopen(req, timeout=30) as response:  # noqa: S310 - loopback test server
                    return response.status
            except urllib.error.HTTPError as exc:
                return exc.code
        return call

    statuses = race(patch("Текст РФ", tokens[0]), patch("Текст РБ", tokens[1]))
    assert sorted(statuses) == [200, 409], statuses
    clause.refresh_from_db()
    assert clause.text == ["Текст РФ", "Текст РБ"][statuses.index(200)]
    assert clause.lock_version == version + 1
    assert connection.vendor in {"sqlite", "postgresql"}
