"""Feed ingestion reports progress: to a callback, as a bar on the CLI, and as a job from the web."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from collegium.core.errors import PermissionDenied, ValidationFailed
from collegium.media import services
from collegium.media.models import Article
from collegium.media.tests.conftest import Route, rss
from collegium.notifications.models import Job
from collegium.notifications.services import job_run

pytestmark = pytest.mark.django_db

ITEMS = [(f"Новость номер {i}", f"Текст новости номер {i} о переговорах министров, раздел {i * 7}.",
          "Tue, 10 Mar 2026 09:00:00 +0300") for i in range(3)]


def test_feed_ingestion_reports_each_entry(http_server):
    http_server.routes["/feed.xml"] = Route(body=rss(ITEMS), content_type="application/rss+xml")
    seen: list[tuple[int, int, str]] = []
    result = services.ingest_location(actor=None, location=http_server.url("/feed.xml"),
                                      progress=lambda done, total, note: seen.append((done, total, note)))
    assert result.created == 3
    assert seen[0] == (0, 1, "fetch")
    assert [s for s in seen if s[2] == "entries"] == [(0, 3, "entries"), (1, 3, "entries"), (2, 3, "entries"),
                                                      (3, 3, "entries")]


def test_cli_draws_a_bar_with_progress_flag_and_not_off_a_terminal(http_server):
    http_server.routes["/feed.xml"] = Route(body=rss(ITEMS), content_type="application/rss+xml")
    err = io.StringIO()
    call_command("media", "ingest", http_server.url("/feed.xml"), "--progress", stdout=io.StringIO(), stderr=err)
    assert "3/3 100%" in err.getvalue() and "[" + "#" * 30 + "]" in err.getvalue()
    quiet = io.StringIO()  # a StringIO is no terminal: no bar without --progress
    call_command("media", "ingest", http_server.url("/feed.xml"), stdout=io.StringIO(), stderr=quiet)
    assert "#" not in quiet.getvalue()


def test_web_ingestion_runs_as_a_job_of_its_creator(world, http_server):
    http_server.routes["/feed.xml"] = Route(body=rss(ITEMS), content_type="application/rss+xml")
    job = services.ingest_enqueue(actor=world.by_press, location=http_server.url("/feed.xml"))
    job = job_run(job_id=job.pk)
    assert job.status == Job.Status.SUCCEEDED and job.progress == 100 and "3 new" in job.message
    assert set(Article.objects.values_list("ingested_by", flat=True)) == {world.by_press.pk}
    with pytest.raises(ValidationFailed):
        services.ingest_enqueue(actor=world.by_press, location="/etc/passwd")  # no server files from the web
    with pytest.raises(PermissionDenied):
        services.ingest_enqueue(actor=world.by_exec, location=http_server.url("/feed.xml"))
