"""Writes of sessions: the agenda, rapporteurs, materials, attendance and minutes."""

from __future__ import annotations

import datetime as dt
import os

from django.db import transaction
from django.db.models import F, Max
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from collegium.audit.services import audit_record
from collegium.core.errors import InvalidTransition, PermissionDenied, ValidationFailed
from collegium.core.locking import bump_version
from collegium.core.models import Clearance, Visibility
from collegium.core.permissions import require_role
from collegium.meetings.models import AgendaItem, Attendance, Material, Minutes, Rapporteur, Session
from collegium.parties.models import Party, Person, Role

ALLOWED_UPLOADS = {
    b"%PDF": "application/pdf",
    b"PK\x03\x04": "application/zip",  # DOCX, XLSX, ODT are zip containers
    b"\xd0\xcf\x11\xe0": "application/msword",
}


def _require_session_secretariat(actor: Person, session: Session) -> int:
    """A secretariat of a party of the session; returns that party's id."""
    require_role(actor, Role.SECRETARIAT)
    if actor.party_id is None or not session.parties.filter(pk=actor.party_id).exists():
        raise PermissionDenied()
    return actor.party_id


def _require_open(session: Session) -> None:
    if session.status in (Session.Status.CANCELLED,):
        raise InvalidTransition(_("The session is cancelled."))


@transaction.atomic
def session_create(*, actor: Person, number: int, title: str, date_start: dt.date, date_end: dt.date | None,
                   city: str, host_party: Party, parties: list[Party], venue: str = "",
                   format: str = Session.Format.IN_PERSON, previous: Session | None = None) -> Session:  # noqa: A002
    require_role(actor, Role.SECRETARIAT)
    errors = {}
    if Session.objects.filter(number=number).exists():
        errors["number"] = _("A session with this number already exists.")
    if not (title or "").strip():
        errors["title"] = _("The title is required.")
    if date_end and date_end < date_start:
        errors["date_end"] = _("The session ends before it starts.")
    if not (city or "").strip():
        errors["city"] = _("The city is required.")
    if actor.party_id not in {p.pk for p in parties}:
        errors["parties"] = _("Your party must take part in the session.")
    if errors:
        raise ValidationFailed(field_errors=errors)
    session = Session.objects.create(number=number, title=title.strip(), date_start=date_start,
                                     date_end=date_end or date_start, city=city.strip(), venue=venue,
                                     host_party=host_party, format=format, previous=previous)
    session.parties.set(parties)
    Minutes.objects.create(session=session)
    audit_record(actor=actor, action="session.create", obj=session, changes={"number": number, "city": city})
    return session


SESSION_TRANSITIONS: dict[str, tuple[str, ...]] = {
    Session.Status.ANNOUNCED: (Session.Status.PLANNED, Session.Status.POSTPONED),
    Session.Status.HELD: (Session.Status.PLANNED, Session.Status.ANNOUNCED),
    Session.Status.POSTPONED: (Session.Status.PLANNED, Session.Status.ANNOUNCED),
    Session.Status.CANCELLED: (Session.Status.PLANNED, Session.Status.ANNOUNCED, Session.Status.POSTPONED),
}


@transaction.atomic
def session_set_status(*, actor: Person, session: Session, status: str, expected_version: int | None = None,
                       date_start: dt.date | None = None, date_end: dt.date | None = None) -> Session:
    _require_session_secretariat(actor, session)
    allowed = SESSION_TRANSITIONS.get(status)
    if allowed is None or session.status not in allowed:
        raise InvalidTransition()
    fields: dict[str, object] = {"status": status}
    if status == Session.Status.POSTPONED and date_start:
        fields.update(date_start=date_start, date_end=date_end or date_start)
    previous = session.status
    bump_version(session, expected_version, **fields)
    audit_record(actor=actor, action="session.status", obj=session, changes={"from": previous, "to": status})
    return session


@transaction.atomic
def agenda_item_add(*, actor: Person, session: Session, title: str, duration_minutes: int = 15,
                    description: str = "", rapporteurs: list[dict] | None = None,
                    is_interim_results: bool = False) -> AgendaItem:
    _require_session_secretariat(actor, session)
    _require_open(session)
    errors = {}
    if not (title or "").strip():
        errors["title"] = _("The title is required.")
    if not isinstance(duration_minutes, int) or not 1 <= duration_minutes <= 600:
        errors["duration_minutes"] = _("The duration must be between 1 and 600 minutes.")
    if errors:
        raise ValidationFailed(field_errors=errors)
    order = (session.agenda_items.aggregate(m=Max("order"))["m"] or 0) + 1
    item = AgendaItem.objects.create(session=session, order=order, title=title.strip(), description=description,
                                     duration_minutes=duration_minutes, is_interim_results=is_interim_results)
    for rap in rapporteurs or []:
        Rapporteur.objects.create(agenda_item=item, party=rap["party"], person=rap.get("person"),
                                  name=rap.get("name", ""), position=rap.get("position", ""))
    audit_record(actor=actor, action="agenda.add", obj=item, changes={"title": item.title, "order": order})
    return item


