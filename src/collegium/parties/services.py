"""Writes of the directory: API tokens for programs.

Only the SHA-256 digest of a token is stored, so a leaked database does not leak working
credentials; the raw token is shown once, at creation.
"""

from __future__ import annotations

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from collegium.audit.services import audit_record
from collegium.core.errors import InvalidTransition, PermissionDenied, ValidationFailed
from collegium.parties.models import ApiToken, Person, Role

TOKEN_PREFIX = "clg_"  # noqa: S105 - a public marker that makes leaked tokens easy to scan for


def token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


@transaction.atomic
def api_token_create(*, actor: Person, name: str, person: Person | None = None) -> tuple[ApiToken, str]:
    """A new token for `person` (the actor by default; an administrator may issue for others).

    Returns the stored token and the raw secret, which is never stored or shown again."""
    owner = person or actor
    if owner.pk != actor.pk and not actor.has_role(Role.ADMIN):
        raise PermissionDenied()
    if not actor.is_active or not owner.is_active:
        raise PermissionDenied()
    name = (name or "").strip()
    if not name:
        raise ValidationFailed(field_errors={"name": _("Name the token (for example, the program that uses it).")})
    if len(name) > 100:
        raise ValidationFailed(field_errors={"name": _("The name is too long.")})
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(person=owner, name=name, digest=token_digest(raw), prefix=raw[:8])
    audit_record(actor=actor, action="api_token.create", obj=token,
                 changes={"person": owner.username, "name": name, "prefix": token.prefix})
    return token, raw


@transaction.atomic
def api_token_revoke(*, actor: Person, token: ApiToken) -> ApiToken:
    if token.person_id != actor.pk and not actor.has_role(Role.ADMIN):
        raise PermissionDenied()
    if ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now()) != 1:
        raise InvalidTransition(_("The token is already revoked."))
    token.refresh_from_db()
    audit_record(actor=actor, action="api_token.revoke", obj=token, changes={"prefix": token.prefix})
    return token


def api_token_authenticate(raw: str) -> Person | None:
    """The active person a live token belongs to, or None. Records when it was last used."""
    if not raw or not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
        return None
    token = (ApiToken.objects.select_related("person", "person__party", "person__unit")
             .filter(digest=token_digest(raw), revoked_at__isnull=True).first())
    if token is None or not token.person.is_active:
        return None
    now = timezone.now()
    # Usage bookkeeping, not a change of state worth an audit event; throttled so that a busy
    # program does not write on every request.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 300:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.person
