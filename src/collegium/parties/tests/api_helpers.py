"""Helpers for the API tests: a client authenticated by a real bearer token."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from collegium.parties.models import Person
from collegium.parties.services import api_token_create

# The project's own URLs: the API is tested where it is mounted, next to the pages it links to.
API_URLS = "collegium.urls"


class ApiClient:
    """A test client that sends a bearer token and JSON bodies."""

    def __init__(self, person: Person) -> None:
        _token, raw = api_token_create(actor=person, name="tests")
        self.client = Client(headers={"Authorization": f"Bearer {raw}"})

    def get(self, path: str, **params: Any):  # type: ignore[no-untyped-def]
        return self.client.get(path, params)

    def post(self, path: str, body: Any = None):  # type: ignore[no-untyped-def]
        return self.client.post(path, json.dumps(body if body is not None else {}), content_type="application/json")

    def patch(self, path: str, body: Any):  # type: ignore[no-untyped-def]
        return self.client.patch(path, json.dumps(body), content_type="application/json")

    def put(self, path: str, body: Any):  # type: ignore[no-untyped-def]
        return self.client.put(path, json.dumps(body), content_type="application/json")

    def delete(self, path: str):  # type: ignore[no-untyped-def]
        return self.client.delete(path)


def api(person: Person) -> ApiClient:
    return ApiClient(person)
