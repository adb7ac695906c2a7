"""The plain-value rows and bucket counts the pages use agree with the obligation list selector."""

from __future__ import annotations

import datetime as dt

from collegium.control import selectors
from collegium.control.models import Obligation
from collegium.core.testing import make_obligation


def _world_with_obligations(world):  # type: ignore[no-untyped-def]
    issued = dt.date.today() - dt.timedelta(days=40)
    for days, party in [(5, "RU"), (30, "RU"), (45, "RU"), (60, "BY"), (90, "RU"), (10, "BY")]:
        make_obligation(world, party_code=party, issued_on=issued, days=days)
    done = Obligation.objects.order_by("id").first()
    Obligation.objects.filter(pk=done.pk).update(status=Obligation.Status.COMPLETED)


def test_rows_match_the_list(world):
    _world_with_obligations(world)
    for filters in [selectors.ObligationFilters(), selectors.ObligationFilters(party="ru"),
                    selectors.ObligationFilters(status="active", overdue=True),
                    selectors.ObligationFilters(unit=world.units["ru_cis"].pk)]:
        expected = list(selectors.obligation_list(world.ru_sec, filters))
        rows = selectors.obligation_rows(selectors.obligation_row_values(world.ru_sec, filters))
        assert [r.pk for r in rows] == [o.pk for o in expected]
        for row, ob in zip(rows, expected, strict=True):
            assert (row.title, row.party_code, row.deadline, row.status, row.overdue, row.has_pending_report) == \
                (ob.title, ob.party.code, ob.deadline, ob.status, ob.overdue, bool(ob.pending_reports))
            assert row.responsible == next(e.unit.display_name for e in ob.executor_list if e.is_responsible)
            assert row.status_label == ob.get_status_display()


def test_counts_and_ids_per_bucket(world):
    _world_with_obligations(world)
    today = dt.date.today()
    filters = selectors.ObligationFilters(status="active", party="RU", deadline_to=today + dt.timedelta(days=30))
    ranges = {"overdue": (None, today - dt.timedelta(days=1)), "soon": (today, today + dt.timedelta(days=30))}
    counts = selectors.obligation_counts(world.ru_sec, filters, ranges, today=today)
    every = list(selectors.obligation_list(world.ru_sec, filters))
    for name, (start, end) in ranges.items():
        inside = [o.pk for o in every if (start is None or o.deadline >= start) and o.deadline <= end]
        assert counts[name] == len(inside)
        bucket = selectors.ObligationFilters(status="active", party="RU", deadline_from=start, deadline_to=end)
        assert selectors.obligation_ids(world.ru_sec, bucket, limit=2, today=today) == inside[:2]
    mine = selectors.ObligationFilters(status="active", mine=True)
    assert selectors.obligation_counts(world.ru_exec, mine, {"all": (None, None)})["all"] == \
        len(selectors.obligation_list(world.ru_exec, mine))


def test_awaiting_rows_match_the_querysets(world):
    from collegium.control import services
    from collegium.control.models import Report

    ob = make_obligation(world)
    report = services.report_create(actor=world.ru_exec, obligation=ob, kind=Report.Kind.INTERIM, text="Готово",
                                    attachment=None, attachment_name="")
    services.report_submit(actor=world.ru_exec, report=report)
    expected = list(selectors.reports_awaiting_decision(world.ru_sec))
    rows = selectors.reports_awaiting_rows(world.ru_sec, limit=20)
    assert [(r.pk, r.obligation_id, r.obligation_title, r.label, r.person_name, r.at) for r in rows] == \
        [(x.pk, x.obligation_id, x.obligation.title, x.get_kind_display(), x.author.short_name, x.submitted_at)
         for x in expected]
    assert rows
    assert selectors.reports_awaiting_rows(world.by_sec, limit=20) == []
    assert selectors.extension_requests_awaiting_rows(world.ru_exec, limit=20) == []
    services.extension_request_create(actor=world.ru_exec, obligation=ob,
                                      proposed_deadline=ob.deadline + dt.timedelta(days=10), reason="Нужно время")
    expected_x = list(selectors.extension_requests_awaiting_decision(world.ru_sec))
    rows_x = selectors.extension_requests_awaiting_rows(world.ru_sec, limit=20)
    assert [(r.pk, r.obligation_title, r.current_deadline, r.proposed_deadline, r.person_name) for r in rows_x] == \
        [(x.pk, x.obligation.title, x.current_deadline, x.proposed_deadline, x.requested_by.short_name)
         for x in expected_x]
    assert rows_x
