"""The visibility rule in one place: joint records, or internal ones of the person's own party,
never above the person's clearance."""

from __future__ import annotations

from django.db.models import Q

from collegium.core.models import Visibility
from collegium.parties.models import Person


def visible_q(person: Person, prefix: str = "") -> Q:
    """Q for PartyScoped rows this person may see (prefix like 'reports__' for joins)."""
    joint = Q(**{f"{prefix}visibility": Visibility.JOINT})
    own = Q(**{f"{prefix}owner_party_id": person.party_id}) if person.party_id else Q(pk__in=[])
    return (joint | own) & Q(**{f"{prefix}clearance__lte": person.clearance})


def internal_event_q(person: Person, field: str = "internal_to") -> Q:
    """Q for log rows that are joint or internal to the person's own party."""
    if person.party_id:
        return Q(**{f"{field}__isnull": True}) | Q(**{field: person.party_id})
    return Q(**{f"{field}__isnull": True})
