"""API: resolutions (the joint text), clauses, change proposals between parties, approvals and
signatures. A party's draft proposals are internal: another party gets 404 for them."""

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from collegium.core.errors import Conflict, NotFound, ValidationFailed
from collegium.meetings import selectors as meetings_selectors
from collegium.parties import selectors as parties_selectors
from collegium.parties.api import MAX_ID, Id, Pagination, PartyRef, PersonRef, UnitRef, me
from collegium.parties.models import Unit
from collegium.resolutions import selectors, services
from collegium.resolutions.canonical import canonical_digest
from collegium.resolutions.models import ChangeProposal, Clause, Periodicity, Resolution

router = Router()


# --- output ---------------------------------------------------------------------------------------

class ResolutionOut(Schema):
    id: int
    session_id: int
    session_number: int = Field(..., alias="session.number")
    number: str
    title: str
    place: str
    status: str
    text_version: int
    signed_on: dt.date | None
    lock_version: int


class AddresseeOut(Schema):
    unit: UnitRef
    is_responsible: bool


class ClauseOut(Schema):
    id: int
    number: int
    kind: str
    text: str
    deadline_days: int | None
    deadline_date: dt.date | None
    periodicity: str
    lock_version: int
    addressees: list[AddresseeOut]


class ProposalOut(Schema):
    id: int
    resolution_id: int
    clause_id: int | None
    party: str = Field(..., alias="party.code")
    author_id: int
    kind: str
    status: str
    original_text: str
    proposed_text: str
    insert_after: int | None
    proposed_kind: str
    comment: str
    created_at: dt.datetime
    decided_at: dt.datetime | None
    decision_reason: str


class ApprovalPartyOut(Schema):
    party: PartyRef
    approved: bool


class ApprovalStateOut(Schema):
    parties: list[ApprovalPartyOut]
    all_approved: bool


class ApprovalOut(Schema):
    party: PartyRef
    text_version: int
    approved_by: PersonRef
    approved_at: dt.datetime


class SignatureOut(Schema):
    party: PartyRef
    signer: PersonRef
    signed_at: dt.datetime
    text_version: int
    text_digest: str
    algorithm: str
    key_fingerprint: str


class ResolutionDetailOut(ResolutionOut):
    preamble: str
    text_digest: str
    clauses: list[ClauseOut]
    proposals: list[ProposalOut] = Field(..., alias="visible_proposals")
    approvals: list[ApprovalOut] = Field(..., alias="live_approvals")
    approval_state: ApprovalStateOut
    signatures: list[SignatureOut]

    @staticmethod
    def resolve_approval_state(obj):
        return selectors.approval_state(obj)

    @staticmethod
    def resolve_text_digest(obj) -> str:
        return canonical_digest(obj)


# --- input ----------------------------------------------------------------------------------------

class ResolutionFilters(Schema):
    status: Resolution.Status | None = None
    session: int | None = Field(None, ge=1, le=MAX_ID, description="Session id")


class ResolutionIn(Schema):
    session_id: int = Field(..., ge=1, le=MAX_ID)
    title: str = Field(..., max_length=500)
    place: str = Field(..., max_length=128)
    number: str = Field("", max_length=32)
    preamble: str = ""


class ClauseIn(Schema):
    text: str
    kind: Clause.Kind = Clause.Kind.OTHER
    number: int | None = Field(None, ge=1, le=32767)
    deadline_days: int | None = Field(None, ge=0, le=32767)
    deadline_date: dt.date | None = None
    periodicity: Periodicity = Periodicity.ONCE
    responsible_unit_ids: list[int] = Field(default_factory=list, max_length=100)
    co_executor_unit_ids: list[int] = Field(default_factory=list, max_length=100)


class ClauseUpdateIn(Schema):
    expected_version: int = Field(..., ge=1, description="lock_version of the clause as read")
    text: str | None = None
    kind: Clause.Kind | None = None
    deadline_days: int | None = Field(None, ge=0, le=32767)
    deadline_date: dt.date | None = None
    periodicity: Periodicity | None = None
    responsible_unit_ids: list[int] | None = Field(None, max_length=100)
    co_executor_unit_ids: list[int] = Field(default_factory=list, max_length=100)


