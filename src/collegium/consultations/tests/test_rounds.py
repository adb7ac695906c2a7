"""Round transitions, each with the obligations it puts on and takes off control."""

import datetime as dt

import pytest

from collegium.consultations import services
from collegium.consultations.models import Round
from collegium.control.models import Obligation
from collegium.core.errors import Conflict, InvalidTransition, PermissionDenied, ValidationFailed

D = dt.date


@pytest.fixture
def plan(world):
    plan = services.plan_create(actor=world.ru_sec, year=2026, title="План межмидовских консультаций на 2026 год")
    services.round_create(
        actor=world.ru_sec, plan=plan, topic="Консульские вопросы", level=Round.Level.HEADS_OF_DEPARTMENTS,
        period_start=D(2026, 1, 1), period_end=D(2026, 3, 31), period_label="I квартал", venue="Минск",
        delegations=[{"party": world.ru, "unit": world.units["ru_cis"], "head_name": "Иванов И.И."},
                     {"party": world.by, "unit": world.units["by_cis"], "head_name": "Петров П.П."}],
    )
    services.plan_put_on_control(plan=plan, issued_on=D(2025, 11, 25))
    return plan


def _round(plan):
    return plan.rounds.get()


ACTIONS = {
    "agree": lambda w, r: services.round_agree_dates(actor=w.by_sec, round=r, date_start=D(2026, 3, 12)),
    "held": lambda w, r: services.round_mark_held(actor=w.ru_sec, round=r, outcome="Обсудили", date_start=D(2026, 3, 12)),
    "postpone": lambda w, r: services.round_postpone(actor=w.ru_sec, round=r, reason="Перенос визита"),
    "cancel": lambda w, r: services.round_cancel(actor=w.ru_sec, round=r, reason="Нецелесообразно"),
    "move": lambda w, r: services.round_move_to_next_year(actor=w.ru_sec, round=r, reason="Перенос на 2027"),
}
REACH = {"planned": [], "dates_agreed": ["agree"], "held": ["held"], "postponed": ["postpone"],
         "cancelled": ["cancel"], "moved": ["move"]}
ALLOWED = {
    "planned": {"agree", "held", "postpone", "cancel", "move"},
    "dates_agreed": {"agree", "held", "postpone", "cancel", "move"},
    "postponed": {"agree", "held", "cancel", "move"},
    "held": set(), "cancelled": set(), "moved": set(),
}


@pytest.mark.parametrize("action", sorted(ACTIONS))
@pytest.mark.parametrize("state", sorted(REACH))
def test_round_transitions(world, plan, state, action):
    rnd = _round(plan)
    for step in REACH[state]:
        ACTIONS[step](world, rnd)
    assert rnd.status == state
    if action in ALLOWED[state]:
        ACTIONS[action](world, rnd)
    else:
        with pytest.raises(InvalidTransition):
            ACTIONS[action](world, rnd)


def test_a_round_is_one_obligation_per_party(world, plan):
    rnd = _round(plan)
    assert sorted(rnd.obligations.values_list("party__code", flat=True)) == ["BY", "RU"]
    ru = rnd.obligations.get(party=world.ru)
    assert ru.deadline == D(2026, 3, 31)  # a Tuesday, working in Russia


def test_marking_held_completes_the_obligations(world, plan):
    rnd = _round(plan)
    services.round_mark_held(actor=world.ru_sec, round=rnd, outcome="Согласованы подходы", date_start=D(2026, 3, 12),
                             evidence="ТАСС, 12.03.2026")
    assert set(rnd.obligations.values_list("status", flat=True)) == {Obligation.Status.COMPLETED}
    assert set(rnd.obligations.values_list("completed_in_time", flat=True)) == {True}


def test_cancelling_removes_from_control(world, plan):
    rnd = _round(plan)
    services.round_cancel(actor=world.by_sec, round=rnd, reason="По решению сторон")
    assert set(rnd.obligations.values_list("status", flat=True)) == {Obligation.Status.NOT_RELEVANT}


def test_ics_sequence_rises_and_uid_stays(world, plan):
    rnd = _round(plan)
    uid, seq = rnd.uid, rnd.ics_sequence
    services.round_agree_dates(actor=world.by_sec, round=rnd, date_start=D(2026, 3, 12), date_end=D(2026, 3, 13))
    rnd.refresh_from_db()
    assert rnd.uid == uid and rnd.ics_sequence == seq + 1


def test_round_validation_and_permissions(world, plan):
    rnd = _round(plan)
    with pytest.raises(ValidationFailed) as err:
        services.round_mark_held(actor=world.ru_sec, round=rnd, outcome=" ")
    assert "outcome" in err.value.field_errors
    with pytest.raises(ValidationFailed):
        services.round_agree_dates(actor=world.ru_sec, round=rnd, date_start=D(2026, 3, 12), date_end=D(2026, 3, 1))
    with pytest.raises(PermissionDenied):
        services.round_cancel(actor=world.ru_exec, round=rnd, reason="x")


def test_stale_round_edit_is_a_conflict(world, plan):
    rnd = _round(plan)
    stale = Round.objects.get(pk=rnd.pk)
    services.round_agree_dates(actor=world.by_sec, round=rnd, date_start=D(2026, 3, 12),
                               expected_version=rnd.lock_version)
    with pytest.raises(Conflict):
        services.round_postpone(actor=world.ru_sec, round=stale, reason="x", expected_version=stale.lock_version)


def test_press_marks_a_round_held_only_with_evidence(world, plan):
    rnd = _round(plan)
    with pytest.raises(PermissionDenied):
        services.round_mark_held(actor=world.ru_press, round=rnd, outcome="Проведены", date_start=D(2026, 3, 12))
    services.round_mark_held(actor=world.ru_press, round=rnd, outcome="Проведены", date_start=D(2026, 3, 12),
                             evidence="ТАСС: консультации состоялись")
    assert rnd.status == Round.Status.HELD
    with pytest.raises(PermissionDenied):
        services.round_cancel(actor=world.ru_press, round=_round(plan), reason="x")
