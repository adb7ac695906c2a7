"""Helpers shared by the documents commands."""

from __future__ import annotations

from django.core.management.base import CommandError

from collegium.core.errors import DomainError
from collegium.parties.models import Person


def person_or_error(username: str) -> Person:
    person = Person.objects.filter(username=username, is_active=True).first()
    if person is None:
        raise CommandError(f"no active user {username!r}")
    return person


def session_pk(number: int) -> int:
    from collegium.meetings.models import Session

    pk = Session.objects.filter(number=number).values_list("pk", flat=True).first()
    if pk is None:
        raise CommandError(f"no session №{number}")
    return pk


def domain_error(exc: DomainError) -> CommandError:
    details = "; ".join(f"{k}: {v}" for k, v in exc.field_errors.items())
    return CommandError(exc.message + (f" ({details})" if details and details not in exc.message else ""))
