"""Feeds and pages come from a real HTTP server on loopback: conditional GET, limits, back-off."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from collegium.media import services
from collegium.media.models import Article, Source
from collegium.media.tests.conftest import Route, rss

ITEMS = [
    ("Лавров провел переговоры с Рыженковым", "<p>Министры обсудили двусторонние отношения и <b>Союзное государство</b>.</p>",
     "Tue, 25 Nov 2025 10:00:00 +0300"),
    ("В Минске прошли консультации по консульским вопросам", "Делегации обсудили упрощение визового режима.",
     "Wed, 26 Nov 2025 12:00:00 +0300"),
]


@pytest.fixture
def feed(db, http_server):  # type: ignore[no-untyped-def]
    http_server.routes["/feed.xml"] = Route(rss(ITEMS), content_type="application/rss+xml", etag='"v1"')
    return services.source_ensure(actor=None, kind=Source.Kind.RSS, url=http_server.url("/feed.xml"), name="Лента")


def test_feed_is_ingested_then_answers_304_with_etag(feed, http_server):  # type: ignore[no-untyped-def]
    first = services.poll_source(source=feed)
    assert (first.created, first.duplicates, first.error) == (2, 0, "")
    assert feed.etag == '"v1"' and feed.failures == 0 and feed.next_poll_at > timezone.now()
    article = Article.objects.get(title__startswith="Лавров")
    assert article.published == dt.date(2025, 11, 25)
    assert "<b>" not in article.body and "Союзное государство" in article.body

    second = services.poll_source(source=feed)
    assert second.not_modified and second.created == 0
    assert http_server.requests[-1]["if-none-match"] == '"v1"'
    assert Article.objects.count() == 2


def test_changed_feed_stores_only_new_items(feed, http_server):  # type: ignore[no-untyped-def]
    services.poll_source(source=feed)
    http_server.routes["/feed.xml"] = Route(rss([*ITEMS, ("Новая новость о консультациях", "Текст новой новости.",
                                                          "Thu, 27 Nov 2025 09:00:00 +0300")]),
                                            content_type="application/rss+xml", etag='"v2"')
    result = services.poll_source(source=feed)
    assert (result.created, result.duplicates) == (1, 2)
    assert feed.etag == '"v2"'


def test_oversized_response_is_refused_and_backs_off(feed, http_server, settings):  # type: ignore[no-untyped-def]
    http_server.routes["/feed.xml"] = Route(b"x" * (services.MAX_BYTES + 10), content_type="application/rss+xml")
    now = timezone.now()
    result = services.poll_source(source=feed, now=now)
    assert "too large" in result.error
    assert feed.failures == 1 and feed.next_poll_at == now + dt.timedelta(minutes=feed.schedule_minutes * 2)
    services.poll_source(source=feed, now=now)
    assert feed.failures == 2 and feed.next_poll_at == now + dt.timedelta(minutes=feed.schedule_minutes * 4)
    assert Article.objects.count() == 0


def test_slow_response_times_out(feed, http_server, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(services, "TIMEOUT_SECONDS", 0.3)
    http_server.routes["/feed.xml"] = Route(rss(ITEMS), content_type="application/rss+xml", delay=1.0)
    result = services.poll_source(source=feed)
    assert result.error and feed.failures == 1 and "timed out" in feed.last_error.lower()


def test_poll_due_feeds_polls_only_due_sources(feed, http_server):  # type: ignore[no-untyped-def]
    later = services.source_ensure(actor=None, kind=Source.Kind.RSS, url=http_server.url("/other.xml"), name="B")
    Source.objects.filter(pk=later.pk).update(next_poll_at=timezone.now() + dt.timedelta(hours=1))
    results = services.poll_due_feeds()
    assert [r.source.pk for r in results] == [feed.pk]
    assert services.poll_due_feeds() == []  # the polled feed is now scheduled for later


def test_page_main_text_is_extracted(db, http_server):  # type: ignore[no-untyped-def]
    page = ("<html><head><title>Консультации в Минске</title></head><body><nav>Меню сайта Главная Новости</nav>"
            "<article><h1>Консультации в Минске</h1><p>МИНСК, 10 марта. /БЕЛТА/. В Минске состоялись консультации "
            "по вопросам информационной политики между МИД России и Белоруссии.</p><p>Стороны обсудили "
            "противодействие фальсификациям истории и координацию информационной работы в международных "
            "организациях.</p></article><footer>Все права защищены</footer></body></html>")
    http_server.routes["/news/1"] = Route(page.encode())
    result = services.ingest_location(actor=None, location=http_server.url("/news/1"))
    assert result.created == 1 and result.source.kind == Source.Kind.PAGE
    article = Article.objects.get()
    assert article.title == "Консультации в Минске"
    assert "фальсификациям" in article.body and "Все права защищены" not in article.body
