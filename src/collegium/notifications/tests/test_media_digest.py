"""The media digest by e-mail: press officers and heads of each party, by preference, exactly once
per person and period, HTML and text, built for the person (their party's stories first)."""

from __future__ import annotations

import datetime as dt
import io
import smtplib

import pytest
from django.core.management import call_command

from collegium.media import services as media
from collegium.media.models import Source
from collegium.media.tests.conftest import CONSULTATIONS_TEXT, make_round
from collegium.notifications.management.commands.mailbox import MailboxHandler, stored_messages, summary_of
from collegium.notifications.models import MediaDigest, Notice, Notification
from collegium.notifications.scans import media_digest_period, media_digests_run
from collegium.notifications.services import deliver_due, preference_update
from collegium.notifications.tests.conftest import free_port

pytestmark = pytest.mark.django_db

THURSDAY = dt.date(2026, 3, 12)


def _article(published: dt.date) -> None:
    source = media.source_ensure(actor=None, kind=Source.Kind.API, url="api:БЕЛТА", name="БЕЛТА")
    media.article_ingest(actor=None, source=source, title="Консультации по информационной политике",
                         body=CONSULTATIONS_TEXT, published=published)


def test_daily_digest_once_per_person_to_press_and_heads_as_html_and_text(world, smtp_server):
    make_round(world)
    _article(THURSDAY - dt.timedelta(days=1))

    created = media_digests_run(today=THURSDAY)
    assert media_digests_run(today=THURSDAY) == 0  # the same period again: nothing new
    stats = deliver_due()
    assert deliver_due().sent == 0

    people = {world.ru_press.pk, world.by_press.pk, world.ru_head.pk, world.by_head.pk}
    notices = list(Notice.objects.filter(kind="media_digest"))
    assert created == stats.sent == len(notices) == len(smtp_server.messages)
    assert {n.person_id for n in notices} == people  # nobody else: not executors, not the secretariat
    assert all(n.key == f"media_digest:daily:{n.person_id}:{(THURSDAY - dt.timedelta(days=1)).isoformat()}"
               for n in notices)
    assert Notification.objects.filter(kind="media_digest").count() == len(people)
    message = next(m for m in smtp_server.messages if m["To"] == world.by_press.email)
    parts = {part.get_content_type(): part.get_content() for part in message.walk()
             if part.get_content_type().startswith("text/")}
    assert "Консультации по информационной политике" in parts["text/plain"]
    assert "Консультации по информационной политике" in parts["text/html"] and "<html" in parts["text/html"]
    assert "Обзор СМИ" in str(message["Subject"])
    # Each notice is marked internal to its reader's party (what is highlighted is that party's).
    assert all(n.internal_to_id == n.person.party_id for n in notices)

    # The next day is a new period, but there was no news: an empty digest is not sent.
    assert media_digests_run(today=THURSDAY + dt.timedelta(days=1)) == 0


def test_weekly_and_off_preferences(world, smtp_server):
    make_round(world)
    _article(dt.date(2026, 3, 4))  # Wednesday of the week before
    preference_update(actor=world.ru_press, person=world.ru_press, by_email=True, in_app=True, daily_digest=True,
                      reminder_offsets=None, media_digest=MediaDigest.WEEKLY)
    preference_update(actor=world.by_head, person=world.by_head, by_email=True, in_app=True, daily_digest=False,
                      reminder_offsets=None, media_digest=MediaDigest.OFF)

    assert media_digest_period("weekly", THURSDAY) == dt.date(2026, 3, 8)  # the Sunday before this week
    media_digests_run(today=THURSDAY)
    media_digests_run(today=THURSDAY + dt.timedelta(days=1))  # later in the same week: the same period
    weekly = Notice.objects.filter(kind="media_digest", person=world.ru_press)
    assert [n.key for n in weekly] == [f"media_digest:weekly:{world.ru_press.pk}:2026-03-08"]
    # A digest is never held for the daily notice digest, even when the person asked for one.
    assert weekly.get().status == Notice.Status.PENDING
    assert not Notice.objects.filter(kind="media_digest", person=world.by_head).exists()
    # Daily readers see nothing: the article is older than yesterday.
    assert not Notice.objects.filter(kind="media_digest", person=world.by_press).exists()
    assert deliver_due().sent == 1 and smtp_server.messages[0]["To"] == world.ru_press.email


def test_mailbox_keeps_each_message_as_eml_and_lists_it(tmp_path):
    from aiosmtpd.controller import Controller

    folder = tmp_path / "mail"
    announced: list[str] = []
    port = free_port()
    controller = Controller(MailboxHandler(folder, announce=announced.append), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with smtplib.SMTP("127.0.0.1", port, timeout=10) as client:
            client.sendmail("collegium@localhost", ["a@example.org"],
                            "From: collegium@localhost\r\nTo: a@example.org\r\nDate: Thu, 12 Mar 2026 09:00:00 +0300\r\n"
                            "Subject: =?utf-8?b?0J/RgNC40LLQtdGC?=\r\n\r\nbody\r\n")
    finally:
        controller.stop()
    files = stored_messages(folder)
    assert len(files) == 1 and files[0].suffix == ".eml"
    assert announced == [summary_of(files[0])]
    listing = io.StringIO()
    call_command("mailbox", "--list", "--dir", str(folder), stdout=listing, stderr=io.StringIO())
    assert listing.getvalue().strip() == "Thu, 12 Mar 2026 09:00:00 +0300 | a@example.org | Привет"
