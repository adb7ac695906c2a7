"""Every write of execution control. Each function is one named transition with its allowed
source states, a permission check, an audit event and a timeline entry."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from collegium.audit.services import audit_record
from collegium.control import signals
from collegium.control.models import (
    DeadlineChange,
    Executor,
    ExtensionRequest,
    Obligation,
    ObligationEvent,
    Report,
)
from collegium.control.rules import is_executor_of
from collegium.core import calendars
from collegium.core.errors import InvalidTransition, PermissionDenied, ValidationFailed
from collegium.core.locking import bump_version
from collegium.core.models import Visibility
from collegium.core.permissions import require_secretariat_of
from collegium.parties.models import Party, Person, Unit
from collegium.resolutions.models import Periodicity

Status = Obligation.Status


def _event(obligation: Obligation, actor: Person | None, kind: str, *, note: str = "",
           from_status: str = "", to_status: str = "", internal_to: Party | int | None = None) -> None:
    ObligationEvent.objects.create(
        obligation=obligation, at=timezone.now(), actor=actor, kind=kind, note=note,
        from_status=from_status, to_status=to_status,
        internal_to_id=getattr(internal_to, "pk", internal_to),
    )


def _lock(obligation: Obligation) -> None:
    """Lock the row for this transaction and bring the caller's instance up to date."""
    Obligation.objects.select_for_update().filter(pk=obligation.pk).values_list("pk").first()
    obligation.refresh_from_db()


def _require_active(obligation: Obligation) -> None:
    if obligation.status != Status.ACTIVE:
        raise InvalidTransition(_("The obligation is no longer on control."))


def _require_executor_or_secretariat(person: Person, obligation: Obligation) -> None:
    if is_executor_of(person, obligation):
        return
    if person.is_active and person.is_secretariat and person.party_id == obligation.party_id:
        return
    raise PermissionDenied()


def _party_calendar(party_id: int) -> str:
    return Party.objects.only("calendar_code").get(pk=party_id).calendar_code


# --- creation ------------------------------------------------------------------------------------

@transaction.atomic
def obligation_create(
    *, actor: Person | None, party: Party, source: str, title: str, issued_on: dt.date,
    responsible_unit: Unit, co_executor_units: Iterable[Unit] = (), text: str = "",
    clause=None, action=None, round=None,  # noqa: A002 - the domain word
    deadline_days: int | None = None, deadline_date: dt.date | None = None,
    periodicity: str = Periodicity.ONCE, controller: Person | None = None,
) -> Obligation:
    """Put one obligation of one party on control, with its deadline on that party's calendar."""
    if actor is not None:
        require_secretariat_of(actor, party.pk)
    units = [responsible_unit, *co_executor_units]
    if any(unit.party_id != party.pk for unit in units):
        raise ValidationFailed(field_errors={"units": _("Executors must be units of the executing party.")})
    code = party.calendar_code
    period = None
    if periodicity == Periodicity.ONCE:
        deadline = calendars.final_deadline(issued_on, days=deadline_days, date=deadline_date, calendar_code=code)
    else:
        period = calendars.period_end(issued_on, periodicity)
        deadline = calendars.report_due(period, periodicity, code)
    obligation = Obligation.objects.create(
        party=party, source=source, clause=clause, action=action, round=round, title=title[:500], text=text,
        issued_on=issued_on, deadline_days=deadline_days, periodicity=periodicity, initial_deadline=deadline,
        deadline=deadline, period_end=period, controller=controller,
    )
    Executor.objects.create(obligation=obligation, unit=responsible_unit, is_responsible=True)
    for unit in co_executor_units:
        if unit.pk != responsible_unit.pk:
            Executor.objects.get_or_create(obligation=obligation, unit=unit, defaults={"is_responsible": False})
    _event(obligation, actor, "created", to_status=Status.ACTIVE, note=str(deadline))
    audit_record(actor=actor, action="obligation.create", obj=obligation,
                 changes={"party": party.code, "source": source, "deadline": deadline, "periodicity": periodicity})
    return obligation


