"""Every allowed and every forbidden transition of execution control."""

import datetime as dt

import pytest

from collegium.audit.services import audit_verify
from collegium.control import services
from collegium.control.models import ExtensionRequest, Obligation, Report
from collegium.core.errors import InvalidTransition, PermissionDenied, ValidationFailed
from collegium.core.testing import make_obligation

REPORT_STATES = [s.value for s in Report.Status]


def _report_in(world, ob, state, kind=Report.Kind.INTERIM):
    report = services.report_create(actor=world.ru_exec, obligation=ob, kind=kind, text="Информация")
    if state in ("submitted", "accepted", "returned"):
        services.report_submit(actor=world.ru_exec, report=report)
    if state == "accepted":
        services.report_accept(actor=world.ru_sec, report=report)
    if state == "returned":
        services.report_return(actor=world.ru_sec, report=report, reason="Недостаточно сведений")
    report.refresh_from_db()
    assert report.status == state
    return report


REPORT_TRANSITIONS = {
    "submit": ({"draft", "returned"}, lambda w, r: services.report_submit(actor=w.ru_exec, report=r)),
    "accept": ({"submitted"}, lambda w, r: services.report_accept(actor=w.ru_sec, report=r)),
    "return": ({"submitted"}, lambda w, r: services.report_return(actor=w.ru_sec, report=r, reason="Дополнить")),
    "release": ({"accepted"}, lambda w, r: services.report_release(actor=w.ru_sec, report=r)),
}


@pytest.mark.parametrize("transition", sorted(REPORT_TRANSITIONS))
@pytest.mark.parametrize("state", REPORT_STATES)
def test_report_transitions(world, transition, state):
    ob = make_obligation(world)
    report = _report_in(world, ob, state)
    allowed, call = REPORT_TRANSITIONS[transition]
    if state in allowed:
        call(world, report)
    else:
        with pytest.raises(InvalidTransition):
            call(world, report)
    assert audit_verify().ok


def test_interim_information_does_not_close_the_obligation(world):
    ob = make_obligation(world)
    _report_in(world, ob, "accepted", kind=Report.Kind.INTERIM)
    ob.refresh_from_db()
    assert ob.status == Obligation.Status.ACTIVE


def test_final_report_completes_in_time_or_late(world):
    ob = make_obligation(world, issued_on=dt.date(2020, 1, 15), days=30)
    report = _report_in(world, ob, "accepted", kind=Report.Kind.FINAL)
    ob.refresh_from_db()
    assert ob.status == Obligation.Status.COMPLETED
    assert ob.completed_in_time is False  # submitted years after the 2020 deadline
    assert report.visibility == "internal"


def test_final_report_in_time(world):
    today = dt.date.today()
    ob = make_obligation(world, issued_on=today, days=30)
    _report_in(world, ob, "accepted", kind=Report.Kind.FINAL)
    ob.refresh_from_db()
    assert ob.completed_in_time is True


def test_periodic_interim_report_closes_the_period(world):
    ob = make_obligation(world, issued_on=dt.date(2025, 2, 14), days=None, periodicity="quarterly")
    assert ob.period_end == dt.date(2025, 3, 31)
    assert ob.deadline == dt.date(2025, 4, 10)
    _report_in(world, ob, "accepted")
    ob.refresh_from_db()
    assert ob.status == Obligation.Status.ACTIVE
    assert ob.period_end == dt.date(2025, 6, 30)
    assert ob.deadline == dt.date(2025, 7, 10)


def test_overdue_is_derived_and_stays_on_control(world):
    ob = make_obligation(world, issued_on=dt.date(2020, 1, 15), days=30)
    assert ob.is_overdue(dt.date(2020, 2, 17))
    assert not ob.is_overdue(dt.date(2020, 2, 14))
    assert ob.status == Obligation.Status.ACTIVE


def test_report_permissions(world):
    ob = make_obligation(world)
    with pytest.raises(PermissionDenied):
        services.report_create(actor=world.by_exec, obligation=ob, kind="interim", text="x")
    with pytest.raises(PermissionDenied):
        services.report_create(actor=world.ru_press, obligation=ob, kind="interim", text="x")
    with pytest.raises(ValidationFailed) as err:
        services.report_create(actor=world.ru_exec, obligation=ob, kind="interim", text="  ")
    assert "text" in err.value.field_errors
    report = _report_in(world, ob, "submitted")
    for outsider in (world.by_sec, world.ru_exec, world.ru_head):
        with pytest.raises(PermissionDenied):
            services.report_accept(actor=outsider, report=report)


def test_executor_of_a_subunit_may_report(world):
    from collegium.core.testing import make_person

    ob = make_obligation(world)
    child = make_person("ru_child", world.ru, world.units["ru_cis_div"], is_executor=True)
    assert services.is_executor_of(child, ob)
    services.report_create(actor=child, obligation=ob, kind="interim", text="Информация отдела")


# --- extensions ---------------------------------------------------------------------------------------

