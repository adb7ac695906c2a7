"""Every read of execution control for a person. Obligations are joint; reports, extension
requests and timeline entries internal to another party are never returned or counted."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.utils import timezone

from collegium.control.models import (
    DeadlineChange,
    Executor,
    ExtensionRequest,
    Obligation,
    ObligationEvent,
    Report,
)
from collegium.core.errors import NotFound
from collegium.core.selectors import internal_event_q, visible_q
from collegium.parties.models import Person, Unit, short_name_of

Status = Obligation.Status


def reports_visible(person: Person) -> QuerySet[Report]:
    return Report.objects.filter(visible_q(person))


def extension_requests_visible(person: Person) -> QuerySet[ExtensionRequest]:
    """Requests are a conversation between a party's executors and its own secretariat."""
    if not person.party_id:
        return ExtensionRequest.objects.none()
    return ExtensionRequest.objects.filter(obligation__party_id=person.party_id)


@dataclass
class ObligationFilters:
    party: str | None = None
    unit: int | None = None
    status: str | None = None
    overdue: bool | None = None
    deadline_from: dt.date | None = None
    deadline_to: dt.date | None = None
    session: int | None = None
    section: int | None = None
    action: int | None = None
    source: str | None = None
    mine: bool = False
    q: str | None = None
    ids: list[int] | None = None


def _obligations_filtered(person: Person, filters: ObligationFilters, today: dt.date) -> QuerySet[Obligation]:
    """The filtered obligations, with nothing joined or annotated for display."""
    from collegium.parties.models import Party

    qs = Obligation.objects.all()
    if filters.party:
        # By id, through a scalar subquery on the small party table rather than a join: PostgreSQL
        # computes it once and the obligation indexes that start with party_id then serve the range
        # scans and COUNTs directly (COUNT of a party's 100,000 obligations 19 → 9 ms).
        party_id = Party.objects.filter(code__iexact=filters.party).order_by("pk").values("pk")[:1]
        qs = qs.filter(party_id=Subquery(party_id))
    # By unit: a semi-join on the unit's executor rows, so nothing repeats and nothing needs a
    # DISTINCT (which made the database sort and count the whole match).
    if filters.unit:
        qs = qs.filter(pk__in=Executor.objects.filter(unit_id=filters.unit).values("obligation_id"))
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.overdue is True:
        qs = qs.filter(status=Status.ACTIVE, deadline__lt=today)
    elif filters.overdue is False:
        qs = qs.exclude(status=Status.ACTIVE, deadline__lt=today)
    if filters.deadline_from:
        qs = qs.filter(deadline__gte=filters.deadline_from)
    if filters.deadline_to:
        qs = qs.filter(deadline__lte=filters.deadline_to)
    if filters.session:
        qs = qs.filter(clause__resolution__session_id=filters.session)
    if filters.section:
        qs = qs.filter(action__section_id=filters.section)
    if filters.action is not None:
        qs = qs.filter(action_id=filters.action)
    if filters.source:
        qs = qs.filter(source=filters.source)
    if filters.mine and person.unit_id:
        qs = qs.filter(pk__in=Executor.objects.filter(unit_id__in=_own_units(person)).values("obligation_id"))
    if filters.q:
        qs = qs.filter(Q(title__icontains=filters.q) | Q(text__icontains=filters.q))
    if filters.ids is not None:
        qs = qs.filter(pk__in=filters.ids)
    return qs


# What a list row (page or API) shows: no source chain beyond the ids the API returns, no long texts.
LIST_DEFERRED = ("text", "removal_reason", "clause__text", "clause__resolution__preamble")


