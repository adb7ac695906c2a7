"""Nothing a client sends makes the API answer 500: garbage bodies and query strings go to every
operation in the OpenAPI schema, with ids of real records, of missing ones and absurd ones."""

import datetime as dt
import json
import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from collegium.consultations.services import plan_create, round_create
from collegium.control import services as control
from collegium.core.testing import make_obligation, make_session
from collegium.meetings import services as meetings
from collegium.parties.tests.api_helpers import API_URLS, api
from collegium.programme.services import programme_create
from collegium.resolutions import services as resolutions

pytestmark = pytest.mark.urls(API_URLS)

RAW_BODIES = ["", "null", "[]", "{not json", '{"a": {"b": [1, {"c": null}]}}']
WEIRD_VALUES: list[Any] = [None, "x" * 5000, -1, 10**20, 1.5, [], {"k": "v"}, "2026-02-30", "'; DROP TABLE x; --"]


def _resolve(schema: dict, spec: dict) -> dict:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = spec["components"]["schemas"][name]
    return schema


def _plausible(prop: dict, spec: dict) -> Any:
    prop = _resolve(prop, spec)
    for option in prop.get("anyOf", []):
        if option.get("type") != "null":
            return _plausible(option, spec)
    if "enum" in prop:
        return prop["enum"][0]
    kind = prop.get("type")
    if kind == "integer":
        return 1
    if kind == "boolean":
        return True
    if kind == "array":
        return [1]
    if prop.get("format") == "date":
        return "2026-01-15"
    return "Текст"


def _bodies(operation: dict, spec: dict) -> list[Any]:
    content = operation.get("requestBody", {}).get("content", {})
    schema = next(iter(content.values()), {}).get("schema", {})
    props = _resolve(schema, spec).get("properties", {}) if schema else {}
    bodies: list[Any] = [{}, {name: _plausible(p, spec) for name, p in props.items()}]
    for value in WEIRD_VALUES:
        bodies.append({name: value for name in props})
    return bodies


@pytest.fixture
def ids(world, settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    ob = make_obligation(world, party_code="RU")
    report = control.report_create(actor=world.ru_exec, obligation=ob, kind="interim", text="Идёт")
    request = control.extension_request_create(actor=world.ru_exec, obligation=ob,
                                               proposed_deadline=ob.deadline + dt.timedelta(days=20), reason="Нужно")
    session = make_session(world, number=77)
    item = meetings.agenda_item_add(actor=world.ru_sec, session=session, title="Вопрос")
    material = meetings.material_add(actor=world.ru_sec, session=session, title="Справка", visibility="internal",
                                     upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4"))
    resolution = resolutions.resolution_create(actor=world.ru_sec, session=session, title="Постановление",
                                               place="Москва")
    clause = resolutions.clause_add(actor=world.ru_sec, resolution=resolution, text="Пункт", kind="instructs",
                                    responsible_units=[world.units["ru_cis"]])
    proposal = resolutions.proposal_create(actor=world.by_sec, resolution=resolution, kind="modify", clause=clause,
                                           proposed_text="Иной пункт")
    plan = plan_create(actor=world.ru_sec, year=2026, title="План")
    rnd = round_create(actor=world.ru_sec, plan=plan, topic="ООН", level="mixed", period_start=dt.date(2026, 1, 1),
                       period_end=dt.date(2026, 3, 31))
    programme = programme_create(actor=None, title="Программа", year_from=2024, year_to=2026, parties=[world.ru])
    return {"obligation_id": ob.pk, "report_id": report.pk, "request_id": request.pk, "session_id": session.pk,
            "item_id": item.pk, "material_id": material.pk, "resolution_id": resolution.pk, "clause_id": clause.pk,
            "proposal_id": proposal.pk, "plan_id": plan.pk, "round_id": rnd.pk, "programme_id": programme.pk}


def _urls(path: str, ids: dict[str, int]) -> list[str]:
    real = re.sub(r"\{(\w+)\}", lambda m: str(ids.get(m.group(1), 1)), path)
    fake = [re.sub(r"\{\w+\}", value, path) for value in ("987654", "abc", str(2**70))]
    return [real, *fake]


@pytest.mark.slow
@pytest.mark.parametrize("who", ["ru_sec", "by_exec"])
def test_garbage_never_makes_a_500(world, ids, who):
    client = api(world.people[who])
    spec = client.get("/api/openapi.json").json()
    checked = 0
    for path, methods in spec["paths"].items():
        for method, operation in methods.items():
            urls = _urls(path, ids)
            if method == "get":
                params = [p["name"] for p in operation.get("parameters", []) if p["in"] == "query"]
                for url in urls:
                    for value in ["zz", "-1", str(10**25), "2026-13-45"]:
                        try:
                            response = client.client.get(url, {name: value for name in params})
                        except Exception as exc:
                            raise AssertionError((url, value)) from exc
                        assert response.status_code < 500, (method, url, value, response.content[:300])
                        checked += 1
                continue
            multipart = "multipart/form-data" in operation.get("requestBody", {}).get("content", {})
            for url in urls:
                send = getattr(client.client, method)
                for body in _bodies(operation, spec):
                    if multipart:
                        form = {k: ("" if v is None else json.dumps(v) if isinstance(v, (list, dict)) else str(v))
                                for k, v in body.items()}
                        response = client.client.post(url, form)
                    else:
                        response = send(url, json.dumps(body), content_type="application/json")
                    assert response.status_code < 500, (method, url, body, response.content[:300])
                    checked += 1
                for raw in RAW_BODIES:
                    response = send(url, raw, content_type="application/json")
                    assert response.status_code < 500, (method, url, raw, response.content[:300])
                    checked += 1
    assert checked > 1000
