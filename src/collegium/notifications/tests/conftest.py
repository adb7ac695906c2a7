"""Fixtures of the notification tests: a real SMTP server on loopback, a frozen clock, a private queue."""

from __future__ import annotations

import asyncio
import datetime as dt
import email
import email.policy
import socket
import threading
from email.message import Message

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RecordingHandler:
    """Keeps every message the server accepted. With `delay`, it holds each DATA that long before
    accepting; a client that disconnects meanwhile gets its message discarded (aiosmtpd cancels
    the handler), which is exactly what a real MTA does with an unfinished transaction."""

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.started = 0
        self.delay = 0.0
        self.reject = False
        self.lock = threading.Lock()
        self.started_events: dict[int, threading.Event] = {}

    def wait_started(self, count: int, timeout: float = 30) -> bool:
        with self.lock:
            event = self.started_events.setdefault(count, threading.Event())
            if self.started >= count:
                event.set()
        return event.wait(timeout)

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]  # noqa: N802
        with self.lock:
            self.started += 1
            for count, event in self.started_events.items():
                if self.started >= count:
                    event.set()
        if self.reject:
            return "554 Transaction failed: rejected by the test"
        if self.delay:
            await asyncio.sleep(self.delay)
        with self.lock:
            self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 Message accepted for delivery"

    def keys(self) -> list[str]:
        return [m["X-Collegium-Notice"] for m in self.messages]


@pytest.fixture
def smtp_server(settings):  # type: ignore[no-untyped-def]
    handler = RecordingHandler()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 10
    handler.port = port  # type: ignore[attr-defined]
    yield handler
    controller.stop()


class Clock:
    """A frozen clock: django.utils.timezone.now (and so localdate) returns what the test says."""

    def __init__(self, start: dt.datetime) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> dt.datetime:
        self.now += dt.timedelta(**delta)
        return self.now

    def set_date(self, day: dt.date, hour: int = 9) -> None:
        self.now = timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))

    @property
    def today(self) -> dt.date:
        return timezone.localdate(self.now)


@pytest.fixture
def clock(monkeypatch):  # type: ignore[no-untyped-def]
    frozen = Clock(timezone.make_aware(dt.datetime(2026, 3, 2, 9, 0)))
    monkeypatch.setattr(timezone, "now", frozen)
    return frozen


@pytest.fixture(autouse=True)
def private_queue(tmp_path):  # type: ignore[no-untyped-def]
    """Tests never touch the developer's queue under var/: each gets its own SQLite queue file."""
    from huey.storage import SqliteStorage

    from collegium.notifications.queue import huey

    saved, saved_immediate = huey.storage, huey.immediate
    huey.storage = SqliteStorage(name="collegium-test", filename=str(tmp_path / "queue.sqlite3"))
    yield huey
    huey.immediate = saved_immediate
    huey.storage = saved
