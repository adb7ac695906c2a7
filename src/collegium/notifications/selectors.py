"""Reads of notifications and jobs for one person: a person sees only their own."""

from __future__ import annotations

from django.db.models import QuerySet

from collegium.core.errors import NotFound
from collegium.notifications.models import Job, Notification
from collegium.parties.models import Person


def unread_count(person: Person) -> int:
    if not person.is_authenticated:
        return 0
    return Notification.objects.filter(person=person, read_at__isnull=True).count()


def notifications_for(person: Person, *, unread_only: bool = False, limit: int = 50) -> QuerySet[Notification]:
    rows = Notification.objects.filter(person=person)
    if unread_only:
        rows = rows.filter(read_at__isnull=True)
    return rows.order_by("-created_at", "-id")[:limit]


def job_for(person: Person, job_id: int) -> Job:
    """A job is shown to the person who started it (and to superusers); others get 404 like a missing one."""
    rows = Job.objects.all() if person.is_superuser else Job.objects.filter(created_by=person)
    try:
        return rows.get(pk=job_id)
    except Job.DoesNotExist:
        raise NotFound() from None
