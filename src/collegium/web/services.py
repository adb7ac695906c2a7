"""The one write the pages need that belongs to no domain app yet: a person's own settings
(notification choices through the notifications service, and the interface language)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from collegium.audit.services import audit_record
from collegium.core.errors import PermissionDenied, ValidationFailed
from collegium.parties.models import Person


@transaction.atomic
def preferences_save(*, actor: Person, person: Person, by_email: bool, in_app: bool, daily_digest: bool,
                     reminder_offsets: list[int] | None, language: str, media_digest: str | None = None) -> Person:
    from collegium.notifications.services import preference_update

    if actor.pk != person.pk and not (actor.is_party_admin and actor.party_id == person.party_id):
        raise PermissionDenied()
    languages = {code for code, _label in Person._meta.get_field("language").choices or ()}
    if language not in languages:
        raise ValidationFailed(field_errors={"language": _("Unknown language.")})
    preference_update(actor=actor, person=person, by_email=by_email, in_app=in_app, daily_digest=daily_digest,
                      reminder_offsets=reminder_offsets, media_digest=media_digest or None)
    if person.language != language:
        previous = person.language
        Person.objects.filter(pk=person.pk).update(language=language)
        person.language = language
        audit_record(actor=actor, action="person.language", obj=person, changes={"from": previous, "to": language})
    return person