@transaction.atomic
def obligation_set_executors(*, actor: Person, obligation: Obligation, responsible_unit: Unit,
                             co_executor_units: Iterable[Unit] = (), expected_version: int | None = None) -> Obligation:
    require_secretariat_of(actor, obligation.party_id)
    _require_active(obligation)
    units = [responsible_unit, *co_executor_units]
    if any(unit.party_id != obligation.party_id for unit in units):
        raise ValidationFailed(field_errors={"units": _("Executors must be units of the executing party.")})
    bump_version(obligation, expected_version)
    obligation.executors.all().delete()
    Executor.objects.create(obligation=obligation, unit=responsible_unit, is_responsible=True)
    for unit in co_executor_units:
        if unit.pk != responsible_unit.pk:
            Executor.objects.get_or_create(obligation=obligation, unit=unit, defaults={"is_responsible": False})
    _event(obligation, actor, "executors_changed", note=", ".join(u.name for u in units))
    audit_record(actor=actor, action="obligation.set_executors", obj=obligation,
                 changes={"units": [u.pk for u in units]})
    return obligation


# --- reports -------------------------------------------------------------------------------------

@transaction.atomic
def report_create(*, actor: Person, obligation: Obligation, kind: str, text: str,
                  period_end: dt.date | None = None, attachment=None, attachment_name: str = "") -> Report:
    """An executor drafts a report; it stays internal to the executor's party."""
    _require_executor_or_secretariat(actor, obligation)
    _require_active(obligation)
    errors = {}
    if kind not in Report.Kind.values:
        errors["kind"] = _("Choose interim information or a final report.")
    if not (text or "").strip():
        errors["text"] = _("The report text is required.")
    if errors:
        raise ValidationFailed(field_errors=errors)
    if obligation.is_periodic and kind == Report.Kind.INTERIM and period_end is None:
        period_end = obligation.period_end
    report = Report(
        obligation=obligation, kind=kind, text=text.strip(), author=actor, unit=actor.unit,
        period_end=period_end, owner_party_id=obligation.party_id, visibility=Visibility.INTERNAL,
        attachment_name=attachment_name,
    )
    if attachment is not None:
        report.attachment = attachment
    report.save()
    _event(obligation, actor, "report_drafted", note=report.get_kind_display(), internal_to=obligation.party_id)
    audit_record(actor=actor, action="report.create", obj=report, internal_to=obligation.party_id,
                 changes={"kind": kind, "obligation": obligation.pk})
    return report


@transaction.atomic
def report_update(*, actor: Person, report: Report, text: str) -> Report:
    _require_executor_or_secretariat(actor, report.obligation)
    if report.status not in (Report.Status.DRAFT, Report.Status.RETURNED):
        raise InvalidTransition(_("Only a draft or a returned report can be edited."))
    if not (text or "").strip():
        raise ValidationFailed(field_errors={"text": _("The report text is required.")})
    report.text = text.strip()
    report.save(update_fields=["text"])
    audit_record(actor=actor, action="report.update", obj=report, internal_to=report.owner_party_id)
    return report


@transaction.atomic
def report_submit(*, actor: Person, report: Report) -> Report:
    obligation = report.obligation
    _require_executor_or_secretariat(actor, obligation)
    _require_active(obligation)
    if report.status not in (Report.Status.DRAFT, Report.Status.RETURNED):
        raise InvalidTransition(_("Only a draft or a returned report can be submitted."))
    previous = report.status
    updated = Report.objects.filter(pk=report.pk, status=previous).update(
        status=Report.Status.SUBMITTED, submitted_at=timezone.now(), return_reason="")
    if updated != 1:
        raise InvalidTransition()
    report.refresh_from_db()
    _event(obligation, actor, "report_submitted", from_status=previous, to_status=report.status,
           note=report.get_kind_display(), internal_to=obligation.party_id)
    audit_record(actor=actor, action="report.submit", obj=report, internal_to=obligation.party_id)
    return report


@transaction.atomic
def report_accept(*, actor: Person, report: Report) -> Report:
    """The secretariat accepts a report. A final report completes the obligation; interim
    information never does, but for a periodic obligation it closes the reporting period."""
    obligation = Obligation.objects.select_for_update().get(pk=report.obligation_id)
    require_secretariat_of(actor, obligation.party_id)
    _require_active(obligation)
    if Report.objects.filter(pk=report.pk, status=Report.Status.SUBMITTED).update(
        status=Report.Status.ACCEPTED, decided_by=actor, decided_at=timezone.now()
    ) != 1:
        raise InvalidTransition(_("Only a submitted report can be accepted."))
    report.refresh_from_db()
    _event(obligation, actor, "report_accepted", from_status=Report.Status.SUBMITTED,
           to_status=Report.Status.ACCEPTED, note=report.get_kind_display(), internal_to=obligation.party_id)
    if report.kind == Report.Kind.FINAL:
        completed_on = timezone.localdate(report.submitted_at) if report.submitted_at else timezone.localdate()
        _finish(obligation, actor, Status.COMPLETED, completed_on=completed_on, note=_("Final report accepted"))
    elif obligation.is_periodic and obligation.period_end is not None:
        code = _party_calendar(obligation.party_id)
        old = obligation.deadline
        new_period = calendars.period_end(obligation.period_end + dt.timedelta(days=1), obligation.periodicity)
        new_deadline = calendars.report_due(new_period, obligation.periodicity, code)
        Obligation.objects.filter(pk=obligation.pk).update(period_end=new_period, deadline=new_deadline)
        _event(obligation, actor, "period_closed", note=f"{old} → {new_deadline}")
    audit_record(actor=actor, action="report.accept", obj=report, internal_to=obligation.party_id)
    return report


