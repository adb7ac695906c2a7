"""collegium verify FILE [--keys KEYS.json] [--no-db] [--json]

Verifies a signed Akoma Ntoso export offline and names what fails: unknown key, altered text,
missing party signature. Keys are embedded in the file with their fingerprints and checked
against a registered-keys file (--keys) or, when available, the database."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from collegium.documents import signing


class Command(BaseCommand):
    requires_system_checks: list[str] = []
    help = "Verify the signatures of a signed resolution export (.akn.xml)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--keys", help="JSON file of registered keys (see --export-keys)")
        parser.add_argument("--no-db", action="store_true", help="do not consult the database")
        parser.add_argument("--export-keys", metavar="OUT", help="write the registered keys to OUT and exit")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, file, keys, no_db, export_keys, json: bool = False, **options):
        import json as _json

        if export_keys:
            exported = signing.registry_from_db()
            Path(export_keys).write_text(_json.dumps(list(
                {"fingerprint": fp, **item} for fp, item in exported.items()), indent=2), encoding="utf-8")
            self.stdout.write(f"{len(exported)} keys written to {export_keys}")
            return
        try:
            data = Path(file).read_bytes()
        except OSError as exc:
            raise CommandError(str(exc)) from exc
        registry = None
        if keys:
            registry = signing.registry_from_file(keys)
        elif not no_db:
            try:
                registry = signing.registry_from_db()
            except Exception:  # noqa: BLE001 - offline: no database is fine, keys are embedded
                registry = None
        report = signing.verify_signed_akn(data, registry)
        if json:
            self.stdout.write(_json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(f"text digest: {report.digest}")
            for s in report.signatures:
                self.stdout.write(f"  {'OK  ' if s.ok else 'FAIL'} {s.party} {s.signer} key {s.fingerprint[:16]}…"
                                  + (f" — {s.problem}" if s.problem else ""))
            for w in report.warnings:
                self.stdout.write(f"warning: {w}")
            for p in report.problems:
                self.stderr.write(f"FAILED: {p}")
        if not report.ok:
            raise CommandError("verification failed")
        self.stdout.write("verification OK")
