"""`collegium report interim|discipline` in each format, with figures equal to the selectors'."""

from __future__ import annotations

import csv
import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from collegium.control import services
from collegium.control.models import Report
from collegium.control.selectors import discipline, interim_results
from collegium.core.testing import make_obligation, make_session

TODAY = dt.date(2025, 6, 1)


@pytest.fixture
def control_world(world):  # type: ignore[no-untyped-def]
    """RU: one done in time (report released), one overdue with an internal interim report; BY: one in
    progress. A session numbered 7 follows the session that issued the overdue obligation."""
    done = make_obligation(world, party_code="RU", issued_on=dt.date(2025, 1, 15), days=30)
    report = services.report_create(actor=world.ru_exec, obligation=done, kind=Report.Kind.FINAL, text="Сделано")
    services.report_submit(actor=world.ru_exec, report=report)
    # Submitted in time: acceptance dates completion by the submission.
    Report.objects.filter(pk=report.pk).update(submitted_at=timezone.make_aware(dt.datetime(2025, 2, 10, 12)))
    services.report_accept(actor=world.ru_sec, report=report)
    services.report_release(actor=world.ru_sec, report=report)
    overdue = make_obligation(world, party_code="RU", issued_on=dt.date(2025, 2, 3), days=30)
    interim = services.report_create(actor=world.ru_exec, obligation=overdue, kind=Report.Kind.INTERIM,
                                     text="Внутренняя информация")
    make_obligation(world, party_code="BY", issued_on=dt.date(2025, 5, 20), days=60)
    previous = overdue.clause.resolution.session
    session = make_session(world, number=7, date=dt.date(2025, 11, 25), previous=previous)
    return {"session": session, "done": done, "overdue": overdue, "interim": interim}


def run(*args: str) -> str:
    out = StringIO()
    call_command("report", *args, stdout=out)
    return out.getvalue()


def test_interim_json_matches_the_selector(world, control_world):
    data = json.loads(run("interim", "--session", "7", "--format", "json", "--today", TODAY.isoformat()))
    expected = interim_results(world.by_sec, session_id=control_world["session"].pk, today=TODAY)
    assert [g["title"] for g in data["groups"]] == [g.title for g in expected]
    assert data["groups"][0]["totals"] == {k: expected[0].totals[k] for k in data["groups"][0]["totals"]}
    assert data["groups"][0]["totals"]["overdue"] == 1
    assert data["session"]["number"] == 7 and data["reader"] == "system"
    row = data["groups"][0]["rows"][0]
    assert set(row) >= {"obligation_id", "party", "deadline", "status", "overdue", "latest_report"}


def test_interim_hides_other_partys_internal_reports(world, control_world):
    as_by = json.loads(run("interim", "--session", "7", "--format", "json", "--as", "by_sec"))
    as_ru = json.loads(run("interim", "--session", "7", "--format", "json", "--as", "ru_sec"))

    def latest(data, pk):  # type: ignore[no-untyped-def]
        return next(r for r in data["groups"][0]["rows"] if r["obligation_id"] == pk)["latest_report"]

    pk = control_world["overdue"].pk
    assert latest(as_by, pk) is None
    assert latest(as_ru, pk)["kind"] == "interim"


def test_interim_text_and_csv(world, control_world):
    text = run("interim", "--session", "7", "--today", TODAY.isoformat())
    assert "Interim results before session №7" in text
    assert "Total: 1; completed 0 (in time 0, late 0); in progress 0; overdue 1; removed 0" in text
    rows = list(csv.DictReader(StringIO(run("interim", "--session", "7", "--format", "csv"))))
    assert rows and rows[0]["obligation_id"] == str(control_world["overdue"].pk)
    assert (rows[0]["status"], rows[0]["overdue"]) == ("active", "True")


def test_interim_unknown_session_or_person_fails(world, control_world):
    with pytest.raises(CommandError):
        run("interim", "--session", "999")
    with pytest.raises(CommandError):
        run("interim", "--session", "7", "--as", "nobody")


@pytest.mark.parametrize("fmt", ["json", "csv", "text"])
def test_discipline_formats_match_the_selector(world, control_world, fmt):
    expected = {r.unit_name: r for r in discipline(world.ru_sec, party_code="RU", today=TODAY)}
    output = run("discipline", "--party", "RU", "--format", fmt, "--today", TODAY.isoformat())
    if fmt == "json":
        data = json.loads(output)
        rows = {r["unit"]: r for r in data["rows"]}
        assert data["totals"]["total"] == sum(r.total for r in expected.values()) == 2
        assert data["totals"]["overdue"] == 1 and data["totals"]["completed_in_time"] == 1
    elif fmt == "csv":
        rows = {r["unit"]: r for r in csv.DictReader(StringIO(output))}
    else:
        assert "TOTAL" in output and "Департамент СНГ" in output
        return
    for name, row in expected.items():
        assert int(rows[name]["total"]) == row.total
        assert int(rows[name]["completed_in_time"]) == row.completed_in_time
        assert int(rows[name]["overdue"]) == row.overdue


def test_discipline_for_an_unknown_party_is_a_clear_error(world):
    import pytest
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="No party with code 'XX'"):
        call_command("report", "discipline", "--party", "XX")
