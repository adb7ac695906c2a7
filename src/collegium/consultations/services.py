"""Writes of the consultations plan. Each round is also one obligation per delegation's party:
marking a round held completes them; cancelling removes them from control."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _

from collegium.audit.services import audit_record
from collegium.consultations.models import ConsultationPlan, Delegation, Round
from collegium.core.errors import InvalidTransition, ValidationFailed
from collegium.core.locking import bump_version
from collegium.core.permissions import require_role
from collegium.parties.models import Party, Person, Role, Unit

S = Round.Status
OPEN_STATES = (S.PLANNED, S.DATES_AGREED, S.POSTPONED)


@transaction.atomic
def plan_create(*, actor: Person, year: int, title: str, resolution=None) -> ConsultationPlan:
    require_role(actor, Role.SECRETARIAT)
    if not (title or "").strip():
        raise ValidationFailed(field_errors={"title": _("The title is required.")})
    plan = ConsultationPlan.objects.create(year=year, title=title.strip(), resolution=resolution)
    audit_record(actor=actor, action="plan.create", obj=plan, changes={"year": year})
    return plan


def _validate_round(period_start: dt.date | None, period_end: dt.date | None, topic: str) -> None:
    errors = {}
    if not (topic or "").strip():
        errors["topic"] = _("The topic is required.")
    if period_start is None:
        errors["period_start"] = _("The planned period is required.")
    if period_end is None:
        errors["period_end"] = _("The planned period is required.")
    if period_start and period_end and period_end < period_start:
        errors["period_end"] = _("The period ends before it starts.")
    if errors:
        raise ValidationFailed(field_errors=errors)


@transaction.atomic
def round_create(*, actor: Person | None, plan: ConsultationPlan, topic: str, level: str, period_start: dt.date,
                 period_end: dt.date, period_label: str = "", venue: str = "", venue_kind: str = Round.VenueKind.CITY,
                 host_party: Party | None = None, delegations: list[dict] | None = None,
                 number: int | None = None) -> Round:
    if actor is not None:
        require_role(actor, Role.SECRETARIAT)
    _validate_round(period_start, period_end, topic)
    if level not in Round.Level.values:
        raise ValidationFailed(field_errors={"level": _("Unknown level.")})
    if number is None:
        number = (plan.rounds.aggregate(m=Max("number"))["m"] or 0) + 1
    rnd = Round.objects.create(
        plan=plan, number=number, topic=topic.strip(), level=level, period_start=period_start,
        period_end=period_end, period_label=period_label, venue=venue, venue_kind=venue_kind, host_party=host_party,
    )
    for item in delegations or []:
        Delegation.objects.create(round=rnd, party=item["party"], unit=item.get("unit"),
                                  head_name=item.get("head_name", ""), head_position=item.get("head_position", ""))
    audit_record(actor=actor, action="round.create", obj=rnd, changes={"topic": rnd.topic, "number": number})
    return rnd


def plan_put_on_control(*, plan: ConsultationPlan, issued_on: dt.date, actor: Person | None = None) -> int:
    """One obligation per round and per delegation's party, due at the end of the planned period."""
    from collegium.control.models import Obligation
    from collegium.control.services import obligation_create

    created = 0
    for rnd in plan.rounds.prefetch_related("delegations__unit", "delegations__party"):
        for delegation in rnd.delegations.all():
            if delegation.unit is None or rnd.obligations.filter(party=delegation.party).exists():
                continue
            obligation_create(
                actor=None, party=delegation.party, source=Obligation.Source.ROUND, round=rnd,
                title=f"Консультации: {rnd.topic}", text=rnd.topic, issued_on=issued_on,
                responsible_unit=delegation.unit, deadline_date=rnd.period_end,
            )
            created += 1
    return created


def _transition(rnd: Round, actor: Person, allowed: tuple[str, ...], target: str, *, expected_version: int | None,
                roles: tuple[str, ...] = (Role.SECRETARIAT,), **fields: object) -> str:
    require_role(actor, *roles)
    if rnd.status not in allowed:
        raise InvalidTransition(_("This is not possible for a round that is «%(status)s».") %
                                {"status": rnd.get_status_display()})
    previous = rnd.status
    bump_version(rnd, expected_version, status=target, **fields)
    Round.objects.filter(pk=rnd.pk).update(ics_sequence=F("ics_sequence") + 1)
    rnd.refresh_from_db()
    return previous