class ClauseDeleteParams(Schema):
    expected_version: int = Field(..., ge=1, description="lock_version of the clause as read")


class ProposalIn(Schema):
    kind: ChangeProposal.Kind
    clause_id: int | None = Field(None, ge=1, le=MAX_ID)
    proposed_text: str = ""
    insert_after: int | None = Field(None, ge=0, le=32767)
    proposed_kind: Clause.Kind | None = None
    comment: str = ""


class ReasonIn(Schema):
    reason: str = Field(..., max_length=10000)


class ApproveIn(Schema):
    text_version: int = Field(..., ge=1)


class SignIn(Schema):
    signed_on: dt.date | None = None
    expected_digest: str | None = Field(None, min_length=64, max_length=64,
                                        description="SHA-256 of the canonical text the head has read")


# --- helpers --------------------------------------------------------------------------------------

def _units(ids: list[int], field: str) -> list[Unit]:
    units = []
    for pk in ids:
        try:
            units.append(parties_selectors.unit_get(pk))
        except NotFound as exc:
            raise ValidationFailed(field_errors={field: f"Unknown unit {pk}."}) from exc
    return units


def _detail(request: HttpRequest, pk: int) -> Resolution:
    return selectors.resolution_get(me(request), pk)


# --- reads ----------------------------------------------------------------------------------------

@router.get("/resolutions", response=list[ResolutionOut])
@paginate(Pagination, page_size=50)
def resolutions_list(request: HttpRequest, filters: Query[ResolutionFilters]):
    qs = selectors.resolution_list(me(request))
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.session:
        qs = qs.filter(session_id=filters.session)
    return qs.order_by("-session__date_start", "-id")


@router.get("/resolutions/{resolution_id}", response=ResolutionDetailOut)
def resolution_get(request: HttpRequest, resolution_id: Id):
    return _detail(request, resolution_id)


@router.get("/proposals/{proposal_id}", response=ProposalOut)
def proposal_get(request: HttpRequest, proposal_id: Id):
    return selectors.proposal_get(me(request), proposal_id)


# --- drafting -------------------------------------------------------------------------------------

@router.post("/resolutions", response={201: ResolutionDetailOut})
def resolution_create(request: HttpRequest, data: ResolutionIn):
    person = me(request)
    try:
        session = meetings_selectors.session_get(person, data.session_id)
    except NotFound as exc:
        raise ValidationFailed(field_errors={"session_id": "Unknown session."}) from exc
    resolution = services.resolution_create(actor=person, session=session, title=data.title, place=data.place,
                                            number=data.number, preamble=data.preamble)
    return Status(201, _detail(request, resolution.pk))


@router.post("/resolutions/{resolution_id}/clauses", response={201: ClauseOut})
def clause_add(request: HttpRequest, data: ClauseIn, resolution_id: Id):
    resolution = _detail(request, resolution_id)
    clause = services.clause_add(
        actor=me(request), resolution=resolution, text=data.text, kind=data.kind, number=data.number,
        deadline_days=data.deadline_days, deadline_date=data.deadline_date, periodicity=data.periodicity,
        responsible_units=_units(data.responsible_unit_ids, "responsible_unit_ids"),
        co_executor_units=_units(data.co_executor_unit_ids, "co_executor_unit_ids"),
    )
    return Status(201, selectors.clause_get(me(request), clause.pk))


