"""Press pages: the article archive with search and filters, an article with what the NLP found
and the link suggestions to decide, the digest (page or PDF), and the sources of news with their
ingestion in the background (progress polled by HTMX)."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from collegium.core.errors import DomainError, NotFound, ValidationFailed
from collegium.core.http import AuthenticatedRequest
from collegium.media import selectors, services
from collegium.media.digest import PERIODS, digest_build, digest_render
from collegium.media.forms import SeedFilesForm, SourceAddForm
from collegium.media.highlight import highlight
from collegium.parties.models import Person, Role


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _can_decide(person: Person) -> bool:
    return person.has_role(Role.PRESS) or person.has_role(Role.SECRETARIAT)


@login_required
@require_GET
def article_list(request: AuthenticatedRequest) -> HttpResponse:
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
def article_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
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


def _decide(request: AuthenticatedRequest, pk: int, confirm: bool) -> HttpResponse:
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
def link_confirm(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, confirm=True)


@login_required
@require_POST
def link_reject(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, confirm=False)


@login_required
@require_GET
def digest(request: AuthenticatedRequest) -> HttpResponse:
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


# --- sources of news and their ingestion in the background ----------------------------------------

def _require_ingest(request: AuthenticatedRequest) -> None:
    if not services.can_ingest(request.user):
        raise DjangoPermissionDenied()


def _place_errors(form: django_forms.Form, exc: ValidationFailed) -> None:
    for name, message in exc.field_errors.items():
        form.add_error(name if name in form.fields else None, str(message).split("\n"))
    if not exc.field_errors:
        form.add_error(None, exc.message)


@login_required
@require_http_methods(["GET", "POST"])
def sources(request: AuthenticatedRequest) -> HttpResponse:
    """The list of sources; for the press service and the secretariat, forms to add a feed or page
    address or to upload seed-format files. Either queues a job and leads to its progress."""
    _require_ingest(request)
    feed_form, files_form = SourceAddForm(), SeedFilesForm()
    if request.method == "POST":
        try:
            if request.POST.get("form") == "files":
                files_form = SeedFilesForm(request.POST, request.FILES)
                if files_form.is_valid():
                    job = services.seed_files_enqueue(actor=request.user, files=[
                        (upload.name, upload.read()) for upload in files_form.cleaned_data["files"]])
                    return redirect("media:source_job", job_id=job.pk)
            else:
                feed_form = SourceAddForm(request.POST)
                if feed_form.is_valid():
                    data = feed_form.cleaned_data
                    job = services.source_add_enqueue(actor=request.user, url=data["url"], name=data["name"],
                                                      schedule_minutes=data["schedule_minutes"])
                    return redirect("media:source_job", job_id=job.pk)
        except ValidationFailed as exc:
            _place_errors(files_form if request.POST.get("form") == "files" else feed_form, exc)
    return render(request, "media/sources.html", {
        "sources": selectors.source_overview(request.user), "jobs": selectors.ingest_jobs_recent(request.user),
        "feed_form": feed_form, "files_form": files_form, "pollable": services.FEED_KINDS,
    })


@login_required
@require_POST
def source_poll(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    _require_ingest(request)
    try:
        job = services.source_poll_enqueue(actor=request.user, source_id=pk)
    except NotFound as exc:
        raise Http404 from exc
    return redirect("media:source_job", job_id=job.pk)


@login_required
@require_GET
def source_job(request: AuthenticatedRequest, job_id: int) -> HttpResponse:
    """Progress of an ingestion, then its summary; HTMX polls the partial from this same view and
    gets 286 (stop polling) once the job is finished."""
    try:
        job, summary = selectors.ingest_job_get(request.user, job_id)
    except NotFound as exc:
        raise Http404 from exc
    htmx = getattr(request, "htmx", None)
    partial = bool(htmx and not htmx.boosted)
    single = summary["items"][0]["source_id"] if summary and len(summary["items"]) == 1 else None
    response = render(request, "media/_source_job.html" if partial else "media/source_job.html",
                      {"job": job, "summary": summary, "single_source": single})
    if partial and job.is_finished:
        response.status_code = 286
    return response
