"""Sessions through the API: agenda work, materials with sovereignty and clearance, minutes."""


import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from collegium.core.models import Clearance
from collegium.core.testing import make_person, make_session
from collegium.parties.tests.api_helpers import API_URLS, api

pytestmark = pytest.mark.urls(API_URLS)

PDF = b"%PDF-1.4\n% test\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path


def _upload(person, session_id, **fields):  # type: ignore[no-untyped-def]
    client = api(person).client
    data = {"title": "Справка", **fields}
    data.setdefault("file", SimpleUploadedFile("note.pdf", PDF, content_type="application/pdf"))
    return client.post(f"/api/sessions/{session_id}/materials", data)


def test_session_create_agenda_and_minutes(world):
    ru = api(world.ru_sec)
    created = ru.post("/api/sessions", {"number": 7, "title": "Совместное заседание", "date_start": "2026-11-20",
                                        "city": "Минск", "host_party": "BY", "parties": ["RU", "BY"]})
    assert created.status_code == 201, created.content
    sid = created.json()["id"]
    duplicate = ru.post("/api/sessions", {"number": 7, "title": "X", "date_start": "2026-11-20", "city": "Минск",
                                          "host_party": "XX", "parties": ["RU"]})
    assert duplicate.status_code == 422
    assert {e["loc"][-1] for e in duplicate.json()["detail"]} <= {"number", "host_party"}
    first = ru.post(f"/api/sessions/{sid}/agenda", {
        "title": "О Союзном государстве", "duration_minutes": 20,
        "rapporteurs": [{"party": "RU", "person_id": world.ru_head.pk}, {"party": "BY", "name": "Министр"}]})
    assert first.status_code == 201, first.content
    second = ru.post(f"/api/sessions/{sid}/agenda", {"title": "О международных делах"}).json()
    moved = ru.post(f"/api/sessions/{sid}/agenda/{second['id']}/move", {"position": 1})
    assert moved.json()["order"] == 1
    item = first.json()
    stale = ru.patch(f"/api/sessions/{sid}/agenda/{item['id']}", {"expected_version": 99, "outcome": "Принято"})
    assert stale.status_code == 409
    current = ru.get(f"/api/sessions/{sid}").json()
    fresh = next(i for i in current["agenda"] if i["id"] == item["id"])
    updated = ru.patch(f"/api/sessions/{sid}/agenda/{item['id']}",
                       {"expected_version": fresh["lock_version"], "outcome": "Принято к сведению"})
    assert updated.status_code == 200 and updated.json()["outcome"] == "Принято к сведению"
    rap = ru.post(f"/api/sessions/{sid}/agenda/{item['id']}/rapporteurs", {"party": "BY", "person_id": world.ru_head.pk})
    assert rap.status_code == 422 and rap.json()["detail"][0]["loc"] == ["body", "person_id"]
    assert ru.post(f"/api/sessions/{sid}/attendance", {"party": "BY", "name": "Посол", "role": "invited"}) \
        .status_code == 201
    minutes = ru.put(f"/api/sessions/{sid}/minutes", {"text": "Протокол", "expected_version": 1})
    assert minutes.status_code == 200 and minutes.json()["lock_version"] == 2
    assert ru.put(f"/api/sessions/{sid}/minutes", {"text": "Иначе", "expected_version": 1}).status_code == 409
    assert ru.post(f"/api/sessions/{sid}/status", {"status": "announced"}).json()["status"] == "announced"
    assert ru.post(f"/api/sessions/{sid}/status", {"status": "planned"}).status_code == 409
    assert api(world.by_exec).post(f"/api/sessions/{sid}/agenda", {"title": "X"}).status_code == 403
    assert ru.delete(f"/api/sessions/{sid}/agenda/{second['id']}").status_code == 204
    detail = api(world.by_sec).get(f"/api/sessions/{sid}").json()
    assert [i["title"] for i in detail["agenda"]] == ["О Союзном государстве"]
    assert [r["party"]["code"] for r in detail["agenda"][0]["rapporteurs"]] == ["RU", "BY"]
    assert detail["minutes"]["text"] == "Протокол"
    assert len(detail["attendance"]) == 1
    assert ru.get(f"/api/sessions/{sid}/agenda/{second['id']}").status_code in (404, 405)
    assert ru.get("/api/sessions").json()["count"] == 1


def test_internal_material_is_404_for_the_other_party_and_not_counted(world):
    session = make_session(world)
    internal = _upload(world.ru_sec, session.pk, visibility="internal")
    assert internal.status_code == 201, internal.content
    material_id = internal.json()["id"]
    joint = _upload(world.ru_sec, session.pk, title="Общая справка").json()
    by, ru = api(world.by_sec), api(world.ru_sec)
    missing = by.get("/api/materials/987654")
    for path in [f"/api/materials/{material_id}", f"/api/materials/{material_id}/download"]:
        response = by.get(path)
        assert (response.status_code, response.content) == (404, missing.content)
    assert by.post(f"/api/materials/{material_id}/publish").content == missing.content
    assert [m["id"] for m in by.get(f"/api/sessions/{session.pk}").json()["materials"]] == [joint["id"]]
    assert len(ru.get(f"/api/sessions/{session.pk}").json()["materials"]) == 2
    download = ru.get(f"/api/materials/{material_id}/download")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert "attachment" in download["Content-Disposition"]
    assert ru.post(f"/api/materials/{material_id}/publish").json()["visibility"] == "joint"
    assert by.get(f"/api/materials/{material_id}/download").status_code == 200


def test_material_above_clearance_is_404(world):
    session = make_session(world)
    cleared = make_person("ru_sec2", world.ru, world.units["ru_sec"], clearance=Clearance.CONFIDENTIAL,
                          is_secretariat=True)
    secret = _upload(cleared, session.pk, visibility="joint", clearance=str(Clearance.CONFIDENTIAL)).json()
    official = _upload(world.ru_sec, session.pk, visibility="joint", clearance=str(Clearance.OFFICIAL)).json()
    assert api(world.ru_head).get(f"/api/materials/{secret['id']}").status_code == 200
    assert api(world.by_sec).get(f"/api/materials/{secret['id']}").status_code == 404
    assert api(world.by_sec).get(f"/api/materials/{official['id']}").status_code == 200
    observer = api(world.observer)
    missing = observer.get("/api/materials/987654")
    for material in (secret, official):
        response = observer.get(f"/api/materials/{material['id']}/download")
        assert (response.status_code, response.content) == (404, missing.content)
    assert observer.get(f"/api/sessions/{session.pk}").json()["materials"] == []


def test_bad_uploads_are_422(world):
    session = make_session(world)
    exe = SimpleUploadedFile("run.exe", b"MZ\x90\x00", content_type="application/pdf")
    response = _upload(world.ru_sec, session.pk, file=exe)
    assert response.status_code == 422 and response.json()["detail"][0]["loc"] == ["body", "file"]
    above = _upload(world.ru_sec, session.pk, clearance=str(Clearance.CONFIDENTIAL))
    assert above.status_code == 422 and above.json()["detail"][0]["loc"] == ["body", "clearance"]
    nonsense = _upload(world.ru_sec, session.pk, visibility="public", clearance="9")
    assert nonsense.status_code == 422
    assert {e["loc"][-1] for e in nonsense.json()["detail"]} == {"visibility", "clearance"}
    no_title = api(world.ru_sec).client.post(f"/api/sessions/{session.pk}/materials", {})
    assert no_title.status_code == 422
