"""collegium import programme|plan FILE --as USERNAME ... (also available as `import_data`)

programme: --title T --years 2024-2026 [--issued-on YYYY-MM-DD]
plan:      --year 2026 --title T [--session N  to annex it to that session's resolution]
Every bad row is reported with its row number; nothing is imported when any row is bad.
A progress bar (rows checked, rows imported) is drawn on stderr on a terminal, or with --progress."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from collegium.core.errors import DomainError
from collegium.documents import importers
from collegium.documents.management.commands._common import person_or_error, session_pk
from collegium.notifications.progress import bar_for


class Command(BaseCommand):
    requires_system_checks: list[str] = []
    help = "Import a Programme or a consultations plan from the CSV/XLSX template."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=["programme", "plan", "template"])
        parser.add_argument("file", help="input file (for `template`: output file, .csv or .xlsx)")
        parser.add_argument("--as", dest="as_user", help="a secretariat user")
        parser.add_argument("--title", default="")
        parser.add_argument("--years", help="programme years, e.g. 2024-2026")
        parser.add_argument("--issued-on")
        parser.add_argument("--year", type=int)
        parser.add_argument("--session", type=int)
        parser.add_argument("--template-kind", choices=["programme", "plan"], default="programme")
        parser.add_argument("--progress", action="store_true", help="draw a progress bar on stderr even when it is "
                                                                    "not a terminal")

    def handle(self, *args, kind, file, as_user, title, years, issued_on, year, session, template_kind,
               **options):
        if kind == "template":
            fmt = "xlsx" if file.endswith(".xlsx") else "csv"
            Path(file).write_bytes(importers.template_bytes(template_kind, fmt))
            self.stdout.write(f"template written to {file}")
            return
        if not as_user:
            raise CommandError("--as USERNAME (a secretariat user) is required")
        actor = person_or_error(as_user)
        data = Path(file).read_bytes()
        progress = bar_for(self.stderr, f"import {kind}", forced=options.get("progress", False))
        try:
            if kind == "programme":
                if not years or "-" not in years:
                    raise CommandError("--years FROM-TO is required")
                y1, y2 = (int(x) for x in years.split("-", 1))
                obj = importers.import_programme(
                    actor=actor, data=data, filename=file, title=title or f"Программа {y1}–{y2}", year_from=y1,
                    year_to=y2, issued_on=dt.date.fromisoformat(issued_on) if issued_on else None,
                    progress=progress)
                self.stdout.write(f"programme {obj.pk} imported: {obj.sections.count()} sections")
            else:
                if not year:
                    raise CommandError("--year is required")
                resolution = None
                if session is not None:
                    from collegium.resolutions.models import Resolution

                    resolution = Resolution.objects.filter(session_id=session_pk(session)).first()
                obj = importers.import_plan(actor=actor, data=data, filename=file, year=year,
                                            title=title or f"План консультаций на {year} год", resolution=resolution,
                                            progress=progress)
                self.stdout.write(f"plan {obj.pk} imported: {obj.rounds.count()} rounds")
        except DomainError as exc:
            if progress is not None:
                self.stderr.write("")  # end the bar's line before the error
            raise CommandError("nothing imported:\n" + exc.message) from exc
