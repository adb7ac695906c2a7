"""Authentication: the session's person for the browser; for the API, bearer tokens for programs
and the Django session (with CSRF)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest
from ninja.security import HttpBearer, django_auth

from collegium.parties.models import Person
from collegium.parties.services import api_token_authenticate


class PersonBackend(ModelBackend):
    """Django's model backend, loading the session's person with their party and unit in the same
    query: every page shows both (the top bar, the scope of lists), which otherwise cost two more
    queries on every request."""

    def get_user(self, user_id: Any) -> Any:
        try:
            person = Person.objects.select_related("party", "unit").get(pk=user_id)
        except Person.DoesNotExist:
            return None
        return person if self.user_can_authenticate(person) else None


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>`; the token's person becomes request.auth."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        return api_token_authenticate(token)


token_auth = TokenAuth()
# The session check runs ninja's CSRF verification for unsafe methods.
session_auth = django_auth
api_auth = [token_auth, session_auth]
