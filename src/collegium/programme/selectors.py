"""Reads of the Programme with the execution roll-up per section."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from collegium.control.models import Executor, Obligation
from collegium.core.errors import NotFound
from collegium.parties.models import Person
from collegium.programme.models import Action, Programme, Section


def programme_list(person: Person) -> QuerySet[Programme]:
    return Programme.objects.order_by("-year_from")


def programme_get(person: Person, pk: Any) -> Programme:
    try:
        return Programme.objects.get(pk=int(pk))
    except (Programme.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc


def programme_tree(person: Person, programme: Programme, *, party: str | None = None, unit: int | None = None,
                   today: dt.date | None = None) -> list[Section]:
    """Sections with roll-up counts and their actions with obligations, filtered by party/unit."""
    today = today or timezone.localdate()
    ob_filter = Q()
    if party:
        ob_filter &= Q(actions__obligations__party__code__iexact=party)
    if unit:
        ob_filter &= Q(actions__obligations__executors__unit_id=unit)
    active = Q(actions__obligations__status=Obligation.Status.ACTIVE)
    sections = programme.sections.annotate(
        total=Count("actions__obligations", filter=ob_filter, distinct=True),
        completed=Count("actions__obligations", filter=ob_filter & Q(
            actions__obligations__status=Obligation.Status.COMPLETED), distinct=True),
        overdue=Count("actions__obligations", filter=ob_filter & active & Q(
            actions__obligations__deadline__lt=today), distinct=True),
    ).order_by("number")
    obligations = Obligation.objects.select_related("party").prefetch_related(
        Prefetch("executors", queryset=Executor.objects.select_related("unit")))
    if party:
        obligations = obligations.filter(party__code__iexact=party)
    if unit:
        obligations = obligations.filter(executors__unit_id=unit)
    actions = Action.objects.order_by("order").prefetch_related(Prefetch("obligations", queryset=obligations))
    return list(sections.prefetch_related(Prefetch("actions", queryset=actions)))


def action_get(person: Person, pk: Any) -> Action:
    try:
        # Its obligations are read as table rows by the page (control.selectors.obligation_rows).
        return Action.objects.select_related("section__programme").get(pk=int(pk))
    except (Action.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc
