"""Writes of the joint text: drafting, proposals between parties, approvals, signing.

A joint text changes only by agreement; every change raises the text version and withdraws
the approvals given so far; a signed text never changes again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from collegium.audit.services import audit_record
from collegium.core.errors import Conflict, InvalidTransition, PermissionDenied, ValidationFailed
from collegium.core.locking import bump_version
from collegium.core.permissions import require_role, require_secretariat_of
from collegium.parties.models import Party, Person, Role, Unit
from collegium.resolutions.canonical import canonical_digest
from collegium.resolutions.models import (
    Approval,
    ChangeProposal,
    Clause,
    ClauseAddressee,
    Periodicity,
    Resolution,
    Signature,
)


def _require_draft(resolution: Resolution) -> None:
    if resolution.status == Resolution.Status.SIGNED:
        raise InvalidTransition(_("A signed resolution cannot be changed; only a later resolution can amend it."))


def _require_participant(person: Person, resolution: Resolution) -> int:
    """The person's party takes part in the resolution's session; returns that party's id."""
    if person.party_id is None or not resolution.session.parties.filter(pk=person.party_id).exists():
        raise PermissionDenied()
    return person.party_id


def _text_changed(resolution: Resolution, actor: Person, reason: str) -> None:
    """Raise the version, withdraw live approvals and fall back to draft."""
    now = timezone.now()
    withdrawn = list(resolution.approvals.filter(withdrawn_at__isnull=True).values_list("party__code", flat=True))
    resolution.approvals.filter(withdrawn_at__isnull=True).update(withdrawn_at=now)
    Resolution.objects.filter(pk=resolution.pk).update(
        text_version=F("text_version") + 1, status=Resolution.Status.DRAFT, lock_version=F("lock_version") + 1
    )
    resolution.refresh_from_db()
    if withdrawn:
        audit_record(actor=actor, action="resolution.approvals_withdrawn", obj=resolution,
                     changes={"parties": withdrawn, "reason": reason, "text_version": resolution.text_version})
        from collegium.resolutions import signals

        signals.approvals_withdrawn.send(sender=Resolution, resolution=resolution, parties=withdrawn)


def _validate_clause(text: str, kind: str, periodicity: str) -> None:
    errors = {}
    if not (text or "").strip():
        errors["text"] = _("The clause text is required.")
    if kind not in Clause.Kind.values:
        errors["kind"] = _("Unknown kind of clause.")
    if periodicity not in Periodicity.values:
        errors["periodicity"] = _("Unknown periodicity.")
    if errors:
        raise ValidationFailed(field_errors=errors)


def _set_addressees(clause: Clause, responsible: Iterable[Unit], co_executors: Iterable[Unit]) -> None:
    clause.addressees.all().delete()
    seen = set()
    for unit, is_responsible in [*((u, True) for u in responsible), *((u, False) for u in co_executors)]:
        if unit.pk in seen:
            continue
        seen.add(unit.pk)
        ClauseAddressee.objects.create(clause=clause, unit=unit, is_responsible=is_responsible)


@transaction.atomic
def resolution_create(*, actor: Person, session, title: str, place: str, number: str = "",
                      preamble: str = "") -> Resolution:
    require_role(actor, Role.SECRETARIAT)
    if not session.parties.filter(pk=actor.party_id).exists():
        raise PermissionDenied()
    if Resolution.objects.filter(session=session).exists():
        raise ValidationFailed(field_errors={"session": _("This session already has a resolution.")})
    if not (title or "").strip():
        raise ValidationFailed(field_errors={"title": _("The title is required.")})
    resolution = Resolution.objects.create(session=session, title=title.strip(), place=place, number=number,
                                           preamble=preamble)
    audit_record(actor=actor, action="resolution.create", obj=resolution, changes={"title": title})
    return resolution


