"""Batch ingestion (`articles_ingest`, used by feeds) stores exactly what article-by-article
ingestion stores: the same duplicates, stories, events, search index and link suggestions."""

from __future__ import annotations

import datetime as dt

import pytest

from collegium.audit.models import AuditEvent
from collegium.audit.services import audit_verify
from collegium.media import evaluation, selectors, services
from collegium.media.models import Article, Cluster, Link, Source
from collegium.parties.models import Person
from collegium_nlp.eval import load_gold

pytestmark = pytest.mark.django_db


def _items(source: Source) -> list[services.ArticleInput]:
    items = []
    for g in load_gold()[:24]:
        title, body = evaluation.split_title(g["text"])
        items.append(services.ArticleInput(source=source, title=title, body=body,
                                           published=dt.date.fromisoformat(g["date"]), url=f"gold:{g['id']}"))
    first = items[0]
    # an exact duplicate inside the batch, and a rewrite of the same story (a near duplicate)
    items.append(services.ArticleInput(source=source, title="Другой заголовок", body=first.body,
                                       published=first.published))
    items.append(services.ArticleInput(source=source, title=first.title, body=first.body + " Об этом сообщил МИД.",
                                       published=first.published))
    return items


def _snapshot() -> list[tuple]:
    rows = []
    stories: dict[int, int] = {}
    for article in Article.objects.order_by("id").prefetch_related("events", "links"):
        story = stories.setdefault(article.cluster_id, len(stories)) if article.cluster_id else None
        events = [(e.type, e.modality, e.date_from, e.date_to, e.place, e.start, e.end) for e in article.events.all()]
        links = sorted((link.target_kind, link.target_id, link.score, link.explanation,
                        link.event.start if link.event else None) for link in article.links.all())
        rows.append((article.title, article.body, article.published, article.minhash, article.search_terms, story,
                     article.extraction.data, events, links))
    return rows


def test_batch_ingestion_stores_what_single_ingestion_stores(db):  # type: ignore[no-untyped-def]
    evaluation.load_plan()
    source = services.source_ensure(actor=None, kind=Source.Kind.API, url="test:batch", name="batch")
    items = _items(source)
    single = [services.article_ingest(actor=None, source=i.source, title=i.title, body=i.body,
                                      published=i.published, url=i.url) for i in items]
    expected = _snapshot()
    assert sum(r.created for r in single) == len(items) - 1 and Link.objects.exists()
    Article.objects.all().delete()
    Cluster.objects.all().delete()

    services.BATCH_SIZE, saved = 10, services.BATCH_SIZE  # several batches: clusters across batches too
    try:
        batch = services.articles_ingest(actor=None, items=items)
    finally:
        services.BATCH_SIZE = saved
    assert [r.created for r in batch] == [r.created for r in single]
    assert batch[len(items) - 2].article == batch[0].article  # the duplicate is the first article
    assert [len(r.links) for r in batch] == [len(r.links) for r in single]
    assert _snapshot() == expected
    assert AuditEvent.objects.filter(action="media.article.ingest").count() == 2 * (len(items) - 1)
    assert audit_verify().ok
    found = selectors.article_list(Person(clearance=0), selectors.ArticleFilters(q=items[0].title.split()[0]))
    assert batch[0].article in found


def test_batch_runs_no_query_per_article_for_linking(db, django_assert_max_num_queries):  # type: ignore[no-untyped-def]
    evaluation.load_plan()
    source = services.source_ensure(actor=None, kind=Source.Kind.API, url="test:batch", name="batch")
    items = _items(source)[:20]
    # per batch: dedup, near-dup candidates, inserts, link targets; per article only the audit chain
    with django_assert_max_num_queries(60 + 3 * len(items)):
        services.articles_ingest(actor=None, items=items)


def test_a_failing_batch_is_retried_one_by_one(db, monkeypatch):  # type: ignore[no-untyped-def]
    source = services.source_ensure(actor=None, kind=Source.Kind.API, url="test:batch", name="batch")
    items = [services.ArticleInput(source=source, title=f"Новость {i}", body=f"Текст новости номер {i} о переговорах.")
             for i in range(3)]

    def broken(**kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("boom")

    monkeypatch.setattr(services, "_ingest_batch", broken)
    results = services.articles_ingest(actor=None, items=items)
    assert [r.created for r in results] == [True, True, True]
    assert Article.objects.count() == 3
