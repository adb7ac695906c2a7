"""Reads of the media domain for a person.

Articles, stories, extractions and events are public news: every person sees them. Links are
shown only when their target is visible to the person; all four target kinds (sessions,
rounds, obligations, Programme actions) are joint records today, and `_visible_links_q` is
the one place to narrow that if a target ever becomes party-scoped.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce

from collegium.core.errors import NotFound
from collegium.media import nlp
from collegium.media.models import Article, Event, Link, Source
from collegium.parties.models import Person

# The exact expression of the GIN index created in migration 0002 (PostgreSQL uses it only
# when the query repeats it verbatim).
PG_VECTOR = ("to_tsvector('russian'::regconfig, coalesce(media_article.title, '') || ' ' || "
             "coalesce(media_article.body, ''))")


@dataclass
class ArticleFilters:
    q: str = ""
    source: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    event_type: str = ""
    linked: bool | None = None
    cluster: int | None = None


def _visible_links_q(person: Person, prefix: str = "") -> Q:
    return Q()


def links_visible(person: Person) -> QuerySet[Link]:
    return Link.objects.filter(_visible_links_q(person))


def fts_match_expression(query: str) -> str:
    """FTS5 query: every lemma of the query must occur (each quoted, so no operator injection)."""
    lemmas = [nlp.lemma(w) for w in nlp.WORD_RE.findall(query)]
    return " ".join('"' + term.replace('"', "") + '"' for term in lemmas if term)


def _search(qs: QuerySet[Article], query: str) -> QuerySet[Article]:
    query = (query or "").strip()
    if not query:
        return qs
    if connection.vendor == "postgresql":
        return qs.extra(where=[f"{PG_VECTOR} @@ websearch_to_tsquery('russian'::regconfig, %s)"],  # noqa: S610
                        params=[query])
    expression = fts_match_expression(query)
    if not expression:
        return qs.none()
    return qs.filter(pk__in=RawSQL("SELECT rowid FROM media_article_fts WHERE media_article_fts MATCH %s",
                                   [expression]))


def article_list(person: Person, filters: ArticleFilters | None = None) -> QuerySet[Article]:
    """Articles newest first, searched with Russian morphology and filtered; constant queries."""
    filters = filters or ArticleFilters()
    qs = Article.objects.select_related("source", "cluster")
    if filters.source:
        qs = qs.filter(source_id=filters.source)
    if filters.date_from:
        qs = qs.filter(published__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(published__lte=filters.date_to)
    if filters.event_type:
        qs = qs.filter(pk__in=Event.objects.filter(type=filters.event_type).values("article_id"))
    if filters.cluster:
        qs = qs.filter(cluster_id=filters.cluster)
    if filters.linked is not None:
        linked_ids = links_visible(person).exclude(status=Link.Status.REJECTED).values("article_id")
        qs = qs.filter(pk__in=linked_ids) if filters.linked else qs.exclude(pk__in=linked_ids)
    qs = _search(qs, filters.q)
    # Correlated counts instead of JOIN + GROUP BY: grouping would carry every text column of
    # every matching article before the page is cut.
    return qs.annotate(
        suggested_count=_link_count(person, Link.Status.SUGGESTED),
        confirmed_count=_link_count(person, Link.Status.CONFIRMED),
    ).order_by("-published", "-id")


def _link_count(person: Person, status: str) -> Subquery:
    counts = (links_visible(person).filter(article_id=OuterRef("pk"), status=status).order_by()
              .values("article_id").annotate(n=Count("id")).values("n"))
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


def article_get(person: Person, pk: Any) -> Article:
    links = links_visible(person).select_related(
        "event", "session", "round__plan", "obligation__party", "action__section", "confirmed_by")
    try:
        return Article.objects.select_related("source", "cluster", "extraction").prefetch_related(
            "events", Prefetch("links", queryset=links.order_by("-score", "id"), to_attr="visible_links"),
        ).get(pk=int(pk))
    except (Article.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc


def cluster_siblings(person: Person, article: Article) -> list[Article]:
    if not article.cluster_id:
        return []
    return list(Article.objects.filter(cluster_id=article.cluster_id).exclude(pk=article.pk)
                .select_related("source").order_by("published", "id"))


def link_get(person: Person, pk: Any) -> Link:
    try:
        return links_visible(person).select_related("article", "event", "round").get(pk=int(pk))
    except (Link.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc


def link_list(person: Person, status: str | None = None) -> QuerySet[Link]:
    qs = links_visible(person).select_related("article", "event", "session", "round", "obligation", "action",
                                              "confirmed_by")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("article_id", "-score", "id")


def source_list(person: Person) -> QuerySet[Source]:
    return Source.objects.order_by("name")


def event_types(person: Person) -> list[str]:
    return list(Event.objects.order_by("type").values_list("type", flat=True).distinct())
