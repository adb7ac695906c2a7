"""Reminders before a deadline, on the day, when overdue; escalation; preferences; exactly once."""

from __future__ import annotations

import datetime as dt

import pytest

from collegium.control.models import Obligation
from collegium.core.testing import make_obligation
from collegium.notifications.models import (
    Notice,
    Notification,
    NotificationPreference,
    PartyNotificationSettings,
)
from collegium.notifications.scans import escalations_run, reminders_run
from collegium.notifications.services import deliver_due

pytestmark = pytest.mark.django_db


def due_in(world, clock, days: int, party_code: str = "RU") -> Obligation:  # type: ignore[no-untyped-def]
    obligation = make_obligation(world, party_code=party_code, issued_on=clock.today - dt.timedelta(days=10))
    Obligation.objects.filter(pk=obligation.pk).update(deadline=clock.today + dt.timedelta(days=days))
    obligation.refresh_from_db()
    return obligation


def test_due_tomorrow_one_email_and_one_notice_even_when_run_twice(world, clock, smtp_server):
    obligation = due_in(world, clock, 1)

    assert reminders_run() == 1
    assert reminders_run() == 0
    first = deliver_due()
    second = deliver_due()

    assert (first.sent, second.sent) == (1, 0)
    assert smtp_server.keys() == [f"reminder:{obligation.pk}:{world.ru_exec.pk}:1:{obligation.deadline.isoformat()}"]
    message = smtp_server.messages[0]
    assert message["To"] == world.ru_exec.email
    assert "Срок исполнения завтра" in str(email_subject(message))
    assert {part.get_content_type() for part in message.walk()} >= {"text/plain", "text/html"}
    assert Notification.objects.filter(person=world.ru_exec).count() == 1
    assert Notice.objects.get().status == Notice.Status.SENT
    # Nobody of the other party hears of a RU obligation.
    assert not Notice.objects.filter(person__party=world.by).exists()


def email_subject(message):  # type: ignore[no-untyped-def]
    return str(message["Subject"]).strip()


def reminder_days(person) -> list[str]:  # type: ignore[no-untyped-def]
    return [n.key.split(":")[0] + (":" + n.key.split(":")[3] if n.key.startswith("reminder") else "")
            for n in Notice.objects.filter(person=person).order_by("id")]


def test_default_offsets_then_the_day_then_overdue_as_the_clock_moves(world, clock):
    due_in(world, clock, 20)
    for _day in range(23):
        reminders_run()
        reminders_run()
        clock.advance(days=1)
    assert reminder_days(world.ru_exec) == ["reminder:14", "reminder:7", "reminder:3", "reminder:1", "due", "overdue"]


def test_party_and_person_offsets(world, clock):
    due_in(world, clock, 10)
    PartyNotificationSettings.objects.create(party=world.ru, reminder_offsets=[5])
    ru_exec2 = world.ru_exec
    for _day in range(10):
        reminders_run()
        clock.advance(days=1)
    assert reminder_days(ru_exec2) == ["reminder:5"]

    Notice.objects.all().delete()
    clock.advance(days=-10)
    NotificationPreference.objects.create(person=world.ru_exec, reminder_offsets=[2, 9])
    for _day in range(11):
        reminders_run()
        clock.advance(days=1)
    assert reminder_days(world.ru_exec) == ["reminder:9", "reminder:2", "due"]


def test_missed_days_send_only_the_current_reminder(world, clock):
    due_in(world, clock, 2)
    reminders_run()
    assert reminder_days(world.ru_exec) == ["reminder:3"]


def test_escalation_to_the_unit_head_then_to_the_secretariat(world, clock):
    unit = world.units["ru_cis"]
    unit.head = world.ru_head
    unit.save()
    obligation = due_in(world, clock, -1)
    kinds = []
    for _day in range(8):
        escalations_run()
        kinds.append(sorted(Notice.objects.values_list("kind", flat=True)))
        clock.advance(days=1)
    # Overdue by 1, 2: nothing; 3..6: the head; from 7: the RU secretariat as well.
    assert kinds[1] == []
    assert kinds[2] == ["escalation_head"]
    assert kinds[6] == ["escalation_head", "escalation_secretariat"]
    recipients = set(Notice.objects.values_list("person__username", flat=True))
    assert recipients == {"ru_head", "ru_sec"}
    assert Notice.objects.filter(kind="escalation_head").get().key.startswith(f"escalation:head:{obligation.pk}:")


