"""`collegium mailbox`: a local SMTP server that keeps every message as an .eml file (for `make run`).

    collegium mailbox [--port 2525] [--dir var/mail]     serve on 127.0.0.1 until stopped
    collegium mailbox --list [--dir var/mail]            date, recipients and subject of the kept mail

Point Collegium at it with COLLEGIUM_EMAIL_URL=smtp://127.0.0.1:2525. It listens on loopback only
and delivers nothing anywhere: a demo or a developer's machine never mails real people.
"""

from __future__ import annotations

import email
import email.policy
import itertools
import threading
import time
from email.header import decode_header, make_header
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone


def _header(value: object) -> str:
    """A header as text, whatever encoding the sender used."""
    if value is None:
        return ""
    try:
        return str(make_header(decode_header(str(value))))
    except (ValueError, LookupError):
        return str(value)


class MailboxHandler:
    """aiosmtpd handler: each accepted message becomes one file named by arrival time and order,
    so a listing sorted by name is sorted by arrival."""

    def __init__(self, folder: Path, announce=None) -> None:
        self.folder = folder
        self.folder.mkdir(parents=True, exist_ok=True)
        self.announce = announce
        self._counter = itertools.count(1)
        self._lock = threading.Lock()

    def store(self, content: bytes, mail_from: str, rcpt_tos: list[str]) -> Path:
        with self._lock:
            number = next(self._counter)
        stamp = time.strftime("%Y%m%d-%H%M%S")
        target = self.folder / f"{stamp}-{time.time_ns() % 10**9:09d}-{number:05d}.eml"
        envelope = f"X-Mailbox-From: {mail_from}\r\nX-Mailbox-To: {', '.join(rcpt_tos)}\r\n".encode()
        partial = target.with_suffix(".part")
        partial.write_bytes(envelope + content)
        partial.replace(target)  # a listing never sees half a message
        return target

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        content = envelope.original_content or envelope.content
        if isinstance(content, str):
            content = content.encode("utf-8")
        path = self.store(content, envelope.mail_from or "", list(envelope.rcpt_tos))
        if self.announce is not None:
            self.announce(summary_of(path))
        return "250 Message accepted for delivery"


def read_message(path: Path) -> email.message.EmailMessage:
    with path.open("rb") as fh:
        return email.message_from_binary_file(fh, policy=email.policy.default)


def summary_of(path: Path) -> str:
    message = read_message(path)
    to = _header(message.get("To")) or _header(message.get("X-Mailbox-To"))
    return f"{_header(message.get('Date'))} | {to} | {_header(message.get('Subject'))}".replace("|  ", "| ")


def stored_messages(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.eml")) if folder.is_dir() else []


class Command(BaseCommand):
    help = "Run a local SMTP server on 127.0.0.1 that stores each message as an .eml file; --list shows them."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser) -> None:
        parser.add_argument("--port", type=int, default=2525, help="port on 127.0.0.1 (default 2525)")
        parser.add_argument("--dir", dest="folder", default=None, help="where the .eml files go (default var/mail)")
        parser.add_argument("--list", action="store_true", help="print date, recipients and subject of each stored "
                                                                 "message and exit")

    def handle(self, *args, port: int, folder: str | None, list: bool = False, **options) -> None:  # noqa: A002
        path = Path(folder) if folder else Path(settings.VAR_DIR) / "mail"
        if list:
            messages = stored_messages(path)
            for item in messages:
                self.stdout.write(summary_of(item))
            self.stderr.write(f"{len(messages)} message(s) in {path}")
            return
        from aiosmtpd.controller import Controller

        handler = MailboxHandler(path, announce=lambda line: self.stdout.write(f"mail: {line}"))
        controller = Controller(handler, hostname="127.0.0.1", port=port)
        try:
            controller.start()
        except Exception as exc:  # noqa: BLE001 - e.g. the port is taken: say so, plainly
            raise CommandError(f"cannot listen on 127.0.0.1:{port}: {exc}") from exc
        self.stdout.write(f"collegium mailbox: smtp://127.0.0.1:{port} → {path} (since {timezone.localtime():%H:%M})")
        self.stdout.flush()
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass
        finally:
            controller.stop()
