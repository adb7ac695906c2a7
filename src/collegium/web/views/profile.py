"""The person's own page: party, unit, roles and clearance; API tokens and calendar-feed links
(each secret shown once, right after it is made); notification preferences and language."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from collegium.core.http import AuthenticatedRequest
from collegium.core.language import remember_person_language
from collegium.documents import services as documents
from collegium.parties import services as parties
from collegium.web import forms, services
from collegium.web import selectors as web_selectors
from collegium.web.views.base import FORM_ERRORS, action, apply_errors, form_page, page


class LoginView(auth_views.LoginView):
    """Django's sign-in, which also gives the browser the person's language."""

    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        remember_person_language(self.request, response, getattr(form.get_user(), "language", None))
        return response


def _profile(request: AuthenticatedRequest, **overrides) -> HttpResponse:
    person = request.user
    context = {
        "person": person,
        "tokens": list(web_selectors.api_tokens_of(person)),
        "feeds": list(web_selectors.feed_tokens_of(person)),
        "token_form": forms.ApiTokenForm(),
        "preference": web_selectors.notification_preference_of(person),
    }
    context.update(overrides)
    return render(request, "web/profile.html", context)


@page
def profile(request: AuthenticatedRequest) -> HttpResponse:
    return _profile(request)


@action
def api_token_create(request: AuthenticatedRequest) -> HttpResponse:
    form = forms.ApiTokenForm(request.POST)
    if form.is_valid():
        try:
            _token, raw = parties.api_token_create(actor=request.user, name=form.cleaned_data["name"])
        except FORM_ERRORS as exc:
            apply_errors(form, exc)
        else:
            # Rendered, not redirected: the secret must not travel through the session or a URL.
            messages.success(request, _("The token is created. Copy it now: it is not shown again."))
            return _profile(request, new_token=raw)
    return _profile(request, token_form=form)


@action
def api_token_revoke(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    token = web_selectors.api_token_get(request.user, pk)
    parties.api_token_revoke(actor=request.user, token=token)
    messages.success(request, _("The token is revoked; programs using it are refused from now on."))
    return redirect(reverse("profile") + "#tokens")


@action
def feed_create(request: AuthenticatedRequest) -> HttpResponse:
    _token, secret = documents.feed_token_create(actor=request.user)
    messages.success(request, _("The calendar link is created. Copy it now: it is not shown again."))
    return _profile(request, new_feed=request.build_absolute_uri(reverse("documents:feed", args=[secret])))


@action
def feed_revoke(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    token = web_selectors.feed_token_get(request.user, pk)
    documents.feed_token_revoke(actor=request.user, token=token)
    messages.success(request, _("The calendar link is revoked."))
    return redirect(reverse("profile") + "#calendar")


@form_page
def preferences(request: AuthenticatedRequest) -> HttpResponse:
    person = request.user
    saved = web_selectors.notification_preference_of(person)
    if request.method == "POST":
        form = forms.PreferencesForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.preferences_save(actor=person, person=person, by_email=data["by_email"],
                                          in_app=data["in_app"], daily_digest=data["daily_digest"],
                                          reminder_offsets=data["reminder_offsets"], language=data["language"],
                                          media_digest=data["media_digest"])
            except FORM_ERRORS as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Your preferences are saved."))
                response = redirect("preferences")
                # The interface follows the chosen language at once, like the RU/EN switch does.
                response.set_cookie(settings.LANGUAGE_COOKIE_NAME, data["language"],
                                    max_age=settings.LANGUAGE_COOKIE_AGE, samesite="Lax",
                                    secure=settings.LANGUAGE_COOKIE_SECURE)
                return response
    else:
        offsets = ", ".join(str(d) for d in (saved.reminder_offsets or [])) if saved else ""
        form = forms.PreferencesForm(initial={
            "reminder_offsets": offsets, "in_app": saved.in_app if saved else True,
            "by_email": saved.by_email if saved else True, "daily_digest": saved.daily_digest if saved else False,
            "media_digest": saved.media_digest if saved else "", "language": person.language})
    return render(request, "web/preferences.html", {"form": form, "preference": saved})
