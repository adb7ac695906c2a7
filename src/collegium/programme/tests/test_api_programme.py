"""The Programme tree through the API, with roll-up counts per section."""

import datetime as dt

import pytest

from collegium.parties.tests.api_helpers import API_URLS, api
from collegium.programme.services import action_add, programme_create, section_add

pytestmark = pytest.mark.urls(API_URLS)


def test_programme_tree_rolls_up_and_filters(world):
    programme = programme_create(actor=None, title="Программа согласованных действий", year_from=2024, year_to=2026,
                                 parties=[world.ru, world.by])
    section = section_add(actor=None, programme=programme, title="СНГ и ОДКБ")
    section_add(actor=None, programme=programme, title="ООН")
    action_add(actor=None, section=section, number="1.1", text="Координировать позиции",
               executors={world.ru: [world.units["ru_cis"]], world.by: [world.units["by_cis"]]},
               issued_on=dt.date(2024, 1, 10), deadline_date=dt.date(2024, 12, 20))
    client = api(world.by_exec)
    assert [p["title"] for p in client.get("/api/programmes").json()] == ["Программа согласованных действий"]
    tree = client.get(f"/api/programmes/{programme.pk}/tree").json()
    first = tree["sections"][0]
    assert (first["total"], first["overdue"], first["completed"]) == (2, 2, 0)
    assert tree["sections"][1]["total"] == 0
    assert {o["party"]["code"] for o in first["actions"][0]["obligations"]} == {"RU", "BY"}
    only_by = client.get(f"/api/programmes/{programme.pk}/tree", party="BY").json()["sections"][0]
    assert only_by["total"] == 1
    assert [o["party"]["code"] for o in only_by["actions"][0]["obligations"]] == ["BY"]
    by_section = client.get("/api/obligations", section=section.pk).json()
    assert by_section["count"] == 2
    assert client.get(f"/api/programmes/{programme.pk}/tree", unit="many").status_code == 422
    assert client.get("/api/programmes/987654/tree").status_code == 404


def test_directory(world):
    client = api(world.observer)
    assert [p["code"] for p in client.get("/api/parties").json()] == ["RU", "BY"]
    units = client.get("/api/units", party="BY").json()
    assert {u["code"] for u in units} == {"SEC", "CIS", "CIS-1", "INFO"}
    assert all(u["party"]["code"] == "BY" for u in units)
