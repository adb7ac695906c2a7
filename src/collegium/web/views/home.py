"""The home page: what needs this person's attention today, by role."""

from __future__ import annotations

import dataclasses
import datetime as dt
from urllib.parse import urlencode

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from collegium.consultations import selectors as consultations
from collegium.control import selectors as control
from collegium.core.http import AuthenticatedRequest
from collegium.meetings import selectors as meetings
from collegium.web import selectors as web_selectors
from collegium.web.views.base import page

HOME_ROWS = 15


def _list_link(filters: control.ObligationFilters, scope: str) -> str:
    from django.urls import reverse

    params = {"status": "active"}
    if filters.deadline_from:
        params["deadline_from"] = filters.deadline_from.isoformat()
    if filters.deadline_to:
        params["deadline_to"] = filters.deadline_to.isoformat()
    if scope == "unit":
        params["mine"] = "on"
    elif filters.party:
        params["party"] = filters.party
    return f"{reverse('obligation_list')}?{urlencode(params)}"


@page
def home(request: AuthenticatedRequest) -> HttpResponse:
    person = request.user
    today = timezone.localdate()
    filters = control.ObligationFilters(status="active", deadline_to=today + dt.timedelta(days=30))
    if person.is_executor and person.unit_id:
        filters.mine = True
        scope = "unit"
    elif person.party is not None:  # no query without a party_id, as the check on it did
        filters.party = person.party.code
        scope = "party"
    else:
        scope = "all"
    # Each bucket is counted in full but shows only its first rows: a ministry with thousands of
    # open obligations must get the same page, in the same time, as a small one.
    ranges: dict[str, tuple[dt.date | None, dt.date | None]] = {
        "overdue": (None, today - dt.timedelta(days=1)),
        "week": (today, today + dt.timedelta(days=7)),
        "month": (today + dt.timedelta(days=8), today + dt.timedelta(days=30)),
    }
    # One aggregate for the three counts, one index range scan per bucket for its first rows,
    # one query for the rows of all buckets, whatever their sizes.
    counts = control.obligation_counts(person, filters, ranges, today=today)
    links: dict[str, str] = {}
    ids: dict[str, list[int]] = {}
    for name, (start, end) in ranges.items():
        bucket_filters = dataclasses.replace(filters, deadline_from=start, deadline_to=end)
        ids[name] = control.obligation_ids(person, bucket_filters, limit=HOME_ROWS, today=today)
        links[name] = _list_link(bucket_filters, scope)
    wanted = [pk for bucket in ids.values() for pk in bucket]
    values = control.obligation_row_values(person, control.ObligationFilters(ids=wanted), today=today)
    rows = {o.pk: o for o in control.obligation_rows(values, today=today)}
    buckets = {name: [rows[pk] for pk in bucket if pk in rows] for name, bucket in ids.items()}
    session = meetings.next_session(person, today)
    agenda = web_selectors.agenda_totals(session)
    context = {
        "today": today,
        "scope": scope,
        "buckets": buckets,
        "counts": counts,
        "links": links,
        "home_rows": HOME_ROWS,
        "reports_waiting": control.reports_awaiting_rows(person, limit=20),
        "extensions_waiting": control.extension_requests_awaiting_rows(person, limit=20),
        "resolutions_to_answer": list(web_selectors.resolutions_needing_answer(person)[:10]),
        "resolutions_to_sign": list(web_selectors.resolutions_to_sign(person)[:10]),
        "next_session": session,
        "next_session_days": (session.date_start - today).days if session else None,
        "agenda_count": agenda["count"],
        "agenda_minutes": agenda["minutes"],
        "rounds": consultations.upcoming_rounds(person, today, limit=6),
    }
    return render(request, "web/home.html", context)
