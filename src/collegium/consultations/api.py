"""API: plans of inter-ministry consultations and their rounds (joint records)."""

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from collegium.consultations import selectors, services
from collegium.consultations.models import Round
from collegium.parties.api import MAX_ID, Id, Pagination, PartyRef, UnitRef, me

router = Router()


class PlanOut(Schema):
    id: int
    year: int
    title: str
    resolution_id: int | None


class DelegationOut(Schema):
    party: PartyRef
    unit: UnitRef | None
    head_name: str
    head_position: str


class RoundOut(Schema):
    id: int
    plan_id: int
    number: int
    topic: str
    level: str
    period_start: dt.date
    period_end: dt.date
    period_label: str
    venue_kind: str
    venue: str
    host_party: PartyRef | None
    date_start: dt.date | None
    date_end: dt.date | None
    status: str
    outcome: str
    press_release_url: str
    status_reason: str
    lock_version: int
    delegations: list[DelegationOut]


class RoundFiltersIn(Schema):
    level: Round.Level | None = None
    status: Round.Status | None = None
    venue: str | None = Field(None, max_length=255, description="Venue text or kind (city, video, margins)")
    topic: str | None = Field(None, max_length=255)
    unit: int | None = Field(None, ge=1, le=MAX_ID, description="Delegation unit id")
    quarter: int | None = Field(None, ge=1, le=4)


class AgreeDatesIn(Schema):
    date_start: dt.date
    date_end: dt.date | None = None
    venue: str | None = Field(None, max_length=255)
    expected_version: int | None = Field(None, ge=1)


class MarkHeldIn(Schema):
    outcome: str = Field(..., max_length=20000)
    date_start: dt.date | None = None
    date_end: dt.date | None = None
    press_release_url: str = Field("", max_length=200)
    evidence: str = Field("", max_length=2000)
    expected_version: int | None = Field(None, ge=1)


class PostponeIn(Schema):
    reason: str = Field(..., max_length=10000)
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    expected_version: int | None = Field(None, ge=1)


class ReasonVersionIn(Schema):
    reason: str = Field(..., max_length=10000)
    expected_version: int | None = Field(None, ge=1)


@router.get("/plans", response=list[PlanOut])
def plans_list(request: HttpRequest):
    return selectors.plan_list(me(request))


@router.get("/plans/{plan_id}", response=PlanOut)
def plan_get(request: HttpRequest, plan_id: Id):
    return selectors.plan_get(me(request), plan_id)


@router.get("/plans/{plan_id}/rounds", response=list[RoundOut])
@paginate(Pagination, page_size=100)
def rounds_list(request: HttpRequest, filters: Query[RoundFiltersIn], plan_id: Id):
    person = me(request)
    plan = selectors.plan_get(person, plan_id)
    return selectors.round_list(person, plan, selectors.RoundFilters(**filters.model_dump()))


@router.get("/rounds/{round_id}", response=RoundOut)
def round_get(request: HttpRequest, round_id: Id):
    return selectors.round_get(me(request), round_id)


@router.post("/rounds/{round_id}/agree-dates", response=RoundOut)
def round_agree_dates(request: HttpRequest, data: AgreeDatesIn, round_id: Id):
    rnd = selectors.round_get(me(request), round_id)
    services.round_agree_dates(actor=me(request), round=rnd, date_start=data.date_start, date_end=data.date_end,
                               venue=data.venue, expected_version=data.expected_version)
    return selectors.round_get(me(request), round_id)


@router.post("/rounds/{round_id}/mark-held", response=RoundOut)
def round_mark_held(request: HttpRequest, data: MarkHeldIn, round_id: Id):
    rnd = selectors.round_get(me(request), round_id)
    services.round_mark_held(actor=me(request), round=rnd, outcome=data.outcome, date_start=data.date_start,
                             date_end=data.date_end, press_release_url=data.press_release_url,
                             expected_version=data.expected_version, evidence=data.evidence)
    return selectors.round_get(me(request), round_id)


@router.post("/rounds/{round_id}/postpone", response=RoundOut)
def round_postpone(request: HttpRequest, data: PostponeIn, round_id: Id):
    rnd = selectors.round_get(me(request), round_id)
    services.round_postpone(actor=me(request), round=rnd, reason=data.reason, period_start=data.period_start,
                            period_end=data.period_end, expected_version=data.expected_version)
    return selectors.round_get(me(request), round_id)


@router.post("/rounds/{round_id}/cancel", response=RoundOut)
def round_cancel(request: HttpRequest, data: ReasonVersionIn, round_id: Id):
    rnd = selectors.round_get(me(request), round_id)
    services.round_cancel(actor=me(request), round=rnd, reason=data.reason, expected_version=data.expected_version)
    return selectors.round_get(me(request), round_id)


@router.post("/rounds/{round_id}/move", response=RoundOut)
def round_move(request: HttpRequest, data: ReasonVersionIn, round_id: Id):
    """Move the round to next year."""
    rnd = selectors.round_get(me(request), round_id)
    services.round_move_to_next_year(actor=me(request), round=rnd, reason=data.reason,
                                     expected_version=data.expected_version)
    return selectors.round_get(me(request), round_id)