@transaction.atomic
def resolution_update_header(*, actor: Person, resolution: Resolution, expected_version: int | None = None,
                             **fields: str) -> Resolution:
    require_role(actor, Role.SECRETARIAT)
    _require_participant(actor, resolution)
    _require_draft(resolution)
    allowed = {k: v for k, v in fields.items() if k in {"title", "number", "place", "preamble"}}
    bump_version(resolution, expected_version, **allowed)
    _text_changed(resolution, actor, "header")
    audit_record(actor=actor, action="resolution.update_header", obj=resolution, changes=allowed)
    return resolution


@transaction.atomic
def clause_add(*, actor: Person, resolution: Resolution, text: str, kind: str = Clause.Kind.OTHER,
               number: int | None = None, deadline_days: int | None = None, deadline_date: dt.date | None = None,
               periodicity: str = Periodicity.ONCE, responsible_units: Iterable[Unit] = (),
               co_executor_units: Iterable[Unit] = ()) -> Clause:
    """Drafting before negotiation starts: a secretariat adds a clause to a draft."""
    require_role(actor, Role.SECRETARIAT)
    _require_participant(actor, resolution)
    _require_draft(resolution)
    _validate_clause(text, kind, periodicity)
    clause = _insert_clause(resolution, text=text.strip(), kind=kind, number=number, deadline_days=deadline_days,
                            deadline_date=deadline_date, periodicity=periodicity)
    _set_addressees(clause, responsible_units, co_executor_units)
    _text_changed(resolution, actor, "clause added")
    audit_record(actor=actor, action="clause.add", obj=clause, changes={"number": clause.number, "text": clause.text})
    return clause


def _insert_clause(resolution: Resolution, *, number: int | None, **fields: object) -> Clause:
    last = resolution.clauses.aggregate(m=Max("number"))["m"] or 0
    if number is None or number > last:
        number = last + 1
    else:
        # Shift from the end so that no two clauses ever share a number mid-update.
        for clause in resolution.clauses.filter(number__gte=number).order_by("-number"):
            Clause.objects.filter(pk=clause.pk).update(number=clause.number + 1)
    return Clause.objects.create(resolution=resolution, number=number, **fields)


def _delete_clause(clause: Clause) -> None:
    resolution = clause.resolution
    number = clause.number
    clause.addressees.all().delete()
    clause.delete()
    for other in resolution.clauses.filter(number__gt=number).order_by("number"):
        Clause.objects.filter(pk=other.pk).update(number=other.number - 1)


@transaction.atomic
def clause_update(*, actor: Person, clause: Clause, expected_version: int | None = None, text: str | None = None,
                  kind: str | None = None, deadline_days: int | None = None, deadline_date: dt.date | None = None,
                  periodicity: str | None = None, responsible_units: Iterable[Unit] | None = None,
                  co_executor_units: Iterable[Unit] = ()) -> Clause:
    """Direct edit by a secretariat while drafting. Optimistic: a stale version is a conflict."""
    require_role(actor, Role.SECRETARIAT)
    resolution = clause.resolution
    _require_participant(actor, resolution)
    _require_draft(resolution)
    new_text = clause.text if text is None else text.strip()
    new_kind = kind or clause.kind
    new_periodicity = periodicity or clause.periodicity
    _validate_clause(new_text, new_kind, new_periodicity)
    bump_version(clause, expected_version, text=new_text, kind=new_kind, periodicity=new_periodicity,
                 deadline_days=deadline_days, deadline_date=deadline_date)
    if responsible_units is not None:
        _set_addressees(clause, responsible_units, co_executor_units)
    _text_changed(resolution, actor, "clause edited")
    audit_record(actor=actor, action="clause.update", obj=clause, changes={"text": new_text})
    return clause


