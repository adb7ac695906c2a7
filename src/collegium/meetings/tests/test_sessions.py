"""Sessions, agenda and materials: what each party may see and do."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from collegium.core.errors import InvalidTransition, NotFound, PermissionDenied, ValidationFailed
from collegium.core.models import Clearance, Visibility
from collegium.core.testing import make_obligation, make_session
from collegium.meetings import selectors, services
from collegium.meetings.models import Session


def pdf(name="doc.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n%fake but typed by content\n", content_type="application/pdf")


@pytest.fixture
def session(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return make_session(world)


def test_agenda_building_and_reordering(world, session):
    a = services.agenda_item_add(actor=world.ru_sec, session=session, title="О вопросах Союзного государства",
                                 duration_minutes=30, rapporteurs=[{"party": world.ru, "name": "Лавров С.В."},
                                                                   {"party": world.by, "name": "Рыженков М.В."}])
    b = services.agenda_item_add(actor=world.by_sec, session=session, title="Об информационном сопровождении")
    c = services.agenda_item_add(actor=world.ru_sec, session=session, title="О сбережении исторической памяти")
    services.agenda_item_move(actor=world.ru_sec, item=c, position=1)
    assert list(session.agenda_items.values_list("pk", flat=True)) == [c.pk, a.pk, b.pk]
    services.agenda_item_delete(actor=world.ru_sec, item=a)
    assert list(session.agenda_items.values_list("order", flat=True)) == [1, 2]
    with pytest.raises(ValidationFailed) as err:
        services.agenda_item_add(actor=world.ru_sec, session=session, title="", duration_minutes=0)
    assert set(err.value.field_errors) == {"title", "duration_minutes"}
    with pytest.raises(PermissionDenied):
        services.agenda_item_add(actor=world.ru_exec, session=session, title="x")


def test_internal_and_classified_materials_stay_hidden(world, session):
    joint = services.material_add(actor=world.ru_sec, session=session, title="Проект повестки", upload=pdf())
    internal = services.material_add(actor=world.ru_sec, session=session, title="Позиция российской стороны",
                                     visibility=Visibility.INTERNAL, upload=pdf())
    dsp = services.material_add(actor=world.ru_sec, session=session, title="Справка ДСП",
                                clearance=Clearance.OFFICIAL, upload=pdf())
    by_ids = set(selectors.materials_visible(world.by_sec).values_list("pk", flat=True))
    assert by_ids == {joint.pk, dsp.pk}
    observer_ids = set(selectors.materials_visible(world.observer).values_list("pk", flat=True))
    assert observer_ids == {joint.pk, internal.pk}  # RU observer: own internal, but not above clearance
    with pytest.raises(NotFound):
        selectors.material_get(world.by_sec, internal.pk)
    with pytest.raises(NotFound):
        selectors.material_get(world.by_sec, 10**9)
    loaded = selectors.session_get(world.by_sec, session.pk)
    assert {m.pk for m in loaded.visible_materials} == {joint.pk, dsp.pk}
    services.material_publish(actor=world.ru_sec, material=internal)
    assert selectors.material_get(world.by_sec, internal.pk)
    with pytest.raises(InvalidTransition):
        services.material_publish(actor=world.ru_sec, material=internal)


def test_uploads_are_checked_by_content(world, session):
    fake = SimpleUploadedFile("evil.pdf", b"MZ\x90\x00 this is an executable", content_type="application/pdf")
    with pytest.raises(ValidationFailed) as err:
        services.material_add(actor=world.ru_sec, session=session, title="x", upload=fake)
    assert "file" in err.value.field_errors
    odd = services.material_add(actor=world.ru_sec, session=session, title="y", upload=pdf("../../etc/passwd.pdf"))
    assert ".." not in odd.file.name and "/" not in odd.file_name


def test_no_marking_above_own_clearance(world, session):
    with pytest.raises(ValidationFailed):
        services.material_add(actor=world.ru_sec, session=session, title="x", clearance=Clearance.CONFIDENTIAL)


def test_session_status_transitions(world, session):
    services.session_set_status(actor=world.ru_sec, session=session, status=Session.Status.ANNOUNCED)
    services.session_set_status(actor=world.by_sec, session=session, status=Session.Status.HELD)
    for status in Session.Status.values:
        with pytest.raises(InvalidTransition):
            services.session_set_status(actor=world.ru_sec, session=session, status=status)


def test_interim_results_question_is_prepared_from_open_obligations(world, session):
    previous = make_obligation(world, issued_on=dt.date(2020, 1, 15)).clause.resolution.session
    session.previous = previous
    session.save(update_fields=["previous"])
    item = services.agenda_prepare_interim_results(actor=world.ru_sec, session=session)
    assert item.is_interim_results
    assert "просрочено 1" in item.description
    again = services.agenda_prepare_interim_results(actor=world.ru_sec, session=session)
    assert again.pk == item.pk
