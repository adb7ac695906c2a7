"""Attendance rows are edited and deleted by a participating secretariat; the agenda takes a
dropped position as well as the up/down buttons."""

from __future__ import annotations

from django.urls import reverse

from collegium.audit.models import AuditEvent
from collegium.core.testing import make_person, make_session
from collegium.meetings import services
from collegium.meetings.models import Attendance


def _row(world):  # type: ignore[no-untyped-def]
    session = make_session(world)
    return session, services.attendance_add(actor=world.ru_sec, session=session, party=world.ru,
                                            name="Иванов И.И.", position="Директор")


def test_edit_attendance_row(world, login):
    session, row = _row(world)
    c = login(world.by_sec)
    html = c.get(reverse("session_detail", args=[session.pk])).content.decode()
    assert reverse("attendance_edit", args=[row.pk]) in html
    assert 'value="Иванов И.И."' in c.get(reverse("attendance_edit", args=[row.pk])).content.decode()
    response = c.post(reverse("attendance_edit", args=[row.pk]), {
        "party": world.by.pk, "role": "co_chair", "name": "Петров П.П.", "position": "Министр"})
    assert response.status_code == 302 and response["Location"].endswith("#attendance")
    row.refresh_from_db()
    assert (row.party, row.role, row.name, row.present) == (world.by, "co_chair", "Петров П.П.", False)
    assert AuditEvent.objects.filter(action="attendance.update").exists()


def test_edit_attendance_errors_shown(world, login):
    session, row = _row(world)
    html = login(world.ru_sec).post(reverse("attendance_edit", args=[row.pk]), {
        "party": world.ru.pk, "role": "member", "name": "", "present": "on"}).content.decode()
    assert "field-error" in html
    row.refresh_from_db()
    assert row.name == "Иванов И.И."


def test_party_outside_the_session_cannot_edit(world, login):
    from collegium.core.testing import make_party

    session, row = _row(world)
    kz = make_party("KZ", "МИД Казахстана", "KZ", 3)
    kz_sec = make_person("kz_sec", kz, None, is_secretariat=True)
    c = login(kz_sec)
    c.post(reverse("attendance_edit", args=[row.pk]), {"party": world.ru.pk, "role": "member", "name": "Х"})
    c.post(reverse("attendance_delete", args=[row.pk]), {"confirmed": "1"})
    row.refresh_from_db()
    assert row.name == "Иванов И.И."
    c = login(world.ru_exec)
    response = c.post(reverse("attendance_delete", args=[row.pk]), {"confirmed": "1"}, follow=True)
    assert "У вас нет прав на это действие" in response.content.decode()
    assert Attendance.objects.filter(pk=row.pk).exists()


def test_delete_attendance_row_after_confirmation(world, login):
    session, row = _row(world)
    c = login(world.ru_sec)
    html = c.post(reverse("attendance_delete", args=[row.pk])).content.decode()
    assert 'name="confirmed" value="1"' in html and Attendance.objects.filter(pk=row.pk).exists()
    response = c.post(reverse("attendance_delete", args=[row.pk]), {"confirmed": "1"})
    assert response.status_code == 302
    assert not Attendance.objects.filter(pk=row.pk).exists()
    assert c.post(reverse("attendance_delete", args=[row.pk]), {"confirmed": "1"}).status_code == 404


def test_service_refuses_a_party_outside_the_session(world):
    import pytest

    from collegium.core.errors import ValidationFailed
    from collegium.core.testing import make_party

    session, row = _row(world)
    kz = make_party("KZ", "МИД Казахстана", "KZ", 3)
    with pytest.raises(ValidationFailed):
        services.attendance_update(actor=world.ru_sec, row=row, party=kz, name="Х")


def test_agenda_move_to_a_dropped_position(world, login):
    session = make_session(world)
    items = [services.agenda_item_add(actor=world.ru_sec, session=session, title=f"Вопрос {i}") for i in range(4)]
    c = login(world.ru_sec)
    html = c.get(reverse("session_detail", args=[session.pk])).content.decode()
    assert 'draggable="true"' in html and "web/agenda-dnd" in html
    partial = c.post(reverse("agenda_move", args=[items[3].pk]), {"position": "1"},
                     HTTP_HX_REQUEST="true").content.decode()
    assert partial.startswith('<div id="agenda-block">')
    titles = list(session.agenda_items.order_by("order").values_list("title", flat=True))
    assert titles == ["Вопрос 3", "Вопрос 0", "Вопрос 1", "Вопрос 2"]
    c.post(reverse("agenda_move", args=[items[3].pk]), {"direction": "down"})  # the buttons still work
    assert session.agenda_items.order_by("order").first().title == "Вопрос 0"
    # Other parties' people see no draggable rows.
    assert 'draggable="true"' not in login(world.ru_exec).get(
        reverse("session_detail", args=[session.pk])).content.decode()


def test_agenda_drop_by_an_executor_changes_nothing(world, login):
    session = make_session(world)
    items = [services.agenda_item_add(actor=world.ru_sec, session=session, title=f"Вопрос {i}") for i in range(2)]
    login(world.ru_exec).post(reverse("agenda_move", args=[items[1].pk]), {"position": "1"})
    assert session.agenda_items.order_by("order").first().title == "Вопрос 0"