@transaction.atomic
def report_return(*, actor: Person, report: Report, reason: str) -> Report:
    require_secretariat_of(actor, report.obligation.party_id)
    if not (reason or "").strip():
        raise ValidationFailed(field_errors={"reason": _("Say why the report is returned.")})
    if Report.objects.filter(pk=report.pk, status=Report.Status.SUBMITTED).update(
        status=Report.Status.RETURNED, decided_by=actor, decided_at=timezone.now(), return_reason=reason.strip()
    ) != 1:
        raise InvalidTransition(_("Only a submitted report can be returned."))
    report.refresh_from_db()
    _event(report.obligation, actor, "report_returned", from_status=Report.Status.SUBMITTED,
           to_status=Report.Status.RETURNED, note=reason.strip(), internal_to=report.owner_party_id)
    audit_record(actor=actor, action="report.return", obj=report, internal_to=report.owner_party_id,
                 changes={"reason": reason.strip()})
    signals.report_returned.send(sender=Report, report=report)
    return report


@transaction.atomic
def report_release(*, actor: Person, report: Report) -> Report:
    """The party's own secretariat makes an accepted report visible to the other parties."""
    require_secretariat_of(actor, report.owner_party_id)
    if report.status != Report.Status.ACCEPTED:
        raise InvalidTransition(_("Only an accepted report can be released."))
    if Report.objects.filter(pk=report.pk, visibility=Visibility.INTERNAL).update(
        visibility=Visibility.JOINT, released_at=timezone.now()
    ) != 1:
        raise InvalidTransition(_("The report is already released."))
    report.refresh_from_db()
    _event(report.obligation, actor, "report_released", note=report.get_kind_display())
    audit_record(actor=actor, action="report.release", obj=report)
    return report


# --- deadlines -----------------------------------------------------------------------------------

@transaction.atomic
def extension_request_create(*, actor: Person, obligation: Obligation, proposed_deadline: dt.date,
                             reason: str) -> ExtensionRequest:
    _require_executor_or_secretariat(actor, obligation)
    _require_active(obligation)
    errors = {}
    if not (reason or "").strip():
        errors["reason"] = _("A reasoned request is required: say why.")
    if proposed_deadline is None or proposed_deadline <= obligation.deadline:
        errors["proposed_deadline"] = _("The proposed deadline must be later than the current one.")
    if errors:
        raise ValidationFailed(field_errors=errors)
    if obligation.extension_requests.filter(status=ExtensionRequest.Status.PENDING).exists():
        raise InvalidTransition(_("An extension request is already awaiting a decision."))
    request = ExtensionRequest.objects.create(
        obligation=obligation, requested_by=actor, requested_at=timezone.now(),
        current_deadline=obligation.deadline, proposed_deadline=proposed_deadline, reason=reason.strip(),
    )
    _event(obligation, actor, "extension_requested", note=f"{obligation.deadline} → {proposed_deadline}",
           internal_to=obligation.party_id)
    audit_record(actor=actor, action="extension.request", obj=request, internal_to=obligation.party_id,
                 changes={"proposed_deadline": proposed_deadline, "reason": reason.strip()})
    return request


def _decide(request: ExtensionRequest, actor: Person, status: str, **fields: object) -> None:
    if ExtensionRequest.objects.filter(pk=request.pk, status=ExtensionRequest.Status.PENDING).update(
        status=status, decided_by=actor, decided_at=timezone.now(), **fields
    ) != 1:
        raise InvalidTransition(_("The request has already been decided."))
    request.refresh_from_db()


