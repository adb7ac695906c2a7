"""Import of a Programme and of a consultations plan from the CSV / XLSX templates offered for
download. Every row is checked first; any bad row (reported with its row number as seen in the
file, header = row 1) means nothing is imported. Writes go through programme.services and
consultations.services inside one transaction."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from collegium.core.errors import ValidationFailed
from collegium.parties.models import Party, Person, Unit

PROGRAMME_COLUMNS = ["section_number", "section_title", "action_number", "text", "deadline", "periodicity",
                     "deadline_text"]
PLAN_COLUMNS = ["number", "topic", "level", "period_start", "period_end", "period_label", "venue_kind", "venue",
                "host"]
PERIODICITY_ALIASES = {"": "once", "once": "once", "разово": "once", "monthly": "monthly", "ежемесячно": "monthly",
                       "quarterly": "quarterly", "ежеквартально": "quarterly", "yearly": "yearly",
                       "ежегодно": "yearly", "permanent": "permanent", "постоянно": "permanent"}
LEVEL_ALIASES = {"deputy_ministers": "deputy_ministers", "заместители министров": "deputy_ministers",
                 "heads_of_departments": "heads_of_departments",
                 "руководители департаментов": "heads_of_departments", "mixed": "mixed", "смешанный": "mixed",
                 "experts": "experts", "эксперты": "experts"}
VENUE_KINDS = {"": "city", "city": "city", "video": "video", "margins": "margins"}

# progress(done, total, note): rows checked, then rows imported (the web import runs as a job and
# the CLI draws a bar; both count rows of the file).
Progress = Callable[[int, int, str], None] | None
PROGRESS_EVERY = 25  # rows between two reports: a bar needs no more, and a job writes its row each time


def _report(progress: Progress, done: int, total: int, note: str) -> None:
    if progress is not None and (done == total or done % PROGRESS_EVERY == 0):
        progress(done, total, note)


def _party_columns(kind: str, parties: list[Party]) -> list[str]:
    if kind == "programme":
        return [f"executors_{p.code}" for p in parties]
    return [c for p in parties for c in (f"unit_{p.code}", f"head_{p.code}", f"head_position_{p.code}")]


def template_header(kind: str) -> list[str]:
    parties = list(Party.objects.order_by("order", "code"))
    base = PROGRAMME_COLUMNS if kind == "programme" else PLAN_COLUMNS
    return base + _party_columns(kind, parties)


def _example(kind: str, header: list[str]) -> list[str]:
    if kind == "programme":
        row = {"section_number": "1", "section_title": "СНГ и ОДКБ", "action_number": "1.1",
               "text": "Проводить консультации по вопросам СНГ", "deadline": "", "periodicity": "постоянно",
               "deadline_text": "постоянно"}
    else:
        row = {"number": "1", "topic": "ООН и выборы в органы ООН", "level": "deputy_ministers",
               "period_start": "2026-01-01", "period_end": "2026-03-31", "period_label": "I квартал",
               "venue_kind": "city", "venue": "Москва", "host": "RU"}
    for party in Party.objects.order_by("order", "code"):
        unit = Unit.objects.filter(party=party, parent__isnull=True).order_by("code").first()
        if unit is not None:
            row[f"executors_{party.code}" if kind == "programme" else f"unit_{party.code}"] = unit.code
    return [row.get(col, "") for col in header]


def template_bytes(kind: str, fmt: str) -> bytes:
    """The import template with its header, an example row and (XLSX) a sheet of hints."""
    header = template_header(kind)
    example = _example(kind, header)
    if fmt == "csv":
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow(header)
        writer.writerow(example)
        return ("\ufeff" + text.getvalue()).encode("utf-8")
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.worksheet import Worksheet

    wb = Workbook()
    ws = wb.active
    assert isinstance(ws, Worksheet)  # a new workbook has one worksheet
    ws.title = "data"
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.append(example)
    hints = wb.create_sheet("hints")
    hints.append(["Dates: YYYY-MM-DD or DD.MM.YYYY. Unit codes separated by ';' (first = responsible)."])
    if kind == "programme":
        hints.append(["periodicity: once | monthly | quarterly | yearly | permanent (or Russian: постоянно, ...)"])
    else:
        hints.append(["level: " + " | ".join(sorted(set(LEVEL_ALIASES.values()))) + "; venue_kind: city | video | margins"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def read_rows(data: bytes, filename: str) -> list[tuple[int, dict[str, str]]]:
    """(row number in the file, {column: value}) for every non-empty data row."""
    if filename.lower().endswith(".xlsx") or data[:4] == b"PK\x03\x04":
        from openpyxl import load_workbook

        try:
            wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            ws = wb.worksheets[0]
        except Exception as exc:  # noqa: BLE001 - any unreadable workbook is the uploader's error, not ours
            raise ValidationFailed(field_errors={"file": _("The file is not a readable XLSX workbook.")}) from exc
        raw = [[("" if v is None else (v.date().isoformat() if isinstance(v, dt.datetime) else str(v))).strip()
                for v in row] for row in ws.iter_rows(values_only=True)]
    else:
        text = data.decode("utf-8-sig")
        raw = [[c.strip() for c in row] for row in csv.reader(io.StringIO(text))]
    if not raw:
        raise ValidationFailed("The file is empty.", field_errors={"file": "The file is empty."})
    header = [h.strip() for h in raw[0]]
    rows = []
    for n, values in enumerate(raw[1:], start=2):
        if not any(values):
            continue
        rows.append((n, {h: (values[i] if i < len(values) else "") for i, h in enumerate(header) if h}))
    return rows


def _date(value: str) -> dt.date | None:
    value = value.strip()
    if not value:
        return None
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(value, fmt).date()  # noqa: DTZ007 - a plain date
        except ValueError:
            continue
    raise ValueError(f"«{value}» is not a date (YYYY-MM-DD or DD.MM.YYYY)")


class RowErrors:
    def __init__(self) -> None:
        self.items: list[tuple[int, str]] = []

    def add(self, row: int, reason: str) -> None:
        self.items.append((row, reason))

    def raise_if_any(self) -> None:
        if self.items:
            lines = [f"Row {row}: {reason}" for row, reason in sorted(self.items)]
            raise ValidationFailed("\n".join(lines), field_errors={f"row_{row}": reason for row, reason in self.items})


def _units(codes: str, party: Party, units: dict[tuple[int, str], Unit]) -> list[Unit]:
    result = []
    for code in [c.strip() for c in codes.replace(",", ";").split(";") if c.strip()]:
        unit = units.get((party.pk, code.upper()))
        if unit is None:
            raise ValueError(f"unknown unit «{code}» of party {party.code}")
        result.append(unit)
    return result


def _lookups() -> tuple[dict[str, Party], dict[tuple[int, str], Unit]]:
    parties = {p.code.upper(): p for p in Party.objects.all()}
    units = {(u.party_id, u.code.upper()): u for u in Unit.objects.all()}
    return parties, units


@transaction.atomic
def import_programme(*, actor: Person, data: bytes, filename: str, title: str, year_from: int, year_to: int,
                     issued_on: dt.date | None = None, progress: Progress = None) -> Any:
    """A new Programme with its sections and actions (each put on control per party)."""
    from collegium.programme import services as ps

    rows = read_rows(data, filename)
    parties, units = _lookups()
    errors = RowErrors()
    parsed = []
    for checked, (n, row) in enumerate(rows, start=1):
        _report(progress, checked, len(rows), "checked")
        missing = [c for c in ("section_number", "section_title", "action_number", "text") if not row.get(c)]
        if missing:
            errors.add(n, "missing " + ", ".join(missing))
            continue
        try:
            section_number = int(float(row["section_number"]))
            deadline = _date(row.get("deadline", ""))
            periodicity = PERIODICITY_ALIASES.get(row.get("periodicity", "").strip().lower())
            if periodicity is None:
                raise ValueError(f"unknown periodicity «{row.get('periodicity')}»")
            if periodicity == "once" and deadline is None:
                raise ValueError("a one-off action needs a deadline (or periodicity «permanent»)")
            executors = {}
            for col, value in row.items():
                if col.startswith("executors_") and value:
                    party = parties.get(col.removeprefix("executors_").upper())
                    if party is None:
                        raise ValueError(f"unknown party in column «{col}»")
                    executors[party] = _units(value, party, units)
            if not executors:
                raise ValueError("no executing unit is named")
        except ValueError as exc:
            errors.add(n, str(exc))
            continue
        parsed.append((n, section_number, row["section_title"], row["action_number"], row["text"], deadline,
                       periodicity, row.get("deadline_text", ""), executors))
    if not rows:
        errors.add(2, "no data rows")
    errors.raise_if_any()
    involved = sorted({p for item in parsed for p in item[8]}, key=lambda p: (p.order, p.code))
    programme = ps.programme_create(actor=actor, title=title, year_from=year_from, year_to=year_to,
                                    parties=involved or list(parties.values()))
    sections: dict[int, Any] = {}
    issued = issued_on or dt.date(year_from, 1, 1)
    for written, (n, snum, stitle, anum, text, deadline, periodicity, dtext, executors) in enumerate(parsed, start=1):
        _report(progress, written - 1, len(parsed), "imported")
        try:
            if snum not in sections:
                sections[snum] = ps.section_add(actor=actor, programme=programme, title=stitle, number=snum)
            ps.action_add(actor=actor, section=sections[snum], number=anum, text=text, executors=executors,
                          issued_on=issued, deadline_date=deadline, periodicity=periodicity, deadline_text=dtext)
        except ValidationFailed as exc:
            errors.add(n, "; ".join(str(v) for v in exc.field_errors.values()) or exc.message)
    _report(progress, len(parsed), len(parsed), "imported")
    errors.raise_if_any()
    return programme


@transaction.atomic
def import_plan(*, actor: Person, data: bytes, filename: str, year: int, title: str, resolution: Any = None,
                progress: Progress = None) -> Any:
    """A new consultations plan with its rounds and delegations."""
    from collegium.consultations import services as cs

    rows = read_rows(data, filename)
    parties, units = _lookups()
    errors = RowErrors()
    parsed = []
    seen_numbers: dict[int, int] = {}
    for checked, (n, row) in enumerate(rows, start=1):
        _report(progress, checked, len(rows), "checked")
        missing = [c for c in ("topic", "period_start", "period_end") if not row.get(c)]
        if missing:
            errors.add(n, "missing " + ", ".join(missing))
            continue
        try:
            number = int(float(row["number"])) if row.get("number") else None
            if number is not None and number in seen_numbers:
                raise ValueError(f"round number {number} repeats row {seen_numbers[number]}")
            if number is not None:
                seen_numbers[number] = n
            start, end = _date(row["period_start"]), _date(row["period_end"])
            if start is None or end is None:  # cells are stripped, so a blank one was caught above
                raise ValueError("missing period_start or period_end")
            if end < start:
                raise ValueError("the period ends before it starts")
            level = LEVEL_ALIASES.get(row.get("level", "").strip().lower())
            if level is None:
                raise ValueError(f"unknown level «{row.get('level')}»")
            venue_kind = VENUE_KINDS.get(row.get("venue_kind", "").strip().lower())
            if venue_kind is None:
                raise ValueError(f"unknown venue kind «{row.get('venue_kind')}»")
            host = None
            if row.get("host"):
                host = parties.get(row["host"].upper())
                if host is None:
                    raise ValueError(f"unknown host party «{row['host']}»")
            delegations = []
            for code, party in parties.items():
                unit_codes = row.get(f"unit_{code}", "")
                head = row.get(f"head_{code}", "")
                if not (unit_codes or head):
                    continue
                unit_list = _units(unit_codes, party, units) if unit_codes else []
                delegations.append({"party": party, "unit": unit_list[0] if unit_list else None, "head_name": head,
                                    "head_position": row.get(f"head_position_{code}", "")})
        except ValueError as exc:
            errors.add(n, str(exc))
            continue
        parsed.append((n, number, row["topic"], level, start, end, row.get("period_label", ""), venue_kind,
                       row.get("venue", ""), host, delegations))
    if not rows:
        errors.add(2, "no data rows")
    errors.raise_if_any()
    plan = cs.plan_create(actor=actor, year=year, title=title, resolution=resolution)
    for written, (n, number, topic, level, start, end, label, vkind, venue, host, delegations) in enumerate(
            parsed, start=1):
        _report(progress, written - 1, len(parsed), "imported")
        try:
            cs.round_create(actor=actor, plan=plan, topic=topic, level=level, period_start=start, period_end=end,
                            period_label=label, venue=venue, venue_kind=vkind, host_party=host,
                            delegations=delegations, number=number)
        except ValidationFailed as exc:
            errors.add(n, "; ".join(str(v) for v in exc.field_errors.values()) or exc.message)
    _report(progress, len(parsed), len(parsed), "imported")
    errors.raise_if_any()
    return plan
