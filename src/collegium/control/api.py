"""API: execution control. Obligations are joint; reports stay internal to their party until
released, extension requests are seen only by the executing party. Another party's internal
record answers 404 exactly like a missing one, and is never counted."""

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import model_validator

from collegium.control import selectors, services
from collegium.control.models import Obligation, Report
from collegium.core.errors import NotFound, ValidationFailed
from collegium.parties.api import MAX_ID, Id, Pagination, PartyRef, PersonRef, UnitRef, me
from collegium.resolutions import selectors as resolutions_selectors

router = Router()


# --- output ---------------------------------------------------------------------------------------

class ExecutorOut(Schema):
    unit: UnitRef
    is_responsible: bool


class ObligationBriefOut(Schema):
    id: int
    party: PartyRef
    source: str
    title: str
    status: str
    periodicity: str
    issued_on: dt.date
    initial_deadline: dt.date
    deadline: dt.date
    completed_on: dt.date | None
    completed_in_time: bool | None
    overdue: bool


class ObligationOut(ObligationBriefOut):
    clause_id: int | None
    action_id: int | None
    round_id: int | None
    session_id: int | None
    section_id: int | None
    lock_version: int
    executors: list[ExecutorOut]
    has_pending_report: bool = Field(False, description="A report awaits your party's decision")

    @staticmethod
    def resolve_session_id(obj) -> int | None:
        return obj.clause.resolution.session_id if obj.clause_id else None

    @staticmethod
    def resolve_section_id(obj) -> int | None:
        return obj.action.section_id if obj.action_id else None

    @staticmethod
    def resolve_executors(obj) -> list:
        # Prefetched into a list by the list selector; a single obligation's card has the manager.
        executors = getattr(obj, "executor_list", None)
        return executors if executors is not None else list(obj.executors.all())

    @staticmethod
    def resolve_has_pending_report(obj) -> bool:
        # Prefetched by the list selector; a single obligation's card has it as a plain attribute.
        pending = getattr(obj, "pending_reports", None)
        return bool(pending) if pending is not None else bool(getattr(obj, "has_pending_report", False))


class ObligationDetailOut(ObligationOut):
    text: str
    period_end: dt.date | None
    removal_reason: str
    controller_id: int | None
    superseded_by_id: int | None


class ReportOut(Schema):
    id: int
    obligation_id: int
    kind: str
    status: str
    text: str
    period_end: dt.date | None
    author: PersonRef
    unit_id: int | None
    owner_party_id: int
    visibility: str
    created_at: dt.datetime
    submitted_at: dt.datetime | None
    decided_at: dt.datetime | None
    return_reason: str
    released_at: dt.datetime | None


class ExtensionRequestOut(Schema):
    id: int
    obligation_id: int
    requested_by: PersonRef
    requested_at: dt.datetime
    current_deadline: dt.date
    proposed_deadline: dt.date
    reason: str
    status: str
    decided_at: dt.datetime | None
    granted_deadline: dt.date | None
    decision_reason: str


class DeadlineChangeOut(Schema):
    old_deadline: dt.date
    new_deadline: dt.date
    reason: str
    changed_by: PersonRef | None
    changed_at: dt.datetime
    extension_id: int | None


class EventOut(Schema):
    at: dt.datetime
    actor: PersonRef | None
    kind: str
    from_status: str
    to_status: str
    note: str
    internal: bool

    @staticmethod
    def resolve_internal(obj) -> bool:
        return obj.internal_to_id is not None


class ObligationCardOut(Schema):
    obligation: ObligationDetailOut
    reports: list[ReportOut]
    extension_requests: list[ExtensionRequestOut]
    deadline_changes: list[DeadlineChangeOut]
    events: list[EventOut]
    overdue: bool
    can_report: bool
    can_decide: bool


class InterimRowOut(Schema):
    obligation: ObligationBriefOut
    responsible: str
    status: str
    overdue: bool
    latest_report: ReportOut | None
    deadline_history: list[DeadlineChangeOut]


class InterimGroupOut(Schema):
    title: str
    today: dt.date
    totals: dict[str, int]
    rows: list[InterimRowOut]


