"""Writes of the Programme. Each action is put on control as one obligation per executing party."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from collegium.audit.services import audit_record
from collegium.core.errors import ValidationFailed
from collegium.core.permissions import require_role
from collegium.parties.models import Party, Person, Role, Unit
from collegium.programme.models import Action, Programme, Section
from collegium.resolutions.models import Periodicity


@transaction.atomic
def programme_create(*, actor: Person | None, title: str, year_from: int, year_to: int, parties: list[Party],
                     status: str = Programme.Status.APPROVED, approved_by: str = "", approval_number: str = "",
                     approval_date: dt.date | None = None) -> Programme:
    if actor is not None:
        require_role(actor, Role.SECRETARIAT)
    errors = {}
    if not (title or "").strip():
        errors["title"] = _("The title is required.")
    if year_to < year_from:
        errors["year_to"] = _("The programme ends before it starts.")
    if errors:
        raise ValidationFailed(field_errors=errors)
    programme = Programme.objects.create(title=title.strip(), year_from=year_from, year_to=year_to, status=status,
                                         approved_by=approved_by, approval_number=approval_number,
                                         approval_date=approval_date)
    programme.parties.set(parties)
    audit_record(actor=actor, action="programme.create", obj=programme, changes={"title": title})
    return programme


@transaction.atomic
def section_add(*, actor: Person | None, programme: Programme, title: str, number: int | None = None) -> Section:
    if actor is not None:
        require_role(actor, Role.SECRETARIAT)
    if not (title or "").strip():
        raise ValidationFailed(field_errors={"title": _("The title is required.")})
    if number is None:
        number = (programme.sections.aggregate(m=Max("number"))["m"] or 0) + 1
    elif programme.sections.filter(number=number).exists():
        raise ValidationFailed(field_errors={"number": _("A section with this number already exists.")})
    section = Section.objects.create(programme=programme, number=number, title=title.strip())
    audit_record(actor=actor, action="section.add", obj=section, changes={"title": title})
    return section


@transaction.atomic
def action_add(*, actor: Person | None, section: Section, number: str, text: str, executors: dict[Party, list[Unit]],
               issued_on: dt.date, deadline_date: dt.date | None = None, periodicity: str = Periodicity.ONCE,
               deadline_text: str = "") -> Action:
    """An action and, per party, its obligation: the first unit responsible, the rest co-executors."""
    from collegium.control.models import Obligation
    from collegium.control.services import obligation_create

    if actor is not None:
        require_role(actor, Role.SECRETARIAT)
    errors = {}
    if not (text or "").strip():
        errors["text"] = _("The text is required.")
    if not any(executors.values()):
        errors["executors"] = _("Name at least one executing unit.")
    if periodicity == Periodicity.ONCE and deadline_date is None:
        errors["deadline_date"] = _("Give a deadline or mark the action as permanent.")
    if errors:
        raise ValidationFailed(field_errors=errors)
    order = (section.actions.aggregate(m=Max("order"))["m"] or 0) + 1
    action = Action.objects.create(section=section, number=number, text=text.strip(), deadline_text=deadline_text,
                                   order=order)
    for party, units in executors.items():
        if not units:
            continue
        obligation_create(
            actor=None, party=party, source=Obligation.Source.ACTION, action=action,
            title=f"Программа, {number}: {text.strip()[:400]}", text=text.strip(), issued_on=issued_on,
            responsible_unit=units[0], co_executor_units=units[1:], deadline_date=deadline_date,
            periodicity=periodicity,
        )
    audit_record(actor=actor, action="action.add", obj=action, changes={"number": number})
    return action