@transaction.atomic
def clause_delete(*, actor: Person, clause: Clause) -> None:
    require_role(actor, Role.SECRETARIAT)
    resolution = clause.resolution
    _require_participant(actor, resolution)
    _require_draft(resolution)
    audit_record(actor=actor, action="clause.delete", obj=clause, changes={"number": clause.number})
    _delete_clause(clause)
    _text_changed(resolution, actor, "clause deleted")


# --- proposals between parties ---------------------------------------------------------------------

@transaction.atomic
def proposal_create(*, actor: Person, resolution: Resolution, kind: str, clause: Clause | None = None,
                    proposed_text: str = "", insert_after: int | None = None, proposed_kind: str = "",
                    comment: str = "") -> ChangeProposal:
    """A party's draft proposal: internal to the party until it is proposed."""
    require_role(actor, Role.SECRETARIAT)
    party_id = _require_participant(actor, resolution)
    _require_draft(resolution)
    errors = {}
    if kind not in ChangeProposal.Kind.values:
        errors["kind"] = _("Unknown kind of change.")
    if kind in (ChangeProposal.Kind.MODIFY, ChangeProposal.Kind.DELETE) and (
        clause is None or clause.resolution_id != resolution.pk
    ):
        errors["clause"] = _("Choose the clause to change.")
    if kind in (ChangeProposal.Kind.MODIFY, ChangeProposal.Kind.INSERT) and not (proposed_text or "").strip():
        errors["proposed_text"] = _("Write the proposed text.")
    if kind == ChangeProposal.Kind.MODIFY and clause is not None and proposed_text.strip() == clause.text.strip():
        errors["proposed_text"] = _("The proposed text is the same as the current one.")
    if errors:
        raise ValidationFailed(field_errors=errors)
    proposal = ChangeProposal.objects.create(
        resolution=resolution, clause=clause, party_id=party_id, author=actor, kind=kind,
        original_text=clause.text if clause else "", proposed_text=(proposed_text or "").strip(),
        insert_after=insert_after, proposed_kind=proposed_kind or (Clause.Kind.OTHER if kind == "insert" else ""),
        comment=comment.strip(),
    )
    audit_record(actor=actor, action="proposal.create", obj=proposal, internal_to=actor.party_id,
                 changes={"kind": kind, "clause": getattr(clause, "number", None)})
    return proposal


@transaction.atomic
def proposal_submit(*, actor: Person, proposal: ChangeProposal) -> ChangeProposal:
    require_secretariat_of(actor, proposal.party_id)
    _require_draft(proposal.resolution)
    if ChangeProposal.objects.filter(pk=proposal.pk, status=ChangeProposal.Status.DRAFT).update(
        status=ChangeProposal.Status.PROPOSED
    ) != 1:
        raise InvalidTransition(_("Only a draft proposal can be sent to the other parties."))
    proposal.refresh_from_db()
    audit_record(actor=actor, action="proposal.submit", obj=proposal)
    from collegium.resolutions import signals

    signals.proposal_submitted.send(sender=ChangeProposal, proposal=proposal)
    return proposal


@transaction.atomic
def proposal_withdraw(*, actor: Person, proposal: ChangeProposal) -> ChangeProposal:
    require_secretariat_of(actor, proposal.party_id)
    if ChangeProposal.objects.filter(
        pk=proposal.pk, status__in=[ChangeProposal.Status.DRAFT, ChangeProposal.Status.PROPOSED]
    ).update(status=ChangeProposal.Status.WITHDRAWN) != 1:
        raise InvalidTransition(_("The proposal has already been decided."))
    proposal.refresh_from_db()
    audit_record(actor=actor, action="proposal.withdraw", obj=proposal,
                 internal_to=proposal.party_id if proposal.status == ChangeProposal.Status.DRAFT else None)
    return proposal


