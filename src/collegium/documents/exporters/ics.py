"""The consultations plan as RFC 5545 calendar: one all-day VEVENT per round.

UID is the round's stable uuid (the same across every export and update), SEQUENCE its
ics_sequence (raised by every change of the round), STATUS from the round's state. Agreed dates
are used when known, else the planned period; both are whole days (DTSTART;VALUE=DATE, DTEND
exclusive).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from icalendar import Calendar, Event

from collegium.documents.context import LEVELS, ROUND_STATUS, PlanView, Progress, tick

STATUS = {"planned": "TENTATIVE", "postponed": "TENTATIVE", "dates_agreed": "CONFIRMED", "held": "CONFIRMED",
          "cancelled": "CANCELLED", "moved": "CANCELLED"}


def round_event(rnd: Any, stamp: dt.datetime) -> Event:
    ev = Event()
    ev.add("uid", f"{rnd.uid}@collegium")
    ev.add("sequence", rnd.ics_sequence)
    ev.add("dtstamp", stamp)
    start = rnd.date_start or rnd.period_start
    end = (rnd.date_end or rnd.date_start) if rnd.date_start else rnd.period_end
    ev.add("dtstart", start)  # a date → VALUE=DATE
    ev.add("dtend", (end or start) + dt.timedelta(days=1))
    tentative = "" if rnd.date_start else " (срок по плану)"
    ev.add("summary", f"Консультации: {rnd.topic}{tentative}")
    lines = [f"План: {rnd.plan.title}", f"Раунд №{rnd.number}", f"Уровень: {LEVELS.get(rnd.level, rnd.level)}",
             f"Статус: {ROUND_STATUS.get(rnd.status, rnd.status)}"]
    if rnd.period_label:
        lines.append(f"Период: {rnd.period_label}")
    for d in rnd.delegations.all():
        lines.append(f"Делегация {d.party.code}: " + ", ".join(x for x in [d.head_name, d.head_position] if x))
    if rnd.outcome:
        lines.append(f"Итоги: {rnd.outcome}")
    if rnd.status_reason:
        lines.append(f"Причина: {rnd.status_reason}")
    ev.add("description", "\n".join(lines))
    venue = rnd.venue or {"video": "Видеоконференция", "margins": "На полях мероприятия"}.get(rnd.venue_kind, "")
    if venue:
        ev.add("location", venue)
    ev.add("status", STATUS.get(rnd.status, "TENTATIVE"))
    ev.add("transp", "TRANSPARENT")
    ev.add("categories", ["Collegium"])
    return ev


def plan_ics(plans: list[PlanView], *, name: str = "Collegium", progress: Progress = None) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Collegium//Consultations plan//RU")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    stamp = timezone.now().replace(microsecond=0)
    for plan in plans:
        for r in plan.rounds:
            cal.add_component(round_event(r.obj, stamp))
    tick(progress, 1, 1, "done")
    return cal.to_ical()
