"""Reads of parties, units and people (all joint directory data)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from collegium.core.errors import NotFound
from collegium.parties.models import Party, Person, Unit


def party_list(person: Person | None = None) -> QuerySet[Party]:
    return Party.objects.order_by("order", "code")


def party_by_code(code: str) -> Party:
    try:
        return Party.objects.get(code__iexact=code)
    except Party.DoesNotExist as exc:
        raise NotFound() from exc


def unit_list(person: Person | None = None, party_code: str | None = None) -> QuerySet[Unit]:
    qs = Unit.objects.select_related("party", "parent").order_by("party__order", "code")
    if party_code:
        qs = qs.filter(party__code__iexact=party_code)
    return qs


def unit_get(pk: Any) -> Unit:
    try:
        return Unit.objects.select_related("party").get(pk=int(pk))
    except (Unit.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc


def people_of_party(party_id: int) -> QuerySet[Person]:
    return Person.objects.filter(party_id=party_id, is_active=True).select_related("unit")


def person_by_username(username: str) -> Person:
    """An active person by login (people are directory data, joint to every party)."""
    try:
        return Person.objects.select_related("party", "unit").get(username=username, is_active=True)
    except Person.DoesNotExist as exc:
        raise NotFound() from exc
