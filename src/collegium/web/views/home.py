"""The home page: what needs this person's attention today, by role."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from collegium.consultations import selectors as consultations
from collegium.control import selectors as control
from collegium.meetings import selectors as meetings
from collegium.web import selectors as web_selectors
from collegium.web.views.base import page


@page
def home(request: HttpRequest) -> HttpResponse:
    person = request.user
    today = timezone.localdate()
    filters = control.ObligationFilters(status="active", deadline_to=today + dt.timedelta(days=30))
    if person.is_executor and person.unit_id:
        filters.mine = True
        scope = "unit"
    elif person.party_id:
        filters.party = person.party.code
        scope = "party"
    else:
        scope = "all"
    urgent = list(control.obligation_list(person, filters, today=today))
    buckets = {
        "overdue": [o for o in urgent if o.deadline < today],
        "week": [o for o in urgent if today <= o.deadline <= today + dt.timedelta(days=7)],
        "month": [o for o in urgent if o.deadline > today + dt.timedelta(days=7)],
    }
    session = meetings.next_session(person, today)
    agenda = list(session.agenda_items.all()) if session else []
    context = {
        "today": today,
        "scope": scope,
        "buckets": buckets,
        "reports_waiting": list(control.reports_awaiting_decision(person)[:20]),
        "extensions_waiting": list(control.extension_requests_awaiting_decision(person)[:20]),
        "resolutions_to_answer": list(web_selectors.resolutions_needing_answer(person)[:10]),
        "resolutions_to_sign": list(web_selectors.resolutions_to_sign(person)[:10]),
        "next_session": session,
        "next_session_days": (session.date_start - today).days if session else None,
        "agenda_count": len(agenda),
        "agenda_minutes": sum(i.duration_minutes for i in agenda),
        "rounds": consultations.upcoming_rounds(person, today, limit=6),
    }
    return render(request, "web/home.html", context)
