"""A surname is found in any case form on both databases («Лаврову» finds «Лавров» and back),
because the text and the query are both indexed through the same terms (collegium_nlp.search)."""

from __future__ import annotations

import datetime as dt

import pytest

from collegium.media import selectors, services
from collegium.media.models import Article, Source

pytestmark = pytest.mark.django_db

TEXTS = [
    ("Переговоры в Москве", "Сергей Лавров и Максим Рыженков провели переговоры в Москве."),
    ("Брифинг", "Официальный представитель МИД Мария Захарова ответила на вопросы журналистов."),
    ("Телеграмма", "Министр направил поздравление Сергею Рябкову и Александру Грушко."),
    ("Выставка", "В Пекине открылась выставка сельскохозяйственной техники, лавровый венок вручён победителю."),
]


@pytest.fixture
def archive(db):  # type: ignore[no-untyped-def]
    source = services.source_ensure(actor=None, kind=Source.Kind.API, url="api:ТАСС", name="ТАСС")
    day = dt.date(2025, 12, 1)
    return {t: services.article_ingest(actor=None, source=source, title=t, body=b, published=day,
                                       analyse=False).article for t, b in TEXTS}


def _titles(person, q: str, **filters) -> list[str]:  # type: ignore[no-untyped-def]
    return [a.title for a in selectors.article_list(person, selectors.ArticleFilters(q=q, **filters))]


@pytest.mark.parametrize("q, title", [
    ("Лавров", "Переговоры в Москве"), ("Лаврова", "Переговоры в Москве"), ("лаврову", "Переговоры в Москве"),
    ("Лавровым", "Переговоры в Москве"), ("Лаврове", "Переговоры в Москве"),
    ("Рыженков", "Переговоры в Москве"), ("Рыженкова", "Переговоры в Москве"), ("Рыженкову", "Переговоры в Москве"),
    ("Рыженковым", "Переговоры в Москве"), ("Лаврова и Рыженкова", "Переговоры в Москве"),
    ("Захарова", "Брифинг"), ("Захаровой", "Брифинг"), ("Захарову", "Брифинг"), ("Марии Захаровой", "Брифинг"),
    ("Рябков", "Телеграмма"), ("Рябкова", "Телеграмма"), ("Рябковым", "Телеграмма"), ("Грушко", "Телеграмма"),
])
def test_surname_in_any_case_form(world, archive, q, title):  # type: ignore[no-untyped-def]
    assert _titles(world.ru_press, q) == [title]


def test_other_words_still_need_every_word(world, archive):  # type: ignore[no-untyped-def]
    assert _titles(world.observer, "Лаврова Пекин") == []
    assert _titles(world.observer, "переговоров Москва") == ["Переговоры в Москве"]
    # the adjective in lower case is not the surname: «Лавров» does not find the wreath
    assert "Выставка" not in _titles(world.observer, "Лавров")


def test_surname_with_a_date_filter(world, archive):  # type: ignore[no-untyped-def]
    day = dt.date(2025, 12, 1)
    assert _titles(world.by_sec, "Захаровой", date_from=day, date_to=day) == ["Брифинг"]
    assert _titles(world.by_sec, "Захаровой", date_from=day + dt.timedelta(days=1)) == []


def test_articles_stored_before_the_change_are_reindexed(world, archive):  # type: ignore[no-untyped-def]
    import importlib

    from django.db import connection

    migration = importlib.import_module("collegium.media.migrations.0003_search_terms_everywhere")
    Article.objects.update(search_terms="")  # as an older release left them (PostgreSQL never filled them)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM media_article_fts")
    assert _titles(world.observer, "Рыженкову") == []
    migration.reindex(Article, connection)
    assert _titles(world.observer, "Рыженкову") == ["Переговоры в Москве"]
    article = Article.objects.get(pk=archive["Брифинг"].pk)
    assert article.search_terms == services.search_terms(article.raw_text)
    assert "захаров" in article.search_terms.split()
