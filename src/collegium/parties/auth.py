"""API authentication: bearer tokens for programs, the Django session (with CSRF) for the browser."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, django_auth

from collegium.parties.services import api_token_authenticate


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>`; the token's person becomes request.auth."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        return api_token_authenticate(token)


token_auth = TokenAuth()
# The session check runs ninja's CSRF verification for unsafe methods.
session_auth = django_auth
api_auth = [token_auth, session_auth]
