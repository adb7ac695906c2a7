"""The Programme of coordinated actions: sections with their execution roll-up, and actions;
for the secretariat, creating a programme, its sections and actions, or importing one."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from collegium.control import selectors as control
from collegium.core.http import AuthenticatedRequest
from collegium.documents import import_jobs, importers
from collegium.parties import selectors as parties
from collegium.programme import selectors as programme
from collegium.programme import services
from collegium.web import forms
from collegium.web import selectors as web_selectors
from collegium.web.views.base import (
    FORM_ERRORS,
    action,
    apply_errors,
    form_page,
    import_errors,
    page,
    render_htmx,
)

if TYPE_CHECKING:
    from collegium.notifications.models import Job
    from collegium.programme.models import Programme


def _programme_context(request: AuthenticatedRequest, pk: int | None, **overrides: Any) -> dict[str, Any]:
    person = request.user
    programmes = list(programme.programme_list(person))
    current: Programme | None
    if pk is not None:
        current = programme.programme_get(person, pk)
    else:
        current = programmes[0] if programmes else None
    party = (request.GET.get("party") or "").strip() or None
    unit_raw = request.GET.get("unit") or ""
    unit = int(unit_raw) if unit_raw.isdigit() else None
    sections = programme.programme_tree(person, current, party=party, unit=unit) if current else []
    context = {
        "programmes": programmes, "programme": current, "sections": sections,
        "parties": list(parties.party_list(person)), "units": list(parties.unit_list(person, party)),
        "party": party or "", "unit": unit, "section_form": forms.SectionForm(),
    }
    context.update(overrides)
    return context


@page
def programme_view(request: AuthenticatedRequest, pk: int | None = None) -> HttpResponse:
    context = _programme_context(request, pk)
    return render_htmx(request, "web/programme.html", "web/partials/programme_tree.html", context)


@page
def action_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    action = programme.action_get(request.user, pk)
    rows = control.obligation_rows(control.obligation_row_values(
        request.user, control.ObligationFilters(action=action.pk)))
    return render(request, "web/action.html", {"action": action, "obligations": rows})


@form_page
def programme_create(request: AuthenticatedRequest) -> HttpResponse:
    person = request.user
    party_qs = parties.party_list(person)
    if request.method == "POST":
        form = forms.ProgrammeForm(request.POST, parties=party_qs)
        if form.is_valid():
            data = form.cleaned_data
            try:
                created = services.programme_create(
                    actor=person, title=data["title"], year_from=data["year_from"], year_to=data["year_to"],
                    parties=list(data["parties"]), status=data["status"], approved_by=data["approved_by"],
                    approval_number=data["approval_number"], approval_date=data["approval_date"])
            except FORM_ERRORS as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The programme is created. Add its sections and actions."))
                return redirect("programme_detail", created.pk)
    else:
        year = timezone.localdate().year
        form = forms.ProgrammeForm(parties=party_qs, initial={"year_from": year, "year_to": year + 2,
                                                              "parties": list(party_qs)})
    return render(request, "web/manage_form.html", {
        "form": form, "title": _("New programme"), "submit": _("Create the programme"),
        "cancel_url": reverse("programme"), "crumb": (reverse("programme"), _("Programme"))})


@action
def section_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    current = programme.programme_get(request.user, pk)
    form = forms.SectionForm(request.POST)
    if form.is_valid():
        try:
            section = services.section_add(actor=request.user, programme=current, title=form.cleaned_data["title"],
                                           number=form.cleaned_data["number"])
        except FORM_ERRORS as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The section is added."))
            return redirect(reverse("programme_detail", args=[pk]) + f"#section-{section.pk}")
    context = _programme_context(request, pk, section_form=form)
    return render(request, "web/programme.html", context)


@form_page
def action_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = request.user
    section = web_selectors.section_get(person, pk)
    party_qs = section.programme.parties.order_by("order", "code")
    units = parties.unit_list(person)
    if request.method == "POST":
        form = forms.ActionForm(request.POST, parties=party_qs, units=units)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.action_add(actor=person, section=section, number=data["number"], text=data["text"],
                                    executors=data["executors"], issued_on=data["issued_on"],
                                    deadline_date=data["deadline_date"], periodicity=data["periodicity"],
                                    deadline_text=data["deadline_text"])
            except FORM_ERRORS as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The action is added and put on control for each executing party."))
                if request.POST.get("another"):
                    return redirect("action_create", section.pk)
                return redirect(reverse("programme_detail", args=[section.programme_id]) + f"#section-{section.pk}")
    else:
        count = section.actions.count()
        form = forms.ActionForm(parties=party_qs, units=units, initial={
            "number": f"{section.number}.{count + 1}", "issued_on": timezone.localdate()})
    return render(request, "web/action_form.html", {"form": form, "section": section})


@form_page
def programme_import(request: AuthenticatedRequest) -> HttpResponse:
    """The upload is checked and imported by a background job; the person watches its progress
    on the job's page (the form stays the same, with or without JavaScript)."""
    person = request.user
    if request.method == "POST":
        form = forms.ProgrammeImportForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            upload = data["file"]
            try:
                job = import_jobs.import_enqueue(
                    actor=person, kind="programme", data=upload.read(), filename=upload.name,
                    params={"title": data["title"], "year_from": data["year_from"], "year_to": data["year_to"]})
            except FORM_ERRORS as exc:
                import_errors(form, exc)
            else:
                return redirect("programme_import_job", job.pk)
    else:
        year = timezone.localdate().year
        form = forms.ProgrammeImportForm(initial={"year_from": year, "year_to": year + 2})
    return render(request, "web/import.html", {
        "form": form, "row_errors": [], "kind": "programme", "title": _("Import a programme"),
        "columns": importers.template_header("programme"), "cancel_url": reverse("programme"),
        "crumb": (reverse("programme"), _("Programme"))})


@page
@require_GET
def programme_import_job(request: AuthenticatedRequest, job_id: int) -> HttpResponse:
    """Progress of an import, then its outcome; HTMX polls the partial from this same view."""
    job, outcome = import_jobs.import_job_get(request.user, job_id=job_id, kind="programme")
    return import_job_response(request, job, outcome, {
        "title": _("Import a programme"), "crumb": (reverse("programme"), _("Programme")),
        "again_url": reverse("programme_import"),
        "record_url": reverse("programme_detail", args=[outcome["id"]]) if outcome and outcome["ok"] else "",
        "record_label": _("Open the programme")})


def import_job_response(request: HttpRequest, job: Job, outcome: dict[str, Any] | None,
                        context: dict[str, Any]) -> HttpResponse:
    """The job page, or for HTMX its partial; 286 tells htmx to stop polling a finished job."""
    htmx = getattr(request, "htmx", None)
    partial = bool(htmx and not htmx.boosted)
    response = render(request, "web/partials/import_job.html" if partial else "web/import_job.html",
                      {**context, "job": job, "outcome": outcome})
    if partial and job.is_finished:
        response.status_code = 286
    return response