@transaction.atomic
def agenda_item_update(*, actor: Person, item: AgendaItem, expected_version: int | None = None,
                       title: str | None = None, duration_minutes: int | None = None,
                       description: str | None = None, outcome: str | None = None) -> AgendaItem:
    _require_session_secretariat(actor, item.session)
    changes: dict[str, object] = {}
    if title is not None:
        if not title.strip():
            raise ValidationFailed(field_errors={"title": _("The title is required.")})
        changes["title"] = title.strip()
    if duration_minutes is not None:
        if not 1 <= duration_minutes <= 600:
            raise ValidationFailed(field_errors={"duration_minutes": _("The duration must be between 1 and 600 minutes.")})
        changes["duration_minutes"] = duration_minutes
    if description is not None:
        changes["description"] = description
    if outcome is not None:
        changes["outcome"] = outcome
    bump_version(item, expected_version, **changes)
    audit_record(actor=actor, action="agenda.update", obj=item, changes=changes)
    return item


@transaction.atomic
def agenda_item_move(*, actor: Person, item: AgendaItem, position: int) -> AgendaItem:
    """Put an item at `position` (1-based) and renumber the rest."""
    _require_session_secretariat(actor, item.session)
    items = list(item.session.agenda_items.order_by("order", "id"))
    items.remove(next(i for i in items if i.pk == item.pk))
    position = max(1, min(position, len(items) + 1))
    items.insert(position - 1, item)
    # Two passes keep any unique ordering consistent mid-update.
    for index, other in enumerate(items, start=1):
        AgendaItem.objects.filter(pk=other.pk).update(order=1000 + index)
    for index, other in enumerate(items, start=1):
        AgendaItem.objects.filter(pk=other.pk).update(order=index, lock_version=F("lock_version") + 1)
    item.refresh_from_db()
    audit_record(actor=actor, action="agenda.move", obj=item, changes={"position": item.order})
    return item


@transaction.atomic
def agenda_item_delete(*, actor: Person, item: AgendaItem) -> None:
    session = item.session
    _require_session_secretariat(actor, session)
    audit_record(actor=actor, action="agenda.delete", obj=item, changes={"title": item.title})
    item.delete()
    for index, other in enumerate(session.agenda_items.order_by("order", "id"), start=1):
        AgendaItem.objects.filter(pk=other.pk).update(order=index)


@transaction.atomic
def rapporteur_add(*, actor: Person, item: AgendaItem, party: Party, person: Person | None = None, name: str = "",
                   position: str = "") -> Rapporteur:
    _require_session_secretariat(actor, item.session)
    if person is None and not name.strip():
        raise ValidationFailed(field_errors={"name": _("Name the rapporteur.")})
    if person is not None and person.party_id != party.pk:
        raise ValidationFailed(field_errors={"person": _("The rapporteur belongs to another party.")})
    rap = Rapporteur.objects.create(agenda_item=item, party=party, person=person, name=name.strip(), position=position)
    audit_record(actor=actor, action="rapporteur.add", obj=rap, changes={"item": item.pk})
    return rap


def sniff_upload(head: bytes, name: str) -> str:
    """The type of an upload by its content, not by what the client claims."""
    for magic, kind in ALLOWED_UPLOADS.items():
        if head.startswith(magic):
            return kind
    ext = os.path.splitext(name)[1].lower()
    if ext in {".txt", ".md", ".csv"}:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            return "text/plain"
    raise ValidationFailed(field_errors={"file": _("This type of file is not accepted (PDF, DOCX, XLSX, ODT, DOC or text).")})


@transaction.atomic
def material_add(*, actor: Person, session: Session, title: str, visibility: str = Visibility.JOINT,
                 clearance: int = Clearance.OPEN, agenda_item: AgendaItem | None = None, description: str = "",
                 upload=None) -> Material:
    """Materials of a session; an internal one is seen only by the uploader's party."""
    from django.conf import settings

    party_id = _require_session_secretariat(actor, session)
    errors = {}
    if not (title or "").strip():
        errors["title"] = _("The title is required.")
    if visibility not in Visibility.values:
        errors["visibility"] = _("Choose joint or internal.")
    if clearance not in Clearance.values:
        errors["clearance"] = _("Unknown confidentiality level.")
    elif clearance > actor.clearance:
        errors["clearance"] = _("You cannot mark a material above your own clearance.")
    if agenda_item is not None and agenda_item.session_id != session.pk:
        errors["agenda_item"] = _("The agenda item belongs to another session.")
    file_name = ""
    content_type = ""
    size = 0
    if upload is not None:
        size = upload.size or 0
        if size > settings.COLLEGIUM_MAX_UPLOAD_BYTES:
            errors["file"] = _("The file is too large.")
        else:
            head = upload.read(8)
            upload.seek(0)
            try:
                content_type = sniff_upload(head, upload.name)
            except ValidationFailed as exc:
                errors.update(exc.field_errors)
            file_name = get_valid_filename(os.path.basename(upload.name))[:200] or "file"
    if errors:
        raise ValidationFailed(field_errors=errors)
    material = Material(session=session, agenda_item=agenda_item, title=title.strip(), description=description,
                        owner_party_id=party_id, visibility=visibility, clearance=clearance,
                        uploaded_by=actor, file_name=file_name, content_type=content_type, size=size)
    if upload is not None:
        material.file.save(file_name, upload, save=False)
    material.save()
    audit_record(actor=actor, action="material.add", obj=material,
                 internal_to=actor.party_id if visibility == Visibility.INTERNAL else None,
                 changes={"title": material.title, "visibility": visibility, "clearance": clearance})
    return material


