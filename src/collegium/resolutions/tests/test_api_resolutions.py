"""Resolutions through the API: drafting with versions, proposals between parties, approval, signing."""

import datetime as dt

import pytest

from collegium.control.models import Obligation
from collegium.core.testing import make_session
from collegium.parties.tests.api_helpers import API_URLS, api

pytestmark = pytest.mark.urls(API_URLS)


@pytest.fixture
def draft(world):  # type: ignore[no-untyped-def]
    session = make_session(world, number=10, date=dt.date(2025, 11, 25))
    ru = api(world.ru_sec)
    created = ru.post("/api/resolutions", {"session_id": session.pk, "title": "Постановление", "place": "Минск",
                                           "number": "1"})
    assert created.status_code == 201, created.content
    resolution_id = created.json()["id"]
    clause = ru.post(f"/api/resolutions/{resolution_id}/clauses", {
        "text": "Поручить департаментам СНГ подготовить доклад", "kind": "instructs", "deadline_days": 60,
        "responsible_unit_ids": [world.units["ru_cis"].pk, world.units["by_cis"].pk],
        "co_executor_unit_ids": [world.units["ru_info"].pk],
    })
    assert clause.status_code == 201, clause.content
    return session, resolution_id, clause.json()


def test_clause_edits_need_the_current_lock_version(world, draft):
    _session, resolution_id, clause = draft
    ru = api(world.ru_sec)
    stale = ru.patch(f"/api/clauses/{clause['id']}", {"expected_version": clause["lock_version"] + 5, "text": "Иначе"})
    assert stale.status_code == 409
    assert stale.json()["code"] == "conflict" and stale.json()["detail"]
    missing_version = ru.patch(f"/api/clauses/{clause['id']}", {"text": "Иначе"})
    assert missing_version.status_code == 422
    assert missing_version.json()["detail"][0]["loc"][-1] == "expected_version"
    updated = ru.patch(f"/api/clauses/{clause['id']}", {"expected_version": clause["lock_version"], "text": "Иначе"})
    assert updated.status_code == 200, updated.content
    assert updated.json()["text"] == "Иначе"
    assert updated.json()["deadline_days"] == 60  # not sent, so kept
    empty = ru.patch(f"/api/clauses/{clause['id']}", {"expected_version": updated.json()["lock_version"], "text": " "})
    assert empty.status_code == 422 and empty.json()["detail"][0]["loc"] == ["body", "text"]
    assert ru.delete(f"/api/clauses/{clause['id']}?expected_version=1").status_code == 409
    assert ru.delete(f"/api/clauses/{clause['id']}?expected_version={updated.json()['lock_version']}").status_code == 204
    assert api(world.by_sec).get(f"/api/resolutions/{resolution_id}").json()["clauses"] == []


def test_draft_proposal_of_another_party_is_404_and_not_listed(world, draft):
    _session, resolution_id, clause = draft
    by, ru = api(world.by_sec), api(world.ru_sec)
    created = by.post(f"/api/resolutions/{resolution_id}/proposals",
                      {"kind": "modify", "clause_id": clause["id"], "proposed_text": "Новая редакция"})
    assert created.status_code == 201, created.content
    proposal_id = created.json()["id"]
    missing = ru.get("/api/proposals/987654")
    for method, path in [("get", f"/api/proposals/{proposal_id}"), ("post", f"/api/proposals/{proposal_id}/accept"),
                         ("post", f"/api/proposals/{proposal_id}/withdraw")]:
        response = getattr(ru, method)(path)
        assert (response.status_code, response.content) == (404, missing.content)
    assert ru.get(f"/api/resolutions/{resolution_id}").json()["proposals"] == []
    assert len(by.get(f"/api/resolutions/{resolution_id}").json()["proposals"]) == 1
    assert by.post(f"/api/proposals/{proposal_id}/submit").json()["status"] == "proposed"
    assert ru.get(f"/api/proposals/{proposal_id}").status_code == 200


