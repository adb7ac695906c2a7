"""Imports from the pages run as background jobs: the upload is stored in the job's folder, the job
imports as the uploader and reports progress, the page shows the outcome (the new record, or the
bad rows with nothing imported) to that person only."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from collegium.consultations.models import ConsultationPlan
from collegium.control.models import Obligation
from collegium.documents.importers import template_bytes, template_header
from collegium.notifications.models import Job
from collegium.notifications.services import job_run
from collegium.programme.models import Action, Programme

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def var_dir(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.VAR_DIR = tmp_path
    return tmp_path


def _programme_csv(rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=template_header("programme"))
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return out.getvalue().encode("utf-8")


GOOD = [{"section_number": "1", "section_title": "СНГ", "action_number": f"1.{i}", "text": f"Действие {i}",
         "periodicity": "постоянно", "executors_RU": "CIS", "executors_BY": "CIS"} for i in range(1, 31)]


def _post_programme(client, data: bytes, name: str = "p.csv"):  # type: ignore[no-untyped-def]
    return client.post(reverse("programme_import"), {"file": SimpleUploadedFile(name, data), "title": "Программа",
                                                     "year_from": 2026, "year_to": 2028})


def test_programme_upload_is_stored_and_imported_by_a_job_with_progress(world, login, var_dir, monkeypatch):
    client = login(world.ru_sec)
    response = _post_programme(client, _programme_csv(GOOD))
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("programme_import_job", args=[job.pk])
    assert job.kind == "import:programme" and job.created_by == world.ru_sec and job.status == Job.Status.QUEUED
    stored = var_dir / "exports" / str(job.pk) / "upload.csv"
    assert stored.is_file() and Path(django_settings.STATIC_ROOT) not in stored.parents
    assert not Programme.objects.exists()  # nothing happens in the request

    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200 and 'hx-trigger="every 1s"' in html and "0%" in html
    assert 'http-equiv="refresh"' in html  # without JavaScript the page refreshes itself (inside <noscript>)

    from collegium.documents import import_jobs

    seen: list[tuple[int, str]] = []
    real = import_jobs._write_json

    def spy(job_id, name, data):  # type: ignore[no-untyped-def]
        if name == import_jobs.PROGRESS:
            seen.append((data["progress"], data["message"]))
            # What the page shows meanwhile: the job's row is untouched inside the import's
            # transaction, the progress file beside the job is read instead.
            real(job_id, name, data)
            running = client.get(reverse("programme_import_job", args=[job_id]), HTTP_HX_REQUEST="true")
            assert running.status_code == 200 and f'value="{data["progress"]}"' in running.content.decode()
            return
        real(job_id, name, data)

    monkeypatch.setattr(import_jobs, "_write_json", spy)
    job = job_run(job_id=job.pk)

    assert job.status == Job.Status.SUCCEEDED and job.progress == 100
    percents = [p for p, _m in seen]
    assert percents == sorted(percents) and 50 in percents and percents[-1] == 99  # checked, then imported
    assert ("Проверка строк: 25 из 30" in [m for _p, m in seen])  # rows counted, in the uploader's language
    assert not (var_dir / "exports" / str(job.pk) / import_jobs.PROGRESS).exists()
    programme = Programme.objects.get()
    assert Action.objects.filter(section__programme=programme).count() == 30
    assert set(Obligation.objects.values_list("action__section__programme", flat=True)) == {programme.pk}
    assert not stored.exists()  # the upload does not outlive the import

    partial = client.get(reverse("programme_import_job", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert partial.status_code == 286  # htmx stops polling
    html = partial.content.decode()
    assert reverse("programme_detail", args=[programme.pk]) in html and "100%" in html
    assert "hx-trigger" not in html


def test_bad_rows_are_listed_on_the_job_page_and_nothing_is_imported(world, login):
    client = login(world.ru_sec)
    rows = [
        {"section_number": "1", "section_title": "СНГ", "action_number": "1.1", "text": "Хорошо",
         "periodicity": "постоянно", "executors_RU": "CIS"},
        {"section_number": "1", "section_title": "СНГ", "action_number": "1.2", "text": "Без срока",
         "periodicity": "once", "executors_RU": "CIS"},
        {"section_number": "1", "section_title": "СНГ", "action_number": "1.3", "text": "Чужой отдел",
         "periodicity": "постоянно", "executors_BY": "NOPE"},
    ]
    _post_programme(client, _programme_csv(rows))
    job = job_run(job_id=Job.objects.get().pk)
    assert job.status == Job.Status.SUCCEEDED  # bad rows are an outcome: no retry would fix them
    assert "2" in job.message
    html = client.get(reverse("programme_import_job", args=[job.pk])).content.decode()
    assert 'id="import-errors"' in html
    assert "<td>3</td>" in html and "<td>4</td>" in html and "<td>2</td>" not in html
    assert "needs a deadline" in html and "NOPE" in html
    assert reverse("programme_import") in html  # the way back to upload a corrected file
    assert not Programme.objects.exists() and not Obligation.objects.exists()


def test_only_the_uploader_sees_the_job_and_its_outcome(world, login):
    client = login(world.ru_sec)
    _post_programme(client, _programme_csv(GOOD[:2]))
    job = job_run(job_id=Job.objects.get().pk)
    url = reverse("programme_import_job", args=[job.pk])
    assert client.get(url).status_code == 200
    for person in (world.by_sec, world.ru_exec, world.observer):
        client = login(person)
        assert client.get(url).status_code == 404
        assert client.get(url, HTTP_HX_REQUEST="true").status_code == 404
    world.by_sec.is_superuser = True
    world.by_sec.save(update_fields=["is_superuser"])
    assert login(world.by_sec).get(url).status_code == 404  # the outcome is the uploader's, not an admin's
    # A job of another kind is not an import: its creator gets 404 here too.
    assert login(world.ru_sec).get(reverse("plan_import_job", args=[job.pk])).status_code == 404


def test_an_executor_cannot_start_an_import(world, login):
    client = login(world.ru_exec)
    upload = SimpleUploadedFile("programme.csv", template_bytes("programme", "csv"))
    response = client.post(reverse("programme_import"), {"file": upload, "title": "П", "year_from": 2026,
                                                         "year_to": 2028}, follow=True)
    assert response.status_code == 200 and "msg-error" in response.content.decode()
    assert not Job.objects.exists() and not Programme.objects.exists()


def test_plan_import_runs_in_the_background_too(world, login):
    client = login(world.ru_sec)
    upload = SimpleUploadedFile("plan.xlsx", template_bytes("plan", "xlsx"))
    response = client.post(reverse("plan_import"), {"file": upload, "year": 2026, "title": "План 2026"})
    job = Job.objects.get()
    assert response["Location"] == reverse("plan_import_job", args=[job.pk])
    assert (Path(django_settings.VAR_DIR) / "exports" / str(job.pk) / "upload.xlsx").is_file()
    job_run(job_id=job.pk)
    plan = ConsultationPlan.objects.get()
    assert plan.rounds.count() == 1
    html = client.get(response["Location"]).content.decode()
    assert reverse("plan_detail", args=[plan.pk]) in html
