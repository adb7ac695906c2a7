"""collegium sign --session N --user USERNAME --key PRIVATE_KEY_FILE

Signs the canonical form of the agreed text (exclusive C14N of its Akoma Ntoso XML) with the
head's Ed25519 key, locally; the server side verifies it against the registered key before
recording. When every party has signed, the resolution is sealed."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from collegium.core.errors import DomainError
from collegium.documents import signing
from collegium.documents.akn import canonical_akn_bytes
from collegium.documents.management.commands._common import domain_error, person_or_error, session_pk


class Command(BaseCommand):
    requires_system_checks: list[str] = []
    help = "Sign the agreed resolution of a session with a head's registered Ed25519 key."

    def add_arguments(self, parser):
        parser.add_argument("--session", type=int, required=True, help="session number")
        parser.add_argument("--user", required=True, help="the signing head's username")
        parser.add_argument("--key", required=True, help="private key file (PEM PKCS#8 or 32 raw bytes)")

    def handle(self, *args, session, user, key, **options):
        from collegium.documents.services import resolution_sign_with_key
        from collegium.resolutions.selectors import resolution_for_session

        person = person_or_error(user)
        try:
            private = signing.load_private_key(Path(key).read_bytes())
        except (OSError, ValueError) as exc:
            raise CommandError(f"cannot read the key: {exc}") from exc
        fingerprint = signing.fingerprint_of_raw(signing.public_raw(private.public_key()))
        try:
            resolution = resolution_for_session(person, session_pk(session))
            value = signing.sign_bytes(private, canonical_akn_bytes(resolution))
            sig = resolution_sign_with_key(actor=person, resolution=resolution, key_fingerprint=fingerprint,
                                           signature=value)
        except DomainError as exc:
            raise domain_error(exc) from exc
        resolution.refresh_from_db()
        self.stdout.write(f"signed for {sig.party.code} by {person.username} with key {fingerprint[:16]}…; "
                          f"resolution is {resolution.status}")
