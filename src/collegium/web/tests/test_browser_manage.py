"""The secretariat's management pages clicked through in a real (headless) Chromium: a plan of
consultations with a round, then a Programme imported from the downloaded template."""

from __future__ import annotations

import pytest
from django.urls import reverse

from collegium.consultations.models import ConsultationPlan
from collegium.control.models import Obligation
from collegium.notifications.models import Job
from collegium.notifications.services import job_run
from collegium.programme.models import Programme
from collegium.web.tests.browser import private_queue, shot  # noqa: F401 - a fixture

pytestmark = pytest.mark.browser


@pytest.mark.usefixtures("private_queue")
def test_secretariat_creates_a_plan_and_a_round_then_imports_a_programme(world_tx, open_page, live_server,
                                                                       tmp_path, settings):
    settings.VAR_DIR = tmp_path
    w = world_tx
    page = open_page(w.ru_sec)

    # A plan of consultations, then its first round with both delegations.
    page.goto(live_server.url + reverse("plan"))
    page.click(f"a[href='{reverse('plan_create')}']")
    page.fill("#manage-form [name=year]", "2027")
    page.fill("#manage-form [name=title]", "План межмидовских консультаций на 2027 год")
    page.click("#manage-form button[type=submit]")
    page.wait_for_load_state()
    plan = ConsultationPlan.objects.get(year=2027)
    assert page.url.endswith(reverse("plan_detail", args=[plan.pk]))
    page.click(f"a[href='{reverse('round_create', args=[plan.pk])}']")
    page.fill("#round-form [name=topic]", "Консультации по вопросам ООН")
    page.select_option("#round-form [name=level]", "deputy_ministers")
    page.fill("#round-form [name=period_start]", "2027-01-01")
    page.fill("#round-form [name=period_end]", "2027-03-31")
    page.fill("#round-form [name=venue]", "Минск")
    page.select_option(f"#round-form [name=unit_{w.ru.pk}]", str(w.units["ru_cis"].pk))
    page.fill(f"#round-form [name=head_{w.ru.pk}]", "Заместитель министра РФ")
    page.select_option(f"#round-form [name=unit_{w.by.pk}]", str(w.units["by_cis"].pk))
    page.fill(f"#round-form [name=head_{w.by.pk}]", "Заместитель министра РБ")
    page.click("#round-form button.primary")
    page.wait_for_load_state()
    assert "Консультации по вопросам ООН" in page.locator("#rounds").inner_text()
    assert plan.rounds.get().delegations.count() == 2
    shot(page, "plan-round-added")

    # The Programme: download the template from the import page and upload it as it is.
    page.goto(live_server.url + reverse("programme"))
    page.click(f"a[href='{reverse('programme_import')}']")
    with page.expect_download() as info:
        page.click(f"a[href='{reverse('documents:template', args=['programme', 'xlsx'])}']")
    download = info.value
    assert download.suggested_filename == "programme-template.xlsx"
    template = tmp_path / download.suggested_filename
    download.save_as(template)
    page.set_input_files("#import-form [name=file]", str(template))
    page.fill("#import-form [name=title]", "Программа согласованных действий на 2026–2028 годы")
    page.fill("#import-form [name=year_from]", "2026")
    page.fill("#import-form [name=year_to]", "2028")
    page.click("#import-form button.primary")
    page.wait_for_selector("#import-job")  # the import runs as a job; the page follows its progress
    job_run(job_id=Job.objects.get(kind="import:programme").pk)
    page.click("#import-record")
    page.wait_for_load_state()
    programme = Programme.objects.get()
    assert page.url.endswith(reverse("programme_detail", args=[programme.pk]))
    assert "Проводить консультации по вопросам СНГ" in page.locator("#tree").inner_text()
    assert Obligation.objects.filter(action__section__programme=programme).count() == 2
    shot(page, "programme-imported")
