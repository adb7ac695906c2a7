"""Reads of the consultations plan (joint)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from collegium.consultations.models import ConsultationPlan, Delegation, Round
from collegium.core.errors import NotFound
from collegium.parties.models import Person


@dataclass
class RoundFilters:
    level: str | None = None
    status: str | None = None
    venue: str | None = None
    topic: str | None = None
    unit: int | None = None
    quarter: int | None = None


def plan_list(person: Person) -> QuerySet[ConsultationPlan]:
    return ConsultationPlan.objects.select_related("resolution").order_by("-year")


def plan_get(person: Person, pk: Any) -> ConsultationPlan:
    try:
        return ConsultationPlan.objects.select_related("resolution__session").get(pk=int(pk))
    except (ConsultationPlan.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc


def plan_for_year(person: Person, year: Any) -> ConsultationPlan:
    plan = ConsultationPlan.objects.filter(year=year).first() if str(year).isdigit() else None
    if plan is None:
        raise NotFound()
    return plan


def round_list(person: Person, plan: ConsultationPlan, filters: RoundFilters | None = None) -> QuerySet[Round]:
    filters = filters or RoundFilters()
    qs = plan.rounds.select_related("host_party").prefetch_related(
        Prefetch("delegations", queryset=Delegation.objects.select_related("party", "unit")))
    if filters.level:
        qs = qs.filter(level=filters.level)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.venue:
        qs = qs.filter(Q(venue__icontains=filters.venue) | Q(venue_kind=filters.venue))
    if filters.topic:
        qs = qs.filter(topic__icontains=filters.topic)
    if filters.unit:
        qs = qs.filter(delegations__unit_id=filters.unit)
    if filters.quarter and 1 <= filters.quarter <= 4:
        start = dt.date(plan.year, 3 * filters.quarter - 2, 1)
        end = dt.date(plan.year + (filters.quarter == 4), (3 * filters.quarter) % 12 + 1, 1) - dt.timedelta(days=1)
        qs = qs.filter(period_start__lte=end, period_end__gte=start)
    return qs.distinct().order_by("number")


def round_get(person: Person, pk: Any) -> Round:
    try:
        return Round.objects.select_related("plan", "host_party").prefetch_related(
            Prefetch("delegations", queryset=Delegation.objects.select_related("party", "unit"))).get(pk=int(pk))
    except (Round.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc


def upcoming_rounds(person: Person, today: dt.date, limit: int = 5) -> list[Round]:
    return list(Round.objects.filter(status__in=[Round.Status.PLANNED, Round.Status.DATES_AGREED],
                                     period_end__gte=today).select_related("plan")
                .order_by("date_start", "period_start")[:limit])
