"""API: news articles (joint), pushing articles in (press or secretariat), and the links to the plan."""


import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from collegium.media import selectors, services
from collegium.media.models import Article, Link, Source
from collegium.parties.api import Id, Pagination, me

router = Router()


class ArticleIn(Schema):
    title: str = Field(..., min_length=1, max_length=1000)
    body: str = Field(..., min_length=1, max_length=2_000_000)
    published: dt.date | None = None
    url: str = Field("", max_length=2000)
    source: str = Field("", max_length=255, description="Name of the agency; one API source per name")
    language: str = Field("ru", max_length=8)


class ArticleOut(Schema):
    id: int
    title: str
    published: dt.date
    url: str
    source: str = Field(..., alias="source.name")
    cluster_id: int | None


class IngestOut(Schema):
    id: int
    created: bool
    cluster_id: int | None
    events: int
    links: int


class LinkOut(Schema):
    id: int
    article_id: int
    event_id: int | None
    target_kind: str
    target_id: int | None
    target_label: str
    score: float
    explanation: str
    status: str
    confirmed_by_id: int | None
    confirmed_at: dt.datetime | None
    applied: bool


class ArticleFiltersIn(Schema):
    q: str = Field("", max_length=200)
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    event_type: str = Field("", max_length=48)


@router.post("/media/articles", response={201: IngestOut, 200: IngestOut})
def article_push(request: HttpRequest, payload: ArticleIn) -> Status[dict[str, Any]]:
    person = me(request)
    source = services.source_ensure(actor=person, kind=Source.Kind.API, url=f"api:{payload.source or 'api'}",
                                    name=payload.source or "API")
    outcome = services.article_ingest(actor=person, source=source, title=payload.title, body=payload.body,
                                      published=payload.published, url=payload.url, language=payload.language)
    article = outcome.article
    return Status(201 if outcome.created else 200, {
        "id": article.pk, "created": outcome.created, "cluster_id": article.cluster_id,
        "events": article.events.count(), "links": len(outcome.links),
    })


@router.get("/media/articles", response=list[ArticleOut])
@paginate(Pagination)
def article_list(request: HttpRequest, filters: Query[ArticleFiltersIn]) -> QuerySet[Article]:
    return selectors.article_list(me(request), selectors.ArticleFilters(
        q=filters.q, date_from=filters.date_from, date_to=filters.date_to, event_type=filters.event_type))


@router.get("/media/links", response=list[LinkOut])
@paginate(Pagination)
def link_list(request: HttpRequest, status: Link.Status | None = None) -> QuerySet[Link]:
    return selectors.link_list(me(request), status=status)


@router.post("/media/links/{pk}/confirm", response=LinkOut)
def link_confirm(request: HttpRequest, pk: Id) -> Link:
    person = me(request)
    return services.link_confirm(actor=person, link=selectors.link_get(person, pk))


@router.post("/media/links/{pk}/reject", response=LinkOut)
def link_reject(request: HttpRequest, pk: Id) -> Link:
    person = me(request)
    return services.link_reject(actor=person, link=selectors.link_get(person, pk))
