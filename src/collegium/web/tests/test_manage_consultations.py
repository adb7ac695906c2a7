"""The secretariat keeps the plan of consultations in the browser: a plan, its rounds with the
delegations of each party, and the import from the template."""

from __future__ import annotations

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from collegium.consultations.models import ConsultationPlan, Round
from collegium.documents.importers import template_bytes, template_header
from collegium.notifications.models import Job
from collegium.notifications.services import job_run


def _plan(world):  # type: ignore[no-untyped-def]
    from collegium.consultations import services

    return services.plan_create(actor=world.ru_sec, year=2027, title="План 2027")


def test_secretariat_creates_a_plan_annexed_to_a_resolution(scenario, login):
    w = scenario.world
    c = login(w.by_sec)
    html = c.get(reverse("plan_create")).content.decode()
    assert "Приложение к постановлению" in html
    response = c.post(reverse("plan_create"), {"year": 2027, "title": "План консультаций на 2027 год",
                                               "resolution": scenario.resolution.pk})
    plan = ConsultationPlan.objects.get(year=2027)
    assert response.status_code == 302 and response["Location"] == reverse("plan_detail", args=[plan.pk])
    assert plan.resolution == scenario.resolution


def test_plan_title_required_and_observer_refused(world, login):
    c = login(world.ru_sec)
    html = c.post(reverse("plan_create"), {"year": 2027, "title": " "}).content.decode()
    assert "has-error" in html
    c = login(world.observer)
    c.post(reverse("plan_create"), {"year": 2027, "title": "План"})
    assert not ConsultationPlan.objects.exists()


def test_round_with_delegations_per_party(world, login):
    plan = _plan(world)
    c = login(world.ru_sec)
    html = c.get(reverse("plan_detail", args=[plan.pk])).content.decode()
    assert reverse("round_create", args=[plan.pk]) in html
    html = c.get(reverse("round_create", args=[plan.pk])).content.decode()
    assert "глава делегации" in html
    response = c.post(reverse("round_create", args=[plan.pk]), {
        "topic": "Консультации по ООН", "level": "deputy_ministers", "period_start": "2027-01-01",
        "period_end": "2027-03-31", "period_label": "I квартал", "venue_kind": "city", "venue": "Минск",
        "host_party": world.by.pk,
        f"unit_{world.ru.pk}": world.units["ru_cis"].pk, f"head_{world.ru.pk}": "Замминистра РФ",
        f"unit_{world.by.pk}": world.units["by_cis"].pk, f"head_{world.by.pk}": "Замминистра РБ",
        f"head_position_{world.by.pk}": "Заместитель министра"})
    assert response.status_code == 302
    rnd = Round.objects.get(plan=plan)
    assert rnd.number == 1 and rnd.host_party == world.by and rnd.venue == "Минск"
    delegations = {d.party.code: d for d in rnd.delegations.all()}
    assert delegations["RU"].unit == world.units["ru_cis"] and delegations["BY"].head_position == "Заместитель министра"


def test_round_errors_shown(world, login):
    plan = _plan(world)
    c = login(world.ru_sec)
    html = c.post(reverse("round_create", args=[plan.pk]), {
        "topic": "Тема", "level": "experts", "period_start": "2027-05-01", "period_end": "2027-03-01",
        "venue_kind": "city"}).content.decode()
    assert "Срок заканчивается раньше, чем начинается" in html
    # A unit of BY offered as RU's delegation is not a valid choice.
    html = c.post(reverse("round_create", args=[plan.pk]), {
        "topic": "Тема", "level": "experts", "period_start": "2027-01-01", "period_end": "2027-03-01",
        "venue_kind": "city", f"unit_{world.ru.pk}": world.units["by_cis"].pk}).content.decode()
    assert "has-error" in html
    assert not Round.objects.exists()


def test_round_refused_to_an_executor_and_unknown_plan_404(world, login):
    plan = _plan(world)
    c = login(world.by_exec)
    c.post(reverse("round_create", args=[plan.pk]), {
        "topic": "Тема", "level": "experts", "period_start": "2027-01-01", "period_end": "2027-03-01",
        "venue_kind": "city"})
    assert not Round.objects.exists()
    assert c.get(reverse("round_create", args=[9999])).status_code == 404


def test_plan_import_from_the_template(world, login, settings, tmp_path):
    settings.VAR_DIR = tmp_path  # the upload is kept in the job's folder until the job has run
    c = login(world.ru_sec)
    html = c.get(reverse("plan_import")).content.decode()
    assert reverse("documents:template", args=["plan", "xlsx"]) in html
    upload = SimpleUploadedFile("plan.csv", template_bytes("plan", "csv"))
    response = c.post(reverse("plan_import"), {"file": upload, "year": 2026, "title": "План 2026"})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("plan_import_job", args=[job.pk])
    job_run(job_id=job.pk)
    plan = ConsultationPlan.objects.get()
    assert reverse("plan_detail", args=[plan.pk]) in c.get(response["Location"]).content.decode()
    assert plan.rounds.count() == 1


def test_plan_import_bad_rows_nothing_imported(world, login, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    header = template_header("plan")
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header)
    writer.writeheader()
    writer.writerow({"number": "1", "topic": "Хорошо", "level": "experts", "period_start": "2026-01-01",
                     "period_end": "2026-02-01"})
    writer.writerow({"number": "2", "topic": "Плохой уровень", "level": "министры", "period_start": "2026-01-01",
                     "period_end": "2026-02-01"})
    c = login(world.ru_sec)
    response = c.post(reverse("plan_import"), {"file": SimpleUploadedFile("plan.csv", out.getvalue().encode()),
                                               "year": 2026, "title": "План"})
    job_run(job_id=Job.objects.get().pk)
    html = c.get(response["Location"]).content.decode()
    assert 'id="import-errors"' in html and "<td>3</td>" in html and "министры" in html
    assert not ConsultationPlan.objects.exists()
