"""The secretariat manages the Programme in the browser: a programme, its sections and actions
with executors per party, and the import from the template with a report of bad rows."""

from __future__ import annotations

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from collegium.control.models import Obligation
from collegium.documents.importers import template_bytes, template_header
from collegium.notifications.models import Job
from collegium.notifications.services import job_run
from collegium.programme.models import Action, Programme, Section


def _programme(world):  # type: ignore[no-untyped-def]
    from collegium.programme import services

    prog = services.programme_create(actor=None, title="Программа", year_from=2026, year_to=2028,
                                     parties=[world.ru, world.by])
    return prog, services.section_add(actor=None, programme=prog, title="СНГ и ОДКБ")


def test_secretariat_creates_a_programme(world, login):
    c = login(world.ru_sec)
    assert "Новая программа" in c.get(reverse("programme")).content.decode()
    assert c.get(reverse("programme_create")).status_code == 200
    response = c.post(reverse("programme_create"), {
        "title": "Программа согласованных действий", "year_from": 2026, "year_to": 2028, "status": "approved",
        "parties": [world.ru.pk, world.by.pk]})
    prog = Programme.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("programme_detail", args=[prog.pk])
    assert set(prog.parties.values_list("code", flat=True)) == {"RU", "BY"}


def test_programme_field_errors_are_shown(world, login):
    c = login(world.ru_sec)
    html = c.post(reverse("programme_create"), {"title": "Программа", "year_from": 2028, "year_to": 2026,
                                                "status": "draft", "parties": [world.ru.pk]}).content.decode()
    assert "Программа заканчивается раньше, чем начинается" in html
    assert not Programme.objects.exists()


def test_executor_cannot_create_a_programme(world, login):
    c = login(world.ru_exec)
    assert "Новая программа" not in c.get(reverse("programme")).content.decode()
    response = c.post(reverse("programme_create"), {"title": "Программа", "year_from": 2026, "year_to": 2028,
                                                    "status": "draft", "parties": [world.ru.pk]}, follow=True)
    assert "У вас нет прав на это действие" in response.content.decode()
    assert not Programme.objects.exists()


def test_section_added_and_duplicate_number_refused(world, login):
    prog, section = _programme(world)
    c = login(world.by_sec)
    response = c.post(reverse("section_add", args=[prog.pk]), {"title": "ООН"})
    new = Section.objects.get(title="ООН")
    assert response.status_code == 302 and response["Location"].endswith(f"#section-{new.pk}")
    assert new.number == 2
    html = c.post(reverse("section_add", args=[prog.pk]), {"title": "Ещё", "number": 1}).content.decode()
    assert "Раздел с таким номером уже существует" in html
    assert prog.sections.count() == 2
    assert c.post(reverse("section_add", args=[9999]), {"title": "X"}).status_code == 404


def test_action_with_executors_per_party_is_put_on_control(world, login):
    prog, section = _programme(world)
    c = login(world.ru_sec)
    html = c.get(reverse("action_create", args=[section.pk])).content.decode()
    assert 'value="1.1"' in html and "Ответственное подразделение" in html
    response = c.post(reverse("action_create", args=[section.pk]), {
        "number": "1.1", "text": "Проводить консультации по СНГ", "periodicity": "permanent",
        "deadline_text": "постоянно", "issued_on": "2026-01-15",
        f"resp_{world.ru.pk}": world.units["ru_cis"].pk, f"co_{world.ru.pk}": [world.units["ru_info"].pk],
        f"resp_{world.by.pk}": world.units["by_cis"].pk})
    assert response.status_code == 302
    action = Action.objects.get()
    obligations = {o.party.code: o for o in Obligation.objects.filter(action=action)}
    assert set(obligations) == {"RU", "BY"}
    ru = obligations["RU"]
    assert ru.periodicity == "permanent"
    assert {(e.unit.code, e.is_responsible) for e in ru.executors.all()} == {("CIS", True), ("INFO", False)}


def test_action_errors_shown_and_nothing_created(world, login):
    prog, section = _programme(world)
    c = login(world.ru_sec)
    html = c.post(reverse("action_create", args=[section.pk]), {
        "number": "1.1", "text": "Текст", "periodicity": "once", "issued_on": "2026-01-15"}).content.decode()
    assert "Укажите хотя бы одно подразделение-исполнитель" in html
    assert "Укажите срок или отметьте мероприятие как постоянное" in html
    html = c.post(reverse("action_create", args=[section.pk]), {
        "number": "1.1", "text": "Текст", "periodicity": "once", "deadline_date": "2026-06-01",
        "issued_on": "2026-01-15", f"co_{world.by.pk}": [world.units["by_cis"].pk]}).content.decode()
    assert "Сначала выберите ответственное подразделение" in html
    # A unit of another party is not a choice for this party's executors.
    html = c.post(reverse("action_create", args=[section.pk]), {
        "number": "1.1", "text": "Текст", "periodicity": "once", "deadline_date": "2026-06-01",
        "issued_on": "2026-01-15", f"resp_{world.ru.pk}": world.units["by_cis"].pk}).content.decode()
    assert "has-error" in html
    assert not Action.objects.exists()


