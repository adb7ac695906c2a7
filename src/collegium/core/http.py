"""Request types for the type checker.

Views behind login (the `page`, `action` and `form_page` decorators of collegium.web.views.base,
or `login_required`) always see a signed-in person, never AnonymousUser; annotating them with
AuthenticatedRequest says so once instead of narrowing `request.user` in every view."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from collegium.parties.models import Person


class AuthenticatedRequest(HttpRequest):
    user: Person
