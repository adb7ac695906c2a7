"""API: the directory (parties, units) and the current person. Also the small reference schemas
other domains use to name a party, a unit or a person."""

from typing import Annotated

from django.http import HttpRequest
from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import PageNumberPagination

from collegium.parties import selectors
from collegium.parties.models import Person

router = Router()

# Ids above this are certainly missing; checking here keeps oversized numbers from the database.
MAX_ID = 2**53
# A record id in a path: a positive integer in range, else 422 before any lookup.
Id = Annotated[int, Path(ge=1, le=MAX_ID)]


class Pagination(PageNumberPagination):
    """Page-number pagination with bounded inputs, so an absurd page is a 422, not a database error."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=1_000_000)
        page_size: int | None = Field(None, ge=1, le=500)


def me(request: HttpRequest) -> Person:
    """The authenticated person (a token's owner or the session user)."""
    return request.auth  # type: ignore[attr-defined]  # set by django-ninja's authentication, unknown to HttpRequest


class PartyRef(Schema):
    id: int
    code: str
    short_name: str


class UnitRef(Schema):
    # party_id rather than the party's code: list selectors load units without their party.
    id: int
    code: str
    name: str
    party_id: int


class PersonRef(Schema):
    id: int
    username: str
    full_name: str


class PartyOut(Schema):
    id: int
    code: str
    name: str
    name_en: str
    short_name: str
    short_name_en: str
    country: str
    calendar_code: str
    head_title: str


class UnitOut(Schema):
    id: int
    code: str
    name: str
    name_en: str
    party: PartyRef
    parent_id: int | None


class MeOut(Schema):
    id: int
    username: str
    full_name: str
    position: str
    party: PartyRef | None
    unit: UnitRef | None
    roles: list[str]
    clearance: int


class UnitFilters(Schema):
    party: str | None = Field(None, max_length=8, description="Party code, e.g. RU")


@router.get("/parties", response=list[PartyOut])
def parties_list(request: HttpRequest):
    return selectors.party_list(me(request))


@router.get("/units", response=list[UnitOut])
def units_list(request: HttpRequest, filters: Query[UnitFilters]):
    return selectors.unit_list(me(request), party_code=filters.party)


@router.get("/me", response=MeOut)
def me_get(request: HttpRequest):
    return me(request)
