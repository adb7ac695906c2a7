"""What every view shares: domain errors turned into 404s, messages or field errors, HTMX
partials, and the confirmation step of irreversible actions."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import SimpleLazyObject, empty
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from collegium.core.errors import Conflict, DomainError, NotFound, PermissionDenied, ValidationFailed

View = Callable[..., HttpResponse]


def _unwrap_user(request: HttpRequest) -> None:
    """Replace the lazy `request.user` by the person it resolved to. A view reads the person a
    few hundred times (selectors' visibility rules, the templates), and every read through the
    lazy proxy costs two extra calls. Only after login_required resolved it: the page cache
    answers hits without ever loading the person."""
    user = request.user
    if isinstance(user, SimpleLazyObject) and user._wrapped is not empty:
        request.user = user._wrapped


def page(view: View) -> View:
    """Login required; hidden or missing records answer 404, forbidden ones 403."""

    @login_required
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        _unwrap_user(request)
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404(exc.message) from exc
        except PermissionDenied as exc:
            raise DjangoPermissionDenied(exc.message) from exc

    return wrapper


def back_url(request: HttpRequest, fallback: str = "/") -> str:
    for candidate in (request.POST.get("next"), request.headers.get("referer")):
        if candidate and url_has_allowed_host_and_scheme(candidate, {request.get_host()},
                                                         require_https=request.is_secure()):
            return candidate
    return fallback


def action(view: View) -> View:
    """A POST that changes state through one service. A domain error becomes a message and the
    person goes back to where they were: nothing is half-done, services are atomic."""

    @login_required
    @require_POST
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        _unwrap_user(request)
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404(exc.message) from exc
        except DomainError as exc:
            messages.error(request, _field_message(exc))
            return redirect(back_url(request))

    return wrapper


def form_page(view: View) -> View:
    """A page with a form: GET shows it, POST calls one service. Field errors and conflicts are put
    on the form by the view (FORM_ERRORS); a refusal becomes a message and the person goes back."""

    @login_required
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404(exc.message) from exc
        except DomainError as exc:
            if request.method != "POST":
                raise DjangoPermissionDenied(exc.message) from exc
            messages.error(request, _field_message(exc))
            return redirect(back_url(request))

    return wrapper


# What a form shows next to its fields; any other domain error is a refusal (a message).
FORM_ERRORS = (ValidationFailed, Conflict)


def import_errors(form: forms.BaseForm, exc: DomainError) -> list[tuple[int, str]]:
    """An importer's bad rows as (row number, reason) for a table; anything else goes on the form."""
    rows, rest = [], {}
    for key, reason in exc.field_errors.items():
        number = key.removeprefix("row_")
        if key.startswith("row_") and number.isdigit():
            rows.append((int(number), str(reason)))
        else:
            rest[key] = reason
    if rest or not rows:
        apply_errors(form, ValidationFailed(exc.message, field_errors=rest))
    return sorted(rows)


def _field_message(exc: DomainError) -> str:
    if isinstance(exc, ValidationFailed) and exc.field_errors:
        return " ".join(str(v) for v in exc.field_errors.values())
    return exc.message


def apply_errors(form: forms.BaseForm, exc: DomainError) -> None:
    """Put a service's field errors next to the fields they concern; the rest on top of the form."""
    placed = False
    for name, message in exc.field_errors.items():
        if name in form.fields:
            form.add_error(name, str(message))
            placed = True
        else:
            form.add_error(None, str(message))
            placed = True
    if not placed or not isinstance(exc, ValidationFailed):
        form.add_error(None, exc.message)


def render_htmx(request: HttpRequest, template: str, partial: str, context: dict[str, Any],
                status: int = 200) -> HttpResponse:
    """The partial for an HTMX request (not a boosted page load), the whole page otherwise."""
    htmx = getattr(request, "htmx", None)
    name = partial if htmx and not htmx.boosted else template
    return render(request, name, context, status=status)


def confirmed(request: HttpRequest) -> bool:
    return request.POST.get("confirmed") == "1"


def ask_confirmation(request: HttpRequest, *, title: str, text: str, cancel_url: str) -> HttpResponse:
    """The no-JavaScript confirmation step: the same POST again with confirmed=1."""
    fields = [(k, v) for k, values in request.POST.lists() if k not in ("csrfmiddlewaretoken", "confirmed")
              for v in values]
    return render(request, "web/confirm.html", {"title": title, "text": text, "fields": fields,
                                                "action_url": request.path, "cancel_url": cancel_url})


__all__ = ["FORM_ERRORS", "action", "apply_errors", "ask_confirmation", "back_url", "confirmed", "form_page",
           "import_errors", "page", "redirect", "render", "render_htmx", "require_POST"]
