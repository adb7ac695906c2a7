"""Small permission predicates shared by services. Each raises a DomainError."""

from __future__ import annotations

from typing import Any

from collegium.core.errors import PermissionDenied
from collegium.parties.models import Person, Role


def require_role(person: Person, *roles: str) -> None:
    if not person.is_active or not any(person.has_role(role) for role in roles):
        raise PermissionDenied()


def require_party(person: Person, party_id: Any) -> None:
    if person.party_id is None or person.party_id != party_id:
        raise PermissionDenied()


def require_secretariat_of(person: Person, party_id: Any) -> None:
    require_role(person, Role.SECRETARIAT)
    require_party(person, party_id)
