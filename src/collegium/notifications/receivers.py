"""Listeners for domain signals. Each one turns a fact into notices, in the caller's transaction.

Writing the notice in the same transaction as the change (an outbox) means a rolled-back change
sends nothing and a committed one cannot lose its notice. A failure here is logged and swallowed:
a broken notice must never undo a report's return or an extension decision.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.dispatch import receiver
from django.urls import reverse

from collegium.control import signals as control_signals
from collegium.notifications.scans import _fmt, obligation_url
from collegium.notifications.services import NoticeDraft, notice_create
from collegium.parties.models import Person
from collegium.resolutions import signals as resolution_signals

log = logging.getLogger(__name__)


def _guarded(func: Callable[..., None]) -> Callable[..., None]:
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        try:
            with transaction.atomic():
                func(*args, **kwargs)
        except Exception:  # noqa: BLE001 - see the module docstring
            log.exception("notices for %s could not be created", func.__name__)

    return wrapper


@receiver(control_signals.report_returned, dispatch_uid="notifications.report_returned")
@_guarded
def on_report_returned(sender: Any, report: Any, **kwargs: Any) -> None:
    """The report is internal to its party: only its author and that party's executors hear of it."""
    obligation = report.obligation
    from collegium.notifications.scans import _PartyWorld

    world = _PartyWorld({report.owner_party_id})
    people = {p.pk: p for p in world.executors_of(obligation)}
    author = world.people.get(report.author_id)
    if author is not None:
        people[author.pk] = author
    stamp = report.decided_at.isoformat() if report.decided_at else ""
    for person in people.values():
        notice_create(NoticeDraft(
            key=f"report_returned:{report.pk}:{person.pk}:{stamp}", person=person, kind="report_returned",
            context={"title": obligation.title, "reason": report.return_reason}, url=obligation_url(obligation),
            internal_to_id=report.owner_party_id))


@receiver(control_signals.extension_decided, dispatch_uid="notifications.extension_decided")
@_guarded
def on_extension_decided(sender: Any, request: Any, **kwargs: Any) -> None:
    obligation = request.obligation
    obligation.refresh_from_db(fields=["deadline"])
    person = Person.objects.filter(pk=request.requested_by_id).first()
    if person is None or person.party_id != obligation.party_id:
        return
    granted = request.status == "granted"
    notice_create(NoticeDraft(
        key=f"extension:{request.pk}:{person.pk}", person=person,
        kind="extension_granted" if granted else "extension_rejected",
        context={"title": obligation.title, "deadline": _fmt(obligation.deadline),
                 "reason": request.decision_reason},
        url=obligation_url(obligation), internal_to_id=obligation.party_id))


@receiver(resolution_signals.proposal_submitted, dispatch_uid="notifications.proposal_submitted")
@_guarded
def on_proposal_submitted(sender: Any, proposal: Any, **kwargs: Any) -> None:
    """A submitted proposal is joint; it awaits the answer of every other party's secretariat."""
    resolution = proposal.resolution
    party_ids = set(resolution.session.parties.values_list("pk", flat=True)) - {proposal.party_id}
    where = f"п. {proposal.clause.number}" if proposal.clause_id else f"+{proposal.insert_after or 0}"
    for person in Person.objects.filter(party_id__in=party_ids, is_secretariat=True, is_active=True):
        notice_create(NoticeDraft(
            key=f"proposal:{proposal.pk}:{person.pk}", person=person, kind="proposal_submitted",
            context={"party": proposal.party.code, "resolution": resolution.title, "where": where},
            url=reverse("resolution_detail", args=[resolution.pk])))


@receiver(resolution_signals.approvals_withdrawn, dispatch_uid="notifications.approvals_withdrawn")
@_guarded
def on_approvals_withdrawn(sender: Any, resolution: Any, parties: list[str], **kwargs: Any) -> None:
    """Approvals are joint facts: every party's secretariat learns that they must approve again."""
    party_ids = set(resolution.session.parties.values_list("pk", flat=True))
    for person in Person.objects.filter(party_id__in=party_ids, is_secretariat=True, is_active=True):
        notice_create(NoticeDraft(
            key=f"approvals_withdrawn:{resolution.pk}:{resolution.text_version}:{person.pk}", person=person,
            kind="approvals_withdrawn",
            context={"resolution": resolution.title, "version": resolution.text_version,
                     "parties": ", ".join(parties)},
            url=reverse("resolution_detail", args=[resolution.pk])))