@router.patch("/clauses/{clause_id}", response=ClauseOut)
def clause_update(request: HttpRequest, data: ClauseUpdateIn, clause_id: Id):
    clause = selectors.clause_get(me(request), clause_id)
    responsible = (None if data.responsible_unit_ids is None
                   else _units(data.responsible_unit_ids, "responsible_unit_ids"))
    fields = data.model_fields_set
    services.clause_update(
        actor=me(request), clause=clause, expected_version=data.expected_version, text=data.text, kind=data.kind,
        # Deadlines are kept unless the client sends them (null clears them).
        deadline_days=data.deadline_days if "deadline_days" in fields else clause.deadline_days,
        deadline_date=data.deadline_date if "deadline_date" in fields else clause.deadline_date,
        periodicity=data.periodicity, responsible_units=responsible,
        co_executor_units=_units(data.co_executor_unit_ids, "co_executor_unit_ids"),
    )
    return selectors.clause_get(me(request), clause_id)


@router.delete("/clauses/{clause_id}", response={204: None})
def clause_delete(request: HttpRequest, params: Query[ClauseDeleteParams], clause_id: Id):
    clause = selectors.clause_get(me(request), clause_id)
    # clause_delete takes no version; refusing a stale delete here keeps the optimistic contract.
    if clause.lock_version != params.expected_version:
        raise Conflict()
    services.clause_delete(actor=me(request), clause=clause)
    return Status(204, None)


# --- proposals ------------------------------------------------------------------------------------

@router.post("/resolutions/{resolution_id}/proposals", response={201: ProposalOut})
def proposal_create(request: HttpRequest, data: ProposalIn, resolution_id: Id):
    person = me(request)
    resolution = _detail(request, resolution_id)
    clause = None
    if data.clause_id is not None:
        try:
            clause = selectors.clause_get(person, data.clause_id)
        except NotFound as exc:
            raise ValidationFailed(field_errors={"clause_id": "Unknown clause."}) from exc
    proposal = services.proposal_create(
        actor=person, resolution=resolution, kind=data.kind, clause=clause, proposed_text=data.proposed_text,
        insert_after=data.insert_after, proposed_kind=data.proposed_kind or "", comment=data.comment,
    )
    return Status(201, selectors.proposal_get(person, proposal.pk))


@router.post("/proposals/{proposal_id}/submit", response=ProposalOut)
def proposal_submit(request: HttpRequest, proposal_id: Id):
    proposal = selectors.proposal_get(me(request), proposal_id)
    return services.proposal_submit(actor=me(request), proposal=proposal)


@router.post("/proposals/{proposal_id}/withdraw", response=ProposalOut)
def proposal_withdraw(request: HttpRequest, proposal_id: Id):
    proposal = selectors.proposal_get(me(request), proposal_id)
    return services.proposal_withdraw(actor=me(request), proposal=proposal)


@router.post("/proposals/{proposal_id}/accept", response=ProposalOut)
def proposal_accept(request: HttpRequest, proposal_id: Id):
    proposal = selectors.proposal_get(me(request), proposal_id)
    return services.proposal_accept(actor=me(request), proposal=proposal)


@router.post("/proposals/{proposal_id}/reject", response=ProposalOut)
def proposal_reject(request: HttpRequest, data: ReasonIn, proposal_id: Id):
    proposal = selectors.proposal_get(me(request), proposal_id)
    return services.proposal_reject(actor=me(request), proposal=proposal, reason=data.reason)


# --- approval and signing -------------------------------------------------------------------------

@router.post("/resolutions/{resolution_id}/approve", response=ResolutionDetailOut)
def resolution_approve(request: HttpRequest, data: ApproveIn, resolution_id: Id):
    resolution = _detail(request, resolution_id)
    services.resolution_approve(actor=me(request), resolution=resolution, text_version=data.text_version)
    return _detail(request, resolution_id)


@router.post("/resolutions/{resolution_id}/sign", response=ResolutionDetailOut)
def resolution_sign(request: HttpRequest, data: SignIn, resolution_id: Id):
    """Records the head's signature over the agreed text (cryptographic signing is the documents app's)."""
    resolution = _detail(request, resolution_id)
    services.resolution_sign(actor=me(request), resolution=resolution, signed_on=data.signed_on,
                             expected_digest=data.expected_digest)
    return _detail(request, resolution_id)
