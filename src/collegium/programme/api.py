"""API: the Programme of coordinated actions, with the execution roll-up per section."""

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from collegium.parties.api import MAX_ID, Id, PartyRef, UnitRef, me
from collegium.programme import selectors

router = Router()


class ProgrammeOut(Schema):
    id: int
    title: str
    year_from: int
    year_to: int
    status: str
    approved_by: str
    approval_number: str
    approval_date: dt.date | None


class ExecutorOut(Schema):
    unit: UnitRef
    is_responsible: bool


class ActionObligationOut(Schema):
    id: int
    party: PartyRef
    status: str
    deadline: dt.date
    overdue: bool
    executors: list[ExecutorOut]


class ActionOut(Schema):
    id: int
    number: str
    text: str
    deadline_text: str
    obligations: list[ActionObligationOut]


class SectionOut(Schema):
    id: int
    number: int
    title: str
    total: int
    completed: int
    overdue: int
    actions: list[ActionOut]


class ProgrammeTreeOut(Schema):
    programme: ProgrammeOut
    sections: list[SectionOut]


class TreeFilters(Schema):
    party: str | None = Field(None, max_length=8, description="Party code")
    unit: int | None = Field(None, ge=1, le=MAX_ID, description="Executing unit id")


@router.get("/programmes", response=list[ProgrammeOut])
def programmes_list(request: HttpRequest):
    return selectors.programme_list(me(request))


@router.get("/programmes/{programme_id}", response=ProgrammeOut)
def programme_get(request: HttpRequest, programme_id: Id):
    return selectors.programme_get(me(request), programme_id)


@router.get("/programmes/{programme_id}/tree", response=ProgrammeTreeOut)
def programme_tree(request: HttpRequest, filters: Query[TreeFilters],
                   programme_id: Id):
    person = me(request)
    programme = selectors.programme_get(person, programme_id)
    sections = selectors.programme_tree(person, programme, party=filters.party, unit=filters.unit)
    return {"programme": programme, "sections": sections}
