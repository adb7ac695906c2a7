"""Writes of the documents app: signing keys, signing with a key, feed tokens, imports."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from collegium.audit.services import audit_record
from collegium.core.errors import InvalidTransition, NotFound, PermissionDenied, ValidationFailed
from collegium.core.permissions import require_role
from collegium.documents import signing
from collegium.documents.akn import canonical_akn_bytes, parse_akn
from collegium.documents.models import CalendarFeedToken, SigningKey
from collegium.parties.models import Person, Role

# --- signing keys ---------------------------------------------------------------------------------


@transaction.atomic
def signing_key_register(*, actor: Person, person: Person, public_key_pem: str) -> SigningKey:
    """A head registers their own key, or the party administrator registers it for a head."""
    if not actor.is_active:
        raise PermissionDenied()
    own = actor.pk == person.pk and person.is_head
    admin = actor.has_role(Role.ADMIN) and actor.party_id is not None and actor.party_id == person.party_id
    if not (own or admin) or person.party_id is None or not person.is_head:
        raise PermissionDenied(_("Only a head's key can be registered, by the head or the party administrator."))
    try:
        key = signing.load_public_pem(public_key_pem)
    except ValueError as exc:
        raise ValidationFailed(field_errors={"public_key_pem": str(exc)}) from exc
    raw = signing.public_raw(key)
    fingerprint = signing.fingerprint_of_raw(raw)
    if SigningKey.objects.filter(fingerprint=fingerprint).exists():
        raise ValidationFailed(field_errors={"public_key_pem": _("This key is already registered.")})
    pem = key.public_bytes(signing.serialization.Encoding.PEM,
                           signing.serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    obj = SigningKey.objects.create(party_id=person.party_id, person=person, algorithm=signing.ALGORITHM,
                                    public_key_pem=pem, public_key_raw=raw, fingerprint=fingerprint,
                                    registered_at=timezone.now(), registered_by=actor)
    audit_record(actor=actor, action="signing_key.register", obj=obj,
                 changes={"person": person.username, "fingerprint": fingerprint})
    return obj


@transaction.atomic
def signing_key_revoke(*, actor: Person, key: SigningKey) -> SigningKey:
    if not (actor.pk == key.person_id or (actor.has_role(Role.ADMIN) and actor.party_id == key.party_id)):
        raise PermissionDenied()
    if SigningKey.objects.filter(pk=key.pk, revoked_at__isnull=True).update(revoked_at=timezone.now()) != 1:
        raise InvalidTransition(_("The key is already revoked."))
    key.refresh_from_db()
    audit_record(actor=actor, action="signing_key.revoke", obj=key, changes={"fingerprint": key.fingerprint})
    return key


@transaction.atomic
def resolution_sign_with_key(*, actor: Person, resolution: Any, key_fingerprint: str, signature: str) -> Any:
    """Record a head's signature made with a registered key, after verifying it over the canonical
    AKN text; the resolution is sealed by resolutions.services when every party has signed."""
    from collegium.resolutions.canonical import canonical_digest
    from collegium.resolutions.services import resolution_sign

    key = SigningKey.objects.filter(fingerprint=key_fingerprint, person=actor, revoked_at__isnull=True).first()
    if key is None or key.party_id != actor.party_id:
        raise ValidationFailed(field_errors={"key": _("This key is not registered to you or has been revoked.")})
    message = canonical_akn_bytes(resolution)
    if not signing.verify_bytes(bytes(key.public_key_raw), message, signature):
        raise ValidationFailed(field_errors={"signature": _("The signature does not match the agreed text.")})
    return resolution_sign(actor=actor, resolution=resolution, algorithm=key.algorithm,
                           key_fingerprint=key.fingerprint, signature=signature,
                           expected_digest=canonical_digest(resolution))


# --- calendar feed tokens -------------------------------------------------------------------------

def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def feed_token_create(*, actor: Person) -> tuple[CalendarFeedToken, str]:
    """A new secret for the actor's calendar feed; the secret is shown once."""
    if not actor.is_active:
        raise PermissionDenied()
    secret = secrets.token_urlsafe(32)
    token = CalendarFeedToken.objects.create(person=actor, digest=_digest(secret), prefix=secret[:8])
    audit_record(actor=actor, action="feed_token.create", obj=token, internal_to=actor.party_id)
    return token, secret


@transaction.atomic
def feed_token_revoke(*, actor: Person, token: CalendarFeedToken) -> CalendarFeedToken:
    if token.person_id != actor.pk and not (actor.has_role(Role.ADMIN) and actor.party_id == token.person.party_id):
        raise NotFound()
    if CalendarFeedToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now()) != 1:
        raise InvalidTransition(_("The link is already revoked."))
    token.refresh_from_db()
    audit_record(actor=actor, action="feed_token.revoke", obj=token, internal_to=token.person.party_id)
    return token


def feed_token_person(secret: str) -> Person:
    """The person behind a live feed token; a revoked or unknown one is not found."""
    token = CalendarFeedToken.objects.select_related("person").filter(
        digest=_digest(secret or ""), revoked_at__isnull=True, person__is_active=True).first()
    if token is None:
        raise NotFound()
    CalendarFeedToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.person