def obligation_list(person: Person, filters: ObligationFilters | None = None,
                    today: dt.date | None = None) -> QuerySet[Obligation]:
    """Obligations with their party, the ids of their source (clause → resolution's session,
    action → section) and their executors, filtered; constant queries."""
    filters = filters or ObligationFilters()
    today = today or timezone.localdate()
    qs = _obligations_filtered(person, filters, today)
    return (
        # Four joins instead of eight (session, section, round and plan were never shown): the
        # planner's time for this statement was as long as its execution.
        qs.select_related("party", "clause__resolution", "action")
        .defer(*LIST_DEFERRED)
        .prefetch_related(
            # Into plain lists: prefetching into the related managers builds a queryset per row
            # (a fifth of the API list's time).
            Prefetch("executors", queryset=Executor.objects.select_related("unit"), to_attr="executor_list"),
            # Which rows of the page have a report awaiting a decision: looked up for the page's
            # rows only. As an EXISTS annotation PostgreSQL hashed every submitted report of
            # the database before the LIMIT applied (4 of the API list's 9 ms at 200,000).
            Prefetch("reports", to_attr="pending_reports", queryset=Report.objects.filter(
                status=Report.Status.SUBMITTED).filter(visible_q(person)).only("id", "obligation_id")),
        )
        .order_by("deadline", "id")
    )


@dataclass(frozen=True)
class ObligationRow:
    """What a row of the obligation tables of the pages shows, read as plain values: building
    model instances with their party, executors and units took longer than rendering the row."""

    pk: int
    title: str
    party_code: str
    deadline: dt.date
    status: str
    overdue: bool
    has_pending_report: bool
    responsible: str

    @property
    def status_label(self) -> str:
        return str(Status(self.status).label)


ROW_VALUES = ("id", "title", "party__code", "deadline", "status", "pending_report_id", "responsible_unit_id")


def obligation_row_values(person: Person, filters: ObligationFilters | None = None,
                          today: dt.date | None = None) -> QuerySet:
    """The same obligations, in the same order, as `obligation_list`, as the values of a table
    row (one query, nothing prefetched); turn a page of them into rows with `obligation_rows`."""
    filters = filters or ObligationFilters()
    today = today or timezone.localdate()
    # Scalar subqueries with LIMIT 1: PostgreSQL probes an index for each row of the page. As an
    # EXISTS it hashed every submitted report of the database before the LIMIT applied, and a
    # subquery per unit name joined the unit table twice a row (13 → 5 ms for a page at 200,000).
    pending = Report.objects.filter(obligation=OuterRef("pk"), status=Report.Status.SUBMITTED) \
        .filter(visible_q(person)).order_by().values("pk")[:1]
    responsible = Executor.objects.filter(obligation=OuterRef("pk"), is_responsible=True).order_by("id")
    return (
        _obligations_filtered(person, filters, today)
        .annotate(pending_report_id=Subquery(pending),
                  responsible_unit_id=Subquery(responsible.values("unit_id")[:1]))
        .order_by("deadline", "id")
        .values(*ROW_VALUES)
    )


def obligation_rows(values: Any, today: dt.date | None = None) -> list[ObligationRow]:
    """Rows from `obligation_row_values` (a page of them); one query for the responsible units'
    names."""
    from django.utils.translation import get_language

    today = today or timezone.localdate()
    english = get_language() == "en"
    values = list(values)
    names = {pk: (name_en if english and name_en else name) for pk, name, name_en in
             Unit.objects.filter(pk__in={v["responsible_unit_id"] for v in values} - {None})
             .values_list("pk", "name", "name_en")} if values else {}
    return [
        ObligationRow(
            pk=v["id"], title=v["title"], party_code=v["party__code"], deadline=v["deadline"], status=v["status"],
            overdue=v["status"] == Status.ACTIVE and v["deadline"] < today,
            has_pending_report=v["pending_report_id"] is not None,
            responsible=names.get(v["responsible_unit_id"], ""),
        )
        for v in values
    ]


