"""collegium keygen --out FILE [--register USERNAME]: a new Ed25519 key pair for demos.

Writes the private key (PEM, PKCS#8, unencrypted: keep it safe) to FILE and the public key to
FILE.pub; with --register, registers the public key to that head (as the head)."""

from __future__ import annotations

import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from collegium.core.errors import DomainError
from collegium.documents import signing
from collegium.documents.management.commands._common import domain_error, person_or_error


class Command(BaseCommand):
    requires_system_checks: list[str] = []
    help = "Generate an Ed25519 key pair (and optionally register its public key to a head)."

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True)
        parser.add_argument("--register", metavar="USERNAME")
        parser.add_argument("--force", action="store_true")

    def handle(self, *args, out, register, force, **options):
        path = Path(out)
        if path.exists() and not force:
            raise CommandError(f"{out} exists (use --force)")
        private, public = signing.generate_keypair()
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(private)
        Path(f"{out}.pub").write_bytes(public)
        fingerprint = signing.fingerprint_of_raw(signing.public_raw(signing.load_public_pem(public)))
        self.stdout.write(f"private key: {out}\npublic key: {out}.pub\nfingerprint: {fingerprint}")
        if register:
            from collegium.documents.services import signing_key_register

            person = person_or_error(register)
            try:
                signing_key_register(actor=person, person=person, public_key_pem=public.decode())
            except DomainError as exc:
                raise domain_error(exc) from exc
            self.stdout.write(f"registered to {person.username}")
