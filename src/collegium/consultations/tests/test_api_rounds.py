"""The consultations plan through the API: filters and the round's transitions."""

import datetime as dt

import pytest

from collegium.consultations.services import plan_create, plan_put_on_control, round_create
from collegium.parties.tests.api_helpers import API_URLS, api

pytestmark = pytest.mark.urls(API_URLS)


@pytest.fixture
def plan(world):  # type: ignore[no-untyped-def]
    plan = plan_create(actor=world.ru_sec, year=2026, title="План консультаций на 2026 год")
    round_create(actor=world.ru_sec, plan=plan, topic="ООН и выборы в органы ООН", level="deputy_ministers",
                 period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 3, 31), venue="Москва",
                 delegations=[{"party": world.ru, "unit": world.units["ru_cis"]},
                              {"party": world.by, "unit": world.units["by_cis"]}])
    round_create(actor=world.ru_sec, plan=plan, topic="Консульские вопросы", level="heads_of_departments",
                 period_start=dt.date(2026, 10, 1), period_end=dt.date(2026, 12, 31), venue_kind="video",
                 delegations=[{"party": world.ru, "unit": world.units["ru_info"]}])
    plan_put_on_control(plan=plan, issued_on=dt.date(2025, 11, 25))
    return plan


def test_plans_and_round_filters(world, plan):
    client = api(world.by_exec)
    assert [p["year"] for p in client.get("/api/plans").json()] == [2026]

    def topics(**params):  # type: ignore[no-untyped-def]
        response = client.get(f"/api/plans/{plan.pk}/rounds", **params)
        assert response.status_code == 200, response.content
        return [r["topic"] for r in response.json()["items"]]

    assert len(topics()) == 2
    assert topics(level="deputy_ministers") == ["ООН и выборы в органы ООН"]
    assert topics(quarter=4) == ["Консульские вопросы"]
    assert topics(venue="video") == ["Консульские вопросы"]
    assert topics(topic="ООН и выборы") == ["ООН и выборы в органы ООН"]
    assert topics(unit=world.units["by_cis"].pk) == ["ООН и выборы в органы ООН"]
    assert topics(status="planned", venue="Москва") == ["ООН и выборы в органы ООН"]
    for params in ({"quarter": 5}, {"level": "kings"}, {"unit": "x"}):
        response = client.get(f"/api/plans/{plan.pk}/rounds", **params)
        assert response.status_code == 422
        assert response.json()["detail"][0]["loc"][-1] == next(iter(params))
    assert client.get("/api/plans/987654/rounds").status_code == 404


def test_round_transitions(world, plan):
    first, second = plan.rounds.order_by("number")
    ru = api(world.ru_sec)
    agreed = ru.post(f"/api/rounds/{first.pk}/agree-dates", {"date_start": "2026-02-10", "date_end": "2026-02-11"})
    assert agreed.json()["status"] == "dates_agreed"
    assert ru.post(f"/api/rounds/{first.pk}/agree-dates",
                   {"date_start": "2026-02-10", "date_end": "2026-02-01"}).status_code == 422
    assert ru.post(f"/api/rounds/{first.pk}/mark-held", {"outcome": ""}).status_code == 422
    stale = ru.post(f"/api/rounds/{first.pk}/mark-held", {"outcome": "Обсудили", "expected_version": 1})
    assert stale.status_code == 409
    held = ru.post(f"/api/rounds/{first.pk}/mark-held", {"outcome": "Обсудили повестку ГА ООН"})
    assert held.status_code == 200 and held.json()["status"] == "held"
    obligations = ru.get("/api/obligations", source="round", status="completed").json()
    assert obligations["count"] == 2
    assert ru.post(f"/api/rounds/{first.pk}/cancel", {"reason": "Поздно"}).status_code == 409
    assert ru.post(f"/api/rounds/{second.pk}/postpone", {"reason": "Графики"}).json()["status"] == "postponed"
    assert ru.post(f"/api/rounds/{second.pk}/move", {"reason": "На следующий год"}).json()["status"] == "moved"
    assert api(world.by_exec).post(f"/api/rounds/{second.pk}/cancel", {"reason": "x"}).status_code == 403
