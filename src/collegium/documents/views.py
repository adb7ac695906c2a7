"""Downloads: login required; the content comes from selectors for the requesting person, so a
hidden record is simply absent (and a hidden or missing session answers 404)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET, require_POST

from collegium.core.errors import DomainError, NotFound
from collegium.core.http import AuthenticatedRequest
from collegium.documents import importers
from collegium.documents.render import CONTENT_TYPES, render


def _file(content: bytes, filename: str, content_type: str, inline: bool = False) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _render(request: AuthenticatedRequest, kind: str, fmt: str, **kwargs) -> HttpResponse:
    try:
        result = render(kind, fmt, person=request.user, **kwargs)
    except NotFound as exc:
        raise Http404 from exc
    except DomainError as exc:
        return HttpResponse(exc.message, status=422, content_type="text/plain; charset=utf-8")
    return _file(result.content, result.filename, result.content_type)


@login_required
@require_GET
def session_document(request: AuthenticatedRequest, session_id: int, kind: str, fmt: str) -> HttpResponse:
    if request.GET.get("background") == "1":
        return _background(request, kind, fmt, session_id)
    return _render(request, kind, fmt, session_id=session_id)


def _background(request: AuthenticatedRequest, kind: str, fmt: str, session_id: int) -> HttpResponse:
    """Queue the render and answer with the job's progress, which polls /jobs/<id>/ until the file
    is ready. (A GET, so that a plain link can start it: it only ever queues work for the
    requesting person, who alone can fetch the result.)"""
    from django.shortcuts import render as render_page

    from collegium.documents.services import document_render_enqueue

    try:
        job = document_render_enqueue(actor=request.user, kind=kind, fmt=fmt, session_id=session_id)
    except NotFound as exc:
        raise Http404 from exc
    except DomainError as exc:
        return HttpResponse(exc.message, status=422, content_type="text/plain; charset=utf-8")
    template = "notifications/partials/job.html" if getattr(request, "htmx", False) else "notifications/job.html"
    return render_page(request, template, {"job": job}, status=202)


@login_required
@require_GET
def plan_document(request: AuthenticatedRequest, plan_id: int, fmt: str) -> HttpResponse:
    return _render(request, "plan", fmt, plan_id=plan_id)


@login_required
@require_GET
def discipline_document(request: AuthenticatedRequest) -> HttpResponse:
    from django.http import Http404

    from collegium.core.errors import NotFound
    from collegium.parties.selectors import party_by_code

    party = request.GET.get("party") or None
    if party:
        try:
            party_by_code(party)
        except NotFound as exc:
            raise Http404() from exc
    return _render(request, "discipline", "xlsx", party=party)


@login_required
@require_GET
def import_template(request: AuthenticatedRequest, kind: str, fmt: str) -> HttpResponse:
    return _file(importers.template_bytes(kind, fmt), f"{kind}-template.{fmt}", CONTENT_TYPES[fmt])


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """No login: calendar apps cannot log in; the secret token stands for the person."""
    from collegium.documents.render import feed_ics
    from collegium.documents.services import feed_token_person

    try:
        person = feed_token_person(token)
    except NotFound as exc:
        raise Http404 from exc
    return _file(feed_ics(person), "collegium.ics", CONTENT_TYPES["ics"], inline=True)


@login_required
@require_POST
def feed_token_new(request: AuthenticatedRequest) -> HttpResponse:
    from django.urls import reverse

    from collegium.documents.services import feed_token_create

    _token, secret = feed_token_create(actor=request.user)
    url = request.build_absolute_uri(reverse("documents:feed", args=[secret]))
    return HttpResponse(url, content_type="text/plain; charset=utf-8", status=201)