@transaction.atomic
def material_publish(*, actor: Person, material: Material) -> Material:
    """Make an internal material joint; only its own party's secretariat can."""
    require_role(actor, Role.SECRETARIAT)
    if material.owner_party_id != actor.party_id:
        raise PermissionDenied()
    if Material.objects.filter(pk=material.pk, visibility=Visibility.INTERNAL).update(visibility=Visibility.JOINT) != 1:
        raise InvalidTransition(_("The material is already joint."))
    material.refresh_from_db()
    audit_record(actor=actor, action="material.publish", obj=material)
    return material


@transaction.atomic
def attendance_add(*, actor: Person, session: Session, party: Party, role: str = Attendance.Role.MEMBER,
                   person: Person | None = None, name: str = "", position: str = "") -> Attendance:
    _require_session_secretariat(actor, session)
    if person is None and not name.strip():
        raise ValidationFailed(field_errors={"name": _("Name the participant.")})
    row = Attendance.objects.create(session=session, party=party, person=person, name=name.strip(),
                                    position=position, role=role)
    audit_record(actor=actor, action="attendance.add", obj=row)
    return row


@transaction.atomic
def minutes_update(*, actor: Person, session: Session, text: str, expected_version: int | None = None,
                   final: bool = False) -> Minutes:
    _require_session_secretariat(actor, session)
    minutes, _created = Minutes.objects.get_or_create(session=session)
    if minutes.is_final:
        raise InvalidTransition(_("The minutes are final."))
    bump_version(minutes, expected_version, text=text, is_final=final)
    audit_record(actor=actor, action="minutes.update", obj=minutes, changes={"final": final})
    return minutes


@transaction.atomic
def agenda_prepare_interim_results(*, actor: Person, session: Session) -> AgendaItem:
    """Add (or refresh) the 'interim results' question from the open obligations."""
    from collegium.control.selectors import interim_results

    _require_session_secretariat(actor, session)
    groups = interim_results(actor, session_id=session.pk)
    lines = []
    for group in groups:
        t = group.totals
        lines.append(f"{group.title}: всего {t['total']}, выполнено {t['completed']} "
                     f"(в срок {t['completed_in_time']}, с нарушением срока {t['completed_late']}), "
                     f"на контроле {t['in_progress']}, просрочено {t['overdue']}.")
    description = "\n".join(lines)
    existing = session.agenda_items.filter(is_interim_results=True).first()
    if existing:
        agenda_item_update(actor=actor, item=existing, description=description)
        return existing
    return agenda_item_add(
        actor=actor, session=session, duration_minutes=20, description=description, is_interim_results=True,
        title="О промежуточных итогах выполнения постановления предыдущего заседания и Программы согласованных действий",
    )


def _require_session_party(session: Session, party: Party) -> None:
    if not session.parties.filter(pk=party.pk).exists():
        raise ValidationFailed(field_errors={"party": _("The party does not take part in the session.")})


@transaction.atomic
def attendance_update(*, actor: Person, row: Attendance, party: Party, role: str = Attendance.Role.MEMBER,
                      name: str = "", position: str = "", present: bool = True) -> Attendance:
    _require_session_secretariat(actor, row.session)
    if role not in Attendance.Role.values:
        raise ValidationFailed(field_errors={"role": _("Unknown role.")})
    if row.person_id is None and not (name or "").strip():
        raise ValidationFailed(field_errors={"name": _("Name the participant.")})
    _require_session_party(row.session, party)
    before = {"party": row.party_id, "role": row.role, "name": row.name, "position": row.position,
              "present": row.present}
    row.party, row.role, row.name, row.position, row.present = party, role, name.strip(), position.strip(), present
    row.save(update_fields=["party", "role", "name", "position", "present"])
    audit_record(actor=actor, action="attendance.update", obj=row,
                 changes={"before": before, "after": {"party": party.pk, "role": role, "name": row.name,
                                                      "position": row.position, "present": present}})
    return row


@transaction.atomic
def attendance_delete(*, actor: Person, row: Attendance) -> None:
    _require_session_secretariat(actor, row.session)
    audit_record(actor=actor, action="attendance.delete", obj=row, changes={"name": str(row), "party": row.party_id})
    row.delete()