def _decide_proposal(actor: Person, proposal: ChangeProposal, status: str, reason: str) -> None:
    require_role(actor, Role.SECRETARIAT)
    _require_participant(actor, proposal.resolution)
    if actor.party_id == proposal.party_id:
        raise PermissionDenied(_("A proposal is answered by another party."))
    _require_draft(proposal.resolution)
    if ChangeProposal.objects.filter(pk=proposal.pk, status=ChangeProposal.Status.PROPOSED).update(
        status=status, decided_by=actor, decided_at=timezone.now(), decision_reason=reason.strip()
    ) != 1:
        raise InvalidTransition(_("Only a pending proposal can be accepted or rejected."))
    proposal.refresh_from_db()


@transaction.atomic
def proposal_accept(*, actor: Person, proposal: ChangeProposal) -> ChangeProposal:
    """Another party accepts: the change is applied to the text and approvals are withdrawn."""
    if proposal.kind in (ChangeProposal.Kind.MODIFY, ChangeProposal.Kind.DELETE):
        if proposal.clause is None:
            raise InvalidTransition(_("The clause no longer exists."))
        if proposal.kind == ChangeProposal.Kind.MODIFY and proposal.clause.text.strip() != proposal.original_text.strip():
            raise Conflict(_("The clause has changed since this proposal was made; it must be proposed again."))
    _decide_proposal(actor, proposal, ChangeProposal.Status.ACCEPTED, "")
    resolution = proposal.resolution
    if proposal.kind in (ChangeProposal.Kind.MODIFY, ChangeProposal.Kind.DELETE):
        clause = proposal.clause
        if clause is None:  # checked above, but the proposal was re-read since
            raise InvalidTransition(_("The clause no longer exists."))
        if proposal.kind == ChangeProposal.Kind.MODIFY:
            bump_version(clause, None, text=proposal.proposed_text)
        else:
            _delete_clause(clause)
    else:
        number = (proposal.insert_after + 1) if proposal.insert_after is not None else None
        _insert_clause(resolution, number=number, text=proposal.proposed_text,
                       kind=proposal.proposed_kind or Clause.Kind.OTHER)
    _text_changed(resolution, actor, f"proposal {proposal.pk} accepted")
    audit_record(actor=actor, action="proposal.accept", obj=proposal, changes={"text": proposal.proposed_text})
    return proposal


@transaction.atomic
def proposal_reject(*, actor: Person, proposal: ChangeProposal, reason: str) -> ChangeProposal:
    if not (reason or "").strip():
        raise ValidationFailed(field_errors={"reason": _("Say why the proposal is rejected.")})
    _decide_proposal(actor, proposal, ChangeProposal.Status.REJECTED, reason)
    audit_record(actor=actor, action="proposal.reject", obj=proposal, changes={"reason": reason.strip()})
    return proposal


# --- approval and signing ---------------------------------------------------------------------------

@transaction.atomic
def resolution_approve(*, actor: Person, resolution: Resolution, text_version: int) -> Approval:
    """A party approves the version it has read; a stale version is a conflict."""
    resolution = Resolution.objects.select_for_update().get(pk=resolution.pk)
    require_role(actor, Role.SECRETARIAT, Role.HEAD)
    party_id = _require_participant(actor, resolution)
    _require_draft(resolution)
    if text_version != resolution.text_version:
        raise Conflict(_("The text has changed since you read it. Read the new version before approving."))
    if resolution.proposals.filter(status=ChangeProposal.Status.PROPOSED).exists():
        raise InvalidTransition(_("Answer the pending proposals before approving."))
    if resolution.approvals.filter(party_id=party_id, withdrawn_at__isnull=True).exists():
        raise InvalidTransition(_("Your party has already approved this version."))
    approval = Approval.objects.create(resolution=resolution, party_id=party_id, text_version=text_version,
                                       approved_by=actor, approved_at=timezone.now())
    parties = set(resolution.session.parties.values_list("pk", flat=True))
    approved = set(resolution.approvals.filter(withdrawn_at__isnull=True, text_version=text_version)
                   .values_list("party_id", flat=True))
    if parties <= approved:
        Resolution.objects.filter(pk=resolution.pk).update(status=Resolution.Status.AGREED,
                                                           lock_version=F("lock_version") + 1)
        resolution.refresh_from_db()
        audit_record(actor=actor, action="resolution.agreed", obj=resolution,
                     changes={"text_version": text_version, "digest": canonical_digest(resolution)})
    audit_record(actor=actor, action="resolution.approve", obj=resolution, changes={"text_version": text_version})
    return approval


