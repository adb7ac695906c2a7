"""DOCX with python-docx: Times New Roman 14/12, margins and requisites after ГОСТ Р 7.0.97-2016."""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Mm, Pt

from collegium.documents.context import TOTAL_LABELS, InterimView, PlanView, Progress, ResolutionView, tick


def _document() -> Any:
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(14)
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}rFonts")
    if fonts is not None:  # so that Cyrillic text also uses Times New Roman in Word
        fonts.set("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}cs", "Times New Roman")
        fonts.set("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia", "Times New Roman")
    section = doc.sections[0]
    section.page_height, section.page_width = Mm(297), Mm(210)
    section.left_margin, section.right_margin = Mm(20), Mm(10)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    return doc


def _para(doc: Any, text: str = "", *, bold: bool = False, align: Any = None, size: int | None = None,
          indent: bool = False, space_after: int = 0) -> Any:
    p = doc.add_paragraph()
    run = p.add_run(text)
    run.bold = bold
    if size:
        run.font.size = Pt(size)
    if align is not None:
        p.alignment = align
    if indent:
        p.paragraph_format.first_line_indent = Mm(12.5)
    p.paragraph_format.space_after = Pt(space_after)
    return p


def _table(doc: Any, header: list[str], rows: list[list[str]], size: int = 10) -> Any:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        run.font.size = Pt(size)
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            run = cell.paragraphs[0].add_run(str(text))
            run.font.size = Pt(size)
    return table


def _save(doc: Any) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _plan_rows(plan: PlanView, parties: list[Any]) -> tuple[list[str], list[list[str]]]:
    header = ["№", "Тема", "Уровень", "Срок", "Место"] + [f"Делегация {p.code}" for p in parties] + ["Статус"]
    rows = []
    for r in plan.rounds:
        by_party = dict(r.delegations)
        rows.append([str(r.number), r.topic, r.level, r.period + (f" ({r.dates})" if r.dates else ""), r.venue]
                    + [by_party.get(p.code, "") for p in parties] + [r.status])
    return header, rows


def resolution_docx(doc: ResolutionView, progress: Progress = None) -> bytes:
    d = _document()
    _para(d, doc.doc_type, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, size=16)
    _para(d, doc.heading, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=12)
    req = d.add_table(rows=1, cols=3)
    for cell, text, align in zip(req.rows[0].cells, [doc.date, doc.place, f"№ {doc.number}" if doc.number else ""],
                                 [WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT],
                                 strict=True):
        cell.text = text
        cell.paragraphs[0].alignment = align
    _para(d, "")
    _para(d, doc.resolution.title, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=12)
    for text in doc.preamble:
        _para(d, text, indent=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    if doc.preamble:
        _para(d, "Коллегии постановляют:", indent=True)
    for c in doc.clauses:
        _para(d, f"{c.number}. {c.text}", indent=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
        meta = "; ".join(x for x in [f"Исполнители: {c.addressees}" if c.addressees else "", c.deadline] if x)
        if meta:
            _para(d, meta, size=11, indent=True)
    tick(progress, 1, 3, "text")
    _para(d, "")
    sig = d.add_table(rows=1, cols=max(1, len(doc.signatures)))
    for cell, s in zip(sig.rows[0].cells, doc.signatures, strict=False):
        cell.text = f"{s.position}\n{s.party.short_name}\n\n______________ {s.name}"
        if s.signed:
            p = cell.add_paragraph()
            run = p.add_run(f"ДОКУМЕНТ ПОДПИСАН ЭЛЕКТРОННОЙ ПОДПИСЬЮ\nПодписант: {s.signer}\nВремя: {s.signed_at}\n"
                            f"Алгоритм: {s.algorithm or '—'}\nКлюч (SHA-256): {s.fingerprint or '—'}")
            run.font.size = Pt(8)
    for i, plan in enumerate(doc.plans, start=1):
        d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        mark = f"Приложение{' ' + str(i) if len(doc.plans) > 1 else ''}\nк постановлению {doc.heading}\nот {doc.date}" \
               + (f" № {doc.number}" if doc.number else "")
        p = _para(d, mark, size=12)
        p.paragraph_format.left_indent = Mm(100)
        _para(d, plan.title, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=6)
        header, rows = _plan_rows(plan, doc.parties)
        _table(d, header, rows)
    tick(progress, 2, 3, "annex")
    return _save(d)


def interim_docx(doc: InterimView, progress: Progress = None) -> bytes:
    d = _document()
    section = d.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    _para(d, "СПРАВКА", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, size=16)
    _para(d, f"о ходе выполнения решений к заседанию №{doc.session.number} ({doc.session.city}, "
             f"{doc.session.date_start:%d.%m.%Y})", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(d, f"по состоянию на {doc.today:%d.%m.%Y}", align=WD_ALIGN_PARAGRAPH.RIGHT, space_after=8)
    for n, g in enumerate(doc.groups, start=1):
        _para(d, f"{n}. {g.title}", bold=True, space_after=4)
        _table(d, ["№", "Сторона", "Поручение", "Исполнители", "Срок", "История сроков", "Статус",
                   "Последняя информация"],
               [[r.number, r.party, r.title, r.executors, r.deadline, r.deadline_history, r.status, r.report]
                for r in g.rows], size=9)
        _para(d, "Итого: " + "; ".join(f"{label} — {g.totals.get(k, 0)}" for k, label in TOTAL_LABELS), size=11)
    if not doc.groups:
        _para(d, "Поручений на контроле нет.")
    tick(progress, 1, 1, "done")
    return _save(d)


def plan_docx(plans: list[PlanView], parties: list[Any], progress: Progress = None) -> bytes:
    d = _document()
    section = d.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for i, plan in enumerate(plans):
        if i:
            d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        _para(d, "ПЛАН", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, size=16)
        _para(d, plan.title, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=8)
        header, rows = _plan_rows(plan, parties)
        _table(d, header, rows)
    tick(progress, 1, 1, "done")
    return _save(d)
