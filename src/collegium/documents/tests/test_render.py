import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document
from icalendar import Calendar
from openpyxl import load_workbook
from pypdf import PdfReader

from collegium.consultations import services as cs
from collegium.core.models import Clearance, Visibility
from collegium.documents.context import joint_reader
from collegium.documents.render import render
from collegium.documents.tests.builders import agreed_resolution
from collegium.meetings import services as ms


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(c.text for c in row.cells)
    return "\n".join(parts)


def test_resolution_docx_and_pdf(world):
    session, resolution, _plan = agreed_resolution(world, clauses=3, rounds=4)
    docx = render("resolution", "docx", person=world.by_exec, session_id=session.pk)
    text = docx_text(docx.content)
    assert "ПОСТАНОВЛЕНИЕ" in text
    assert ("совместного заседания коллегий Министерства иностранных дел Российской Федерации и "
            "Министерства иностранных дел Республики Беларусь") in text
    assert "25.11.2025" in text and "Москва" in text and "№ 1пс" in text
    assert "3. Поручить департаментам" in text
    assert "Консультации по теме 4: ООН и ОБСЕ" in text  # the annex table
    assert "Приложение" in text
    pdf = render("resolution", "pdf", person=world.by_exec, session_id=session.pk)
    assert pdf.content.startswith(b"%PDF")
    ptext = pdf_text(pdf.content)
    assert "ПОСТАНОВЛЕНИЕ" in ptext
    assert "Республики Беларусь" in ptext
    assert "Консультации по теме 4" in ptext
    assert "ПОДПИСАН" not in ptext  # not signed yet


def test_signed_resolution_shows_signature_blocks(world):
    from collegium.documents.akn import canonical_akn_bytes
    from collegium.documents.services import resolution_sign_with_key
    from collegium.documents.signing import sign_bytes
    from collegium.documents.tests.builders import register_key

    session, resolution, _plan = agreed_resolution(world)
    fps = []
    for head in (world.ru_head, world.by_head):
        private, key, _ = register_key(head)
        resolution_sign_with_key(actor=head, resolution=resolution, key_fingerprint=key.fingerprint,
                                 signature=sign_bytes(private, canonical_akn_bytes(resolution)))
        fps.append(key.fingerprint)
    text = pdf_text(render("resolution", "pdf", person=world.ru_sec, session_id=session.pk).content)
    assert "ДОКУМЕНТ ПОДПИСАН ЭЛЕКТРОННОЙ ПОДПИСЬЮ" in text
    compact = text.replace("\n", "").replace(" ", "")
    assert all(fp in compact for fp in fps)
    dtext = docx_text(render("resolution", "docx", person=world.ru_sec, session_id=session.pk).content)
    assert all(fp in dtext for fp in fps)


def _interim_session(world):  # type: ignore[no-untyped-def]
    from collegium.control import services as ctl
    from collegium.control.models import Report
    from collegium.core.testing import make_obligation, make_session

    ob = make_obligation(world, issued_on=dt.date(2025, 1, 15), days=30)
    previous = ob.clause.resolution.session
    ctl.obligation_change_deadline(actor=world.ru_sec, obligation=ob, deadline=dt.date(2025, 3, 14),
                                   reason="Перенос по просьбе")
    internal = ctl.report_create(actor=world.ru_exec, obligation=ob, kind=Report.Kind.INTERIM,
                                 text="Внутренняя записка о ходе работы")
    session = make_session(world, number=50, previous=previous)
    return session, ob, internal


def test_interim_results_in_three_formats_respect_visibility(world):
    session, ob, _internal = _interim_session(world)
    today = dt.date(2025, 6, 1)
    ru = render("interim", "docx", person=world.ru_sec, session_id=session.pk, today=today)
    text = docx_text(ru.content)
    assert "СПРАВКА" in text and "Обеспечить подготовку" in text
    assert "Внутренняя записка о ходе работы" in text  # RU sees its own internal report
    assert "14.03.2025" in text and "просрочено" in text
    by = render("interim", "docx", person=world.by_sec, session_id=session.pk, today=today)
    assert "Внутренняя записка" not in docx_text(by.content)
    pdf = render("interim", "pdf", person=world.ru_sec, session_id=session.pk, today=today)
    ptext = pdf_text(pdf.content)
    assert "СПРАВКА" in ptext and "Департамент СНГ" in ptext
    xl = render("interim", "xlsx", person=world.by_sec, session_id=session.pk, today=today)
    wb = load_workbook(io.BytesIO(xl.content))
    ws = wb.worksheets[0]
    values = [[c.value for c in row] for row in ws.iter_rows()]
    flat = [v for row in values for v in row if v is not None]
    assert "Обеспечить подготовку" in flat and "да" in flat
    assert not any("Внутренняя" in str(v) for v in flat)
    assert ["Всего", 1] == [v for v in next(r for r in values if "Всего" in r) if v is not None]


