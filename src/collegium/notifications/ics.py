"""A single-event ICS (RFC 5545) to attach to a notice about a round of consultations or a session.

The UID is the round's stable uid (the same one the plan export uses), so a calendar that already
holds the plan updates the event instead of adding a second one.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from icalendar import Calendar, Event


def _calendar() -> Calendar:
    cal = Calendar()
    cal.add("prodid", "-//Collegium//Notices//EN")
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    return cal


def _event(uid: str, summary: str, start: dt.date, end: dt.date, location: str, sequence: int) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("summary", summary)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", start)
    # All-day events: DTEND is exclusive.
    event.add("dtend", end + dt.timedelta(days=1))
    event.add("sequence", sequence)
    if location:
        event.add("location", location)
    return event


def round_ics(round_obj) -> str:
    cal = _calendar()
    start = round_obj.date_start or round_obj.period_start
    end = round_obj.date_end or round_obj.date_start or round_obj.period_end
    cal.add_component(_event(str(round_obj.uid), round_obj.topic, start, end, round_obj.venue,
                             round_obj.ics_sequence))
    return cal.to_ical().decode()


def session_ics(session) -> str:
    cal = _calendar()
    location = ", ".join(part for part in [session.venue, session.city] if part)
    cal.add_component(_event(f"session-{session.number}@collegium", session.title, session.date_start,
                             session.date_end or session.date_start, location, session.lock_version))
    return cal.to_ical().decode()
