"""The Sources page: the press service and the secretariat add a feed (served by a real HTTP server
on loopback) or upload seed files; ingestion runs as a job of its creator with progress and a
summary per item; bad input is a message on the field or on the item, never a 500; other roles
get 403 and no controls; the list runs the same queries at any number of sources."""

from __future__ import annotations

import datetime as dt
import html as html_lib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from collegium.core.testing import make_session
from collegium.media import services
from collegium.media.models import Article, Link, Source
from collegium.media.tests.conftest import SEED, Route, rss
from collegium.notifications.models import Job
from collegium.notifications.services import job_run

pytestmark = pytest.mark.django_db

SEED_TEXT = SEED.read_text(encoding="utf-8")
SEED_TITLE = SEED_TEXT.strip().split("\n", 1)[0].split(" ", 2)[2]
SEED_BODY = SEED_TEXT.strip().split("\n", 1)[1].strip()
OTHER = [(f"Новость номер {i}", f"Текст новости номер {i} о переговорах министров, раздел {i * 7}.",
          "Tue, 10 Mar 2026 09:00:00 +0300") for i in range(3)]


@pytest.fixture(autouse=True)
def var_dir(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.VAR_DIR = tmp_path
    return tmp_path


@pytest.fixture
def login(client):  # type: ignore[no-untyped-def]
    def _login(person):  # type: ignore[no-untyped-def]
        client.logout()
        client.force_login(person)
        return client

    return _login


@pytest.fixture
def feed_url(http_server):  # type: ignore[no-untyped-def]
    items = [(html_lib.escape(SEED_TITLE), html_lib.escape(SEED_BODY), "Mon, 24 Nov 2025 10:00:00 +0300"), *OTHER]
    http_server.routes["/feed.xml"] = Route(body=rss(items), content_type="application/rss+xml")
    return http_server.url("/feed.xml")


def _add(client, url: str, **extra):  # type: ignore[no-untyped-def]
    return client.post(reverse("media:sources"), {"form": "feed", "url": url, "name": extra.get("name", ""),
                                                   "schedule_minutes": extra.get("schedule", 30)})


def _job_page(client, job: Job) -> str:  # type: ignore[no-untyped-def]
    return client.get(reverse("media:source_job", args=[job.pk])).content.decode()


def test_press_officer_adds_a_feed_and_the_job_ingests_and_links_it(world, login, feed_url):
    make_session(world, number=12, date=dt.date(2025, 11, 25))  # the seed story links to it
    client = login(world.ru_press)
    page = client.get(reverse("media:sources")).content.decode()
    assert 'id="source-add-form"' in page and 'id="source-files-form"' in page

    response = _add(client, feed_url, name="Лента ТАСС", schedule=15)
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("media:source_job", args=[job.pk])
    assert job.kind == services.SOURCES_JOB_KIND and job.created_by == world.ru_press
    assert not Article.objects.exists()  # fetched by the job, not in the request
    waiting = _job_page(client, job)
    assert 'hx-trigger="every 1s"' in waiting and 'http-equiv="refresh"' in waiting

    job = job_run(job_id=job.pk)

    assert job.status == Job.Status.SUCCEEDED and job.progress == 100
    assert Article.objects.count() == 4
    assert set(Article.objects.values_list("ingested_by", flat=True)) == {world.ru_press.pk}
    source = Source.objects.get()
    assert (source.name, source.schedule_minutes, source.kind) == ("Лента ТАСС", 15, Source.Kind.RSS)
    assert source.last_polled_at is not None and source.next_poll_at > source.last_polled_at
    assert Link.objects.filter(session__number=12).exists()

    summary = client.get(reverse("media:source_job", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert summary.status_code == 286  # htmx stops polling
    text = summary.content.decode()
    assert 'id="ingest-summary"' in text and "<td>4</td>" in text and "100%" in text
    assert f"{reverse('media:list')}?source={source.pk}" in text  # the way to the new articles

    listing = client.get(reverse("media:sources")).content.decode()
    assert "Лента ТАСС" in listing and reverse("media:source_poll", args=[source.pk]) in listing
    assert reverse("media:source_job", args=[job.pk]) in listing  # the person's latest ingestions


def test_poll_now_runs_a_job_and_reports_duplicates(world, login, feed_url):
    source = services.source_ensure(actor=None, kind=Source.Kind.RSS, url=feed_url, name="Лента")
    client = login(world.by_sec)
    response = client.post(reverse("media:source_poll", args=[source.pk]))
    job = Job.objects.get()
    assert response["Location"] == reverse("media:source_job", args=[job.pk])
    job_run(job_id=job.pk)
    assert Article.objects.filter(source=source).count() == 4
    client.post(reverse("media:source_poll", args=[source.pk]))
    second = job_run(job_id=Job.objects.order_by("-pk").first().pk)
    assert "<td>0</td><td>4</td>" in _job_page(client, second)  # nothing new, four duplicates
    assert client.post(reverse("media:source_poll", args=[987654])).status_code == 404


def test_seed_files_are_uploaded_and_ingested(world, login):
    client = login(world.ru_press)
    second = "date 2026-03-10 Консультации в Минске\n\nВ Минске прошли консультации министерств по вопросам ООН.\n"
    response = client.post(reverse("media:sources"), {"form": "files", "files": [
        SimpleUploadedFile("seed.txt", SEED_TEXT.encode()), SimpleUploadedFile("minsk.txt", second.encode())]})
    job = Job.objects.get()
    assert response["Location"] == reverse("media:source_job", args=[job.pk])
    job = job_run(job_id=job.pk)
    assert job.status == Job.Status.SUCCEEDED
    assert Article.objects.filter(source__kind=Source.Kind.FILE).count() == 2
    page = _job_page(client, job)
    assert "seed.txt" in page and "minsk.txt" in page and "<th scope=\"row\">" in page  # a total row


@pytest.mark.parametrize(("url", "expected"), [
    ("ftp://example.org/feed", "http"),
    ("not an address", "http"),
])
def test_a_bad_address_is_a_field_error(world, login, url, expected):
    response = _add(login(world.ru_press), url)
    assert response.status_code == 200
    text = response.content.decode()
    assert 'class="field-error"' in text and expected in text
    assert not Job.objects.exists()


def test_unreachable_not_a_feed_and_too_large_are_reported_per_item(world, login, http_server, monkeypatch):
    import socket

    with socket.socket() as probe:  # a loopback port nobody listens on
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}/feed.xml"
    http_server.routes["/empty.html"] = Route(b"<html><head><title></title></head><body></body></html>")
    http_server.routes["/broken.xml"] = Route(b"<?xml version='1.0'?><nothing/>", content_type="application/xml")
    monkeypatch.setattr(services, "MAX_BYTES", 100)
    http_server.routes["/huge.xml"] = Route(rss(OTHER), content_type="application/rss+xml")
    # The summary is written in the language of the person who started the job (their profile's).
    world.by_press.language = "en"
    world.by_press.save(update_fields=["language"])
    client = login(world.by_press)
    expected = {closed: "could not be reached", http_server.url("/empty.html"): "Neither a news feed",
                http_server.url("/broken.xml"): "No news items", http_server.url("/huge.xml"): "too large"}
    for url, message in expected.items():
        response = _add(client, url)
        assert response.status_code == 302, url
        job = job_run(job_id=Job.objects.order_by("-pk").first().pk)
        assert job.status == Job.Status.SUCCEEDED  # the item failed, not the job: no pointless retries
        page = _job_page(client, job)
        assert message in page, url
    assert not Article.objects.exists()
    _add(login(world.ru_press), closed)
    job = job_run(job_id=Job.objects.order_by("-pk").first().pk)
    assert "Не удалось связаться с сервером" in _job_page(client, job)


def test_a_wrong_file_is_refused_with_its_name_in_russian(world, login):
    client = login(world.ru_press)
    response = client.post(reverse("media:sources"), {"form": "files", "files": [
        SimpleUploadedFile("ok.txt", SEED_TEXT.encode()), SimpleUploadedFile("notes.txt", "просто текст".encode()),
        SimpleUploadedFile("image.txt", b"\xff\xd8\xff\xe0 binary")]})
    assert response.status_code == 200
    text = html_lib.unescape(response.content.decode())
    assert "notes.txt" in text and "image.txt" in text and "первая строка" in text.lower()
    assert not Job.objects.exists() and not Article.objects.exists()


def test_observer_and_executor_get_403_and_no_controls(world, login, feed_url):
    source = services.source_ensure(actor=None, kind=Source.Kind.RSS, url=feed_url, name="Лента")
    press_job = services.source_poll_enqueue(actor=world.ru_press, source_id=source.pk)
    for person in (world.observer, world.ru_exec, world.by_head):
        client = login(person)
        assert client.get(reverse("media:sources")).status_code == 403
        assert _add(client, feed_url).status_code == 403
        assert client.post(reverse("media:source_poll", args=[source.pk])).status_code == 403
        assert client.get(reverse("media:source_job", args=[press_job.pk])).status_code == 404
        news = client.get(reverse("media:list")).content.decode()
        assert reverse("media:sources") not in news
    assert Job.objects.count() == 1
    # Another press officer, and a superuser, do not see the first one's job either.
    assert login(world.by_press).get(reverse("media:source_job", args=[press_job.pk])).status_code == 404
    world.ru_sec.is_superuser = True
    world.ru_sec.save(update_fields=["is_superuser"])
    assert login(world.ru_sec).get(reverse("media:source_job", args=[press_job.pk])).status_code == 404
    assert reverse("media:sources") in login(world.ru_press).get(reverse("media:list")).content.decode()


def _sources(count: int) -> None:
    for n in range(count):
        source = services.source_ensure(actor=None, kind=Source.Kind.RSS, url=f"http://127.0.0.1:9/{n}.xml",
                                        name=f"Лента {n}")
        for i in range(2):
            services.article_ingest(actor=None, source=source, title=f"Заголовок {n}-{i}",
                                    body=f"Уникальный текст новости {n} и {i} о работе министерств.",
                                    published=dt.date(2026, 3, 1))


def _count(client) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("media:sources")).status_code == 200
    return len(ctx.captured_queries)


def test_sources_page_runs_the_same_queries_at_two_data_sizes(world, login, django_assert_num_queries):
    client = login(world.ru_press)
    _sources(1)
    services.source_poll_enqueue(actor=world.ru_press, source_id=Source.objects.first().pk)
    client.get(reverse("media:sources"))  # warm the per-process caches
    small = _count(client)
    _sources(4)
    for source in Source.objects.all():
        services.source_poll_enqueue(actor=world.ru_press, source_id=source.pk)
    with django_assert_num_queries(small):
        assert client.get(reverse("media:sources")).status_code == 200
