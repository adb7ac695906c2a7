"""Deadline rules on each party's official calendar (Russia and Belarus differ)."""

import datetime as dt

import pytest

from collegium.core import calendars
from collegium.resolutions.models import Periodicity

D = dt.date


@pytest.mark.parametrize(
    ("day", "code", "expected"),
    [
        (D(2025, 11, 4), "RU", D(2025, 11, 1)),  # Unity Day; 3 Nov a transferred day off; Sat 1 Nov worked
        (D(2025, 11, 4), "BY", D(2025, 11, 4)),  # an ordinary Tuesday in Belarus
        (D(2025, 11, 7), "BY", D(2025, 11, 6)),  # October Revolution Day in Belarus
        (D(2025, 11, 7), "RU", D(2025, 11, 7)),
        (D(2025, 7, 3), "BY", D(2025, 7, 2)),  # Independence Day of Belarus
        (D(2025, 11, 1), "RU", D(2025, 11, 1)),  # a working Saturday in Russia (transfer)
        (D(2025, 11, 1), "BY", D(2025, 10, 31)),  # an ordinary Saturday in Belarus
        (D(2026, 1, 9), "RU", D(2025, 12, 30)),  # New Year holidays, and 31 Dec 2025 is a day off
        (D(2025, 6, 12), "RU", D(2025, 6, 11)),  # Russia Day
    ],
)
def test_previous_working_day_follows_each_official_calendar(day, code, expected):
    assert calendars.previous_working_day(day, code) == expected


def test_deadline_counts_calendar_days_from_signing():
    # 25 Nov 2025 + 60 days = 24 Jan 2026, a Saturday: back to Friday 23 Jan.
    assert calendars.final_deadline(D(2025, 11, 25), days=60, date=None, calendar_code="RU") == D(2026, 1, 23)


def test_deadline_defaults_to_one_month():
    assert calendars.final_deadline(D(2025, 3, 14), days=None, date=None, calendar_code="BY") == D(2025, 4, 14)
    # 31 Jan + one month is the end of February, not 3 March.
    assert calendars.final_deadline(D(2025, 1, 31), days=None, date=None, calendar_code="BY") == D(2025, 2, 28)


def test_explicit_deadline_date_moves_to_previous_working_day():
    assert calendars.final_deadline(D(2025, 1, 1), days=None, date=D(2025, 11, 4), calendar_code="RU") == D(2025, 11, 1)


@pytest.mark.parametrize(
    ("issued", "periodicity", "code", "period_end", "due"),
    [
        (D(2025, 2, 14), Periodicity.MONTHLY, "BY", D(2025, 2, 28), D(2025, 3, 10)),
        (D(2025, 5, 20), Periodicity.QUARTERLY, "RU", D(2025, 6, 30), D(2025, 7, 10)),
        # 10 Jan 2026 is a Saturday; 9 Jan is in Russia's holidays; 31 Dec 2025 is a day off too.
        (D(2025, 5, 20), Periodicity.YEARLY, "RU", D(2025, 12, 31), D(2025, 12, 30)),
        (D(2025, 5, 20), Periodicity.YEARLY, "BY", D(2025, 12, 31), D(2026, 1, 9)),
        (D(2025, 5, 20), Periodicity.PERMANENT, "RU", D(2025, 12, 31), D(2026, 1, 20)),
    ],
)
def test_periodic_reports_are_due_after_the_period(issued, periodicity, code, period_end, due):
    assert calendars.period_end(issued, periodicity) == period_end
    assert calendars.report_due(period_end, periodicity, code) == due


def test_next_reporting_period():
    assert calendars.next_report_due(D(2025, 3, 31), Periodicity.QUARTERLY, "BY") == D(2025, 7, 10)
    assert calendars.next_report_due(D(2025, 12, 31), Periodicity.MONTHLY, "BY") == D(2026, 2, 10)
