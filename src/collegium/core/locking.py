"""Optimistic locking helper shared by every service that edits a versioned record."""

from __future__ import annotations

from django.db.models import F

from collegium.core.errors import Conflict
from collegium.core.models import Versioned


def bump_version(obj: Versioned, expected_version: int | None, **changes: object) -> None:
    """Write `changes` only if the row still has `expected_version`; raise Conflict otherwise.

    The check and the write are one conditional UPDATE, so two concurrent writers can never
    both succeed, whatever the database isolation level.
    """
    model = type(obj)
    current = obj.lock_version if expected_version is None else expected_version
    updated = model._default_manager.filter(pk=obj.pk, lock_version=current).update(
        lock_version=F("lock_version") + 1, **changes
    )
    if updated != 1:
        raise Conflict()
    for name, value in changes.items():
        setattr(obj, name, value)
    obj.lock_version = current + 1
