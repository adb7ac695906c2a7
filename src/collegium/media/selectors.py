"""Reads of the media domain for a person.

Articles, stories, extractions and events are public news: every person sees them. Links are
shown only when their target is visible to the person; all four target kinds (sessions,
rounds, obligations, Programme actions) are joint records today, and `_visible_links_q` is
the one place to narrow that if a target ever becomes party-scoped.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from collegium.core.errors import NotFound
from collegium.media.models import Article, Event, Link, Source
from collegium.parties.models import Person

# The generated, GIN-indexed column of migration 0003: the `simple` (unstemmed) vector of the
# article's search terms, the same terms SQLite's FTS5 table holds (collegium_nlp.search).
PG_VECTOR = "media_article.search_vector"


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
    """FTS5 query: every word of the query must occur as one of its terms (as typed, its lemma or
    a surname's normal form: collegium_nlp.search); each term quoted, so no operator injection."""
    groups = []
    for alternatives in search_query_terms(query):
        quoted = ['"' + term.replace('"', "") + '"' for term in alternatives if term]
        if quoted:
            groups.append("(" + " OR ".join(quoted) + ")")
    return " AND ".join(groups)


def tsquery_expression(query: str) -> str:
    """PostgreSQL `to_tsquery('simple', ...)` text with the same meaning as the FTS5 query. The
    terms are letters and digits only, so nothing in them is a tsquery operator."""
    return " & ".join("(" + " | ".join(alternatives) + ")" for alternatives in search_query_terms(query)
                      if alternatives)


def search_query_terms(query: str) -> list[tuple[str, ...]]:
    from collegium_nlp.search import query_terms

    return query_terms(query)


def _search(qs: QuerySet[Article], query: str) -> QuerySet[Article]:
    query = (query or "").strip()
    if not query:
        return qs
    if connection.vendor == "postgresql":
        expression = tsquery_expression(query)
        if not expression:
            return qs.none()
        return qs.extra(where=[f"{PG_VECTOR} @@ to_tsquery('simple'::regconfig, %s)"],  # noqa: S610
                        params=[expression])
    expression = fts_match_expression(query)
    if not expression:
        return qs.none()
    # The unary plus keeps SQLite from driving the query from the FTS matches: it then walks the
    # articles newest first (the index on `published`, which also serves date filters) and stops
    # at the page, testing each id against the matches. Driven from the matches, a word found in
    # half of 100,000 articles read and sorted all 50,000 full rows: 100 ms against 8.
    return qs.extra(where=["+media_article.id IN (SELECT rowid FROM media_article_fts "  # noqa: S610
                           "WHERE media_article_fts MATCH %s)"], params=[expression])


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


def _link_count(person: Person, status: str) -> Coalesce:
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


# --- the Sources page (press service and secretariat; the view checks the role) ---------------------

def source_overview(person: Person) -> QuerySet[Source]:
    """Every source with its number of articles, in one query whatever their number."""
    return Source.objects.annotate(article_count=Count("articles")).order_by("name", "id")


def ingest_jobs_recent(person: Person, limit: int = 5) -> list[Any]:
    """The person's own latest ingestion jobs, to come back to their progress or summary."""
    from collegium.notifications.models import Job

    return list(Job.objects.filter(created_by_id=person.pk, kind__startswith="media:")
                .order_by("-created_at", "-id")[:limit])


def ingest_job_get(person: Person, job_id: Any) -> tuple[Any, dict[str, Any] | None]:
    """An ingestion job and its summary (None until there is one), for the person who started it
    only; anyone else, a superuser included, gets NotFound as for a missing job."""
    from collegium.notifications.models import Job

    if not getattr(person, "is_authenticated", False):
        raise NotFound()
    job = Job.objects.filter(pk=job_id, created_by_id=person.pk, kind__startswith="media:").first()
    if job is None:
        raise NotFound()
    summary = sources_job_summary(job.pk) if job.status == Job.Status.SUCCEEDED else None
    return job, summary


# The summary a finished ingestion job leaves beside its files (written by media.services).
SUMMARY_FILE = "summary.json"


def sources_job_summary(job_id: int) -> dict[str, Any] | None:
    """The summary a finished Sources job left, or None (still running, or failed)."""
    from collegium.notifications.services import job_result_dir

    path = job_result_dir(job_id) / SUMMARY_FILE
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None
