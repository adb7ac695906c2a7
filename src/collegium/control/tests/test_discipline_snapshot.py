"""Execution discipline computed three ways agrees: live aggregate, the worker's snapshot, and a
plain Python count over the same random obligations."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

import pytest
from django.utils import timezone

from collegium.control import selectors, services
from collegium.control.models import DisciplineSnapshot, Executor, Obligation
from collegium.core import pagecache
from collegium.core.testing import make_obligation
from collegium.parties.models import Unit

Status = Obligation.Status


def _random_obligations(world, seed: int, n: int, today: dt.date) -> None:  # type: ignore[no-untyped-def]
    base = make_obligation(world)
    Executor.objects.filter(obligation=base).delete()
    Obligation.objects.filter(pk=base.pk).delete()
    rng = random.Random(seed)
    units = list(Unit.objects.all())
    fields = [f.attname for f in Obligation._meta.concrete_fields if not f.primary_key]
    obligations = []
    for _ in range(n):
        ob = Obligation(**{name: getattr(base, name) for name in fields})
        ob.party = rng.choice([world.ru, world.by])
        ob.status = rng.choice(list(Status.values))
        ob.deadline = today + dt.timedelta(days=rng.randint(-500, 200))
        ob.completed_in_time = rng.choice([True, False]) if ob.status == Status.COMPLETED else None
        obligations.append(ob)
    Obligation.objects.bulk_create(obligations)
    executors = []
    for ob in obligations:
        chosen = rng.sample(units, rng.randint(1, 3))
        executors += [Executor(obligation=ob, unit=u, is_responsible=(i == 0)) for i, u in enumerate(chosen)]
    Executor.objects.bulk_create(executors)


def _expected(today: dt.date, party: str | None = None, date_from: dt.date | None = None,
              date_to: dt.date | None = None) -> list[tuple]:
    counts: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(selectors.DISCIPLINE_FIELDS, 0))
    for ex in Executor.objects.filter(is_responsible=True).select_related("obligation", "unit__party"):
        ob = ex.obligation
        if party and ex.unit.party.code != party:
            continue
        if (date_from and ob.deadline < date_from) or (date_to and ob.deadline > date_to):
            continue
        c = counts[ex.unit_id]
        c["total"] += 1
        if ob.status == Status.COMPLETED:
            c["completed"] += 1
            c["completed_in_time" if ob.completed_in_time else "completed_late"] += 1
        elif ob.status == Status.ACTIVE:
            c["overdue" if ob.deadline < today else "in_progress"] += 1
    units = {u.pk: u for u in Unit.objects.select_related("party")}
    ordered = sorted(counts, key=lambda pk: (units[pk].party.order, units[pk].name, pk))
    return [(pk, units[pk].name, units[pk].party.code, *(counts[pk][k] for k in selectors.DISCIPLINE_FIELDS))
            for pk in ordered]


def _tuples(rows: list[selectors.DisciplineRow]) -> list[tuple]:
    return [(r.unit_id, r.unit_name, r.party_code, *(getattr(r, k) for k in selectors.DISCIPLINE_FIELDS))
            for r in rows]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_live_and_snapshot_equal_a_plain_count(world, seed):
    now = timezone.now()
    today = timezone.localdate(now)
    _random_obligations(world, seed, 120, today)
    services.discipline_snapshot_refresh(now=now)
    for party in (None, "RU", "BY"):
        expected = _expected(today, party)
        assert expected  # the random data reaches both parties
        assert _tuples(selectors.discipline(world.ru_sec, party_code=party, today=today)) == expected
        rows, as_of = selectors.discipline_snapshot(world.ru_sec, party_code=party, now=now)
        assert as_of == now
        assert _tuples(rows) == expected
    rng = random.Random(seed)
    for _ in range(3):
        start = today + dt.timedelta(days=rng.randint(-500, 0))
        end = start + dt.timedelta(days=rng.randint(0, 400))
        assert _tuples(selectors.discipline(world.ru_sec, today=today, date_from=start, date_to=end)) == \
            _expected(today, None, start, end)


def test_snapshot_is_not_shown_when_stale_or_of_another_day(world):
    now = timezone.now()
    _random_obligations(world, 7, 20, timezone.localdate(now))
    assert selectors.discipline_snapshot(world.ru_sec, now=now) is None  # none made yet
    services.discipline_snapshot_refresh(now=now)
    assert selectors.discipline_snapshot(world.ru_sec, now=now + dt.timedelta(minutes=4)) is not None
    assert selectors.discipline_snapshot(world.ru_sec, now=now + dt.timedelta(minutes=6)) is None
    assert selectors.discipline_snapshot(world.ru_sec, now=now + dt.timedelta(days=1)) is None


def test_refresh_keeps_only_the_latest_snapshot(world):
    now = timezone.now()
    _random_obligations(world, 8, 20, timezone.localdate(now))
    services.discipline_snapshot_refresh(now=now - dt.timedelta(minutes=1))
    make_obligation(world)  # a new obligation shows after the next refresh, in a new snapshot
    before = sum(r.total for r in selectors.discipline_snapshot(world.ru_sec, now=now)[0])
    services.discipline_snapshot_refresh(now=now)
    assert list(DisciplineSnapshot.objects.values_list("computed_at", flat=True)) == [now]
    assert sum(r.total for r in selectors.discipline_snapshot(world.ru_sec, now=now)[0]) == before + 1


def test_unchanged_figures_are_only_checked_and_keep_the_page_cache(world):
    computed = timezone.now() - dt.timedelta(minutes=10)
    _random_obligations(world, 11, 20, timezone.localdate(computed))
    services.discipline_snapshot_refresh(now=computed)
    version = pagecache.data_version()
    now = computed + dt.timedelta(minutes=10)
    services.discipline_snapshot_refresh(now=now)
    snapshot = DisciplineSnapshot.objects.get()
    assert (snapshot.computed_at, snapshot.checked_at) == (computed, now)
    assert pagecache.data_version() == version  # no cached page was thrown away
    # computed ten minutes ago but checked now: still shown, with the time it was computed
    rows, at = selectors.discipline_snapshot(world.ru_sec, now=now)
    assert at == computed and rows
    assert selectors.discipline_snapshot(world.ru_sec, now=now + dt.timedelta(minutes=6)) is None


def test_snapshot_read_is_constant_queries(world, django_assert_num_queries):
    now = timezone.now()
    _random_obligations(world, 9, 10, timezone.localdate(now))
    services.discipline_snapshot_refresh(now=now)
    with django_assert_num_queries(2):
        selectors.discipline_snapshot(world.ru_sec, now=now)
    _random_obligations(world, 10, 60, timezone.localdate(now))
    services.discipline_snapshot_refresh(now=now)
    with django_assert_num_queries(2):
        selectors.discipline_snapshot(world.ru_sec, now=now)
