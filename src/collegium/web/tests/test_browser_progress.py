"""Long work shows progress, in a real (headless) Chromium: a press officer adds a feed served on
loopback and watches the ingestion reach 100% and its new articles; a secretariat person imports
a Programme CSV and watches the import's progress and result. The live server only queues the
jobs (to a private queue); the journey runs each with job_run while the page polls it by HTMX."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from collegium.documents.importers import template_header
from collegium.media.models import Article
from collegium.media.tests.conftest import Route, http_server, rss  # noqa: F401 - http_server is a fixture
from collegium.notifications.models import Job
from collegium.notifications.services import job_run
from collegium.programme.models import Action, Programme
from collegium.web.tests.browser import private_queue, shot  # noqa: F401 - private_queue is a fixture

pytestmark = pytest.mark.browser

ITEMS = [(f"Консультации министерств, выпуск {i}", f"Текст новости {i} о консультациях министров, раздел {i * 11}.",
          "Tue, 10 Mar 2026 09:00:00 +0300") for i in range(1, 4)]


def _wait_for_job(kind: str) -> Job:
    return Job.objects.filter(kind=kind).order_by("-pk").first()


@pytest.mark.usefixtures("private_queue")
def test_press_officer_watches_a_feed_being_ingested(world_tx, open_page, live_server, http_server,  # noqa: F811
                                                     settings, tmp_path):
    settings.VAR_DIR = tmp_path
    http_server.routes["/feed.xml"] = Route(body=rss(ITEMS), content_type="application/rss+xml")
    page = open_page(world_tx.ru_press)
    page.click(f"nav a[href='{reverse('media:list')}']")  # News, in the main navigation
    page.click(f"main a[href='{reverse('media:sources')}']")
    page.fill("#source-add-form [name=url]", http_server.url("/feed.xml"))
    page.fill("#source-add-form [name=name]", "Лента на loopback")
    page.click("#source-add-form button.primary")
    page.wait_for_selector("#ingest-job")
    job = _wait_for_job("media:sources")
    assert page.url.endswith(reverse("media:source_job", args=[job.pk]))
    assert page.locator("#ingest-job .percent").inner_text() == "0%"
    shot(page, "sources-ingestion-queued")

    job_run(job_id=job.pk)

    # No reload: htmx polls the partial and swaps in the finished job.
    page.wait_for_selector("#ingest-summary", timeout=20000)
    assert page.locator("#ingest-job .percent").inner_text() == "100%"
    assert page.locator("#ingest-summary tbody td").nth(1).inner_text() == "3"
    shot(page, "sources-ingestion-done")
    page.click("#ingest-articles")
    page.wait_for_load_state()
    titles = page.locator("table.media-articles").inner_text()
    assert all(title in titles for title, _body, _date in ITEMS)
    assert Article.objects.count() == 3
    page.goto(live_server.url + reverse("media:sources"))
    assert "Лента на loopback" in page.locator("#sources").inner_text()
    shot(page, "sources-list")


@pytest.mark.usefixtures("private_queue")
def test_secretariat_watches_a_programme_import(world_tx, open_page, live_server, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=template_header("programme"))
    writer.writeheader()
    for i in range(1, 41):
        writer.writerow({"section_number": str(1 + i // 20), "section_title": f"Раздел {1 + i // 20}",
                         "action_number": f"{1 + i // 20}.{i}", "text": f"Действие {i}", "periodicity": "постоянно",
                         "executors_RU": "CIS", "executors_BY": "CIS"})
    source = tmp_path / "programme.csv"
    source.write_text(out.getvalue(), encoding="utf-8")

    page = open_page(world_tx.ru_sec)
    page.goto(live_server.url + reverse("programme_import"))
    page.set_input_files("#import-form [name=file]", str(source))
    page.fill("#import-form [name=title]", "Программа согласованных действий на 2026–2028 годы")
    page.fill("#import-form [name=year_from]", "2026")
    page.fill("#import-form [name=year_to]", "2028")
    page.click("#import-form button.primary")
    page.wait_for_selector("#import-job")
    job = _wait_for_job("import:programme")
    assert page.url.endswith(reverse("programme_import_job", args=[job.pk]))
    assert page.locator("#import-job .percent").inner_text() == "0%"
    assert not Programme.objects.exists()
    shot(page, "programme-import-queued")

    job_run(job_id=job.pk)

    page.wait_for_selector("#import-done", timeout=20000)
    assert page.locator("#import-job .percent").inner_text() == "100%"
    shot(page, "programme-import-done")
    page.click("#import-record")
    page.wait_for_load_state()
    programme = Programme.objects.get()
    assert page.url.endswith(reverse("programme_detail", args=[programme.pk]))
    assert Action.objects.filter(section__programme=programme).count() == 40
    assert "Раздел 3" in page.locator("#tree").inner_text()
