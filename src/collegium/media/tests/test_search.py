"""The archive is searched with Russian morphology (FTS5 over lemmas on SQLite, `russian` on PostgreSQL)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from collegium.media import selectors, services
from collegium.media.models import Source


@pytest.fixture
def archive(db):  # type: ignore[no-untyped-def]
    source = services.source_ensure(actor=None, kind=Source.Kind.API, url="api:ТАСС", name="ТАСС")
    day = dt.date(2025, 12, 1)
    texts = [
        ("Итоги года", "Министр подвёл итоги работы по межмидовским консультациям за год."),
        ("Выставка", "В Пекине открылась выставка сельскохозяйственной техники."),
        ("Визит", "Делегация прибыла в Минск для переговоров о торговле."),
    ]
    return [services.article_ingest(actor=None, source=source, title=t, body=b, published=day,
                                    analyse=False).article for t, b in texts]


def test_inflected_forms_match(world, archive):  # type: ignore[no-untyped-def]
    found = list(selectors.article_list(world.ru_press, selectors.ArticleFilters(q="консультации")))
    assert [a.title for a in found] == ["Итоги года"]
    assert "консультациям" in found[0].body
    assert [a.title for a in selectors.article_list(world.observer, selectors.ArticleFilters(q="Минске"))] == ["Визит"]
    assert not list(selectors.article_list(world.ru_press, selectors.ArticleFilters(q="тракторы")))


def test_query_is_not_an_injection(world, archive):  # type: ignore[no-untyped-def]
    for q in ['"', "OR", "NEAR(", "*", "консультации)", "' OR 1=1 --"]:
        list(selectors.article_list(world.ru_press, selectors.ArticleFilters(q=q)))


def test_search_runs_on_the_vendor_index(world, archive, django_assert_num_queries):  # type: ignore[no-untyped-def]
    qs = selectors.article_list(world.ru_press, selectors.ArticleFilters(q="консультации"))
    sql = str(qs.query)
    assert ("media_article_fts" in sql) if connection.vendor == "sqlite" else ("search_vector" in sql)
    with django_assert_num_queries(1):
        assert len(list(qs)) == 1


def test_list_page_queries_do_not_grow(client, world, archive, django_assert_max_num_queries):  # type: ignore[no-untyped-def]
    client.force_login(world.ru_press)
    with django_assert_max_num_queries(12):
        response = client.get("/media/", {"q": "консультации"})
    assert response.status_code == 200 and "Итоги года" in response.content.decode()
