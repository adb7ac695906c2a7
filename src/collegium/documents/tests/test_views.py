import datetime as dt

import pytest
from django.urls import reverse
from icalendar import Calendar

from collegium.core.testing import PASSWORD
from collegium.documents.services import feed_token_create, feed_token_revoke
from collegium.documents.tests.builders import agreed_resolution


def test_downloads_need_login_and_answer_with_files(world, client):
    session, _resolution, plan = agreed_resolution(world)
    url = reverse("documents:resolution", kwargs={"session_id": session.pk, "kind": "resolution", "fmt": "pdf"})
    assert client.get(url).status_code == 302  # to the login page
    client.login(username="by_exec", password=PASSWORD)
    response = client.get(url)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert response["Content-Type"] == "application/pdf"
    assert client.get(url.replace(f"/{session.pk}/", "/99999/")).status_code == 404
    akn = client.get(reverse("documents:resolution", kwargs={"session_id": session.pk, "kind": "resolution",
                                                             "fmt": "akn"}))
    assert b"akomaNtoso" in akn.content
    assert client.get(reverse("documents:plan", kwargs={"plan_id": plan.pk, "fmt": "ics"})).status_code == 200
    assert client.get(reverse("documents:discipline") + "?party=RU").status_code == 200
    assert client.get(reverse("documents:template", kwargs={"kind": "plan", "fmt": "csv"})).status_code == 200


def test_api_downloads(world, client):
    session, _resolution, _plan = agreed_resolution(world)
    url = f"/api/documents/sessions/{session.pk}/interim.xlsx"
    assert client.get(url).status_code == 401
    client.login(username="ru_sec", password=PASSWORD)
    response = client.get(url)
    assert response.status_code == 200 and response.content[:2] == b"PK"
    assert client.get(f"/api/documents/sessions/{session.pk}/resolution.docx").status_code == 200
    assert client.get("/api/documents/sessions/99999/resolution.docx").status_code == 404
    assert client.get("/api/documents/templates/programme.xlsx").status_code == 200


def test_calendar_feed_token_and_revocation(world, client):
    _session, _resolution, plan = agreed_resolution(world, rounds=2)
    token, secret = feed_token_create(actor=world.by_exec)
    url = reverse("documents:feed", args=[secret])
    response = client.get(url)  # no login
    assert response.status_code == 200
    cal = Calendar.from_ical(response.content)
    assert len(list(cal.walk("VEVENT"))) == 2
    assert client.get(reverse("documents:feed", args=["x" * 43])).status_code == 404
    feed_token_revoke(actor=world.by_exec, token=token)
    assert client.get(url).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is not None and token.digest != secret


def test_feed_token_cannot_be_revoked_by_another_party(world):
    from collegium.core.errors import NotFound

    token, _secret = feed_token_create(actor=world.by_exec)
    with pytest.raises(NotFound):
        feed_token_revoke(actor=world.ru_sec, token=token)
    assert dt.date  # keep import used
