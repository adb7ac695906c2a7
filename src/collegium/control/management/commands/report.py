"""`collegium report interim|discipline`: execution control reports for the command line.

Reports are read *as a person*, because what a report may show depends on who reads it (reports
internal to another party are never shown or counted). `--as USERNAME` reads as that person.
Without it the command reads as the *system reader*: a reader of no party with the lowest clearance,
who sees only joint records, so that an unattended export (cron, CI) can never leak a party's
internal records.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from collegium.control.selectors import DisciplineRow, InterimResults, discipline, interim_results
from collegium.core.errors import NotFound
from collegium.core.models import Clearance
from collegium.parties.models import Person

SYSTEM_READER = "system"

INTERIM_COLUMNS = ["group", "obligation_id", "party", "source", "reference", "title", "responsible", "issued_on",
                   "initial_deadline", "deadline", "status", "overdue", "completed_on", "completed_in_time",
                   "deadline_changes", "latest_report_kind", "latest_report_status", "latest_report_date"]
TOTAL_KEYS = ["total", "completed", "completed_in_time", "completed_late", "in_progress", "overdue", "removed"]
DISCIPLINE_COLUMNS = ["party", "unit_id", "unit", "total", "completed", "completed_in_time", "completed_late",
                      "overdue", "in_progress", "in_time_share"]


def system_reader() -> Person:
    """An unsaved person of no party and open clearance: the selectors then return joint records only."""
    return Person(username=SYSTEM_READER, party=None, clearance=Clearance.OPEN, is_active=True)


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _reference(ob: Any) -> str:
    if ob.clause_id:
        return f"п. {ob.clause.number}"
    if ob.action_id:
        return ob.action.number
    return ""


def interim_row(ob_row: Any) -> dict[str, Any]:
    ob = ob_row.obligation
    report = ob_row.latest_report
    return {
        "obligation_id": ob.pk,
        "party": ob.party.code,
        "source": ob.source,
        "reference": _reference(ob),
        "title": ob.title,
        "text": ob.text or ob.title,
        "responsible": ob_row.responsible,
        "issued_on": _date(ob.issued_on),
        "initial_deadline": _date(ob.initial_deadline),
        "deadline": _date(ob.deadline),
        "status": ob.status,
        "overdue": ob_row.overdue,
        "completed_on": _date(ob.completed_on),
        "completed_in_time": ob.completed_in_time,
        "deadline_changes": [{"from": _date(c.old_deadline), "to": _date(c.new_deadline)}
                             for c in ob_row.deadline_history],
        "latest_report": None if report is None else {
            "kind": report.kind, "status": report.status,
            "date": _date(timezone.localdate(report.submitted_at or report.created_at)),
        },
    }


def _status_label(row: dict[str, Any]) -> str:
    if row["status"] == "completed":
        return "done in time" if row["completed_in_time"] else "done late"
    if row["status"] == "active":
        return "OVERDUE" if row["overdue"] else "in progress"
    return "removed" if row["status"] == "not_relevant" else row["status"]


def _table(headers: list[str], rows: list[list[str]], max_width: int = 60) -> list[str]:
    cut = [[(c if len(c) <= max_width else c[: max_width - 1] + "…") for c in r] for r in rows]
    widths = [max([len(h), *(len(r[i]) for r in cut)]) for i, h in enumerate(headers)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cut]
    return lines


class Command(BaseCommand):
    help = ("Execution control reports. `interim --session N`: interim results before session number N (the "
            "previous session's resolution and the Programme in force). `discipline [--party CODE]`: execution "
            "discipline per responsible unit. Without --as, reads as the system reader (joint records only).")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="report", required=True)
        for name in ("interim", "discipline"):
            p = sub.add_parser(name)
            p.add_argument("--format", choices=["text", "json", "csv"], default="text")
            p.add_argument("--as", dest="as_user", default=None,
                           help="read as this person (username); default: system reader, joint records only")
            p.add_argument("--today", type=dt.date.fromisoformat, default=None,
                           help="count overdue as of this date (YYYY-MM-DD); default: today")
            if name == "interim":
                p.add_argument("--session", type=int, required=True, help="session NUMBER")
            else:
                p.add_argument("--party", default=None, help="party code, e.g. RU; default: all parties")
                p.add_argument("--from", dest="date_from", type=dt.date.fromisoformat, default=None,
                               help="deadlines from (YYYY-MM-DD)")
                p.add_argument("--to", dest="date_to", type=dt.date.fromisoformat, default=None,
                               help="deadlines to (YYYY-MM-DD)")

    def reader(self, username: str | None) -> Person:
        if not username:
            return system_reader()
        person = Person.objects.select_related("party").filter(username=username, is_active=True).first()
        if person is None:
            raise CommandError(f"No active person with username {username!r}.")
        return person

    def handle(self, *args, **options):
        reader = self.reader(options["as_user"])
        today = options["today"] or timezone.localdate()
        if options["report"] == "interim":
            self.interim(reader, options["session"], today, options["format"])
        else:
            self.discipline(reader, options["party"], today, options["format"], options["date_from"],
                            options["date_to"])

    # --- interim results ---------------------------------------------------------------------------

    def interim(self, reader: Person, number: int, today: dt.date, fmt: str) -> None:
        from collegium.meetings.models import Session

        session = Session.objects.filter(number=number).first()
        if session is None:
            raise CommandError(f"No session number {number}.")
        try:
            groups = interim_results(reader, session_id=session.pk, today=today)
        except NotFound as exc:
            raise CommandError(f"No session number {number}.") from exc
        payload: dict[str, Any] = {
            "session": {"number": session.number, "title": session.title, "city": session.city,
                        "date": _date(session.date_start)},
            "reader": reader.username,
            "today": _date(today),
            "groups": [self._group(g) for g in groups],
        }
        if fmt == "json":
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
        elif fmt == "csv":
            writer = csv.writer(self.stdout, lineterminator="\n")
            writer.writerow(INTERIM_COLUMNS)
            for group in payload["groups"]:
                for row in group["rows"]:
                    report = row["latest_report"] or {}
                    changes = "; ".join(f"{c['from']}→{c['to']}" for c in row["deadline_changes"])
                    writer.writerow([group["title"], *(row[c] for c in INTERIM_COLUMNS[1:14]), changes,
                                     report.get("kind", ""), report.get("status", ""), report.get("date", "")])
        else:
            self._interim_text(payload)

    @staticmethod
    def _group(group: InterimResults) -> dict[str, Any]:
        return {"title": group.title, "totals": {k: group.totals.get(k, 0) for k in TOTAL_KEYS},
                "rows": [interim_row(r) for r in group.rows]}

    def _interim_text(self, payload: dict[str, Any]) -> None:
        s = payload["session"]
        out = self.stdout
        out.write(f"Interim results before session №{s['number']} ({s['city']}, {s['date']})")
        out.write(f"as of {payload['today']}; read as: {payload['reader']}")
        grand = dict.fromkeys(TOTAL_KEYS, 0)
        for group in payload["groups"]:
            out.write("")
            out.write(group["title"])
            rows = [[r["party"], r["reference"], r["text"], r["responsible"], r["deadline"] or "",
                     _status_label(r) + (f" ({r['completed_on']})" if r["completed_on"] else ""),
                     (f"{r['latest_report']['kind']} {r['latest_report']['status']}" if r["latest_report"] else "—")]
                    for r in group["rows"]]
            for line in _table(["party", "ref", "obligation", "responsible", "deadline", "status", "latest report"],
                               rows, max_width=48):
                out.write(line)
            t = group["totals"]
            out.write(self._totals_line(t))
            for key in TOTAL_KEYS:
                grand[key] += t[key]
        if len(payload["groups"]) > 1:
            out.write("")
            out.write("ALL " + self._totals_line(grand))

    @staticmethod
    def _totals_line(t: dict[str, int]) -> str:
        return (f"Total: {t['total']}; completed {t['completed']} (in time {t['completed_in_time']}, "
                f"late {t['completed_late']}); in progress {t['in_progress']}; overdue {t['overdue']}; "
                f"removed {t['removed']}")

    # --- discipline --------------------------------------------------------------------------------

    def discipline(self, reader: Person, party: str | None, today: dt.date, fmt: str,
                   date_from: dt.date | None, date_to: dt.date | None) -> None:
        if party:
            from collegium.core.errors import NotFound
            from collegium.parties.selectors import party_by_code

            try:
                party_by_code(party)
            except NotFound as exc:
                raise CommandError(f"No party with code {party!r}.") from exc
        rows: list[DisciplineRow] = discipline(reader, party_code=party, today=today, date_from=date_from,
                                               date_to=date_to)
        data: list[dict[str, Any]] = [{"party": r.party_code, "unit_id": r.unit_id, "unit": r.unit_name, "total": r.total,
                 "completed": r.completed, "completed_in_time": r.completed_in_time,
                 "completed_late": r.completed_late, "overdue": r.overdue, "in_progress": r.in_progress,
                 "in_time_share": r.in_time_share} for r in rows]
        totals: dict[str, Any] = {k: sum(r[k] for r in data) for k in DISCIPLINE_COLUMNS[3:9]}
        totals["in_time_share"] = (round(totals["completed_in_time"] / totals["completed"], 3)
                                   if totals["completed"] else None)
        if fmt == "json":
            self.stdout.write(json.dumps({"party": party.upper() if party else None, "today": _date(today),
                                          "reader": reader.username, "rows": data, "totals": totals},
                                         ensure_ascii=False, indent=2))
        elif fmt == "csv":
            writer = csv.writer(self.stdout, lineterminator="\n")
            writer.writerow(DISCIPLINE_COLUMNS)
            for r in data:
                writer.writerow(["" if r[c] is None else r[c] for c in DISCIPLINE_COLUMNS])
        else:
            self.stdout.write(f"Execution discipline{' of ' + party.upper() if party else ''} as of {_date(today)}; "
                              f"read as: {reader.username}")
            headers = ["party", "unit", "total", "done", "in time", "late", "overdue", "in progress", "in time %"]

            def share(value: float | None) -> str:
                return "—" if value is None else f"{value * 100:.0f}%"

            table = [[r["party"], r["unit"], *(str(r[k]) for k in DISCIPLINE_COLUMNS[3:9]), share(r["in_time_share"])]
                     for r in data]
            table.append(["", "TOTAL", *(str(totals[k]) for k in DISCIPLINE_COLUMNS[3:9]),
                          share(totals["in_time_share"])])
            for line in _table(headers, table, max_width=64):
                self.stdout.write(line)
