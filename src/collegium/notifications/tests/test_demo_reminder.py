"""The Done-when of reminders, end to end: the demo, the worker, a real SMTP server (the local
mailbox of `make run`, on a free port) and its .eml files. The demo keeps its deadlines relative to
today, so no frozen clock is needed: one RU obligation is due on the next working day."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.utils import timezone

from collegium.control.models import Obligation
from collegium.notifications.management.commands.mailbox import MailboxHandler, read_message, stored_messages
from collegium.notifications.models import Notice, Notification
from collegium.notifications.tests.conftest import free_port
from collegium.parties.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def mailbox(settings, tmp_path):  # type: ignore[no-untyped-def]
    folder = tmp_path / "mail"
    port = free_port()
    controller = Controller(MailboxHandler(folder), hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 10
    yield folder
    controller.stop()


def _notice_keys(folder) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(read_message(path)["X-Collegium-Notice"]) for path in stored_messages(folder)]


def test_demo_obligation_due_tomorrow_gives_one_email_and_one_notice_however_often_the_worker_runs(mailbox):
    call_command("demo", stdout=io.StringIO())
    today = timezone.localdate()
    obligation = (Obligation.objects.filter(status=Obligation.Status.ACTIVE, deadline__gt=today, party__code="RU")
                  .order_by("deadline", "pk").first())
    assert obligation is not None and obligation.deadline <= today + dt.timedelta(days=4)  # the next working day
    executor = Person.objects.get(username="ru-executor")

    out = io.StringIO()
    call_command("worker", "--once", "--no-progress", stdout=out)
    call_command("worker", "--once", "--no-progress", stdout=out)
    assert "sent 0," in out.getvalue().splitlines()[-1]  # the second run found nothing left to send

    prefix = f"reminder:{obligation.pk}:"
    keys = _notice_keys(mailbox)
    reminders = [k for k in keys if k.startswith(prefix)]
    assert reminders, "the reminder reached the mailbox"
    # Exactly one message per notice, no notice twice, and one reminder per person.
    assert len(keys) == len(set(keys)) == Notice.objects.filter(status=Notice.Status.SENT).count()
    recipients = Counter(k.split(":")[2] for k in reminders)
    assert set(recipients.values()) == {1}
    executor_key = [k for k in reminders if k.split(":")[2] == str(executor.pk)]
    assert len(executor_key) == 1
    message = next(read_message(p) for p in stored_messages(mailbox)
                   if read_message(p)["X-Collegium-Notice"] == executor_key[0])
    assert message["To"] == executor.email
    assert {part.get_content_type() for part in message.walk()} >= {"text/plain", "text/html"}
    assert Notification.objects.filter(person=executor, notice__key__startswith=prefix).count() == 1
    # Only the obligation's own party hears of it.
    assert not Notice.objects.filter(key__startswith=prefix).exclude(person__party_id=obligation.party_id).exists()

    listing = io.StringIO()
    call_command("mailbox", "--list", "--dir", str(mailbox), stdout=listing, stderr=io.StringIO())
    lines = listing.getvalue().splitlines()
    assert len(lines) == len(keys)
    assert any(executor.email in line and obligation.title[:30] in line for line in lines)