def obligation_counts(person: Person, filters: ObligationFilters,
                      buckets: dict[str, tuple[dt.date | None, dt.date | None]],
                      today: dt.date | None = None) -> dict[str, int]:
    """How many obligations match `filters` with their deadline in each (from, to) range (either
    end open): one aggregate query however many buckets. (One query with window functions for the
    counts and the first ids together was tried: twice the database time, for two round trips.)"""
    today = today or timezone.localdate()
    qs = _obligations_filtered(person, filters, today)
    aggregates = {}
    for name, (start, end) in buckets.items():
        q = Q()
        if start is not None:
            q &= Q(deadline__gte=start)
        if end is not None:
            q &= Q(deadline__lte=end)
        # COUNT(1) rather than COUNT(id) lets PostgreSQL answer from the (party, status, deadline)
        # index alone (2.2 → 0.5 ms for the home page at 200,000); Django refuses COUNT(*) FILTER.
        aggregates[name] = Count(Value(1), filter=q)
    return qs.order_by().aggregate(**aggregates)


def obligation_ids(person: Person, filters: ObligationFilters, *, limit: int,
                   today: dt.date | None = None) -> list[int]:
    """The first `limit` ids in list order (deadline, id): a range scan of an index, nothing joined."""
    today = today or timezone.localdate()
    return list(_obligations_filtered(person, filters, today).order_by("deadline", "id")
                .values_list("pk", flat=True)[:limit])


def _own_units(person: Person) -> list[int]:
    """The person's unit and those below it, looked up once per person object (one request): the
    home page filters by it four times."""
    if person.unit_id is None:
        return []
    memo = person.__dict__.setdefault("_collegium_own_units", {})
    if person.unit_id not in memo:
        memo[person.unit_id] = unit_and_descendants(person.unit_id)
    return memo[person.unit_id]