# --- import of an AKN resolution ------------------------------------------------------------------

@transaction.atomic
def resolution_import_akn(*, actor: Person, session: Any, data: bytes) -> Any:
    """A draft resolution of `session` from an Akoma Ntoso file, through the resolution services."""
    from collegium.parties.models import Unit
    from collegium.resolutions import services as rs

    require_role(actor, Role.SECRETARIAT)
    try:
        parsed = parse_akn(data)
    except ValueError as exc:
        raise ValidationFailed(field_errors={"file": str(exc)}) from exc
    resolution = rs.resolution_create(actor=actor, session=session, title=parsed["title"] or "Постановление",
                                      place=parsed["place"] or session.city, number=parsed["number"],
                                      preamble=parsed["preamble"])
    errors = {}
    for clause in sorted(parsed["clauses"], key=lambda c: c["number"]):
        responsible: list[Unit] = []
        co: list[Unit] = []
        for party_code, unit_code, is_responsible in clause["addressees"]:
            unit = Unit.objects.filter(party__code=party_code, code=unit_code).first()
            if unit is None:
                errors[f"clause_{clause['number']}"] = _("Unknown unit %(unit)s of party %(party)s.") % {
                    "unit": unit_code, "party": party_code}
                continue
            (responsible if is_responsible else co).append(unit)
        try:
            rs.clause_add(actor=actor, resolution=resolution, text=clause["text"], kind=clause["kind"],
                          deadline_days=clause["deadline_days"], deadline_date=clause["deadline_date"],
                          periodicity=clause["periodicity"], responsible_units=responsible, co_executor_units=co)
        except ValidationFailed as exc:
            errors[f"clause_{clause['number']}"] = "; ".join(exc.field_errors.values()) or exc.message
    if errors:
        raise ValidationFailed(field_errors=errors)
    resolution.refresh_from_db()
    return resolution


# --- documents rendered in the background ----------------------------------------------------------

# Only the long renders go through the queue; the rest answer quickly enough inline.
BACKGROUND_KINDS = {"pack": ("pdf",), "interim": ("pdf", "docx", "xlsx"), "resolution": ("pdf",)}


def document_render_enqueue(*, actor: Person, kind: str, fmt: str, session_id: int) -> Any:
    """Queue the render of a long document for `actor`; the worker renders it as that person.

    The session is checked now, so a hidden or missing one answers 404 at once instead of leaving
    behind a job that fails. The job id goes into its own kwargs (the file lands in a directory
    named after it); both writes share one transaction, which is committed before the task is queued.
    """
    from collegium.meetings.selectors import session_list
    from collegium.notifications.models import Job
    from collegium.notifications.services import enqueue_job

    if not actor.is_authenticated or not actor.is_active:
        raise PermissionDenied()
    if fmt not in BACKGROUND_KINDS.get(kind, ()):
        raise ValidationFailed(field_errors={"format": f"{kind} as {fmt} is not rendered in the background"})
    if not session_list(actor).filter(pk=session_id).exists():
        raise NotFound()
    with transaction.atomic():
        job = enqueue_job(f"document:{kind}.{fmt}", "collegium.documents.services.document_render_job",
                          {"kind": kind, "fmt": fmt, "session_id": session_id}, actor=actor)
        job.kwargs = {**job.kwargs, "job_id": job.pk}
        Job.objects.filter(pk=job.pk).update(kwargs=job.kwargs)
    return job


def document_render_job(*, progress: Any, job_id: int, kind: str, fmt: str, session_id: int) -> str:
    """The job: render as the person who asked (their party and clearance decide what the file
    holds; never a system reader) and store the file under exports/<job id>/. Returns its path."""
    from collegium.documents.render import render
    from collegium.notifications.models import Job
    from collegium.notifications.services import job_result_dir

    job = Job.objects.select_related("created_by").get(pk=job_id)
    person = job.created_by
    if person is None or not person.is_active:
        # The person left (or was deactivated) while the job waited: nobody may receive the file.
        raise PermissionDenied("The person who asked for this document is no longer active.")

    # A render reports in phases (gathering the records, then the exporter), each counting from
    # zero, and how many phases follow is not known. Each phase fills part of what remains, so the
    # bar never moves backwards and stops short of 95 until the file is written.
    state = {"base": 5.0, "last": 0.0, "percent": 5.0}

    def report(done: int, total: int, note: str = "") -> None:
        fraction = max(0.0, min(1.0, done / max(total, 1)))
        if fraction < state["last"]:
            state["base"] = state["percent"]
        state["last"] = fraction
        state["percent"] = max(state["percent"], state["base"] + (95 - state["base"]) * 0.6 * fraction)
        progress(round(state["percent"]), note)

    progress(1, "start")
    result = render(kind, fmt, person=person, session_id=session_id, progress=report)
    folder = job_result_dir(job_id)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / result.filename
    partial = folder / (result.filename + ".part")
    partial.write_bytes(result.content)
    partial.replace(target)  # a reader never sees a half-written file
    progress(99, "saved")
    return str(target)