EXT_TRANSITIONS = {
    "grant": lambda w, r: services.extension_grant(actor=w.ru_sec, request=r),
    "reject": lambda w, r: services.extension_reject(actor=w.ru_sec, request=r, reason="Нет оснований"),
    "withdraw": lambda w, r: services.extension_withdraw(actor=w.ru_exec, request=r),
}


@pytest.mark.parametrize("transition", sorted(EXT_TRANSITIONS))
@pytest.mark.parametrize("state", ["pending", "granted", "rejected", "withdrawn"])
def test_extension_transitions(world, transition, state):
    ob = make_obligation(world)
    request = services.extension_request_create(actor=world.ru_exec, obligation=ob,
                                                proposed_deadline=ob.deadline + dt.timedelta(days=30),
                                                reason="Ожидается ответ партнёров")
    if state != "pending":
        EXT_TRANSITIONS[{"granted": "grant", "rejected": "reject", "withdrawn": "withdraw"}[state]](world, request)
        request.refresh_from_db()
    if state == "pending":
        EXT_TRANSITIONS[transition](world, request)
    else:
        with pytest.raises(InvalidTransition):
            EXT_TRANSITIONS[transition](world, request)


def test_extension_grant_keeps_history_and_uses_the_calendar(world):
    ob = make_obligation(world, issued_on=dt.date(2025, 9, 1), days=30)
    old = ob.deadline
    request = services.extension_request_create(actor=world.ru_exec, obligation=ob,
                                                proposed_deadline=dt.date(2025, 11, 4), reason="Визит перенесён")
    services.extension_grant(actor=world.ru_sec, request=request)
    ob.refresh_from_db()
    assert ob.deadline == dt.date(2025, 11, 1)  # 4 Nov is a holiday, 3 Nov a transferred day off
    change = ob.deadline_changes.get()
    assert (change.old_deadline, change.new_deadline) == (old, dt.date(2025, 11, 1))
    assert ob.initial_deadline == old


def test_only_the_issuing_secretariat_decides_extensions(world):
    ob = make_obligation(world)
    request = services.extension_request_create(actor=world.ru_exec, obligation=ob,
                                                proposed_deadline=ob.deadline + dt.timedelta(days=10), reason="x")
    for outsider in (world.ru_exec, world.by_sec, world.ru_head):
        with pytest.raises(PermissionDenied):
            services.extension_grant(actor=outsider, request=request)


def test_extension_request_validation(world):
    ob = make_obligation(world)
    with pytest.raises(ValidationFailed) as err:
        services.extension_request_create(actor=world.ru_exec, obligation=ob, proposed_deadline=ob.deadline,
                                          reason="")
    assert set(err.value.field_errors) == {"proposed_deadline", "reason"}
    services.extension_request_create(actor=world.ru_exec, obligation=ob,
                                      proposed_deadline=ob.deadline + dt.timedelta(days=5), reason="x")
    with pytest.raises(InvalidTransition):
        services.extension_request_create(actor=world.ru_exec, obligation=ob,
                                          proposed_deadline=ob.deadline + dt.timedelta(days=9), reason="y")


# --- removal from control ------------------------------------------------------------------------------

@pytest.mark.parametrize("target", ["completed", "not_relevant", "superseded"])
@pytest.mark.parametrize("state", ["active", "completed", "not_relevant", "superseded"])
def test_removal_transitions(world, target, state):
    ob = make_obligation(world)
    clause = ob.clause

    def remove(kind):
        return services.obligation_remove_from_control(
            actor=world.ru_sec, obligation=ob, reason_kind=kind, reason="Решение коллегии",
            superseded_by=clause if kind == "superseded" else None)

    if state != "active":
        remove(state)
        ob.refresh_from_db()
    if state == "active":
        remove(target)
        ob.refresh_from_db()
        assert ob.status == target
    else:
        with pytest.raises(InvalidTransition):
            remove(target)


def test_removal_requires_a_documented_reason(world):
    ob = make_obligation(world)
    with pytest.raises(ValidationFailed) as err:
        services.obligation_remove_from_control(actor=world.ru_sec, obligation=ob, reason_kind="superseded",
                                                reason="")
    assert set(err.value.field_errors) == {"reason", "superseded_by"}


def test_no_work_on_an_obligation_removed_from_control(world):
    ob = make_obligation(world)
    services.obligation_remove_from_control(actor=world.ru_sec, obligation=ob, reason_kind="not_relevant",
                                            reason="Утратило актуальность")
    with pytest.raises(InvalidTransition):
        services.report_create(actor=world.ru_exec, obligation=ob, kind="interim", text="x")
    with pytest.raises(InvalidTransition):
        services.extension_request_create(actor=world.ru_exec, obligation=ob,
                                          proposed_deadline=ob.deadline + dt.timedelta(days=1), reason="x")


def test_status_history_is_complete(world):
    ob = make_obligation(world)
    report = _report_in(world, ob, "accepted", kind=Report.Kind.FINAL)
    services.report_release(actor=world.ru_sec, report=report)
    kinds = list(ob.events.values_list("kind", flat=True))
    assert kinds == ["created", "report_drafted", "report_submitted", "report_accepted", "status_changed",
                     "report_released"]
    assert ExtensionRequest.objects.count() == 0
    assert audit_verify().ok
