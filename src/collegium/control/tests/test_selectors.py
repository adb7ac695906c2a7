"""What each role of each party sees, and does not see; constant query counts."""

import datetime as dt

import pytest

from collegium.control import selectors, services
from collegium.control.models import Report
from collegium.core.errors import NotFound
from collegium.core.testing import make_obligation, make_session


def _reported(world, ob, *, release=False):
    report = services.report_create(actor=world.ru_exec, obligation=ob, kind=Report.Kind.INTERIM, text="Внутреннее")
    services.report_submit(actor=world.ru_exec, report=report)
    services.report_accept(actor=world.ru_sec, report=report)
    if release:
        services.report_release(actor=world.ru_sec, report=report)
    return report


def test_internal_report_is_invisible_to_the_other_party_everywhere(world):
    ob = make_obligation(world)
    report = _reported(world, ob)
    ext = services.extension_request_create(actor=world.ru_exec, obligation=ob,
                                            proposed_deadline=ob.deadline + dt.timedelta(days=5), reason="x")
    card = selectors.obligation_card(world.by_sec, ob.pk)
    assert card.reports == [] and card.extension_requests == []
    assert all(e.internal_to_id is None for e in card.events)
    with pytest.raises(NotFound):
        selectors.report_get(world.by_sec, report.pk)
    with pytest.raises(NotFound):
        selectors.extension_request_get(world.by_sec, ext.pk)
    assert selectors.reports_awaiting_decision(world.by_sec).count() == 0
    ru_card = selectors.obligation_card(world.ru_sec, ob.pk)
    assert [r.pk for r in ru_card.reports] == [report.pk]
    assert [e.pk for e in ru_card.extension_requests] == [ext.pk]
    assert ru_card.can_decide and not card.can_decide


def test_a_hidden_record_answers_like_a_missing_one(world):
    ob = make_obligation(world)
    report = _reported(world, ob)
    for pk in (report.pk, 987654, "abc", None):
        with pytest.raises(NotFound) as err:
            selectors.report_get(world.by_sec, pk)
        assert str(err.value) == str(NotFound())


def test_released_report_becomes_joint(world):
    ob = make_obligation(world)
    report = _reported(world, ob, release=True)
    assert selectors.report_get(world.by_sec, report.pk).pk == report.pk


def test_interim_results_and_totals(world):
    previous = make_obligation(world, issued_on=dt.date(2020, 1, 15)).clause.resolution.session
    done = make_obligation(world, issued_on=dt.date.today(), days=30)
    # Move the second obligation's clause under the previous session's resolution.
    from collegium.resolutions.models import Clause

    Clause.objects.filter(pk=done.clause_id).update(resolution=_resolution(previous))
    final = services.report_create(actor=world.ru_exec, obligation=done, kind="final", text="Выполнено")
    services.report_submit(actor=world.ru_exec, report=final)
    services.report_accept(actor=world.ru_sec, report=final)
    session = make_session(world, number=50, date=dt.date(2025, 11, 25), previous=previous)
    groups = selectors.interim_results(world.by_sec, session_id=session.pk)
    assert len(groups) == 1
    totals = groups[0].totals
    assert totals == {"total": 2, "completed": 1, "completed_in_time": 1, "completed_late": 0, "overdue": 1,
                      "in_progress": 0, "removed": 0}
    # The other party sees the figures but not the internal final report.
    assert all(row.latest_report is None for row in groups[0].rows)
    ru_groups = selectors.interim_results(world.ru_sec, session_id=session.pk)
    assert any(row.latest_report is not None for row in ru_groups[0].rows)


def test_discipline_per_unit(world):
    make_obligation(world, issued_on=dt.date(2020, 1, 15))  # overdue
    make_obligation(world, issued_on=dt.date.today())  # in progress
    make_obligation(world, party_code="BY", issued_on=dt.date.today())
    rows = selectors.discipline(world.ru_sec, party_code="RU")
    assert [(r.party_code, r.unit_name, r.total, r.overdue, r.in_progress) for r in rows] == [
        ("RU", "Департамент СНГ", 2, 1, 1)]
    assert {r.party_code for r in selectors.discipline(world.ru_sec)} == {"RU", "BY"}


def _count_queries(django_assert_max_num_queries, fn):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


@pytest.mark.parametrize("selector", ["list", "interim", "discipline"])
def test_query_counts_do_not_grow_with_data(world, selector, django_assert_max_num_queries):
    previous = make_session(world, number=70, date=dt.date(2024, 10, 1))
    session = make_session(world, number=71, date=dt.date(2025, 11, 25), previous=previous)

    def add(n):
        for _ in range(n):
            ob = make_obligation(world)
            ob.clause.resolution.session  # noqa: B018
            from collegium.resolutions.models import Clause

            Clause.objects.filter(pk=ob.clause_id).update(resolution=_resolution(previous))
            _reported(world, ob, release=True)

    def run():
        if selector == "list":
            for ob in selectors.obligation_list(world.by_sec):
                [e.unit.name for e in ob.executor_list]
        elif selector == "interim":
            selectors.interim_results(world.by_sec, session_id=session.pk)
        else:
            selectors.discipline(world.by_sec)

    add(2)
    small = _count_queries(django_assert_max_num_queries, run)
    add(8)
    large = _count_queries(django_assert_max_num_queries, run)
    assert small == large


def _resolution(session):
    from collegium.resolutions.models import Resolution

    return Resolution.objects.get_or_create(session=session, defaults={"title": "П", "place": "Брест"})[0]