def test_full_negotiation_approval_and_signing(world, draft):
    session, resolution_id, clause = draft
    ru, by = api(world.ru_sec), api(world.by_sec)
    version = ru.get(f"/api/resolutions/{resolution_id}").json()["text_version"]
    approved = ru.post(f"/api/resolutions/{resolution_id}/approve", {"text_version": version})
    assert approved.status_code == 200, approved.content
    assert [p["approved"] for p in approved.json()["approval_state"]["parties"]] == [True, False]

    proposal = by.post(f"/api/resolutions/{resolution_id}/proposals",
                       {"kind": "modify", "clause_id": clause["id"], "proposed_text": "Поручить подготовить доклад"})
    proposal_id = proposal.json()["id"]
    by.post(f"/api/proposals/{proposal_id}/submit")
    assert by.post(f"/api/proposals/{proposal_id}/accept").status_code == 403  # its own proposal
    accepted = ru.post(f"/api/proposals/{proposal_id}/accept")
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"

    detail = by.get(f"/api/resolutions/{resolution_id}").json()
    assert detail["text_version"] > version
    assert detail["approvals"] == []
    assert not any(p["approved"] for p in detail["approval_state"]["parties"])
    assert detail["clauses"][0]["text"] == "Поручить подготовить доклад"

    stale = by.post(f"/api/resolutions/{resolution_id}/approve", {"text_version": version})
    assert stale.status_code == 409
    for client in (ru, by):
        assert client.post(f"/api/resolutions/{resolution_id}/approve",
                           {"text_version": detail["text_version"]}).status_code == 200
    agreed = ru.get(f"/api/resolutions/{resolution_id}").json()
    assert agreed["status"] == "agreed" and agreed["approval_state"]["all_approved"]

    assert ru.post(f"/api/resolutions/{resolution_id}/sign", {}).status_code == 403  # not a head
    wrong_digest = api(world.ru_head).post(f"/api/resolutions/{resolution_id}/sign", {"expected_digest": "0" * 64})
    assert wrong_digest.status_code == 409
    assert api(world.ru_head).post(f"/api/resolutions/{resolution_id}/sign",
                                   {"expected_digest": agreed["text_digest"]}).status_code == 200
    signed = api(world.by_head).post(f"/api/resolutions/{resolution_id}/sign", {"signed_on": "2025-11-25"})
    assert signed.status_code == 200, signed.content
    assert signed.json()["status"] == "signed"
    assert [s["party"]["code"] for s in signed.json()["signatures"]] == ["RU", "BY"]

    obligations = ru.get("/api/obligations", session=session.pk).json()
    assert obligations["count"] == 2
    assert {o["party"]["code"] for o in obligations["items"]} == {"RU", "BY"}
    assert Obligation.objects.filter(clause__resolution_id=resolution_id).count() == 2
    frozen = ru.post(f"/api/resolutions/{resolution_id}/clauses", {"text": "Ещё пункт"})
    assert frozen.status_code == 409


def test_bad_bodies_are_422_with_field_names(world, draft):
    _session, resolution_id, _clause = draft
    ru = api(world.ru_sec)
    response = ru.post(f"/api/resolutions/{resolution_id}/clauses", {"text": "x", "kind": "poem", "deadline_days": -1})
    assert response.status_code == 422
    assert {e["loc"][-1] for e in response.json()["detail"]} == {"kind", "deadline_days"}
    response = ru.post(f"/api/resolutions/{resolution_id}/clauses", {"text": "x", "responsible_unit_ids": [99999]})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "responsible_unit_ids"]
    response = ru.post(f"/api/resolutions/{resolution_id}/approve", {"text_version": "latest"})
    assert response.status_code == 422 and response.json()["detail"][0]["loc"][-1] == "text_version"
    response = ru.post("/api/resolutions", {"session_id": 424242, "title": "T", "place": "P"})
    assert response.status_code == 422 and response.json()["detail"][0]["loc"] == ["body", "session_id"]
