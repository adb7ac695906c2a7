"""Reads of resolutions: the text is joint; a party's draft proposals are internal to it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeAlias, TypedDict

from django.db.models import Prefetch, Q, QuerySet

from collegium.core.errors import NotFound
from collegium.parties.models import Person
from collegium.resolutions.models import (
    Approval,
    ChangeProposal,
    Clause,
    ClauseAddressee,
    Resolution,
    Signature,
)

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    class _ResolutionPrefetch(TypedDict):
        visible_proposals: list[ChangeProposal]
        live_approvals: list[Approval]

    # A resolution as resolution_get returns it: with the proposals this person may see and the
    # approvals not withdrawn (Prefetch to_attr), which the detail page and the API read.
    ResolutionDetail: TypeAlias = WithAnnotations[Resolution, _ResolutionPrefetch]


def proposals_visible(person: Person) -> QuerySet[ChangeProposal]:
    own_draft = Q(status=ChangeProposal.Status.DRAFT, party_id=person.party_id) if person.party_id else Q(pk__in=[])
    return ChangeProposal.objects.filter(~Q(status=ChangeProposal.Status.DRAFT) | own_draft)


def resolution_list(person: Person) -> QuerySet[Resolution]:
    return Resolution.objects.select_related("session").order_by("-session__date_start")


def resolution_get(person: Person, pk: Any) -> ResolutionDetail:
    try:
        return Resolution.objects.select_related("session").prefetch_related(
            "session__parties",
            Prefetch("clauses", queryset=Clause.objects.order_by("number").prefetch_related(
                Prefetch("addressees", queryset=ClauseAddressee.objects.select_related("unit__party")))),
            Prefetch("proposals", queryset=proposals_visible(person).select_related("party", "author", "clause",
                                                                                    "decided_by"),
                     to_attr="visible_proposals"),
            Prefetch("approvals", queryset=Approval.objects.filter(withdrawn_at__isnull=True)
                     .select_related("party", "approved_by"), to_attr="live_approvals"),
            Prefetch("signatures", queryset=Signature.objects.select_related("party", "signer")),
        ).get(pk=int(pk))
    except (Resolution.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc


def resolution_for_session(person: Person, session_id: Any) -> Resolution:
    try:
        pk = Resolution.objects.values_list("pk", flat=True).get(session_id=int(session_id))
    except (Resolution.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc
    return resolution_get(person, pk)


def proposal_get(person: Person, pk: Any) -> ChangeProposal:
    try:
        return proposals_visible(person).select_related("resolution__session", "clause", "party").get(pk=int(pk))
    except (ChangeProposal.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc


def clause_get(person: Person, pk: Any) -> Clause:
    try:
        return Clause.objects.select_related("resolution__session").get(pk=int(pk))
    except (Clause.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc


def approval_state(resolution: Resolution) -> dict[str, Any]:
    """Which parties have approved the current version, and whether all have."""
    parties = list(resolution.session.parties.all())
    approved = {a.party_id for a in getattr(resolution, "live_approvals", resolution.approvals.filter(
        withdrawn_at__isnull=True)) if a.text_version == resolution.text_version}
    return {
        "parties": [{"party": p, "approved": p.pk in approved} for p in parties],
        "all_approved": bool(parties) and all(p.pk in approved for p in parties),
    }
