"""The plan of consultations: filtered table, a timeline by quarter, and the round card; for the
secretariat, creating a plan and its rounds, or importing a plan."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django import forms as django_forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from collegium.consultations import selectors, services
from collegium.consultations.selectors import RoundFilters
from collegium.core.errors import DomainError
from collegium.core.http import AuthenticatedRequest
from collegium.documents import import_jobs, importers
from collegium.parties import selectors as parties
from collegium.resolutions import selectors as resolutions
from collegium.web import forms
from collegium.web.views.base import (
    FORM_ERRORS,
    action,
    apply_errors,
    ask_confirmation,
    confirmed,
    form_page,
    import_errors,
    page,
    render_htmx,
)
from collegium.web.views.programme import import_job_response

if TYPE_CHECKING:
    from collegium.consultations.models import Round


def _quarter(month: int) -> int:
    return (month - 1) // 3 + 1


@page
def plan_view(request: AuthenticatedRequest, pk: int | None = None) -> HttpResponse:
    person = request.user
    plans = list(selectors.plan_list(person))
    plan = selectors.plan_get(person, pk) if pk is not None else (plans[0] if plans else None)
    form = forms.RoundFilterForm(request.GET, units=parties.unit_list(person))
    data = form.cleaned_data if form.is_valid() else {}
    rounds: list[Round] = []
    if plan is not None:
        rounds = list(selectors.round_list(person, plan, RoundFilters(
            level=data.get("level") or None, status=data.get("status") or None, venue=data.get("venue") or None,
            topic=data.get("topic") or None, unit=data.get("unit"), quarter=data.get("quarter"))))
        for rnd in rounds:
            start = rnd.date_start or rnd.period_start
            end = rnd.date_end or rnd.period_end
            q_from = _quarter(start.month) if start.year == plan.year else 1
            q_to = max(_quarter(end.month) if end.year == plan.year else 4, q_from)
            # Where the round's bar starts and ends on the timeline: for the template only, not a
            # field of the model, hence set by name.
            setattr(rnd, "q_from", q_from)  # noqa: B010
            setattr(rnd, "q_to", q_to)  # noqa: B010
    context = {"plans": plans, "plan": plan, "rounds": rounds, "form": form, "quarters": [1, 2, 3, 4]}
    return render_htmx(request, "web/plan.html", "web/partials/rounds.html", context)


def _round_context(rnd: Round, **overrides: Any) -> dict[str, Any]:
    v = {"lock_version": rnd.lock_version}
    context = {
        "round": rnd,
        "agree_form": forms.AgreeDatesForm(initial={**v, "date_start": rnd.date_start, "date_end": rnd.date_end,
                                                    "venue": rnd.venue}),
        "held_form": forms.MarkHeldForm(initial={**v, "date_start": rnd.date_start, "date_end": rnd.date_end}),
        "postpone_form": forms.PostponeForm(initial=v),
        "cancel_form": forms.RoundReasonForm(initial=v),
        "move_form": forms.RoundReasonForm(initial=v),
        "is_open": rnd.status in services.OPEN_STATES,
    }
    context.update(overrides)
    return context


@page
def round_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    rnd = selectors.round_get(request.user, pk)
    return render(request, "web/round_detail.html", _round_context(rnd))


def _round_action(request: AuthenticatedRequest, pk: int, form_class: type[django_forms.Form], form_key: str,
                  call: Callable[[Round, dict[str, Any]], object], done: str,
                  confirm: tuple[str, str] | None = None) -> HttpResponse:
    rnd = selectors.round_get(request.user, pk)
    form = form_class(request.POST)
    if form.is_valid():
        if confirm and not confirmed(request):
            return ask_confirmation(request, title=confirm[0], text=confirm[1],
                                    cancel_url=reverse("round_detail", args=[pk]))
        try:
            call(rnd, form.cleaned_data)
        except DomainError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect("round_detail", pk)
    return render(request, "web/round_detail.html", _round_context(rnd, **{form_key: form}))


@action
def round_agree(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _round_action(request, pk, forms.AgreeDatesForm, "agree_form", lambda r, d: services.round_agree_dates(
        actor=request.user, round=r, date_start=d["date_start"], date_end=d["date_end"], venue=d["venue"] or None,
        expected_version=d["lock_version"]), _("The dates are agreed."))


@action
def round_held(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _round_action(request, pk, forms.MarkHeldForm, "held_form", lambda r, d: services.round_mark_held(
        actor=request.user, round=r, outcome=d["outcome"], date_start=d["date_start"], date_end=d["date_end"],
        press_release_url=d["press_release_url"], expected_version=d["lock_version"]),
        _("The round is marked as held; its obligations are completed."))


@action
def round_postpone(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _round_action(request, pk, forms.PostponeForm, "postpone_form", lambda r, d: services.round_postpone(
        actor=request.user, round=r, reason=d["reason"], period_start=d["period_start"],
        period_end=d["period_end"], expected_version=d["lock_version"]), _("The round is postponed."))


@action
def round_cancel(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _round_action(request, pk, forms.RoundReasonForm, "cancel_form", lambda r, d: services.round_cancel(
        actor=request.user, round=r, reason=d["reason"], expected_version=d["lock_version"]),
        _("The round is cancelled."),
        confirm=(_("Cancel the round"), _("The round is cancelled and its obligations are removed from control. "
                                          "This cannot be undone.")))


@action
def round_move(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _round_action(request, pk, forms.RoundReasonForm, "move_form",
                         lambda r, d: services.round_move_to_next_year(
                             actor=request.user, round=r, reason=d["reason"], expected_version=d["lock_version"]),
                         _("The round is moved to next year."))


def _plans_crumb() -> tuple[str, str]:
    return reverse("plan"), _("Consultations")


@form_page
def plan_create(request: AuthenticatedRequest) -> HttpResponse:
    person = request.user
    resolution_qs = resolutions.resolution_list(person)
    if request.method == "POST":
        form = forms.PlanForm(request.POST, resolutions=resolution_qs)
        if form.is_valid():
            data = form.cleaned_data
            try:
                plan = services.plan_create(actor=person, year=data["year"], title=data["title"],
                                            resolution=data["resolution"])
            except FORM_ERRORS as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The plan is created. Add its rounds."))
                return redirect("plan_detail", plan.pk)
    else:
        year = timezone.localdate().year + 1
        form = forms.PlanForm(resolutions=resolution_qs, initial={
            "year": year, "title": _("Plan of inter-ministry consultations for %(year)s") % {"year": year}})
    return render(request, "web/manage_form.html", {
        "form": form, "title": _("New plan of consultations"), "submit": _("Create the plan"),
        "cancel_url": reverse("plan"), "crumb": _plans_crumb()})


@form_page
def round_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = request.user
    plan = selectors.plan_get(person, pk)
    party_qs = parties.party_list(person)
    units = parties.unit_list(person)
    if request.method == "POST":
        form = forms.RoundForm(request.POST, parties=party_qs, units=units)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.round_create(actor=person, plan=plan, topic=data["topic"], level=data["level"],
                                      period_start=data["period_start"], period_end=data["period_end"],
                                      period_label=data["period_label"], venue=data["venue"],
                                      venue_kind=data["venue_kind"], host_party=data["host_party"],
                                      delegations=form.delegations())
            except FORM_ERRORS as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The round is added to the plan."))
                if request.POST.get("another"):
                    return redirect("round_create", plan.pk)
                return redirect("plan_detail", plan.pk)
    else:
        form = forms.RoundForm(parties=party_qs, units=units)
    return render(request, "web/round_form.html", {"form": form, "plan": plan})


@form_page
def plan_import(request: AuthenticatedRequest) -> HttpResponse:
    """As the Programme import: a background job checks and imports, its page shows the progress."""
    person = request.user
    resolution_qs = resolutions.resolution_list(person)
    if request.method == "POST":
        form = forms.PlanImportForm(request.POST, request.FILES, resolutions=resolution_qs)
        if form.is_valid():
            data = form.cleaned_data
            upload = data["file"]
            try:
                job = import_jobs.import_enqueue(
                    actor=person, kind="plan", data=upload.read(), filename=upload.name,
                    params={"year": data["year"], "title": data["title"],
                            "resolution_id": data["resolution"].pk if data["resolution"] else None})
            except FORM_ERRORS as exc:
                import_errors(form, exc)
            else:
                return redirect("plan_import_job", job.pk)
    else:
        year = timezone.localdate().year + 1
        form = forms.PlanImportForm(resolutions=resolution_qs, initial={
            "year": year, "title": _("Plan of inter-ministry consultations for %(year)s") % {"year": year}})
    return render(request, "web/import.html", {
        "form": form, "row_errors": [], "kind": "plan", "title": _("Import a plan of consultations"),
        "columns": importers.template_header("plan"), "cancel_url": reverse("plan"), "crumb": _plans_crumb()})


@page
@require_GET
def plan_import_job(request: AuthenticatedRequest, job_id: int) -> HttpResponse:
    job, outcome = import_jobs.import_job_get(request.user, job_id=job_id, kind="plan")
    return import_job_response(request, job, outcome, {
        "title": _("Import a plan of consultations"), "crumb": _plans_crumb(), "again_url": reverse("plan_import"),
        "record_url": reverse("plan_detail", args=[outcome["id"]]) if outcome and outcome["ok"] else "",
        "record_label": _("Open the plan")})
