"""Notices about events, and sovereignty: an internal record is told only to its own party."""

from __future__ import annotations

import datetime as dt

import pytest

from collegium.control.services import (
    extension_grant,
    extension_reject,
    extension_request_create,
    report_create,
    report_return,
    report_submit,
)
from collegium.core.errors import PermissionDenied
from collegium.core.testing import make_obligation, make_session
from collegium.notifications.models import Notice, Notification
from collegium.notifications.scans import materials_run
from collegium.notifications.services import NoticeDraft, notice_create
from collegium.resolutions import signals as resolution_signals
from collegium.resolutions.models import ChangeProposal, Resolution

pytestmark = pytest.mark.django_db


def recipients(kind: str) -> set[str]:
    return set(Notice.objects.filter(kind=kind).values_list("person__username", flat=True))


def test_report_returned_goes_only_to_its_own_party(world, clock):
    obligation = make_obligation(world)
    report = report_create(actor=world.ru_exec, obligation=obligation, kind="interim", text="Сделано частично")
    report_submit(actor=world.ru_exec, report=report)
    report_return(actor=world.ru_sec, report=report, reason="Нет сведений о сроках")

    assert recipients("report_returned") == {"ru_exec"}
    notice = Notice.objects.get(kind="report_returned")
    assert notice.internal_to_id == world.ru.pk
    assert "Нет сведений о сроках" in notice.body_text
    assert not Notice.objects.filter(person__party=world.by).exists()


def test_extension_decisions_reach_the_requester(world, clock):
    obligation = make_obligation(world)
    request = extension_request_create(actor=world.ru_exec, obligation=obligation,
                                       proposed_deadline=obligation.deadline + dt.timedelta(days=30), reason="Нужно время")
    extension_grant(actor=world.ru_sec, request=request)
    obligation.refresh_from_db()
    notice = Notice.objects.get(kind="extension_granted")
    assert notice.person == world.ru_exec and obligation.deadline.strftime("%d.%m.%Y") in notice.body_text

    request = extension_request_create(actor=world.ru_exec, obligation=obligation,
                                       proposed_deadline=obligation.deadline + dt.timedelta(days=30), reason="Ещё")
    extension_reject(actor=world.ru_sec, request=request, reason="Нет оснований")
    assert recipients("extension_rejected") == {"ru_exec"}
    assert Notification.objects.filter(person=world.ru_exec).count() == 2


def test_proposal_awaits_the_other_partys_secretariat(world):
    session = make_session(world)
    resolution = Resolution.objects.create(session=session, title="Постановление", place="Москва")
    proposal = ChangeProposal.objects.create(resolution=resolution, party=world.ru, author=world.ru_sec,
                                             kind="insert", proposed_text="Новый пункт", insert_after=1,
                                             status=ChangeProposal.Status.PROPOSED)
    resolution_signals.proposal_submitted.send(sender=ChangeProposal, proposal=proposal)
    resolution_signals.proposal_submitted.send(sender=ChangeProposal, proposal=proposal)
    assert recipients("proposal_submitted") == {"by_sec"}
    assert Notice.objects.filter(kind="proposal_submitted").count() == 1


def test_withdrawn_approvals_are_told_to_every_secretariat(world):
    session = make_session(world)
    resolution = Resolution.objects.create(session=session, title="Постановление", place="Москва", text_version=3)
    resolution_signals.approvals_withdrawn.send(sender=Resolution, resolution=resolution, parties=["RU", "BY"])
    assert recipients("approvals_withdrawn") == {"ru_sec", "by_sec"}


def test_published_joint_material_is_announced_internal_one_is_not(world, clock):
    from collegium.meetings.services import material_add

    session = make_session(world)
    assert materials_run() == 0  # the first run only marks where the chain ends
    material_add(actor=world.ru_sec, session=session, title="Справка (внутренняя)", visibility="internal")
    material_add(actor=world.ru_sec, session=session, title="Проект повестки", visibility="joint")
    created = materials_run()
    assert materials_run() == 0
    titles = set(Notice.objects.values_list("subject", flat=True))
    assert all("внутренняя" not in t for t in titles)
    # Secretariats and heads of both parties.
    assert recipients("material_published") == {"ru_sec", "ru_head", "by_sec", "by_head"}
    assert created == 4
    assert "BEGIN:VCALENDAR" in Notice.objects.filter(kind="material_published").first().ics


def test_an_internal_notice_cannot_be_addressed_to_another_party(world):
    with pytest.raises(PermissionDenied):
        notice_create(NoticeDraft(key="x", person=world.by_sec, kind="overdue",
                                  context={"title": "t", "deadline": "d"}, internal_to_id=world.ru.pk))
    assert not Notice.objects.exists()