@transaction.atomic
def round_agree_dates(*, actor: Person, round: Round, date_start: dt.date, date_end: dt.date | None = None,  # noqa: A002
                      venue: str | None = None, expected_version: int | None = None) -> Round:
    date_end = date_end or date_start
    if date_start is None or date_end < date_start:
        raise ValidationFailed(field_errors={"date_end": _("The round ends before it starts.")})
    previous = _transition(round, actor, OPEN_STATES, S.DATES_AGREED, expected_version=expected_version,
                           date_start=date_start, date_end=date_end, venue=venue if venue is not None else round.venue)
    audit_record(actor=actor, action="round.agree_dates", obj=round,
                 changes={"from": previous, "date_start": date_start, "date_end": date_end})
    return round


@transaction.atomic
def round_mark_held(*, actor: Person, round: Round, outcome: str, date_start: dt.date | None = None,  # noqa: A002
                    date_end: dt.date | None = None, press_release_url: str = "",
                    expected_version: int | None = None, evidence: str = "") -> Round:
    from collegium.control.services import obligation_complete_by_event

    if not (outcome or "").strip():
        raise ValidationFailed(field_errors={"outcome": _("Describe the outcome of the round.")})
    start = date_start or round.date_start
    if start is None:
        raise ValidationFailed(field_errors={"date_start": _("Give the date the round was held.")})
    end = date_end or round.date_end or start
    if end < start:
        raise ValidationFailed(field_errors={"date_end": _("The round ends before it starts.")})
    # The press service confirms from the news that a round was held: with evidence attached,
    # that is its job as much as the secretariat's.
    roles = (Role.SECRETARIAT, Role.PRESS) if evidence.strip() else (Role.SECRETARIAT,)
    previous = _transition(round, actor, OPEN_STATES, S.HELD, expected_version=expected_version, roles=roles,
                           date_start=start, date_end=end, outcome=outcome.strip(),
                           press_release_url=press_release_url)
    for obligation in round.obligations.filter(status="active"):
        obligation_complete_by_event(actor=actor, obligation=obligation, completed_on=end,
                                     note=_("Round held") + (f": {evidence}" if evidence else ""))
    audit_record(actor=actor, action="round.mark_held", obj=round,
                 changes={"from": previous, "date_start": start, "date_end": end, "evidence": evidence})
    return round


@transaction.atomic
def round_postpone(*, actor: Person, round: Round, reason: str, period_start: dt.date | None = None,  # noqa: A002
                   period_end: dt.date | None = None, expected_version: int | None = None) -> Round:
    if not (reason or "").strip():
        raise ValidationFailed(field_errors={"reason": _("Say why the round is postponed.")})
    fields: dict[str, Any] = {"status_reason": reason.strip(), "date_start": None, "date_end": None}
    if period_start and period_end:
        if period_end < period_start:
            raise ValidationFailed(field_errors={"period_end": _("The period ends before it starts.")})
        fields.update(period_start=period_start, period_end=period_end)
    previous = _transition(round, actor, (S.PLANNED, S.DATES_AGREED), S.POSTPONED,
                           expected_version=expected_version, **fields)
    audit_record(actor=actor, action="round.postpone", obj=round, changes={"from": previous, "reason": reason})
    return round


@transaction.atomic
def round_cancel(*, actor: Person, round: Round, reason: str, expected_version: int | None = None) -> Round:  # noqa: A002
    from collegium.control.services import _finish

    if not (reason or "").strip():
        raise ValidationFailed(field_errors={"reason": _("Say why the round is cancelled.")})
    previous = _transition(round, actor, OPEN_STATES, S.CANCELLED, expected_version=expected_version,
                           status_reason=reason.strip())
    for obligation in round.obligations.filter(status="active"):
        _finish(obligation, actor, "not_relevant", note=_("Round cancelled") + f": {reason.strip()}")
    audit_record(actor=actor, action="round.cancel", obj=round, changes={"from": previous, "reason": reason})
    return round


@transaction.atomic
def round_move_to_next_year(*, actor: Person, round: Round, reason: str,  # noqa: A002
                            expected_version: int | None = None) -> Round:
    from collegium.control.services import _finish

    if not (reason or "").strip():
        raise ValidationFailed(field_errors={"reason": _("Say why the round is moved.")})
    previous = _transition(round, actor, OPEN_STATES, S.MOVED, expected_version=expected_version,
                           status_reason=reason.strip())
    for obligation in round.obligations.filter(status="active"):
        _finish(obligation, actor, "not_relevant", note=_("Moved to next year") + f": {reason.strip()}")
    audit_record(actor=actor, action="round.move", obj=round, changes={"from": previous, "reason": reason})
    return round


def delegation_units(round: Round) -> list[Unit]:  # noqa: A002
    return [d.unit for d in round.delegations.all() if d.unit]
