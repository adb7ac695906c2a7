"""`collegium media ingest FILE|URL...`, `collegium media links --format json`, `collegium media poll`.

`ingest` and `poll` draw a progress bar on stderr when it is a terminal, or always with --progress."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from collegium.core.errors import DomainError
from collegium.media import services
from collegium.media.models import Link
from collegium.notifications.progress import bar_for


class Command(BaseCommand):
    help = "News monitoring: ingest files, feeds and pages; list links to the plan; poll due feeds."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        ingest = sub.add_parser("ingest", help="Seed-format text files, RSS/Atom feed URLs or page URLs")
        ingest.add_argument("locations", nargs="+")
        ingest.add_argument("--progress", action="store_true", help="progress bar on stderr even off a terminal")
        links = sub.add_parser("links", help="Suggested and confirmed links (rejected ones are left out)")
        links.add_argument("--format", choices=["json", "text"], default="text")
        links.add_argument("--status", choices=[s.value for s in Link.Status], default=None)
        poll = sub.add_parser("poll", help="Poll the feeds whose time has come")
        poll.add_argument("--progress", action="store_true", help="progress bar on stderr even off a terminal")
        evaluation = sub.add_parser("eval", help="Link precision and recall on the gold set against the demo plan")
        evaluation.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"_{options['action']}")(options)

    def _eval(self, options: dict[str, Any]) -> None:
        from django.core.management import call_command

        call_command("media_eval", json=options.get("json", False), stdout=self.stdout, stderr=self.stderr)

    def _ingest(self, options: dict[str, Any]) -> None:
        failed = 0
        for location in options["locations"]:
            progress = bar_for(self.stderr, location[-40:], forced=options.get("progress", False))
            try:
                result = services.ingest_location(actor=None, location=location, progress=progress)
            except (OSError, services.FetchError, DomainError, ValueError) as exc:
                failed += 1
                if progress is not None:
                    self.stderr.write("")  # end the bar's line before the error
                self.stderr.write(f"{location}: {getattr(exc, 'message', exc)}")
                continue
            self.stdout.write(f"{location}: {result.created} new, {result.duplicates} duplicate(s)")
        if failed:
            raise CommandError(f"{failed} location(s) failed")

    def _links(self, options: dict[str, Any]) -> None:
        qs = Link.objects.select_related("article", "event").order_by("article_id", "id")
        qs = qs.filter(status=options["status"]) if options["status"] else qs.exclude(status=Link.Status.REJECTED)
        rows = [{
            "id": link.pk, "article": link.article_id, "article_title": link.article.title,
            "event": link.event_id, "event_type": link.event.type if link.event else None,
            "target": link.target_kind, "target_id": link.target_id, "score": link.score, "status": link.status,
            "explanation": link.explanation,
            "confirmed_by": link.confirmed_by_id, "confirmed_at": link.confirmed_at.isoformat() if link.confirmed_at else None,
        } for link in qs]
        if options["format"] == "json":
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2, sort_keys=True))
            return
        for row in rows:
            self.stdout.write(f"#{row['id']} [{row['status']}] {row['score']:.2f} article {row['article']} → "
                              f"{row['target']} {row['target_id']}: {row['explanation']}")

    def _poll(self, options: dict[str, Any]) -> None:
        progress = bar_for(self.stderr, "poll", forced=options.get("progress", False))
        for result in services.poll_due_feeds(progress=progress):
            state = result.error or ("not modified" if result.not_modified else
                                     f"{result.created} new, {result.duplicates} duplicate(s)")
            self.stdout.write(f"{result.source.name}: {state}")