@transaction.atomic
def extension_grant(*, actor: Person, request: ExtensionRequest, deadline: dt.date | None = None,
                    note: str = "") -> ExtensionRequest:
    """Only the issuing secretariat changes a deadline; the history keeps every change."""
    obligation = Obligation.objects.select_for_update().get(pk=request.obligation_id)
    require_secretariat_of(actor, obligation.party_id)
    _require_active(obligation)
    wanted = deadline or request.proposed_deadline
    if wanted <= obligation.deadline:
        raise ValidationFailed(field_errors={"deadline": _("The new deadline must be later than the current one.")})
    new_deadline = calendars.previous_working_day(wanted, _party_calendar(obligation.party_id))
    _decide(request, actor, ExtensionRequest.Status.GRANTED, granted_deadline=new_deadline,
            decision_reason=note.strip())
    _change_deadline(obligation, actor, new_deadline, reason=request.reason, extension=request)
    audit_record(actor=actor, action="extension.grant", obj=request, internal_to=obligation.party_id,
                 changes={"deadline": new_deadline})
    signals.extension_decided.send(sender=ExtensionRequest, request=request)
    return request


@transaction.atomic
def extension_reject(*, actor: Person, request: ExtensionRequest, reason: str) -> ExtensionRequest:
    require_secretariat_of(actor, request.obligation.party_id)
    if not (reason or "").strip():
        raise ValidationFailed(field_errors={"reason": _("Say why the request is rejected.")})
    _decide(request, actor, ExtensionRequest.Status.REJECTED, decision_reason=reason.strip())
    _event(request.obligation, actor, "extension_rejected", note=reason.strip(), internal_to=request.obligation.party_id)
    audit_record(actor=actor, action="extension.reject", obj=request, internal_to=request.obligation.party_id)
    signals.extension_decided.send(sender=ExtensionRequest, request=request)
    return request


@transaction.atomic
def extension_withdraw(*, actor: Person, request: ExtensionRequest) -> ExtensionRequest:
    if request.requested_by_id != actor.pk:
        raise PermissionDenied()
    if ExtensionRequest.objects.filter(pk=request.pk, status=ExtensionRequest.Status.PENDING).update(
        status=ExtensionRequest.Status.WITHDRAWN
    ) != 1:
        raise InvalidTransition(_("The request has already been decided."))
    request.refresh_from_db()
    _event(request.obligation, actor, "extension_withdrawn", internal_to=request.obligation.party_id)
    audit_record(actor=actor, action="extension.withdraw", obj=request, internal_to=request.obligation.party_id)
    return request


def _change_deadline(obligation: Obligation, actor: Person, new_deadline: dt.date, *, reason: str,
                     extension: ExtensionRequest | None = None) -> None:
    DeadlineChange.objects.create(
        obligation=obligation, old_deadline=obligation.deadline, new_deadline=new_deadline, reason=reason,
        changed_by=actor, changed_at=timezone.now(), extension=extension,
    )
    _event(obligation, actor, "deadline_changed", note=f"{obligation.deadline} → {new_deadline}")
    bump_version(obligation, None, deadline=new_deadline)


@transaction.atomic
def obligation_change_deadline(*, actor: Person, obligation: Obligation, deadline: dt.date, reason: str,
                               expected_version: int | None = None) -> Obligation:
    """The issuer moves a deadline by its own decision (e.g. a later resolution)."""
    require_secretariat_of(actor, obligation.party_id)
    _lock(obligation)
    _require_active(obligation)
    if not (reason or "").strip():
        raise ValidationFailed(field_errors={"reason": _("Say why the deadline changes.")})
    if expected_version is not None and expected_version != obligation.lock_version:
        from collegium.core.errors import Conflict

        raise Conflict()
    new_deadline = calendars.previous_working_day(deadline, _party_calendar(obligation.party_id))
    _change_deadline(obligation, actor, new_deadline, reason=reason.strip())
    audit_record(actor=actor, action="obligation.change_deadline", obj=obligation, changes={"deadline": new_deadline})
    return obligation


# --- removal from control -------------------------------------------------------------------------

def _finish(obligation: Obligation, actor: Person | None, status: str, *, completed_on: dt.date | None = None,
            note: str = "", superseded_by=None) -> None:
    fields: dict[str, object] = {"status": status, "removal_reason": note}
    if status == Status.COMPLETED:
        day = completed_on or timezone.localdate()
        fields.update(completed_on=day, completed_in_time=day <= obligation.deadline)
    if superseded_by is not None:
        fields["superseded_by"] = superseded_by
    if Obligation.objects.filter(pk=obligation.pk, status=Status.ACTIVE).update(**fields) != 1:
        raise InvalidTransition(_("The obligation is no longer on control."))
    previous = obligation.status
    obligation.refresh_from_db()
    _event(obligation, actor, "status_changed", from_status=previous, to_status=status, note=note)


