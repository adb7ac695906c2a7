"""Execution control through the API: filters, 422s, constant queries, sovereignty, workflows."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from collegium.control import services
from collegium.control.models import Obligation, Report
from collegium.core.testing import make_obligation
from collegium.parties.tests.api_helpers import API_URLS, api

pytestmark = pytest.mark.urls(API_URLS)


def test_list_is_paginated_in_a_stable_order_with_total(world):
    obs = [make_obligation(world, issued_on=dt.date(2025, 1, 15), days=30) for _ in range(3)]
    client = api(world.by_sec)
    first = client.get("/api/obligations", page_size=2).json()
    second = client.get("/api/obligations", page_size=2, page=2).json()
    assert first["count"] == 3
    ids = [o["id"] for o in first["items"] + second["items"]]
    assert ids == [o.pk for o in sorted(obs, key=lambda o: (o.deadline, o.pk))]


def test_filters(world):
    ru_old = make_obligation(world, party_code="RU", issued_on=dt.date(2020, 1, 15), days=30)
    by_new = make_obligation(world, party_code="BY", issued_on=dt.date(2099, 1, 15), days=30)
    ru_done = make_obligation(world, party_code="RU", issued_on=dt.date(2099, 3, 1), days=30)
    services.obligation_remove_from_control(actor=world.ru_sec, obligation=ru_done, reason_kind="completed",
                                            reason="Выполнено, справка")
    client = api(world.ru_exec)

    def ids(**params):  # type: ignore[no-untyped-def]
        response = client.get("/api/obligations", **params)
        assert response.status_code == 200, response.content
        return {o["id"] for o in response.json()["items"]}

    assert ids(party="BY") == {by_new.pk}
    assert ids(party="ru") == {ru_old.pk, ru_done.pk}
    assert ids(status="completed") == {ru_done.pk}
    assert ids(overdue="true") == {ru_old.pk}
    assert ids(overdue="false") == {by_new.pk, ru_done.pk}
    assert ids(unit=world.units["by_cis"].pk) == {by_new.pk}
    assert ids(deadline_from="2099-01-01", deadline_to="2099-02-28") == {by_new.pk}
    assert ids(session=by_new.clause.resolution.session_id) == {by_new.pk}
    assert ids(source="action") == set()
    assert ids(q="подготовку") == {ru_old.pk, by_new.pk, ru_done.pk}
    assert ids(mine="true") == {ru_old.pk, ru_done.pk}
    body = client.get("/api/obligations", overdue="true").json()["items"][0]
    assert body["overdue"] is True and body["party"]["code"] == "RU"
    assert body["session_id"] == ru_old.clause.resolution.session_id
    assert [e["unit"]["code"] for e in body["executors"]] == ["CIS", "INFO"]


@pytest.mark.parametrize("params, field", [
    ({"deadline_from": "notadate"}, "deadline_from"),
    ({"overdue": "maybe"}, "overdue"),
    ({"unit": "abc"}, "unit"),
    ({"status": "lost"}, "status"),
    ({"page": "0"}, "page"),
    ({"unit": str(10**30)}, "unit"),
])
def test_bad_query_params_are_422_with_the_field(world, params, field):
    response = api(world.ru_sec).get("/api/obligations", **params)
    assert response.status_code == 422
    assert any(err["loc"][-1] == field for err in response.json()["detail"]), response.json()


def test_reversed_deadline_range_is_422(world):
    response = api(world.ru_sec).get("/api/obligations", deadline_from="2026-02-01", deadline_to="2026-01-01")
    assert response.status_code == 422


def _count_list_queries(client) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    client.get("/api/obligations")  # warm up: token bookkeeping happens on first use only
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/api/obligations", page_size=100)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.json()["count"]


def test_list_queries_do_not_grow_with_data(world, django_assert_max_num_queries):
    client = api(world.by_sec)
    for _ in range(2):
        make_obligation(world, party_code="RU")
    small, small_count = _count_list_queries(client)
    for _ in range(10):
        ob = make_obligation(world, party_code="BY")
        report = services.report_create(actor=world.by_exec, obligation=ob, kind="interim", text="Идёт работа")
        services.report_submit(actor=world.by_exec, report=report)
    large, large_count = _count_list_queries(client)
    assert (small_count, large_count) == (2, 12)
    assert small == large
    with django_assert_max_num_queries(small):
        client.client.get("/api/obligations")


def test_card_and_pending_flag_hide_the_other_partys_internal_reports(world):
    ob = make_obligation(world, party_code="RU")
    report = services.report_create(actor=world.ru_exec, obligation=ob, kind="final", text="Сделано")
    services.report_submit(actor=world.ru_exec, report=report)
    services.extension_request_create(actor=world.ru_exec, obligation=ob, proposed_deadline=ob.deadline + dt.timedelta(days=30),
                                      reason="Нужно больше времени")
    ru_card = api(world.ru_sec).get(f"/api/obligations/{ob.pk}").json()
    by_card = api(world.by_sec).get(f"/api/obligations/{ob.pk}").json()
    assert len(ru_card["reports"]) == 1 and len(ru_card["extension_requests"]) == 1
    assert by_card["reports"] == [] and by_card["extension_requests"] == []
    assert all(not e["internal"] for e in by_card["events"])
    assert len(by_card["events"]) < len(ru_card["events"])
    ru_row = api(world.ru_sec).get("/api/obligations").json()["items"][0]
    by_row = api(world.by_sec).get("/api/obligations").json()["items"][0]
    assert ru_row["has_pending_report"] is True
    assert by_row["has_pending_report"] is False


def test_hidden_report_and_extension_request_answer_like_missing_ones(world):
    ob = make_obligation(world, party_code="RU")
    report = services.report_create(actor=world.ru_exec, obligation=ob, kind="interim", text="Черновик")
    request = services.extension_request_create(actor=world.ru_exec, obligation=ob,
                                                proposed_deadline=ob.deadline + dt.timedelta(days=30), reason="Причина")
    by = api(world.by_sec)
    missing = by.get("/api/reports/987654")
    assert missing.status_code == 404
    for method, path in [
        ("get", f"/api/reports/{report.pk}"), ("post", f"/api/reports/{report.pk}/submit"),
        ("post", f"/api/reports/{report.pk}/accept"), ("post", f"/api/reports/{report.pk}/release"),
        ("get", f"/api/extension-requests/{request.pk}"),
        ("post", f"/api/extension-requests/{request.pk}/withdraw"),
    ]:
        response = getattr(by, method)(path)
        assert response.status_code == 404, path
        assert response.content == missing.content
    grant = by.post(f"/api/extension-requests/{request.pk}/grant", {})
    assert (grant.status_code, grant.content) == (404, missing.content)
    # Visible but not theirs to decide: 403, never a leak of anything more.
    assert api(world.by_sec).post(f"/api/obligations/{ob.pk}/deadline",
                                  {"deadline": "2030-01-10", "reason": "Решение"}).status_code == 403


def test_report_workflow_accept_and_release(world):
    ob = make_obligation(world, party_code="RU")
    executor, secretariat, other = api(world.ru_exec), api(world.ru_sec), api(world.by_sec)
    created = executor.post(f"/api/obligations/{ob.pk}/reports", {"kind": "final", "text": "Выполнено"})
    assert created.status_code == 201, created.content
    report_id = created.json()["id"]
    assert created.json()["visibility"] == "internal"
    assert executor.post(f"/api/reports/{report_id}/accept").status_code == 403
    assert executor.post(f"/api/reports/{report_id}/submit").json()["status"] == "submitted"
    returned = secretariat.post(f"/api/reports/{report_id}/return", {"reason": ""})
    assert returned.status_code == 422
    assert returned.json()["detail"][0]["loc"] == ["body", "reason"]
    assert secretariat.post(f"/api/reports/{report_id}/accept").json()["status"] == "accepted"
    again = secretariat.post(f"/api/reports/{report_id}/accept")
    assert again.status_code == 409
    assert other.get(f"/api/reports/{report_id}").status_code == 404
    released = secretariat.post(f"/api/reports/{report_id}/release")
    assert released.json()["visibility"] == "joint"
    assert other.get(f"/api/reports/{report_id}").status_code == 200
    card = other.get(f"/api/obligations/{ob.pk}").json()
    assert card["obligation"]["status"] == "completed"
    assert [r["id"] for r in card["reports"]] == [report_id]


def test_extension_workflow_grant_changes_the_deadline(world):
    ob = make_obligation(world, party_code="RU", issued_on=dt.date(2025, 1, 15), days=30)
    executor, secretariat = api(world.ru_exec), api(world.ru_sec)
    bad = executor.post(f"/api/obligations/{ob.pk}/extension-requests",
                        {"proposed_deadline": "2025-01-01", "reason": ""})
    assert bad.status_code == 422
    assert {e["loc"][-1] for e in bad.json()["detail"]} == {"proposed_deadline", "reason"}
    created = executor.post(f"/api/obligations/{ob.pk}/extension-requests",
                            {"proposed_deadline": "2025-03-14", "reason": "Ждём ответа партнёров"})
    assert created.status_code == 201, created.content
    request_id = created.json()["id"]
    granted = secretariat.post(f"/api/extension-requests/{request_id}/grant", {"note": "Согласовано"})
    assert granted.json()["status"] == "granted"
    card = secretariat.get(f"/api/obligations/{ob.pk}").json()
    assert card["obligation"]["deadline"] == "2025-03-14"
    assert card["deadline_changes"][0]["old_deadline"] == "2025-02-14"
    assert executor.post(f"/api/extension-requests/{request_id}/withdraw").status_code == 409


def test_remove_from_control_and_change_deadline(world):
    ob = make_obligation(world, party_code="BY")
    secretariat = api(world.by_sec)
    stale = secretariat.post(f"/api/obligations/{ob.pk}/deadline",
                             {"deadline": "2030-06-10", "reason": "Решение", "expected_version": 99})
    assert stale.status_code == 409
    moved = secretariat.post(f"/api/obligations/{ob.pk}/deadline", {"deadline": "2030-06-10", "reason": "Решение"})
    assert moved.status_code == 200 and moved.json()["obligation"]["deadline"] == "2030-06-10"
    removed = secretariat.post(f"/api/obligations/{ob.pk}/remove-from-control",
                               {"reason_kind": "not_relevant", "reason": "Утратило актуальность"})
    assert removed.json()["obligation"]["status"] == "not_relevant"
    assert Obligation.objects.get(pk=ob.pk).removal_reason == "Утратило актуальность"


def test_interim_results_and_discipline(world):
    from collegium.core.testing import make_session

    ob = make_obligation(world, party_code="RU", issued_on=dt.date(2020, 1, 15))
    previous = ob.clause.resolution.session
    session = make_session(world, number=50, date=dt.date(2026, 11, 1), previous=previous)
    report = services.report_create(actor=world.ru_exec, obligation=ob, kind=Report.Kind.INTERIM, text="Идёт")
    groups = api(world.by_sec).get(f"/api/sessions/{session.pk}/interim-results").json()
    assert groups[0]["totals"]["overdue"] == 1
    assert groups[0]["rows"][0]["latest_report"] is None
    own = api(world.ru_sec).get(f"/api/sessions/{session.pk}/interim-results").json()
    assert own[0]["rows"][0]["latest_report"]["id"] == report.pk
    assert api(world.ru_sec).get("/api/sessions/999999/interim-results").status_code == 404
    rows = api(world.by_head).get("/api/discipline", party="RU").json()
    assert rows == [{"unit_id": world.units["ru_cis"].pk, "unit_name": "Департамент СНГ", "party_code": "RU",
                     "total": 1, "completed": 0, "completed_in_time": 0, "completed_late": 0, "overdue": 1,
                     "in_progress": 0, "in_time_share": None}]
    assert api(world.by_head).get("/api/discipline", date_from="yesterday").status_code == 422