class DisciplineRowOut(Schema):
    unit_id: int
    unit_name: str
    party_code: str
    total: int
    completed: int
    completed_in_time: int
    completed_late: int
    overdue: int
    in_progress: int
    in_time_share: float | None


# --- input ----------------------------------------------------------------------------------------

class ObligationFiltersIn(Schema):
    party: str | None = Field(None, max_length=8, description="Executing party code")
    unit: int | None = Field(None, ge=1, le=MAX_ID, description="Executing unit id")
    status: Obligation.Status | None = None
    overdue: bool | None = None
    deadline_from: dt.date | None = None
    deadline_to: dt.date | None = None
    session: int | None = Field(None, ge=1, le=MAX_ID, description="Session whose resolution gave the instruction")
    section: int | None = Field(None, ge=1, le=MAX_ID, description="Programme section id")
    source: Obligation.Source | None = None
    mine: bool = Field(False, description="Only obligations of my unit and the units below it")
    q: str | None = Field(None, max_length=200, description="Text search in title and text")

    @model_validator(mode="after")
    def _range(self) -> "ObligationFiltersIn":
        if self.deadline_from and self.deadline_to and self.deadline_to < self.deadline_from:
            raise ValueError("deadline_to is before deadline_from")
        return self


class DisciplineFiltersIn(Schema):
    party: str | None = Field(None, max_length=8)
    date_from: dt.date | None = None
    date_to: dt.date | None = None


class ReportIn(Schema):
    kind: Report.Kind
    text: str = Field(..., max_length=50000)
    period_end: dt.date | None = None


class ReportUpdateIn(Schema):
    text: str = Field(..., max_length=50000)


class ReasonIn(Schema):
    reason: str = Field(..., max_length=10000)


class ExtensionIn(Schema):
    proposed_deadline: dt.date
    reason: str = Field(..., max_length=10000)


class GrantIn(Schema):
    deadline: dt.date | None = Field(None, description="Defaults to the proposed deadline")
    note: str = Field("", max_length=10000)


class RemoveIn(Schema):
    reason_kind: Obligation.Status = Field(..., description="completed, not_relevant or superseded")
    reason: str = Field(..., max_length=10000)
    superseded_by_clause_id: int | None = Field(None, ge=1, le=MAX_ID)
    completed_on: dt.date | None = None


class DeadlineIn(Schema):
    deadline: dt.date
    reason: str = Field(..., max_length=10000)
    expected_version: int | None = Field(None, ge=1)


# --- reads ----------------------------------------------------------------------------------------

@router.get("/obligations", response=list[ObligationOut])
@paginate(Pagination, page_size=50)
def obligations_list(request: HttpRequest, filters: Query[ObligationFiltersIn]):
    # The selector orders by (deadline, id): stable across pages.
    return selectors.obligation_list(me(request), selectors.ObligationFilters(**filters.model_dump()))


@router.get("/obligations/{obligation_id}", response=ObligationCardOut)
def obligation_card(request: HttpRequest, obligation_id: Id):
    return selectors.obligation_card(me(request), obligation_id)


@router.get("/reports/{report_id}", response=ReportOut)
def report_get(request: HttpRequest, report_id: Id):
    return selectors.report_get(me(request), report_id)


@router.get("/extension-requests/{request_id}", response=ExtensionRequestOut)
def extension_request_get(request: HttpRequest, request_id: Id):
    return selectors.extension_request_get(me(request), request_id)


@router.get("/sessions/{session_id}/interim-results", response=list[InterimGroupOut])
def interim_results(request: HttpRequest, session_id: Id):
    return selectors.interim_results(me(request), session_id=session_id)


@router.get("/discipline", response=list[DisciplineRowOut])
def discipline(request: HttpRequest, filters: Query[DisciplineFiltersIn]):
    return selectors.discipline(me(request), party_code=filters.party, date_from=filters.date_from,
                                date_to=filters.date_to)


# --- reports --------------------------------------------------------------------------------------

def _report(request: HttpRequest, pk: int) -> Report:
    return selectors.report_get(me(request), pk)


@router.post("/obligations/{obligation_id}/reports", response={201: ReportOut})
def report_create(request: HttpRequest, data: ReportIn, obligation_id: Id):
    obligation = selectors.obligation_get(me(request), obligation_id)
    report = services.report_create(actor=me(request), obligation=obligation, kind=data.kind, text=data.text,
                                    period_end=data.period_end)
    return Status(201, _report(request, report.pk))


