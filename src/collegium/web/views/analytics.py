"""Execution discipline per party and unit, with a monthly trend, as interactive charts.
The figures are built here as JSON; a static script draws them (no inline JavaScript)."""

from __future__ import annotations

import functools
import json
import logging

from django.db import DatabaseError
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from collegium.control import selectors as control
from collegium.control import services as control_services
from collegium.core.http import AuthenticatedRequest
from collegium.parties import selectors as parties
from collegium.web.views.base import page

log = logging.getLogger(__name__)

COLOURS = {"in_time": "#2e7d32", "late": "#f9a825", "overdue": "#c62828", "in_progress": "#1565c0"}


@functools.cache
def _template() -> dict:
    """Plotly's default look, as its Python library would embed it in every figure. Building
    figures through plotly's validating objects cost 20–30 ms a request; the figures are plain
    data, so they are written as such and only the (constant) template is taken from plotly."""
    import plotly.graph_objects as go

    return json.loads(go.Figure().to_json())["layout"]["template"]


def _discipline_figure(rows: list[control.DisciplineRow]) -> dict:
    labels = [f"{r.party_code} · {r.unit_name}" for r in rows]
    data = [
        {"marker": {"color": COLOURS[key]}, "name": name, "orientation": "h", "x": values, "y": labels,
         "type": "bar"}
        for key, name, values in [
            ("in_time", _("Completed in time"), [r.completed_in_time for r in rows]),
            ("late", _("Completed late"), [r.completed_late for r in rows]),
            ("overdue", _("Overdue"), [r.overdue for r in rows]),
            ("in_progress", _("In progress"), [r.in_progress for r in rows]),
        ]
    ]
    layout = {"template": _template(), "barmode": "stack", "height": max(260, 40 * len(rows) + 120),
              "margin": {"l": 10, "r": 10, "t": 30, "b": 30}, "legend": {"orientation": "h"},
              "yaxis": {"automargin": True, "autorange": "reversed"}}
    return {"data": data, "layout": layout}


def _trend_figure(points: list[dict]) -> dict:
    months = [p["month"] for p in points]
    data = [
        {"line": {"color": COLOURS[key]}, "mode": "lines+markers", "name": name, "x": months,
         "y": [p[key] for p in points], "type": "scatter"}
        for key, name in [("in_time", _("Completed in time")), ("late", _("Completed late")),
                          ("overdue", _("Overdue"))]
    ]
    layout = {"template": _template(), "height": 320, "margin": {"l": 10, "r": 10, "t": 30, "b": 30},
              "legend": {"orientation": "h"}, "yaxis": {"rangemode": "tozero"}}
    return {"data": data, "layout": layout}


@page
def analytics(request: AuthenticatedRequest) -> HttpResponse:
    person = request.user
    party = (request.GET.get("party") or "").strip() or None
    # The worker keeps a snapshot at most a minute old (aggregating every obligation per request
    # took 0.2–0.5 s at 200,000); the page names its time. Without a fresh one (worker down, busy
    # or just started) this request makes it, so at most one request in a few minutes pays.
    snapshot = control.discipline_snapshot(person, party_code=party)
    if snapshot is None:
        try:
            control_services.discipline_snapshot_refresh()
        except DatabaseError:  # e.g. SQLite busy with another writer: show live figures instead
            log.warning("could not store the discipline snapshot", exc_info=True)
        snapshot = control.discipline_snapshot(person, party_code=party)
    if snapshot is not None:
        rows, as_of = snapshot
    else:
        rows, as_of = control.discipline(person, party_code=party), None
    trend = control.discipline_trend(person, party_code=party, months=12)
    totals: dict[str, dict[str, int]] = {}
    for r in rows:
        t = totals.setdefault(r.party_code, {"total": 0, "completed_in_time": 0, "completed_late": 0,
                                             "overdue": 0, "in_progress": 0})
        for key in t:
            t[key] += getattr(r, key)
    figures = {"discipline": _discipline_figure(rows), "trend": _trend_figure(trend)}
    context = {
        "rows": rows, "totals": totals, "as_of": as_of, "trend": trend, "party": party or "",
        "parties": list(parties.party_list(person)), "today": timezone.localdate(),
        "figures_json": figures,
    }
    return render(request, "web/analytics.html", context)
