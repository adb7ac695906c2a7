"""Imports and exports report progress: row counts to a callback, a bar on the CLI's stderr."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from collegium.documents import importers
from collegium.documents.tests.builders import agreed_resolution

pytestmark = pytest.mark.django_db

HEADER = ["section_number", "section_title", "action_number", "text", "deadline", "periodicity", "deadline_text",
          "executors_RU", "executors_BY"]


def _programme_csv(rows: int) -> bytes:
    lines = [",".join(HEADER)] + [",".join(["1", "СНГ", f"1.{i}", f"Действие {i}", "", "постоянно", "", "CIS", "CIS"])
                                  for i in range(1, rows + 1)]
    return ("\n".join(lines) + "\n").encode()


def test_import_reports_rows_checked_then_rows_imported(world):
    seen: list[tuple[int, int, str]] = []
    importers.import_programme(actor=world.ru_sec, data=_programme_csv(30), filename="p.csv", title="П",
                               year_from=2024, year_to=2026, progress=lambda *args: seen.append(args))
    checked = [s for s in seen if s[2] == "checked"]
    imported = [s for s in seen if s[2] == "imported"]
    assert checked == [(25, 30, "checked"), (30, 30, "checked")]
    assert imported[0] == (0, 30, "imported") and imported[-1] == (30, 30, "imported")
    assert seen.index(checked[-1]) < seen.index(imported[0])  # every row is checked before any is written


def test_import_and_export_commands_draw_a_bar_on_request(world, tmp_path):
    source = tmp_path / "p.csv"
    source.write_bytes(_programme_csv(3))
    err = io.StringIO()
    call_command("import", "programme", str(source), "--as", "ru_sec", "--years", "2024-2026", "--progress",
                 stdout=io.StringIO(), stderr=err)
    assert "import programme checked [" in err.getvalue() and "3/3 100%" in err.getvalue()

    session, _resolution, _plan = agreed_resolution(world)
    err = io.StringIO()
    out = tmp_path / "pack.pdf"
    call_command("export", "pack", "--session", str(session.number), "--format", "pdf", "--out", str(out),
                 "--as", "ru_sec", "--progress", stdout=io.StringIO(), stderr=err)
    assert out.read_bytes().startswith(b"%PDF")
    assert "pack" in err.getvalue() and "100%" in err.getvalue()
    quiet = io.StringIO()
    call_command("export", "pack", "--session", str(session.number), "--format", "pdf", "--out", str(out),
                 "--as", "ru_sec", stdout=io.StringIO(), stderr=quiet)
    assert "%" not in quiet.getvalue()  # not a terminal, not asked: no bar
