"""Press pages: the article archive with search and filters, an article with what the NLP found
and the link suggestions to decide, and the digest (page or PDF)."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from collegium.core.errors import DomainError, NotFound
from collegium.media import selectors, services
from collegium.media.digest import PERIODS, digest_build, digest_render
from collegium.media.highlight import highlight
from collegium.parties.models import Role


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _can_decide(person) -> bool:  # type: ignore[no-untyped-def]
    return person.has_role(Role.PRESS) or person.has_role(Role.SECRETARIAT)


@login_required
@require_GET
def article_list(request: HttpRequest) -> HttpResponse:
    filters = selectors.ArticleFilters(
        q=request.GET.get("q", "").strip()[:200], source=_int(request.GET.get("source")),
        date_from=_date(request.GET.get("from")), date_to=_date(request.GET.get("to")),
        event_type=request.GET.get("event", "")[:48], linked=True if request.GET.get("linked") else None,
        cluster=_int(request.GET.get("cluster")),
    )
    page = Paginator(selectors.article_list(request.user, filters), 50).get_page(request.GET.get("page"))
    querystring = urlencode({k: v for k, v in request.GET.items() if k != "page"})
    return render(request, "media/article_list.html", {
        "page_obj": page, "filters": filters, "querystring": querystring,
        "sources": selectors.source_list(request.user), "event_types": selectors.event_types(request.user),
    })


@login_required
@require_GET
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        article = selectors.article_get(request.user, pk)
    except NotFound as exc:
        raise Http404 from exc
    extraction = getattr(article, "extraction", None)
    return render(request, "media/article_detail.html", {
        "article": article, "siblings": selectors.cluster_siblings(request.user, article),
        "highlighted": highlight(article.raw_text, extraction.data if extraction else {}),
        "can_decide": _can_decide(request.user),
    })


def _decide(request: HttpRequest, pk: int, confirm: bool) -> HttpResponse:
    try:
        link = selectors.link_get(request.user, pk)
    except NotFound as exc:
        raise Http404 from exc
    try:
        if confirm:
            link = services.link_confirm(actor=request.user, link=link)
            messages.success(request, _("Link confirmed.") + (" " + _("The round is marked held.") if link.applied else ""))
        else:
            services.link_reject(actor=request.user, link=link, reason=request.POST.get("reason", ""))
            messages.success(request, _("Link rejected."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("media:article", pk=link.article_id)


@login_required
@require_POST
def link_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, confirm=True)


@login_required
@require_POST
def link_reject(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, confirm=False)


@login_required
@require_GET
def digest(request: HttpRequest) -> HttpResponse:
    period = request.GET.get("period", "daily")
    if period not in PERIODS:
        period = "daily"
    data = digest_build(request.user, period, today=_date(request.GET.get("date")))
    if request.GET.get("format") == "pdf":
        response = HttpResponse(digest_render(data, "pdf"), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="digest-{period}-{data["date_to"]:%Y-%m-%d}.pdf"'
        return response
    return render(request, "media/digest.html", {
        "digest": data, "periods": [("daily", _("Daily")), ("weekly", _("Weekly"))],
    })