def test_plan_docx_xlsx_and_ics_uid_and_sequence(world):
    session, _resolution, plan = agreed_resolution(world, rounds=3)
    text = docx_text(render("plan", "docx", person=world.observer, session_id=session.pk).content)
    assert "План межмидовских консультаций на 2026 год" in text and "Иванов И.И." in text
    wb = load_workbook(io.BytesIO(render("plan", "xlsx", person=world.observer, session_id=session.pk).content))
    ws = wb.worksheets[0]
    assert ws["B4"].value == "Консультации по теме 1: ООН и ОБСЕ"
    first = Calendar.from_ical(render("plan", "ics", person=world.observer, session_id=session.pk).content)
    events = list(first.walk("VEVENT"))
    assert len(events) == 3
    ev = events[0]
    assert ev["DTSTART"].params.get("VALUE") == "DATE" or not hasattr(ev.decoded("DTSTART"), "hour")
    assert ev.decoded("DTSTART") == dt.date(2026, 1, 1) and ev.decoded("DTEND") == dt.date(2026, 1, 29)
    assert str(ev["STATUS"]) == "TENTATIVE"
    rnd = plan.rounds.get(number=1)
    seq_before = int(ev["SEQUENCE"])
    cs.round_agree_dates(actor=world.ru_sec, round=rnd, date_start=dt.date(2026, 1, 20),
                         date_end=dt.date(2026, 1, 21))
    cs.round_cancel(actor=world.by_sec, round=plan.rounds.get(number=2), reason="Не актуально")
    second = Calendar.from_ical(render("plan", "ics", person=world.observer, plan_id=plan.pk).content)
    by_uid = {str(e["UID"]): e for e in second.walk("VEVENT")}
    assert str(ev["UID"]) in by_uid  # stable across updates
    updated = by_uid[str(ev["UID"])]
    assert int(updated["SEQUENCE"]) > seq_before
    assert updated.decoded("DTSTART") == dt.date(2026, 1, 20) and updated.decoded("DTEND") == dt.date(2026, 1, 22)
    assert str(updated["STATUS"]) == "CONFIRMED"
    assert sorted(str(e["STATUS"]) for e in by_uid.values()) == ["CANCELLED", "CONFIRMED", "TENTATIVE"]


def test_discipline_xlsx_has_rows_and_chart(world):
    from collegium.core.testing import make_obligation

    make_obligation(world, party_code="RU")
    make_obligation(world, party_code="BY")
    out = render("discipline", "xlsx", person=world.ru_head, party="RU", today=dt.date(2025, 6, 1))
    assert out.filename == "discipline-RU.xlsx"
    wb = load_workbook(io.BytesIO(out.content))
    ws = wb.active
    assert ws["B5"].value == "Департамент СНГ" and ws["A5"].value == "RU" and ws["G5"].value == 1
    assert ws["A6"].value is None  # BY is not in the RU sheet
    assert len(ws._charts) == 1


def _pdf_upload(text: str) -> SimpleUploadedFile:
    from weasyprint import HTML

    data = HTML(string=f"<html><body><p>{text}</p><p style='page-break-before:always'>стр. 2</p></body></html>").write_pdf()
    return SimpleUploadedFile("doc.pdf", data, content_type="application/pdf")


def test_pack_respects_party_and_clearance(world, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    session, _resolution, _plan = agreed_resolution(world)
    item = ms.agenda_item_add(actor=world.ru_sec, session=session, title="О промежуточных итогах",
                              rapporteurs=[{"party": world.ru, "name": "Иванов И.И.", "position": "директор"}])
    ms.material_add(actor=world.ru_sec, session=session, agenda_item=item, title="Совместная справка",
                    upload=SimpleUploadedFile("a.txt", "Текст совместной справки".encode(), content_type="text/plain"))
    ms.material_add(actor=world.ru_sec, session=session, agenda_item=item, title="Внутренняя позиция RU",
                    visibility=Visibility.INTERNAL,
                    upload=SimpleUploadedFile("b.txt", "Секретная позиция".encode(), content_type="text/plain"))
    ms.material_add(actor=world.by_sec, session=session, title="Служебная записка BY", clearance=Clearance.OFFICIAL)
    ms.material_add(actor=world.by_sec, session=session, title="Приложенный PDF", upload=_pdf_upload("Встроенный документ"))
    ru = pdf_text(render("pack", "pdf", person=world.ru_sec, session_id=session.pk).content)
    assert "Содержание" in ru and "Совместная справка" in ru and "Текст совместной справки" in ru
    assert "Внутренняя позиция RU" in ru and "Секретная позиция" in ru
    assert "Встроенный документ" in ru  # PDF pages embedded
    by = pdf_text(render("pack", "pdf", person=world.by_sec, session_id=session.pk).content)
    assert "Совместная справка" in by
    assert "Внутренняя позиция RU" not in by and "Секретная позиция" not in by
    observer = pdf_text(render("pack", "pdf", person=world.observer, session_id=session.pk).content)
    assert "Служебная записка BY" not in observer  # above an open clearance
    assert "Служебная записка BY" in by
    agenda = pdf_text(render("agenda", "pdf", person=joint_reader(), session_id=session.pk).content)
    assert "ПОВЕСТКА ДНЯ" in agenda and "О промежуточных итогах" in agenda and "Совместная справка" not in agenda


def test_hidden_session_or_unknown_format(world):
    from collegium.core.errors import NotFound, ValidationFailed

    with pytest.raises(NotFound):
        render("resolution", "pdf", person=world.ru_sec, session_id=99999)
    with pytest.raises(ValidationFailed):
        render("discipline", "pdf", person=world.ru_sec)
