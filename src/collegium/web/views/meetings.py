"""Sessions: the agenda with rapporteurs and durations, materials, attendance and minutes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms as django_forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from collegium.core.errors import Conflict, DomainError
from collegium.core.http import AuthenticatedRequest
from collegium.meetings import selectors as meetings
from collegium.meetings import services
from collegium.meetings.models import Minutes
from collegium.parties import selectors as parties
from collegium.web import forms
from collegium.web import selectors as web_selectors
from collegium.web.views.base import (
    FORM_ERRORS,
    action,
    apply_errors,
    ask_confirmation,
    confirmed,
    form_page,
    page,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from django.db.models import Model

    from collegium.meetings.models import Rapporteur, Session
    from collegium.meetings.selectors import SessionDetail
    from collegium.parties.models import Person


def _can_edit(person: Person, session: Session) -> bool:
    return bool(person.is_secretariat and person.party_id in {p.pk for p in session.parties.all()})


@page
def session_list(request: AuthenticatedRequest) -> HttpResponse:
    person = request.user
    form = forms.SessionForm(parties=parties.party_list(person), initial={"format": "in_person"})
    if request.method == "POST":
        form = forms.SessionForm(request.POST, parties=parties.party_list(person))
        if form.is_valid():
            data = form.cleaned_data
            try:
                session = services.session_create(
                    actor=person, number=data["number"], title=data["title"], date_start=data["date_start"],
                    date_end=data["date_end"], city=data["city"], venue=data["venue"], format=data["format"],
                    host_party=data["host_party"], parties=list(data["parties"]))
            except DomainError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The session is created."))
                return redirect("session_detail", session.pk)
    sessions = list(meetings.session_list(person))
    return render(request, "web/session_list.html", {"sessions": sessions, "form": form})


def _choices_from(form: django_forms.BaseForm, name: str, objects: Sequence[Model]) -> None:
    """Give an unbound form's model choice field its options from records already loaded. Left to
    itself the field runs its own query through a server-side cursor at every render (three round
    trips to PostgreSQL each); the queryset stays for validating a submitted value."""
    field = form.fields[name]
    assert isinstance(field, django_forms.ModelChoiceField)
    empty = [("", field.empty_label)] if field.empty_label is not None else []
    field.choices = empty + [(obj.pk, field.label_from_instance(obj)) for obj in objects]


def _session_context(request: AuthenticatedRequest, session: SessionDetail, **overrides: Any) -> dict[str, Any]:
    person = request.user
    party_qs = session.parties.all()
    items = list(session.agenda_items.all())
    try:
        minutes = session.minutes
    except Minutes.DoesNotExist:
        minutes = None
    resolution = web_selectors.resolution_status_for_session(person, session.pk)
    context: dict[str, Any] = {
        "session": session,
        "items": items,
        "total_minutes": sum(i.duration_minutes for i in items),
        "materials": session.visible_materials,
        "attendance": list(session.attendance.all()),
        "minutes": minutes,
        "resolution": resolution,
        "can_edit": _can_edit(person, session),
        "agenda_form": forms.AgendaItemForm(parties=party_qs),
        "material_form": forms.MaterialForm(items=items),
        "attendance_form": forms.AttendanceForm(parties=party_qs),
        "minutes_form": forms.MinutesForm(initial={"text": minutes.text if minutes else "",
                                                   "lock_version": minutes.lock_version if minutes else 1}),
        "status_form": forms.SessionStatusForm(initial={"status": session.status,
                                                        "lock_version": session.lock_version}),
        "resolution_form": forms.ResolutionCreateForm(initial={"place": session.city,
                                                               "title": _("Resolution of the joint session")}),
    }
    session_parties = list(party_qs)
    _choices_from(context["agenda_form"], "rapporteur_party", session_parties)
    _choices_from(context["attendance_form"], "party", session_parties)
    context.update(overrides)
    return context


def _render_session(request: AuthenticatedRequest, session: SessionDetail, **overrides: Any) -> HttpResponse:
    return render(request, "web/session_detail.html", _session_context(request, session, **overrides))


@page
def session_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    session = web_selectors.session_page(request.user, pk)
    return _render_session(request, session)


def _back(session_pk: int, anchor: str = "") -> HttpResponse:
    return redirect(reverse("session_detail", args=[session_pk]) + (f"#{anchor}" if anchor else ""))


@action
def agenda_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    session = meetings.session_get(request.user, pk)
    form = forms.AgendaItemForm(request.POST, parties=session.parties.all())
    if form.is_valid():
        data = form.cleaned_data
        raps = []
        if data["rapporteur_party"] and data["rapporteur_name"]:
            raps.append({"party": data["rapporteur_party"], "name": data["rapporteur_name"],
                         "position": data["rapporteur_position"]})
        try:
            services.agenda_item_add(actor=request.user, session=session, title=data["title"],
                                     duration_minutes=data["duration_minutes"], description=data["description"],
                                     rapporteurs=raps)
        except DomainError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The question is added to the agenda."))
            return _back(session.pk, "agenda")
    return _render_session(request, session, agenda_form=form)


@page
def agenda_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = request.user
    item = web_selectors.agenda_item_get(person, pk)
    session = meetings.session_get(person, item.session_id)
    rap_form = forms.RapporteurForm(parties=session.parties.all())
    if request.method == "POST":
        form = forms.AgendaItemEditForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.agenda_item_update(actor=person, item=item, expected_version=data["lock_version"],
                                            title=data["title"], duration_minutes=data["duration_minutes"],
                                            description=data["description"], outcome=data["outcome"])
            except DomainError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The question is saved."))
                return _back(session.pk, "agenda")
    else:
        form = forms.AgendaItemEditForm(initial={"title": item.title, "duration_minutes": item.duration_minutes,
                                                 "description": item.description, "outcome": item.outcome,
                                                 "lock_version": item.lock_version})
    rapporteurs: Iterable[Rapporteur] = next((i.rapporteurs.all() for i in session.agenda_items.all() if i.pk == item.pk), [])
    return render(request, "web/agenda_edit.html", {"item": item, "session": session, "form": form,
                                                    "rap_form": rap_form, "rapporteurs": rapporteurs})


@action
def rapporteur_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    item = web_selectors.agenda_item_get(request.user, pk)
    session = meetings.session_get(request.user, item.session_id)
    form = forms.RapporteurForm(request.POST, parties=session.parties.all())
    if form.is_valid():
        services.rapporteur_add(actor=request.user, item=item, party=form.cleaned_data["party"],
                                name=form.cleaned_data["name"], position=form.cleaned_data["position"])
        messages.success(request, _("The rapporteur is added."))
    else:
        messages.error(request, _("Name the rapporteur and the party."))
    return redirect("agenda_edit", item.pk)


@action
def agenda_move(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    item = web_selectors.agenda_item_get(request.user, pk)
    position = request.POST.get("position") or ""
    if position.isdigit():  # dropped at a place (drag and drop); the service clamps it to the agenda
        target = int(position)
    else:
        target = item.order + (-1 if request.POST.get("direction") == "up" else 1)
    services.agenda_item_move(actor=request.user, item=item, position=target)
    session = meetings.session_get(request.user, item.session_id)
    htmx = getattr(request, "htmx", None)  # set by django-htmx's middleware
    if htmx and not htmx.boosted:
        return render(request, "web/partials/agenda.html", _session_context(request, session))
    return _back(session.pk, "agenda")


@action
def agenda_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    item = web_selectors.agenda_item_get(request.user, pk)
    services.agenda_item_delete(actor=request.user, item=item)
    messages.success(request, _("The question is removed from the agenda."))
    return _back(item.session_id, "agenda")


@action
def agenda_interim(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    session = meetings.session_get(request.user, pk)
    services.agenda_prepare_interim_results(actor=request.user, session=session)
    messages.success(request, _("The interim results question is prepared."))
    return _back(session.pk, "agenda")


@action
def material_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    session = meetings.session_get(request.user, pk)
    items = list(session.agenda_items.all())
    form = forms.MaterialForm(request.POST, request.FILES, items=items)
    if form.is_valid():
        data = form.cleaned_data
        item = next((i for i in items if i.pk == data["agenda_item"]), None)
        try:
            services.material_add(actor=request.user, session=session, title=data["title"],
                                  visibility=data["visibility"], clearance=data["clearance"], agenda_item=item,
                                  description=data["description"], upload=data["file"])
        except DomainError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The material is added."))
            return _back(session.pk, "materials")
    return _render_session(request, session, material_form=form)


@action
def material_publish(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    material = meetings.material_get(request.user, pk)
    services.material_publish(actor=request.user, material=material)
    messages.success(request, _("The material is now joint."))
    return _back(material.session_id, "materials")


@action
def attendance_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    session = meetings.session_get(request.user, pk)
    form = forms.AttendanceForm(request.POST, parties=session.parties.all())
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.attendance_add(actor=request.user, session=session, party=data["party"], role=data["role"],
                                    name=data["name"], position=data["position"])
        except DomainError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The participant is added."))
            return _back(session.pk, "attendance")
    return _render_session(request, session, attendance_form=form)


@form_page
def attendance_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = request.user
    row = web_selectors.attendance_get(person, pk)
    session = meetings.session_get(person, row.session_id)
    party_qs = session.parties.all()
    if request.method == "POST":
        form = forms.AttendanceEditForm(request.POST, parties=party_qs)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.attendance_update(actor=person, row=row, party=data["party"], role=data["role"],
                                           name=data["name"], position=data["position"], present=data["present"])
            except FORM_ERRORS as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The participant is saved."))
                return _back(session.pk, "attendance")
    else:
        form = forms.AttendanceEditForm(parties=party_qs, initial={
            "party": row.party_id, "role": row.role, "name": row.name or str(row), "position": row.position,
            "present": row.present})
    return render(request, "web/manage_form.html", {
        "form": form, "title": _("Edit the participant"), "submit": _("Save"),
        "cancel_url": reverse("session_detail", args=[session.pk]) + "#attendance",
        "crumb": (reverse("session_detail", args=[session.pk]) + "#attendance", session.title)})


@action
def attendance_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    row = web_selectors.attendance_get(request.user, pk)
    if not confirmed(request):
        return ask_confirmation(request, title=_("Remove the participant"),
                                text=_("«%(name)s» is removed from the attendance list.") % {"name": str(row)},
                                cancel_url=reverse("session_detail", args=[row.session_id]) + "#attendance")
    services.attendance_delete(actor=request.user, row=row)
    messages.success(request, _("The participant is removed."))
    return _back(row.session_id, "attendance")


@action
def minutes_save(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    session = meetings.session_get(request.user, pk)
    form = forms.MinutesForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.minutes_update(actor=request.user, session=session, text=data["text"],
                                    expected_version=data["lock_version"], final=data["final"])
        except Conflict:
            # Keep what this person typed on screen; the stored text is not touched.
            form.add_error(None, _("Someone else has saved the minutes since you opened them. Your text is "
                                   "below and has not been saved: copy it, reload the page and merge."))
        except DomainError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The minutes are saved."))
            return _back(session.pk, "minutes")
    return _render_session(request, session, minutes_form=form)


@action
def session_status(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    session = meetings.session_get(request.user, pk)
    form = forms.SessionStatusForm(request.POST)
    if form.is_valid():
        services.session_set_status(actor=request.user, session=session, status=form.cleaned_data["status"],
                                    expected_version=form.cleaned_data["lock_version"])
        messages.success(request, _("The status of the session is changed."))
    return _back(session.pk)


def _download(field_file, name: str, content_type: str = "application/octet-stream"):
    """Uploaded files are never served from a public path: only through a selector-checked view."""
    from django.http import FileResponse, Http404

    if not field_file:
        raise Http404()
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404() from exc
    return FileResponse(handle, as_attachment=True, filename=name or "file", content_type=content_type)


@page
def material_download(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    material = meetings.material_get(request.user, pk)
    return _download(material.file, material.file_name, material.content_type or "application/octet-stream")
