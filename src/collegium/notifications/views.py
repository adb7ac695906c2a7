"""Thin pages over the notification selectors and services; HTMX gets the partials."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from collegium.core.errors import DomainError, NotFound
from collegium.core.http import AuthenticatedRequest
from collegium.notifications import selectors, services


@login_required
@require_GET
def notification_list(request: AuthenticatedRequest) -> HttpResponse:
    context = {
        "notifications": selectors.notifications_for(request.user, unread_only=request.GET.get("unread") == "1"),
        "unread": selectors.unread_count(request.user),
    }
    template = "notifications/partials/list.html" if getattr(request, "htmx", False) else "notifications/list.html"
    return render(request, template, context)


@login_required
@require_POST
def notification_read(request: AuthenticatedRequest, notification_id: int) -> HttpResponse:
    try:
        notification = services.notification_mark_read(actor=request.user, notification_id=notification_id)
    except NotFound:
        raise Http404() from None
    except DomainError:
        notification = None
    if getattr(request, "htmx", False):
        return render(request, "notifications/partials/item.html",
                      {"n": notification, "unread": selectors.unread_count(request.user)})
    return redirect("notifications:list")


@login_required
@require_GET
def job_progress(request: AuthenticatedRequest, job_id: int) -> HttpResponse:
    try:
        job = selectors.job_for(request.user, job_id)
    except NotFound:
        raise Http404() from None
    response = render(request, "notifications/partials/job.html", {"job": job})
    if job.is_finished:
        # htmx stops polling on 286.
        response.status_code = 286 if getattr(request, "htmx", False) else 200
    return response


@login_required
@require_GET
def job_download(request: AuthenticatedRequest, job_id: int) -> FileResponse:
    """The file a job produced, to the person who started it; everyone else gets 404."""
    try:
        path = services.job_file(actor=request.user, job_id=job_id)
    except NotFound:
        raise Http404() from None
    response = FileResponse(path.open("rb"), as_attachment=True, filename=path.name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