@transaction.atomic
def obligation_remove_from_control(*, actor: Person, obligation: Obligation, reason_kind: str, reason: str,
                                   superseded_by=None, completed_on: dt.date | None = None) -> Obligation:
    """Removal with a reason: done (documented), no longer relevant by decision, or superseded."""
    require_secretariat_of(actor, obligation.party_id)
    _lock(obligation)
    _require_active(obligation)
    errors = {}
    if reason_kind not in (Status.COMPLETED, Status.NOT_RELEVANT, Status.SUPERSEDED):
        errors["reason_kind"] = _("Choose why the obligation is removed from control.")
    if not (reason or "").strip():
        errors["reason"] = _("The reason must be documented.")
    if reason_kind == Status.SUPERSEDED and superseded_by is None:
        errors["superseded_by"] = _("Name the clause that supersedes it.")
    if errors:
        raise ValidationFailed(field_errors=errors)
    _finish(obligation, actor, reason_kind, completed_on=completed_on, note=reason.strip(),
            superseded_by=superseded_by)
    audit_record(actor=actor, action="obligation.remove", obj=obligation,
                 changes={"status": reason_kind, "reason": reason.strip()})
    return obligation


@transaction.atomic
def obligation_complete_by_event(*, actor: Person | None, obligation: Obligation, completed_on: dt.date,
                                 note: str) -> Obligation:
    """Completion documented by another record (a round marked held); the service that
    changed that record has already checked the actor's rights."""
    _finish(obligation, actor, Status.COMPLETED, completed_on=completed_on, note=note)
    audit_record(actor=actor, action="obligation.complete", obj=obligation, changes={"completed_on": completed_on})
    return obligation


# --- derived figures -----------------------------------------------------------------------------

def discipline_snapshot_refresh(*, now: dt.datetime | None = None) -> int:
    """Compute execution discipline per unit and month and store it as the latest snapshot,
    dropping older ones. Run by the worker every minute (notifications.tasks); the analytics page
    reads it instead of aggregating every obligation per request. When the figures are those of
    the latest snapshot of the same day, only its `checked_at` is updated.

    No actor, permission or audit: these are figures derived from the obligations, rebuilt in full
    each time, not a record anyone makes. Returns the number of rows stored."""
    from collegium.control.models import DisciplineSnapshot, DisciplineSnapshotRow
    from collegium.control.selectors import DISCIPLINE_FIELDS, discipline_by_month

    now = now or timezone.now()
    today = timezone.localdate(now)
    counts = discipline_by_month(today)
    rows = sorted((c["unit_id"], _month_start(c["month"]), *(c[k] for k in DISCIPLINE_FIELDS)) for c in counts)
    latest = DisciplineSnapshot.objects.order_by("-computed_at", "-id").first()
    if latest is not None and latest.as_of == today and rows == sorted(
            DisciplineSnapshotRow.objects.filter(snapshot=latest).values_list("unit_id", "month", *DISCIPLINE_FIELDS)):
        # The same figures: only say they were checked (the page cache ignores this one write).
        DisciplineSnapshot.objects.filter(pk=latest.pk).update(checked_at=now)
        return len(counts)
    with transaction.atomic():
        snapshot = DisciplineSnapshot.objects.create(computed_at=now, as_of=today)
        DisciplineSnapshotRow.objects.bulk_create(
            [DisciplineSnapshotRow(snapshot=snapshot, unit_id=c["unit_id"], month=_month_start(c["month"]),
                                   **{k: c[k] for k in DISCIPLINE_FIELDS}) for c in counts],
            batch_size=1000,
        )
        # Concurrent refreshes (two workers) each keep their own until the next one: harmless.
        DisciplineSnapshot.objects.filter(id__lt=snapshot.id).delete()
    return len(counts)


def _month_start(value: dt.date | dt.datetime) -> dt.date:
    # TruncMonth on a DateField gives a date on PostgreSQL and SQLite alike; a datetime would be
    # a driver's choice, so both are accepted.
    if isinstance(value, dt.datetime):
        value = value.date()
    return value.replace(day=1)