@transaction.atomic
def resolution_sign(*, actor: Person, resolution: Resolution, signed_on: dt.date | None = None,
                    algorithm: str = "", key_fingerprint: str = "", signature: str = "",
                    expected_digest: str | None = None) -> Signature:
    """The head of a party signs the agreed text. When every party has signed, the resolution is
    signed: immutable, and its instructions are put on control."""
    resolution = Resolution.objects.select_for_update().get(pk=resolution.pk)
    require_role(actor, Role.HEAD)
    party_id = _require_participant(actor, resolution)
    if resolution.status != Resolution.Status.AGREED:
        raise InvalidTransition(_("Only a text approved by every party can be signed."))
    digest = canonical_digest(resolution)
    if expected_digest is not None and expected_digest != digest:
        raise Conflict(_("The signed text differs from the agreed text."))
    if resolution.signatures.filter(party_id=party_id).exists():
        raise InvalidTransition(_("Your party has already signed."))
    sig = Signature.objects.create(
        resolution=resolution, party_id=party_id, signer=actor, signed_at=timezone.now(),
        text_version=resolution.text_version, text_digest=digest, algorithm=algorithm,
        key_fingerprint=key_fingerprint, signature=signature,
    )
    audit_record(actor=actor, action="resolution.sign", obj=resolution,
                 changes={"party": actor.party.code if actor.party else None, "digest": digest})
    parties = set(resolution.session.parties.values_list("pk", flat=True))
    if parties <= set(resolution.signatures.values_list("party_id", flat=True)):
        _seal(resolution, actor, signed_on or timezone.localdate())
    return sig


def _seal(resolution: Resolution, actor: Person, signed_on: dt.date) -> None:
    from collegium.consultations.services import plan_put_on_control
    from collegium.control.models import Obligation
    from collegium.control.services import obligation_create

    Resolution.objects.filter(pk=resolution.pk).update(status=Resolution.Status.SIGNED, signed_on=signed_on,
                                                       lock_version=F("lock_version") + 1)
    resolution.refresh_from_db()
    for clause in resolution.clauses.filter(kind=Clause.Kind.INSTRUCTS).prefetch_related("addressees__unit__party"):
        by_party: dict[int, list[ClauseAddressee]] = {}
        for addressee in clause.addressees.all():
            by_party.setdefault(addressee.unit.party_id, []).append(addressee)
        for party_addressees in by_party.values():
            party = party_addressees[0].unit.party
            responsible = next((a.unit for a in party_addressees if a.is_responsible), party_addressees[0].unit)
            obligation_create(
                actor=None, party=party, source=Obligation.Source.INSTRUCTION, clause=clause,
                title=f"п. {clause.number} постановления {resolution.number or ''}".strip() + f": {clause.text[:400]}",
                text=clause.text, issued_on=signed_on, responsible_unit=responsible,
                co_executor_units=[a.unit for a in party_addressees if a.unit.pk != responsible.pk],
                deadline_days=clause.deadline_days, deadline_date=clause.deadline_date,
                periodicity=clause.periodicity,
            )
    for plan in resolution.consultation_plans.all():
        plan_put_on_control(plan=plan, issued_on=signed_on)
    audit_record(actor=actor, action="resolution.sealed", obj=resolution,
                 changes={"signed_on": signed_on, "digest": canonical_digest(resolution)})


def party_list_for(resolution: Resolution) -> list[Party]:
    return list(resolution.session.parties.all())
