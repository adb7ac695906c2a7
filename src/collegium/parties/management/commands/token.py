"""`collegium token create --user USERNAME --name NAME` and `collegium token revoke --prefix PREFIX`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from collegium.core.errors import DomainError
from collegium.parties.models import ApiToken, Person
from collegium.parties.services import api_token_create, api_token_revoke


class Command(BaseCommand):
    help = "Create or revoke API tokens. The raw token is printed once and never stored."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="issue a token for a person")
        create.add_argument("--user", required=True, help="username of the person")
        create.add_argument("--name", required=True, help="what the token is for")
        revoke = sub.add_parser("revoke", help="revoke a token")
        revoke.add_argument("--user", required=True, help="username of the person")
        revoke.add_argument("--prefix", required=True, help="the first 8 characters of the token")
        sub.add_parser("list", help="list tokens (prefix, person, name, state)")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "list":
            for token in ApiToken.objects.select_related("person").order_by("created_at"):
                state = "revoked" if token.revoked_at else "live"
                self.stdout.write(f"{token.prefix}\t{token.person.username}\t{token.name}\t{state}")
            return
        try:
            person = Person.objects.get(username=options["user"])
        except Person.DoesNotExist as exc:
            raise CommandError(f"No person with username {options['user']!r}") from exc
        try:
            if action == "create":
                # The person issues the token to themselves: the command runs on the server,
                # so whoever runs it already holds the keys to the host.
                token, raw = api_token_create(actor=person, name=options["name"])
                self.stdout.write(raw)
                self.stderr.write(f"Token {token.prefix}… created for {person.username}; it is shown only once.")
            else:
                live = ApiToken.objects.filter(person=person, prefix=options["prefix"],
                                               revoked_at__isnull=True).first()
                if live is None:
                    raise CommandError("No live token with this prefix for this person")
                api_token_revoke(actor=person, token=live)
                self.stdout.write(f"Token {live.prefix}… revoked")
        except DomainError as exc:
            detail = "; ".join(f"{k}: {v}" for k, v in exc.field_errors.items()) or exc.message
            raise CommandError(detail) from exc
