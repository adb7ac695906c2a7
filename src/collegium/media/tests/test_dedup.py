"""Exact duplicates are stored once; the same story rewritten by another agency joins one cluster."""

from __future__ import annotations

import datetime as dt

import pytest

from collegium.media import services
from collegium.media.models import Article, Source

STORY = ("МОСКВА, 25 ноября. /ТАСС/. Министр иностранных дел России Сергей Лавров и глава МИД Белоруссии Максим "
         "Рыженков провели в Москве совместное заседание коллегий внешнеполитических ведомств. Стороны подвели "
         "промежуточные итоги выполнения Программы согласованных действий в области внешней политики на 2024-2026 "
         "годы. По итогам встречи министры подписали постановление коллегий и план межмидовских консультаций на "
         "2026 год.")
REWRITE = ("МОСКВА, 25 ноября. /РИА Новости/. Глава МИД Белоруссии Максим Рыженков и министр иностранных дел России "
           "Сергей Лавров провели в Москве совместное заседание коллегий внешнеполитических ведомств двух стран. "
           "Министры подвели промежуточные итоги выполнения Программы согласованных действий в области внешней "
           "политики на 2024-2026 годы. По итогам встречи министры подписали постановление коллегий и план "
           "межмидовских консультаций на следующий год.")
OTHER = ("ПЕКИН, 25 ноября. /Синьхуа/. В Пекине открылась международная выставка сельскохозяйственной техники, "
         "в которой принимают участие производители из сорока стран мира. Организаторы ожидают рекордное число "
         "посетителей и заключение контрактов на поставку тракторов и комбайнов.")


@pytest.fixture
def agencies(db):  # type: ignore[no-untyped-def]
    return [services.source_ensure(actor=None, kind=Source.Kind.API, url=f"api:{name}", name=name)
            for name in ("ТАСС", "РИА Новости", "Синьхуа")]


def test_exact_duplicate_is_not_stored_twice(agencies):  # type: ignore[no-untyped-def]
    day = dt.date(2025, 11, 25)
    first = services.article_ingest(actor=None, source=agencies[0], title="Заседание коллегий", body=STORY,
                                    published=day)
    again = services.article_ingest(actor=None, source=agencies[1], title="Другой заголовок",
                                    body="  " + STORY.upper() + "\n", published=day)
    assert first.created and not again.created and again.article == first.article
    assert Article.objects.count() == 1


def test_rewritten_story_joins_the_cluster_and_other_news_does_not(agencies):  # type: ignore[no-untyped-def]
    day = dt.date(2025, 11, 25)
    a = services.article_ingest(actor=None, source=agencies[0], title="Лавров и Рыженков провели заседание коллегий",
                                body=STORY, published=day).article
    b = services.article_ingest(actor=None, source=agencies[1], title="Рыженков и Лавров провели заседание коллегий",
                                body=REWRITE, published=day + dt.timedelta(days=1)).article
    c = services.article_ingest(actor=None, source=agencies[2], title="Выставка в Пекине", body=OTHER,
                                published=day).article
    a.refresh_from_db()
    assert a.cluster_id is not None and a.cluster_id == b.cluster_id
    assert c.cluster_id is None
    assert Article.objects.filter(cluster=a.cluster).count() == 2
