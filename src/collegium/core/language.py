"""Which language a page speaks: Russian first.

Django's LocaleMiddleware would follow the browser's Accept-Language, so a ministry computer with
an English browser would open Collegium in English. Here a page speaks the language of the
language cookie, which the switch sets and which sign-in sets from the person's profile when the
switch was never used on that browser; otherwise Russian. The API keeps the standard negotiation: a
client asks for English error messages with Accept-Language.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

_SUPPORTED = {code for code, _name in settings.LANGUAGES}


def _chosen(request: HttpRequest) -> str | None:
    code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return code if code in _SUPPORTED else None


class RussianFirstLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request: HttpRequest) -> None:
        if request.path.startswith("/api/"):
            super().process_request(request)
            return
        language = _chosen(request) or settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


def remember_person_language(request: HttpRequest, response: HttpResponse, language: str | None) -> None:
    """At sign-in: a browser on which the switch was never used takes the language of the
    person's profile (the one their e-mails are written in). A cookie, so that choosing the
    language of a page needs no database query."""
    if _chosen(request) is None and language in _SUPPORTED:
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, max_age=settings.LANGUAGE_COOKIE_AGE,
                            samesite="Lax", secure=settings.LANGUAGE_COOKIE_SECURE)
