"""The Programme of coordinated actions: sections with their execution roll-up, and actions;
for the secretariat, creating a programme, its sections and actions, or importing one."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from collegium.documents import importers
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


def _programme_context(request: HttpRequest, pk: int | None, **overrides) -> dict:  # type: ignore[no-untyped-def]
    person = request.user
    programmes = list(programme.programme_list(person))
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
def programme_view(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    context = _programme_context(request, pk)
    return render_htmx(request, "web/programme.html", "web/partials/programme_tree.html", context)


@page
def action_detail(request: HttpRequest, pk: int) -> HttpResponse:
    action = programme.action_get(request.user, pk)
    return render(request, "web/action.html", {"action": action})


@form_page
def programme_create(request: HttpRequest) -> HttpResponse:
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
def section_add(request: HttpRequest, pk: int) -> HttpResponse:
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
def action_create(request: HttpRequest, pk: int) -> HttpResponse:
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
def programme_import(request: HttpRequest) -> HttpResponse:
    person = request.user
    row_errors: list[tuple[int, str]] = []
    if request.method == "POST":
        form = forms.ProgrammeImportForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            upload = data["file"]
            try:
                imported = importers.import_programme(actor=person, data=upload.read(), filename=upload.name,
                                                      title=data["title"], year_from=data["year_from"],
                                                      year_to=data["year_to"])
            except FORM_ERRORS as exc:
                row_errors = import_errors(form, exc)
            else:
                messages.success(request, _("The programme is imported; its actions are on control."))
                return redirect("programme_detail", imported.pk)
    else:
        year = timezone.localdate().year
        form = forms.ProgrammeImportForm(initial={"year_from": year, "year_to": year + 2})
    return render(request, "web/import.html", {
        "form": form, "row_errors": row_errors, "kind": "programme", "title": _("Import a programme"),
        "columns": importers.template_header("programme"), "cancel_url": reverse("programme"),
        "crumb": (reverse("programme"), _("Programme"))})
