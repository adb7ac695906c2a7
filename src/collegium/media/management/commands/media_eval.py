"""`collegium media_eval`: link precision and recall of the NLP gold set against the demo plan.

Runs in a throw-away test database (the demo plan is loaded there), never in the project's own.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Link precision/recall on the NLP gold set, against the demo plan loaded in a test database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="print the report as JSON")
        parser.add_argument("--check", action="store_true",
                            help="exit with an error when precision or recall is below its target")

    def handle(self, *args: Any, **options: Any) -> None:
        from collegium.media import evaluation

        report = evaluation.run_in_test_database(verbosity=0)
        if options["json"]:
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2, default=str))
        else:
            self.stdout.write(evaluation.format_report(report), ending="")
        if options["check"] and (report["precision"] < evaluation.TARGET_PRECISION
                                 or report["recall"] < evaluation.TARGET_RECALL):
            raise CommandError("link precision or recall below target")