@router.patch("/reports/{report_id}", response=ReportOut)
def report_update(request: HttpRequest, data: ReportUpdateIn, report_id: Id):
    services.report_update(actor=me(request), report=_report(request, report_id), text=data.text)
    return _report(request, report_id)


@router.post("/reports/{report_id}/submit", response=ReportOut)
def report_submit(request: HttpRequest, report_id: Id):
    services.report_submit(actor=me(request), report=_report(request, report_id))
    return _report(request, report_id)


@router.post("/reports/{report_id}/accept", response=ReportOut)
def report_accept(request: HttpRequest, report_id: Id):
    services.report_accept(actor=me(request), report=_report(request, report_id))
    return _report(request, report_id)


@router.post("/reports/{report_id}/return", response=ReportOut)
def report_return(request: HttpRequest, data: ReasonIn, report_id: Id):
    services.report_return(actor=me(request), report=_report(request, report_id), reason=data.reason)
    return _report(request, report_id)


@router.post("/reports/{report_id}/release", response=ReportOut)
def report_release(request: HttpRequest, report_id: Id):
    services.report_release(actor=me(request), report=_report(request, report_id))
    return _report(request, report_id)


# --- extension requests ---------------------------------------------------------------------------

def _extension(request: HttpRequest, pk: int):
    return selectors.extension_request_get(me(request), pk)


@router.post("/obligations/{obligation_id}/extension-requests", response={201: ExtensionRequestOut})
def extension_request_create(request: HttpRequest, data: ExtensionIn, obligation_id: Id):
    obligation = selectors.obligation_get(me(request), obligation_id)
    req = services.extension_request_create(actor=me(request), obligation=obligation,
                                            proposed_deadline=data.proposed_deadline, reason=data.reason)
    return Status(201, _extension(request, req.pk))


@router.post("/extension-requests/{request_id}/grant", response=ExtensionRequestOut)
def extension_grant(request: HttpRequest, data: GrantIn, request_id: Id):
    services.extension_grant(actor=me(request), request=_extension(request, request_id), deadline=data.deadline,
                             note=data.note)
    return _extension(request, request_id)


@router.post("/extension-requests/{request_id}/reject", response=ExtensionRequestOut)
def extension_reject(request: HttpRequest, data: ReasonIn, request_id: Id):
    services.extension_reject(actor=me(request), request=_extension(request, request_id), reason=data.reason)
    return _extension(request, request_id)


@router.post("/extension-requests/{request_id}/withdraw", response=ExtensionRequestOut)
def extension_withdraw(request: HttpRequest, request_id: Id):
    services.extension_withdraw(actor=me(request), request=_extension(request, request_id))
    return _extension(request, request_id)


# --- obligation decisions -------------------------------------------------------------------------

@router.post("/obligations/{obligation_id}/remove-from-control", response=ObligationCardOut)
def obligation_remove(request: HttpRequest, data: RemoveIn, obligation_id: Id):
    person = me(request)
    obligation = selectors.obligation_get(person, obligation_id)
    superseded_by = None
    if data.superseded_by_clause_id is not None:
        try:
            superseded_by = resolutions_selectors.clause_get(person, data.superseded_by_clause_id)
        except NotFound as exc:
            raise ValidationFailed(field_errors={"superseded_by_clause_id": "Unknown clause."}) from exc
    services.obligation_remove_from_control(actor=person, obligation=obligation, reason_kind=data.reason_kind,
                                            reason=data.reason, superseded_by=superseded_by,
                                            completed_on=data.completed_on)
    return selectors.obligation_card(person, obligation_id)


@router.post("/obligations/{obligation_id}/deadline", response=ObligationCardOut)
def obligation_change_deadline(request: HttpRequest, data: DeadlineIn, obligation_id: Id):
    person = me(request)
    obligation = selectors.obligation_get(person, obligation_id)
    services.obligation_change_deadline(actor=person, obligation=obligation, deadline=data.deadline,
                                        reason=data.reason, expected_version=data.expected_version)
    return selectors.obligation_card(person, obligation_id)