def test_escalation_delays_per_party(world, clock):
    PartyNotificationSettings.objects.create(party=world.ru, escalate_to_head_after_days=1,
                                             escalate_to_secretariat_after_days=2)
    unit = world.units["ru_cis"]
    unit.head = world.ru_head
    unit.save()
    due_in(world, clock, -2)
    escalations_run()
    assert sorted(Notice.objects.values_list("kind", flat=True)) == ["escalation_head", "escalation_secretariat"]


def test_completed_obligation_gets_no_reminder(world, clock):
    obligation = due_in(world, clock, 1)
    Obligation.objects.filter(pk=obligation.pk).update(status=Obligation.Status.COMPLETED)
    assert reminders_run() == 0


def test_extension_starts_a_new_cycle(world, clock):
    obligation = due_in(world, clock, 1)
    reminders_run()
    Obligation.objects.filter(pk=obligation.pk).update(deadline=clock.today + dt.timedelta(days=7))
    reminders_run()
    assert reminder_days(world.ru_exec) == ["reminder:1", "reminder:7"]


def test_channels_language_and_digest(world, clock, smtp_server):
    world.ru_exec.language = "en"
    world.ru_exec.save()
    due_in(world, clock, 1)
    reminders_run()
    deliver_due()
    assert str(email_subject(smtp_server.messages[0])).startswith("Due tomorrow:")
    html = next(p for p in smtp_server.messages[0].walk() if p.get_content_type() == "text/html")
    assert "<html lang=\"en\">" in html.get_payload(decode=True).decode()

    # No e-mail wanted: the in-app notice still appears, nothing is sent.
    Notice.objects.all().delete()
    NotificationPreference.objects.create(person=world.ru_exec, by_email=False, in_app=True)
    clock.advance(days=1)
    reminders_run()
    assert Notice.objects.get().status == Notice.Status.SKIPPED
    assert deliver_due().sent == 0

    # Digest instead of single e-mails: held, then one digest with both items.
    NotificationPreference.objects.filter(person=world.ru_exec).update(by_email=True, daily_digest=True)
    smtp_server.messages.clear()
    Notice.objects.all().delete()
    due_in(world, clock, 1)
    due_in(world, clock, 3)
    reminders_run()
    assert set(Notice.objects.values_list("status", flat=True)) == {Notice.Status.HELD}
    from collegium.notifications.services import digests_build

    assert digests_build() == 1
    assert digests_build() == 0
    deliver_due()
    assert len(smtp_server.messages) == 1
    body = smtp_server.messages[0].get_body(preferencelist=("plain",)).get_content()
    assert body.count("Due tomorrow:") == 1
    assert body.count("Due in 3 days:") == 1
    assert set(Notice.objects.exclude(kind="digest").values_list("status", flat=True)) == {Notice.Status.DIGESTED}


def test_round_obligation_carries_an_ics_with_the_round_uid(world, clock, smtp_server):
    from collegium.consultations.models import ConsultationPlan, Round
    from collegium.control.services import obligation_create

    plan = ConsultationPlan.objects.create(year=2026, title="План 2026")
    round_obj = Round.objects.create(plan=plan, number=1, topic="Консультации по ООН", period_start=clock.today,
                                     period_end=clock.today + dt.timedelta(days=30),
                                     date_start=clock.today + dt.timedelta(days=1),
                                     date_end=clock.today + dt.timedelta(days=1), venue="Минск")
    obligation = obligation_create(actor=None, party=world.ru, source=Obligation.Source.ROUND, round=round_obj,
                                   title="Провести консультации", issued_on=clock.today,
                                   responsible_unit=world.units["ru_cis"], deadline_date=clock.today + dt.timedelta(days=40))
    Obligation.objects.filter(pk=obligation.pk).update(deadline=clock.today + dt.timedelta(days=1))
    reminders_run()
    deliver_due()
    parts = [p for p in smtp_server.messages[0].walk() if p.get_content_type() == "text/calendar"]
    assert len(parts) == 1
    ics = parts[0].get_payload(decode=True).decode()
    assert f"UID:{round_obj.uid}" in ics
    assert "BEGIN:VEVENT" in ics and "Минск" in ics
