"""`collegium audit verify`: walk the audit chain end to end."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from collegium.audit.services import audit_verify


class Command(BaseCommand):
    help = "Audit log tools. `verify` checks every link of the chain and names the first broken one."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        sub.add_parser("verify", help="verify the whole chain; exit status 1 when a link is broken")

    def handle(self, *args, **options):
        if options["subcommand"] == "verify":
            result = audit_verify()
            if not result.ok:
                raise CommandError(f"BROKEN at #{result.broken_seq}: {result.reason} "
                                   f"({result.checked} events verified before it)", returncode=1)
            self.stdout.write(f"OK: {result.checked} events")
