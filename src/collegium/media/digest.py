"""Daily and weekly digests per party: the stories of the period, one entry per story, with
what they mean for the plan (confirmed links first) and what concerns the reader's party.

`digest_build` returns plain data (the notifications engineer mails it); `digest_render` turns
it into HTML or PDF (WeasyPrint, DejaVu fonts).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone

from collegium.core.errors import ValidationFailed
from collegium.media.models import Article, Link
from collegium.media.selectors import links_visible
from collegium.parties.models import Person

PERIODS = {"daily": 1, "weekly": 7}


def _target_label(link: Link) -> str:
    target = link.target
    kind = {"session": "Заседание", "round": "Раунд консультаций", "obligation": "Поручение",
            "action": "Пункт Программы"}[link.target_kind]
    return f"{kind}: {target}"


def _concerns_party(link: Link, party_id: int | None) -> bool:
    if party_id is None:
        return False
    # The targets are select_related by digest_build, so these reads cost no query.
    if link.obligation is not None:
        return link.obligation.party_id == party_id
    if link.round is not None:
        return any(d.party_id == party_id for d in link.round.delegations.all())
    if link.session is not None:
        return any(p.pk == party_id for p in link.session.parties.all())
    return False


def digest_build(person: Person, period: str = "daily", *, today: dt.date | None = None) -> dict[str, Any]:
    """The digest of the last day or week for a person (their party decides what is highlighted)."""
    if period not in PERIODS:
        raise ValidationFailed(field_errors={"period": "daily | weekly"})
    today = today or timezone.localdate()
    start = today - dt.timedelta(days=PERIODS[period] - 1)
    links = links_visible(person).exclude(status=Link.Status.REJECTED).select_related(
        "session", "round", "obligation", "action").prefetch_related("round__delegations", "session__parties")
    articles = (Article.objects.filter(published__range=(start, today)).select_related("source", "cluster")
                .prefetch_related("events", Prefetch("links", queryset=links, to_attr="digest_links"))
                .order_by("-published", "id"))
    stories: dict[Any, dict[str, Any]] = {}
    for article in articles:
        key = ("c", article.cluster_id) if article.cluster_id else ("a", article.pk)
        story = stories.get(key)
        if story is None:
            story = stories[key] = {"title": article.title, "published": article.published, "article_id": article.pk,
                                    "url": article.url, "sources": [], "lead": article.body[:400],
                                    "events": [], "links": [], "concerns_party": False}
        if article.source.name not in story["sources"]:
            story["sources"].append(article.source.name)
        for event in article.events.all():
            item = {"type": event.type, "modality": event.modality, "date": event.date_from, "place": event.place}
            if item not in story["events"]:
                story["events"].append(item)
        for link in article.digest_links:
            concerns = _concerns_party(link, person.party_id)
            story["concerns_party"] = story["concerns_party"] or concerns
            story["links"].append({"target": _target_label(link), "status": link.status, "score": link.score,
                                   "explanation": link.explanation, "concerns_party": concerns})
    ordered = sorted(stories.values(), key=lambda s: (not s["concerns_party"], not s["links"],
                                                      -s["published"].toordinal()))
    return {
        "period": period, "date_from": start, "date_to": today,
        "party": str(person.party) if person.party_id else "",
        "person": str(person), "stories": ordered,
        "counts": {"stories": len(ordered), "articles": sum(len(s["sources"]) for s in ordered),
                   "linked": sum(1 for s in ordered if s["links"])},
    }


def digest_render(data: dict[str, Any], fmt: str = "html") -> str | bytes:
    """The digest as a standalone HTML document, or as PDF bytes."""
    document = render_to_string("media/digest_document.html", {"digest": data})
    if fmt == "html":
        return document
    if fmt == "pdf":
        from weasyprint import HTML

        return HTML(string=document).write_pdf()
    raise ValidationFailed(field_errors={"format": "html | pdf"})