def test_press_cannot_add_an_action(world, login):
    prog, section = _programme(world)
    c = login(world.by_press)
    response = c.post(reverse("action_create", args=[section.pk]), {
        "number": "1.1", "text": "Текст", "periodicity": "permanent", "issued_on": "2026-01-15",
        f"resp_{world.by.pk}": world.units["by_cis"].pk})
    assert response.status_code == 302
    assert not Action.objects.exists()


def _csv(rows: list[dict[str, str]]) -> bytes:
    header = template_header("programme")
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header)
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return out.getvalue().encode("utf-8")


def test_import_page_links_the_templates(world, login):
    html = login(world.ru_sec).get(reverse("programme_import")).content.decode()
    assert reverse("documents:template", args=["programme", "xlsx"]) in html
    assert reverse("documents:template", args=["programme", "csv"]) in html
    assert "executors_RU" in html


def test_import_of_the_template_file(world, login, settings, tmp_path):
    settings.VAR_DIR = tmp_path  # the upload is kept in the job's folder until the job has run
    c = login(world.ru_sec)
    upload = SimpleUploadedFile("programme.xlsx", template_bytes("programme", "xlsx"))
    response = c.post(reverse("programme_import"), {"file": upload, "title": "Программа 2026–2028",
                                                    "year_from": 2026, "year_to": 2028})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("programme_import_job", args=[job.pk])
    job_run(job_id=job.pk)
    prog = Programme.objects.get()
    assert reverse("programme_detail", args=[prog.pk]) in c.get(response["Location"]).content.decode()
    assert Action.objects.filter(section__programme=prog).count() == 1
    assert Obligation.objects.filter(action__section__programme=prog).count() == 2


def test_import_bad_rows_are_listed_and_nothing_is_imported(world, login, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    c = login(world.ru_sec)
    data = _csv([
        {"section_number": "1", "section_title": "СНГ", "action_number": "1.1", "text": "Хорошо",
         "periodicity": "постоянно", "executors_RU": "CIS"},
        {"section_number": "1", "section_title": "СНГ", "action_number": "1.2", "text": "Без срока",
         "periodicity": "once", "executors_RU": "CIS"},
        {"section_number": "1", "section_title": "СНГ", "action_number": "1.3", "text": "Чужой отдел",
         "periodicity": "постоянно", "executors_BY": "NOPE"},
    ])
    response = c.post(reverse("programme_import"), {"file": SimpleUploadedFile("p.csv", data),
                                                    "title": "Программа", "year_from": 2026, "year_to": 2028})
    job_run(job_id=Job.objects.get().pk)
    response = c.get(response["Location"])
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="import-errors"' in html
    assert "<td>3</td>" in html and "<td>4</td>" in html and "<td>2</td>" not in html
    assert "needs a deadline" in html and "NOPE" in html
    assert not Programme.objects.exists() and not Obligation.objects.exists()


def test_import_refuses_another_format(world, login):
    c = login(world.ru_sec)
    html = c.post(reverse("programme_import"), {"file": SimpleUploadedFile("p.txt", b"x"), "title": "П",
                                                "year_from": 2026, "year_to": 2028}).content.decode()
    assert "CSV или XLSX" in html
    assert not Programme.objects.exists()


def test_import_by_an_executor_is_refused(world, login):
    c = login(world.ru_exec)
    upload = SimpleUploadedFile("programme.csv", template_bytes("programme", "csv"))
    response = c.post(reverse("programme_import"), {"file": upload, "title": "П", "year_from": 2026,
                                                    "year_to": 2028}, follow=True)
    assert response.status_code == 200
    assert not Programme.objects.exists() and not Obligation.objects.exists()
    assert "msg-error" in response.content.decode()


def test_pages_need_login(client, world):
    for url in [reverse("programme_create"), reverse("programme_import")]:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_unknown_section_is_404(world, login):
    assert login(world.ru_sec).get(reverse("action_create", args=[999])).status_code == 404


