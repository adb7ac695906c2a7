import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from collegium.consultations.models import ConsultationPlan, Round
from collegium.core.errors import ValidationFailed
from collegium.documents import importers
from collegium.programme.models import Action, Programme


def _csv(header, rows):  # type: ignore[no-untyped-def]
    lines = [",".join(header)] + [",".join(r) for r in rows]
    return ("\n".join(lines) + "\n").encode()


PROG_HEADER = ["section_number", "section_title", "action_number", "text", "deadline", "periodicity",
               "deadline_text", "executors_RU", "executors_BY"]


def test_programme_csv_imports_through_services(world):
    data = _csv(PROG_HEADER, [
        ["1", "СНГ и ОДКБ", "1.1", "Проводить консультации", "", "постоянно", "постоянно", "CIS;INFO", "CIS"],
        ["1", "СНГ и ОДКБ", "1.2", "Подготовить доклад", "31.12.2025", "once", "2025", "CIS", ""],
        ["2", "ООН", "2.1", "Согласовать позиции", "2026-06-30", "", "", "", "CIS"],
    ])
    programme = importers.import_programme(actor=world.ru_sec, data=data, filename="p.csv", title="Программа",
                                           year_from=2024, year_to=2026)
    assert programme.sections.count() == 2
    action = Action.objects.get(number="1.1")
    assert sorted(o.party.code for o in action.obligations.all()) == ["BY", "RU"]


def test_programme_bad_rows_are_numbered_and_nothing_is_imported(world):
    data = _csv(PROG_HEADER, [
        ["1", "СНГ", "1.1", "Хорошая строка", "", "постоянно", "", "CIS", ""],
        ["1", "СНГ", "1.2", "", "", "постоянно", "", "CIS", ""],
        ["1", "СНГ", "1.3", "Неизвестный отдел", "", "постоянно", "", "NOPE", ""],
        ["1", "СНГ", "1.4", "Плохая дата", "32.13.2025", "once", "", "CIS", ""],
        ["1", "СНГ", "1.5", "Без срока", "", "once", "", "CIS", ""],
    ])
    with pytest.raises(ValidationFailed) as info:
        importers.import_programme(actor=world.ru_sec, data=data, filename="p.csv", title="П", year_from=2024,
                                   year_to=2026)
    message = info.value.message
    assert "Row 3: missing text" in message
    assert "Row 4: unknown unit «NOPE» of party RU" in message
    assert "Row 5:" in message and "not a date" in message
    assert "Row 6:" in message and "deadline" in message
    assert "Row 2" not in message
    assert Programme.objects.count() == 0 and Action.objects.count() == 0


PLAN_HEADER = importers.PLAN_COLUMNS + ["unit_RU", "head_RU", "head_position_RU", "unit_BY", "head_BY",
                                        "head_position_BY"]


def test_plan_xlsx_import_and_bad_rows(world):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(PLAN_HEADER)
    ws.append(["1", "ООН", "deputy_ministers", "2026-01-01", "2026-03-31", "I квартал", "city", "Москва", "RU",
               "CIS", "Иванов И.И.", "директор", "CIS", "Петров П.П.", ""])
    ws.append(["2", "ОБСЕ", "эксперты", "2026-04-01", "2026-06-30", "", "video", "", "", "", "", "", "", "", ""])
    out = io.BytesIO()
    wb.save(out)
    plan = importers.import_plan(actor=world.by_sec, data=out.getvalue(), filename="plan.xlsx", year=2026,
                                 title="План 2026")
    assert [r.topic for r in plan.rounds.all()] == ["ООН", "ОБСЕ"]
    assert plan.rounds.get(number=1).delegations.count() == 2
    bad = _csv(PLAN_HEADER, [
        ["1", "ООН", "deputy_ministers", "2026-01-01", "2026-03-31", "", "city", "", "", "", "", "", "", "", ""],
        ["2", "ОБСЕ", "генералы", "2026-04-01", "2026-06-30", "", "", "", "", "", "", "", "", "", ""],
        ["3", "СНГ", "mixed", "2026-06-01", "2026-05-01", "", "", "", "", "", "", "", "", "", ""],
        ["1", "Повтор", "mixed", "2026-06-01", "2026-07-01", "", "", "", "XX", "", "", "", "", "", ""],
    ])
    with pytest.raises(ValidationFailed) as info:
        importers.import_plan(actor=world.by_sec, data=bad, filename="plan.csv", year=2027, title="План 2027")
    msg = info.value.message
    assert "Row 3: unknown level «генералы»" in msg
    assert "Row 4: the period ends before it starts" in msg
    assert "Row 5: round number 1 repeats row 2" in msg
    assert ConsultationPlan.objects.filter(year=2027).count() == 0 and Round.objects.count() == 2


def test_templates_and_import_command(world, tmp_path, capsys):
    xlsx = importers.template_bytes("plan", "xlsx")
    header = [c.value for c in load_workbook(io.BytesIO(xlsx)).active[1]]
    assert header[:3] == ["number", "topic", "level"] and "unit_BY" in header
    csv_path = tmp_path / "programme.csv"
    call_command("import", "template", str(csv_path), template_kind="programme")
    # The offered template with its example row imports as is.
    call_command("import", "programme", str(csv_path), as_user="ru_sec", years="2024-2026")
    assert "programme" in capsys.readouterr().out
    assert Programme.objects.count() == 1
    bad = tmp_path / "bad.csv"
    bad.write_bytes(_csv(PROG_HEADER, [["x", "", "", "", "", "", "", "", ""]]))
    with pytest.raises(CommandError, match="Row 2"):
        call_command("import_data", "programme", str(bad), as_user="ru_sec", years="2024-2026")
    with pytest.raises(CommandError):
        call_command("import_data", "programme", str(csv_path), as_user="ru_exec", years="2024-2026")
