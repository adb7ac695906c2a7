"""Reads the pages need that no domain selector offers yet. Same rule as everywhere: the person
comes first and nothing hidden from them is returned."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from collegium.core.errors import NotFound
from collegium.meetings.models import AgendaItem
from collegium.parties.models import Person
from collegium.resolutions.models import ChangeProposal, Resolution


def agenda_item_get(person: Person, pk: Any) -> AgendaItem:
    """Agenda items are joint: any participant may read them."""
    try:
        return AgendaItem.objects.select_related("session").get(pk=int(pk))
    except (AgendaItem.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc


def resolutions_needing_answer(person: Person) -> QuerySet[Resolution]:
    """Drafts where another party has proposed a change this person's party must answer."""
    if not (person.is_secretariat and person.party_id):
        return Resolution.objects.none()
    pending = ChangeProposal.objects.filter(status=ChangeProposal.Status.PROPOSED).exclude(party_id=person.party_id)
    return Resolution.objects.filter(status=Resolution.Status.DRAFT, proposals__in=pending,
                                     session__parties=person.party_id).select_related("session").distinct()


def resolutions_to_sign(person: Person) -> QuerySet[Resolution]:
    if not (person.is_head and person.party_id):
        return Resolution.objects.none()
    return Resolution.objects.filter(status=Resolution.Status.AGREED, session__parties=person.party_id) \
        .exclude(signatures__party_id=person.party_id).select_related("session").distinct()
