"""The Programme of coordinated actions: sections with their execution roll-up, and actions."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from collegium.parties import selectors as parties
from collegium.programme import selectors as programme
from collegium.web.views.base import page, render_htmx


@page
def programme_view(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    person = request.user
    programmes = list(programme.programme_list(person))
    if pk is not None:
        current = programme.programme_get(person, pk)
    else:
        current = programmes[0] if programmes else None
    party = (request.GET.get("party") or "").strip() or None
    unit_raw = request.GET.get("unit") or ""
    unit = int(unit_raw) if unit_raw.isdigit() else None
    sections = programme.programme_tree(person, current, party=party, unit=unit) if current else []
    context = {
        "programmes": programmes, "programme": current, "sections": sections,
        "parties": list(parties.party_list(person)), "units": list(parties.unit_list(person, party)),
        "party": party or "", "unit": unit,
    }
    return render_htmx(request, "web/programme.html", "web/partials/programme_tree.html", context)


@page
def action_detail(request: HttpRequest, pk: int) -> HttpResponse:
    action = programme.action_get(request.user, pk)
    return render(request, "web/action.html", {"action": action})