def unit_and_descendants(unit_id: int) -> list[int]:
    """A unit with all units below it (hierarchies are shallow; one query per level)."""
    result = [unit_id]
    frontier = [unit_id]
    for _ in range(10):
        frontier = list(Unit.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        if not frontier:
            break
        result.extend(frontier)
    return result


def obligation_get(person: Person, pk: Any) -> Obligation:
    try:
        return Obligation.objects.select_related(
            "party", "clause__resolution__session", "action__section__programme", "round__plan", "controller",
            "superseded_by__resolution",
        ).prefetch_related(Prefetch("executors", queryset=Executor.objects.select_related("unit"))).get(pk=int(pk))
    except (Obligation.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc


@dataclass
class ObligationCard:
    obligation: Obligation
    reports: list[Report]
    extension_requests: list[ExtensionRequest]
    deadline_changes: list[DeadlineChange]
    events: list[ObligationEvent]
    overdue: bool
    can_report: bool = False
    can_decide: bool = False


def obligation_card(person: Person, pk: Any) -> ObligationCard:
    from collegium.control.rules import is_executor_of

    obligation = obligation_get(person, pk)
    reports = list(reports_visible(person).filter(obligation=obligation).select_related("author", "unit", "decided_by"))
    requests = list(extension_requests_visible(person).filter(obligation=obligation)
                    .select_related("requested_by", "decided_by"))
    changes = list(obligation.deadline_changes.select_related("changed_by"))
    events = list(obligation.events.filter(internal_event_q(person)).select_related("actor"))
    is_secretariat = person.is_secretariat and person.party_id == obligation.party_id
    return ObligationCard(
        obligation=obligation, reports=reports, extension_requests=requests, deadline_changes=changes,
        events=events, overdue=obligation.is_overdue(),
        can_report=obligation.is_active and (is_executor_of(person, obligation) or is_secretariat),
        can_decide=obligation.is_active and is_secretariat,
    )


def report_get(person: Person, pk: Any) -> Report:
    try:
        return reports_visible(person).select_related("obligation", "author").get(pk=int(pk))
    except (Report.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc


def extension_request_get(person: Person, pk: Any) -> ExtensionRequest:
    try:
        return extension_requests_visible(person).select_related("obligation").get(pk=int(pk))
    except (ExtensionRequest.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc


def reports_awaiting_decision(person: Person) -> QuerySet[Report]:
    if not (person.is_secretariat and person.party_id):
        return Report.objects.none()
    return Report.objects.filter(owner_party_id=person.party_id, status=Report.Status.SUBMITTED) \
        .select_related("obligation", "author").defer("text", "obligation__text", "obligation__removal_reason") \
        .order_by("submitted_at")


def extension_requests_awaiting_decision(person: Person) -> QuerySet[ExtensionRequest]:
    if not (person.is_secretariat and person.party_id):
        return ExtensionRequest.objects.none()
    return ExtensionRequest.objects.filter(obligation__party_id=person.party_id,
                                           status=ExtensionRequest.Status.PENDING) \
        .select_related("obligation", "requested_by").defer("obligation__text", "obligation__removal_reason") \
        .order_by("requested_at")


@dataclass(frozen=True)
class AwaitingRow:
    """A report or extension request waiting for the secretariat, as the home page lists it:
    plain values instead of three model instances per line."""

    pk: int
    obligation_id: int
    obligation_title: str
    label: str  # the report's kind; empty for an extension request
    person_name: str  # the report's author, the request's requester
    at: dt.datetime | None  # submitted or requested
    current_deadline: dt.date | None = None
    proposed_deadline: dt.date | None = None


_PERSON = ("first_name", "middle_name", "last_name", "username")


def reports_awaiting_rows(person: Person, limit: int) -> list[AwaitingRow]:
    """The first `limit` of `reports_awaiting_decision`, as rows; one query."""
    kinds = dict(Report.Kind.choices)
    fields = ("id", "obligation_id", "obligation__title", "kind", "submitted_at", *(f"author__{f}" for f in _PERSON))
    return [
        AwaitingRow(pk=v["id"], obligation_id=v["obligation_id"], obligation_title=v["obligation__title"],
                    label=str(kinds.get(v["kind"], v["kind"])), at=v["submitted_at"],
                    person_name=short_name_of(*(v[f"author__{f}"] or "" for f in _PERSON)))
        for v in reports_awaiting_decision(person).values(*fields)[:limit]
    ]


def extension_requests_awaiting_rows(person: Person, limit: int) -> list[AwaitingRow]:
    """The first `limit` of `extension_requests_awaiting_decision`, as rows; one query."""
    fields = ("id", "obligation_id", "obligation__title", "requested_at", "current_deadline", "proposed_deadline",
              *(f"requested_by__{f}" for f in _PERSON))
    return [
        AwaitingRow(pk=v["id"], obligation_id=v["obligation_id"], obligation_title=v["obligation__title"], label="",
                    at=v["requested_at"], current_deadline=v["current_deadline"],
                    proposed_deadline=v["proposed_deadline"],
                    person_name=short_name_of(*(v[f"requested_by__{f}"] or "" for f in _PERSON)))
        for v in extension_requests_awaiting_decision(person).values(*fields)[:limit]
    ]


# --- interim results and discipline ----------------------------------------------------------------

@dataclass
class InterimRow:
    obligation: Obligation
    responsible: str
    status: str
    overdue: bool
    latest_report: Report | None
    deadline_history: list[DeadlineChange]


@dataclass
class InterimResults:
    title: str
    today: dt.date
    rows: list[InterimRow] = field(default_factory=list)
    totals: dict[str, int] = field(default_factory=dict)


def _totals(rows: list[InterimRow]) -> dict[str, int]:
    totals = {"total": len(rows), "completed": 0, "completed_in_time": 0, "completed_late": 0,
              "overdue": 0, "in_progress": 0, "removed": 0}
    for row in rows:
        ob = row.obligation
        if ob.status == Status.COMPLETED:
            totals["completed"] += 1
            totals["completed_in_time" if ob.completed_in_time else "completed_late"] += 1
        elif ob.status == Status.ACTIVE:
            totals["overdue" if row.overdue else "in_progress"] += 1
        else:
            totals["removed"] += 1
    return totals


def interim_results(person: Person, *, session_id: int, today: dt.date | None = None) -> list[InterimResults]:
    """Interim results before a session: the previous resolution's obligations and the
    Programme in force, each with status, deadlines and the latest report this person may see."""
    from collegium.meetings.models import Session
    from collegium.programme.models import Programme

    today = today or timezone.localdate()
    try:
        session = Session.objects.select_related("previous").get(pk=session_id)
    except Session.DoesNotExist as exc:
        raise NotFound() from exc
    groups: list[tuple[str, QuerySet[Obligation]]] = []
    previous = session.previous
    if previous is not None:
        groups.append((f"Постановление заседания №{previous.number} ({previous.city}, {previous.date_start:%d.%m.%Y})",
                       Obligation.objects.filter(clause__resolution__session=previous)))
    programme = Programme.objects.filter(year_from__lte=session.date_start.year,
                                         year_to__gte=session.date_start.year).first()
    if programme is not None:
        groups.append((str(programme), Obligation.objects.filter(action__section__programme=programme)))
    return [_interim_group(person, title, qs, today) for title, qs in groups]


def _interim_group(person: Person, title: str, qs: QuerySet[Obligation], today: dt.date) -> InterimResults:
    obligations = list(
        qs.select_related("party", "clause", "action__section")
        .prefetch_related(
            Prefetch("executors", queryset=Executor.objects.select_related("unit")),
            Prefetch("reports", queryset=reports_visible(person).order_by("-created_at"), to_attr="visible_reports"),
            Prefetch("deadline_changes", queryset=DeadlineChange.objects.order_by("changed_at"), to_attr="history"),
        ).order_by("party__order", "clause__number", "action__section__number", "action__order", "id")
    )
    rows = []
    for ob in obligations:
        responsible = next((e.unit.name for e in ob.executors.all() if e.is_responsible), "")
        rows.append(InterimRow(
            obligation=ob, responsible=responsible, status=ob.status, overdue=ob.is_overdue(today),
            latest_report=ob.visible_reports[0] if ob.visible_reports else None, deadline_history=ob.history,
        ))
    return InterimResults(title=title, today=today, rows=rows, totals=_totals(rows))


@dataclass
class DisciplineRow:
    unit_id: int
    unit_name: str
    party_code: str
    total: int
    completed: int
    completed_in_time: int
    completed_late: int
    overdue: int
    in_progress: int

    @property
    def in_time_share(self) -> float | None:
        return round(self.completed_in_time / self.completed, 3) if self.completed else None


NAME_KEYS = ("unit_id", "unit__name", "unit__party__code", "unit__party__order")
DISCIPLINE_FIELDS = ("total", "completed", "completed_in_time", "completed_late", "overdue", "in_progress")


def _discipline_counts(qs: QuerySet[Executor], today: dt.date, *, by_month: bool = False) -> QuerySet:
    """Counts of responsible executors per unit (and month of the deadline): one aggregate query."""
    from django.db.models.functions import TruncMonth

    done = Q(obligation__status=Status.COMPLETED)
    active = Q(obligation__status=Status.ACTIVE)
    late = Q(obligation__deadline__lt=today)
    keys = list(NAME_KEYS)
    if by_month:
        qs = qs.annotate(month=TruncMonth("obligation__deadline"))
        keys.append("month")
    return qs.values(*keys).annotate(
        total=Count("id"),
        completed=Count("id", filter=done),
        completed_in_time=Count("id", filter=done & Q(obligation__completed_in_time=True)),
        completed_late=Count("id", filter=done & Q(obligation__completed_in_time=False)),
        overdue=Count("id", filter=active & late),
        in_progress=Count("id", filter=active & ~late),
    )


def _discipline_rows(counts: QuerySet) -> list[DisciplineRow]:
    """Rows ordered as on the page: by party order, then unit name (the id breaks ties)."""
    return [
        DisciplineRow(unit_id=r["unit_id"], unit_name=r["unit__name"], party_code=r["unit__party__code"],
                      **{k: r[k] for k in DISCIPLINE_FIELDS})
        for r in counts.order_by("unit__party__order", "unit__name", "unit_id")
    ]


def discipline(person: Person, *, party_code: str | None = None, today: dt.date | None = None,
               date_from: dt.date | None = None, date_to: dt.date | None = None) -> list[DisciplineRow]:
    """Execution discipline per responsible unit, computed now, in one aggregate query."""
    today = today or timezone.localdate()
    qs = Executor.objects.filter(is_responsible=True)
    if party_code:
        qs = qs.filter(unit__party__code__iexact=party_code)
    if date_from:
        qs = qs.filter(obligation__deadline__gte=date_from)
    if date_to:
        qs = qs.filter(obligation__deadline__lte=date_to)
    return _discipline_rows(_discipline_counts(qs, today))


# A snapshot older than this is not shown: the page computes the figures itself instead. The
# worker refreshes every minute, so this only triggers when the worker is down or just started.
DISCIPLINE_SNAPSHOT_MAX_AGE = dt.timedelta(minutes=5)


def discipline_snapshot(person: Person, *, party_code: str | None = None,
                        now: dt.datetime | None = None) -> tuple[list[DisciplineRow], dt.datetime] | None:
    """The same rows as `discipline` (no date filters) from the latest snapshot the worker made,
    with the moment it was computed; None when there is no snapshot of today computed or checked
    within DISCIPLINE_SNAPSHOT_MAX_AGE (the caller then computes the figures live)."""
    from django.db.models import Sum

    from collegium.control.models import DisciplineSnapshot, DisciplineSnapshotRow

    now = now or timezone.now()
    snapshot = DisciplineSnapshot.objects.order_by("-computed_at", "-id").first()
    if (snapshot is None or snapshot.as_of != timezone.localdate(now)
            or max(snapshot.computed_at, snapshot.checked_at or snapshot.computed_at) < now - DISCIPLINE_SNAPSHOT_MAX_AGE):
        return None
    qs = DisciplineSnapshotRow.objects.filter(snapshot=snapshot)
    if party_code:
        qs = qs.filter(unit__party__code__iexact=party_code)
    counts = qs.values(*NAME_KEYS).annotate(**{k: Sum(k) for k in DISCIPLINE_FIELDS})
    return _discipline_rows(counts), snapshot.computed_at


def discipline_by_month(today: dt.date) -> list[dict[str, Any]]:
    """Counts per responsible unit and month of the deadline, for the worker's snapshot."""
    return list(_discipline_counts(Executor.objects.filter(is_responsible=True), today, by_month=True).order_by())


def discipline_trend(person: Person, *, party_code: str | None = None, months: int = 12,
                     today: dt.date | None = None) -> list[dict[str, Any]]:
    """Per month of the deadline, over the last `months` months: obligations completed in time,
    completed late and overdue (still active past the deadline). One aggregate query."""

    today = today or timezone.localdate()
    first = dt.date(today.year, today.month, 1)
    for _ in range(months - 1):
        first = (first - dt.timedelta(days=1)).replace(day=1)
    qs = Obligation.objects.filter(deadline__gte=first, deadline__lte=today)
    if party_code:
        qs = qs.filter(party__code__iexact=party_code)
    done = Q(status=Status.COMPLETED)
    # Grouped by day, in the order of the (deadline, …) covering index, and summed into months
    # here: truncating every row to its month cost a function call per row (on SQLite a Python
    # one: 27 ms of the page at 200,000), for at most a year of days coming back.
    rows: dict[str, dict[str, int]] = {}
    for r in qs.values("deadline").annotate(
        in_time=Count(Value(1), filter=done & Q(completed_in_time=True)),
        late=Count(Value(1), filter=done & Q(completed_in_time=False)),
        # Not named `overdue`: that is Obligation's property, which the annotation would shadow.
        overdue_count=Count(Value(1), filter=Q(status=Status.ACTIVE, deadline__lt=today)),
    ).order_by("deadline"):
        month_row = rows.setdefault(r["deadline"].strftime("%Y-%m"), {"in_time": 0, "late": 0, "overdue": 0})
        month_row["in_time"] += r["in_time"]
        month_row["late"] += r["late"]
        month_row["overdue"] += r["overdue_count"]
    points = []
    month = first
    for _ in range(months):
        key = month.strftime("%Y-%m")
        row = rows.get(key, {})
        points.append({"month": key, "in_time": row.get("in_time", 0), "late": row.get("late", 0),
                       "overdue": row.get("overdue", 0)})
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return points
