"""Deadline arithmetic on each party's official calendar.

Working days come from the `holidays` package, which tracks official transfers of days off
(and working Saturdays) for Russia and Belarus; no holiday list is kept here.
"""

from __future__ import annotations

import calendar
import datetime as dt
from functools import lru_cache

import holidays

from collegium.resolutions.models import Periodicity

DEFAULT_DEADLINE_DAYS = 30


@lru_cache(maxsize=64)
def _calendar(code: str, year: int) -> holidays.HolidayBase:
    return holidays.country_holidays(code, years=[year - 1, year, year + 1])


def is_working_day(day: dt.date, calendar_code: str) -> bool:
    return bool(_calendar(calendar_code.upper(), day.year).is_working_day(day))


def previous_working_day(day: dt.date, calendar_code: str) -> dt.date:
    """The day itself if it is a working day, otherwise the closest working day before it."""
    for _ in range(60):
        if is_working_day(day, calendar_code):
            return day
        day -= dt.timedelta(days=1)
    raise ValueError(f"no working day found before {day} in calendar {calendar_code}")


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def final_deadline(issued_on: dt.date, *, days: int | None, date: dt.date | None, calendar_code: str) -> dt.date:
    """Calendar days from signing; one month when nothing is given; then back to a working day."""
    if date is not None:
        raw = date
    elif days is not None:
        raw = issued_on + dt.timedelta(days=days)
    else:
        raw = add_months(issued_on, 1)
    return previous_working_day(raw, calendar_code)


def period_end(day: dt.date, periodicity: str) -> dt.date:
    """The last day of the reporting period that contains `day`."""
    if periodicity == Periodicity.MONTHLY:
        return dt.date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])
    if periodicity == Periodicity.QUARTERLY:
        last_month = ((day.month - 1) // 3 + 1) * 3
        return dt.date(day.year, last_month, calendar.monthrange(day.year, last_month)[1])
    if periodicity in (Periodicity.YEARLY, Periodicity.PERMANENT):
        return dt.date(day.year, 12, 31)
    raise ValueError(f"{periodicity!r} has no reporting periods")


def report_due(period_last_day: dt.date, periodicity: str, calendar_code: str) -> dt.date:
    """Periodic reports are due by the 10th of the next month; permanent ones yearly by 20 January."""
    next_day = period_last_day + dt.timedelta(days=1)
    day_of_month = 20 if periodicity == Periodicity.PERMANENT else 10
    return previous_working_day(dt.date(next_day.year, next_day.month, day_of_month), calendar_code)


def first_report_due(issued_on: dt.date, periodicity: str, calendar_code: str) -> dt.date:
    return report_due(period_end(issued_on, periodicity), periodicity, calendar_code)


def next_report_due(current_period_end: dt.date, periodicity: str, calendar_code: str) -> dt.date:
    following = period_end(current_period_end + dt.timedelta(days=1), periodicity)
    return report_due(following, periodicity, calendar_code)
