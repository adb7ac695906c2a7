"""Every endpoint needs a live token or a session (with CSRF); the schema and docs are served locally."""

import json
import re

import pytest
from django.core.management import call_command
from django.test import Client

from collegium.parties.models import ApiToken
from collegium.parties.services import api_token_create, api_token_revoke
from collegium.parties.tests.api_helpers import API_URLS

pytestmark = pytest.mark.urls(API_URLS)


def test_token_authenticates_and_only_its_digest_is_stored(world):
    token, raw = api_token_create(actor=world.ru_exec, name="robot")
    assert raw not in {token.digest, token.prefix} and len(token.digest) == 64
    assert not ApiToken.objects.filter(digest=raw).exists()
    response = Client().get("/api/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "ru_exec"
    assert body["party"]["code"] == "RU"
    assert body["roles"] == ["executor"]


def test_revoked_and_unknown_tokens_are_401(world):
    token, raw = api_token_create(actor=world.ru_exec, name="robot")
    api_token_revoke(actor=world.ru_exec, token=token)
    for header in [f"Bearer {raw}", "Bearer clg_not-a-real-token", "Bearer ", "Basic abc", "Bearer " + "x" * 5000]:
        response = Client().get("/api/obligations", HTTP_AUTHORIZATION=header)
        assert response.status_code == 401, header
    assert Client().get("/api/me").status_code == 401


def test_inactive_person_token_is_401(world):
    _token, raw = api_token_create(actor=world.by_exec, name="robot")
    world.by_exec.is_active = False
    world.by_exec.save(update_fields=["is_active"])
    assert Client().get("/api/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_every_operation_requires_authentication(world):
    from collegium.api import api

    schema = api.get_openapi_schema()
    for path, methods in schema["paths"].items():
        url = re.sub(r"\{[^}]+\}", "1", path)
        for method in methods:
            response = getattr(Client(), method)(url, content_type="application/json") \
                if method != "get" else Client().get(url)
            assert response.status_code == 401, (method, path, response.status_code)


def test_session_auth_works_and_checks_csrf_on_writes(world):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.ru_sec)
    assert browser.get("/api/me").json()["username"] == "ru_sec"
    body = json.dumps({"number": 5, "title": "Заседание", "date_start": "2026-10-01", "city": "Минск",
                       "host_party": "BY", "parties": ["RU", "BY"]})
    refused = browser.post("/api/sessions", body, content_type="application/json")
    assert refused.status_code == 403
    # The docs page carries the CSRF token the way any page of the site does.
    browser.get("/api/docs")
    csrf = browser.cookies["csrftoken"].value
    accepted = browser.post("/api/sessions", body, content_type="application/json", HTTP_X_CSRFTOKEN=csrf)
    assert accepted.status_code == 201, accepted.content


def test_token_command_creates_a_working_token(world, capsys):
    call_command("token", "create", "--user", "by_sec", "--name", "export robot")
    raw = capsys.readouterr().out.strip()
    assert raw.startswith("clg_")
    assert Client().get("/api/me", HTTP_AUTHORIZATION=f"Bearer {raw}").json()["username"] == "by_sec"
    call_command("token", "revoke", "--user", "by_sec", "--prefix", raw[:8])
    assert Client().get("/api/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_openapi_schema_lists_every_path(world):
    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    paths = set(schema["paths"])
    expected = {
        "/api/parties", "/api/units", "/api/me", "/api/programmes", "/api/programmes/{programme_id}/tree",
        "/api/sessions", "/api/sessions/{session_id}", "/api/materials/{material_id}/download",
        "/api/resolutions", "/api/resolutions/{resolution_id}", "/api/plans", "/api/plans/{plan_id}/rounds",
        "/api/obligations", "/api/obligations/{obligation_id}", "/api/sessions/{session_id}/interim-results",
        "/api/discipline", "/api/reports/{report_id}/accept", "/api/extension-requests/{request_id}/grant",
        "/api/proposals/{proposal_id}/accept", "/api/resolutions/{resolution_id}/sign",
        "/api/rounds/{round_id}/mark-held", "/api/sessions/{session_id}/materials",
    }
    assert expected <= paths
    assert len(paths) >= 55
    assert "BearerAuth" in json.dumps(schema["components"]["securitySchemes"]) or \
        "TokenAuth" in json.dumps(schema["components"]["securitySchemes"])


def test_docs_page_uses_only_local_assets(world):
    response = Client().get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "/static/ninja/swagger-ui.css" in html
    external = re.findall(r"""(?:src|href)=["'](https?:)?//""", html)
    assert external == []
    assert "cdn" not in html.lower()
