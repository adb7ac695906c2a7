"""XLSX with openpyxl: tables with frozen headers and filters; the discipline sheet has a chart."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from collegium.documents.context import TOTAL_LABELS, DisciplineView, InterimView, PlanView, Progress, tick


def _only_sheet(wb: Workbook) -> Worksheet:
    """The one worksheet a new workbook starts with."""
    ws = wb.active
    assert isinstance(ws, Worksheet)
    return ws


BOLD = Font(bold=True)
HEAD_FILL = PatternFill("solid", fgColor="DDE4EE")
WRAP = Alignment(wrap_text=True, vertical="top")


def _sheet_title(text: str) -> str:
    for ch in "[]:*?/\\":
        text = text.replace(ch, " ")
    return text[:31] or "Sheet"


def _header(ws: Any, row: int, values: list[str], widths: list[int] | None = None) -> None:
    for col, value in enumerate(values, start=1):
        cell = ws.cell(row=row, column=col, value=value)
        cell.font = BOLD
        cell.fill = HEAD_FILL
        cell.alignment = WRAP
        if widths:
            ws.column_dimensions[get_column_letter(col)].width = widths[col - 1]


def _save(wb: Workbook) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def interim_xlsx(doc: InterimView, progress: Progress = None) -> bytes:
    wb = Workbook()
    wb.remove(_only_sheet(wb))  # sheets are added by name below
    header = ["№", "Сторона", "Поручение", "Исполнители", "Срок", "История сроков", "Статус", "Просрочено",
              "Последняя информация"]
    widths = [8, 8, 60, 35, 12, 24, 22, 10, 60]
    for n, g in enumerate(doc.groups or [], start=1):
        ws = wb.create_sheet(_sheet_title(f"{n}. {g.title}"))
        ws.cell(row=1, column=1, value=g.title).font = Font(bold=True, size=13)
        ws.cell(row=2, column=1, value=f"{doc.title}; по состоянию на {doc.today:%d.%m.%Y}")
        _header(ws, 4, header, widths)
        for i, r in enumerate(g.rows, start=5):
            for col, value in enumerate([r.number, r.party, r.title, r.executors, r.deadline, r.deadline_history,
                                         r.status, "да" if r.overdue else "", r.report], start=1):
                ws.cell(row=i, column=col, value=value)
        last = 4 + len(g.rows)
        ws.freeze_panes = "A5"
        ws.auto_filter.ref = f"A4:{get_column_letter(len(header))}{max(last, 5)}"
        totals_row = last + 2
        ws.cell(row=totals_row, column=1, value="Итого").font = BOLD
        for j, (key, label) in enumerate(TOTAL_LABELS):
            ws.cell(row=totals_row + 1 + j, column=2, value=label)
            ws.cell(row=totals_row + 1 + j, column=3, value=g.totals.get(key, 0))
        tick(progress, n, len(doc.groups), "sheet")
    if not wb.worksheets:
        ws = wb.create_sheet("Справка")
        ws["A1"] = "Поручений на контроле нет."
    return _save(wb)


def plan_xlsx(plans: list[PlanView], parties: list[Any], progress: Progress = None) -> bytes:
    wb = Workbook()
    wb.remove(_only_sheet(wb))  # sheets are added by name below
    for plan in plans:
        ws = wb.create_sheet(_sheet_title(f"План {plan.year}"))
        ws["A1"] = plan.title
        ws["A1"].font = Font(bold=True, size=13)
        header = ["№", "Тема", "Уровень", "Срок (период)", "Согласованные даты", "Место"] + \
                 [f"Делегация {p.code}" for p in parties] + ["Статус", "UID"]
        _header(ws, 3, header, [6, 50, 24, 22, 22, 20] + [40] * len(parties) + [18, 38])
        for i, r in enumerate(plan.rounds, start=4):
            by_party = dict(r.delegations)
            values = [r.number, r.topic, r.level, r.period, r.dates, r.venue] + \
                     [by_party.get(p.code, "") for p in parties] + [r.status, str(r.obj.uid) if r.obj else ""]
            for col, value in enumerate(values, start=1):
                ws.cell(row=i, column=col, value=value)
        ws.freeze_panes = "A4"
    if not wb.worksheets:
        wb.create_sheet("План")["A1"] = "Планов нет."
    tick(progress, 1, 1, "done")
    return _save(wb)


def discipline_xlsx(doc: DisciplineView, progress: Progress = None) -> bytes:
    wb = Workbook()
    ws = _only_sheet(wb)
    ws.title = "Дисциплина"
    ws["A1"] = doc.title
    ws["A1"].font = Font(bold=True, size=13)
    ws["A2"] = f"по состоянию на {doc.today:%d.%m.%Y}"
    header = ["Сторона", "Подразделение", "Всего", "Исполнено", "в срок", "с нарушением срока", "Просрочено",
              "В работе", "Доля в срок"]
    _header(ws, 4, header, [9, 40, 9, 11, 9, 14, 12, 10, 12])
    for i, r in enumerate(doc.rows, start=5):
        values = [r.party_code, r.unit_name, r.total, r.completed, r.completed_in_time, r.completed_late, r.overdue,
                  r.in_progress, r.in_time_share]
        for col, value in enumerate(values, start=1):
            ws.cell(row=i, column=col, value=value)
        ws.cell(row=i, column=9).number_format = "0%"
    last = 4 + len(doc.rows)
    ws.freeze_panes = "A5"
    if doc.rows:
        chart = BarChart()
        chart.type = "bar"
        chart.grouping = "stacked"
        chart.overlap = 100
        chart.title = "Исполнение по подразделениям"
        chart.y_axis.title = "Поручения"
        data = Reference(ws, min_col=5, max_col=8, min_row=4, max_row=last)
        cats = Reference(ws, min_col=2, min_row=5, max_row=last)
        chart.add_data(data, titles_from_data=True)
        chart.set_categories(cats)
        chart.height = max(7.5, 0.8 * len(doc.rows) + 3)
        chart.width = 22
        ws.add_chart(chart, f"A{last + 3}")
    tick(progress, 1, 1, "done")
    return _save(wb)
