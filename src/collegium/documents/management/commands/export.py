"""collegium export KIND --session N --format FMT --out FILE [--party RU] [--as USERNAME] [--progress]

A progress bar is drawn on stderr when stderr is a terminal, or always with --progress."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from collegium.core.errors import DomainError
from collegium.documents.context import joint_reader
from collegium.documents.management.commands._common import domain_error, person_or_error, session_pk
from collegium.documents.render import FORMATS, render
from collegium.notifications.progress import bar_for


class Command(BaseCommand):
    requires_system_checks: list[str] = []
    help = "Render an official document (resolution, interim, agenda, pack, plan, discipline) to a file."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(FORMATS))
        parser.add_argument("--session", type=int, help="session number")
        parser.add_argument("--plan", type=int, help="plan id (kind plan, instead of --session)")
        parser.add_argument("--format", dest="fmt", required=True, choices=["docx", "pdf", "xlsx", "ics", "akn"])
        parser.add_argument("--out", required=True, help="output file, or - for standard output")
        parser.add_argument("--party", help="party code (discipline)")
        parser.add_argument("--as", dest="as_user", help="render as this person (default: a reader of joint, "
                                                         "open records only)")
        parser.add_argument("--progress", action="store_true", help="draw a progress bar on stderr even when it is "
                                                                    "not a terminal")

    def handle(self, *args, kind, session, plan, fmt, out, party, as_user, **options):
        person = person_or_error(as_user) if as_user else joint_reader()
        session_id = session_pk(session) if session is not None else None

        bar = bar_for(self.stderr, kind, forced=options.get("progress", False))

        def progress(done: int, total: int, note: str) -> None:
            if bar is not None:
                bar(done, total, note)
            elif options.get("verbosity", 1) > 1:
                self.stderr.write(f"{note}: {done}/{total}")

        try:
            result = render(kind, fmt, person=person, session_id=session_id, party=party, plan_id=plan,
                            progress=progress)
        except DomainError as exc:
            if bar is not None:
                self.stderr.write("")  # end the bar's line before the error
            raise domain_error(exc) from exc
        if bar is not None:
            bar(1, 1, "done")  # the exporters report their steps, not their end: close the bar at 100%
        if out == "-":
            sys.stdout.buffer.write(result.content)
            return
        Path(out).write_bytes(result.content)
        self.stdout.write(f"{out}: {len(result.content)} bytes ({result.content_type})")
