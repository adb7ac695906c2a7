"""Execution control: the obligation list with filters and the obligation card with reports,
extension requests, the issuer's own changes of executors and deadline, removal from control and
the timeline."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from collegium.control import selectors, services
from collegium.control.models import Obligation
from collegium.control.selectors import ObligationCard, ObligationFilters
from collegium.core.errors import DomainError
from collegium.core.http import AuthenticatedRequest
from collegium.parties import selectors as parties
from collegium.web import forms
from collegium.web.views.base import (
    FORM_ERRORS,
    action,
    apply_errors,
    ask_confirmation,
    confirmed,
    page,
    render_htmx,
)

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from collegium.parties.models import Unit

PAGE_SIZE = 25


def filters_from(form: forms.ObligationFilterForm) -> ObligationFilters:
    data = form.cleaned_data if form.is_valid() else {}
    overdue = {"1": True, "0": False}.get(data.get("overdue") or "")
    return ObligationFilters(
        party=data.get("party") or None, unit=data.get("unit"), status=data.get("status") or None,
        overdue=overdue, source=data.get("source") or None, deadline_from=data.get("deadline_from"),
        deadline_to=data.get("deadline_to"), session=data.get("session"), section=data.get("section"),
        mine=bool(data.get("mine")), q=(data.get("q") or "").strip() or None,
    )


@page
def obligation_list(request: AuthenticatedRequest) -> HttpResponse:
    person = request.user
    form = forms.ObligationFilterForm(request.GET, parties=parties.party_list(person),
                                      units=parties.unit_list(person))
    today = timezone.localdate()
    qs = selectors.obligation_row_values(person, filters_from(form), today=today)
    paginator = Paginator(qs, PAGE_SIZE)
    page_obj = paginator.get_page(request.GET.get("page"))
    context = {"form": form, "page_obj": page_obj,
               "obligations": selectors.obligation_rows(page_obj.object_list, today=today)}
    return render_htmx(request, "web/obligation_list.html", "web/partials/obligation_table.html", context)


def _party_units(request: AuthenticatedRequest, obligation: Obligation) -> QuerySet[Unit]:
    return parties.unit_list(request.user, obligation.party.code)


def _card_context(request: AuthenticatedRequest, card: ObligationCard, **overrides: Any) -> dict[str, Any]:
    obligation = card.obligation
    own = bool(request.user.is_secretariat and request.user.party_id == obligation.party_id)
    executors = list(obligation.executors.all())
    context = {
        "card": card, "obligation": obligation,
        "report_form": forms.ReportForm(),
        "extension_form": forms.ExtensionRequestForm(),
        "remove_form": forms.RemoveForm(),
        "has_pending_extension": any(r.status == "pending" for r in card.extension_requests),
        "is_own_secretariat": own,
        "can_reassign": own and obligation.status == Obligation.Status.ACTIVE,
    }
    if context["can_reassign"]:
        units = _party_units(request, obligation)
        context["executors_form"] = forms.ExecutorsForm(units=units, initial={
            "responsible_unit": next((e.unit_id for e in executors if e.is_responsible), None),
            "co_executor_units": [e.unit_id for e in executors if not e.is_responsible],
            "lock_version": obligation.lock_version})
        context["deadline_form"] = forms.DeadlineChangeForm(initial={"deadline": obligation.deadline,
                                                                     "lock_version": obligation.lock_version})
    context.update(overrides)
    return context


def _render_card(request: AuthenticatedRequest, card: ObligationCard, **overrides: Any) -> HttpResponse:
    return render(request, "web/obligation_detail.html", _card_context(request, card, **overrides))


def _back(pk: int, anchor: str = "") -> HttpResponse:
    return redirect(reverse("obligation_detail", args=[pk]) + (f"#{anchor}" if anchor else ""))


@page
def obligation_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _render_card(request, selectors.obligation_card(request.user, pk))


@action
def report_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    card = selectors.obligation_card(request.user, pk)
    form = forms.ReportForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        upload = data["attachment"]
        try:
            services.report_create(actor=request.user, obligation=card.obligation, kind=data["kind"],
                                   text=data["text"], attachment=upload,
                                   attachment_name=upload.name[:255] if upload else "")
        except DomainError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The report is saved as a draft, internal to your party."))
            return _back(pk, "reports")
    return _render_card(request, card, report_form=form)


@action
def report_submit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    report = selectors.report_get(request.user, pk)
    services.report_submit(actor=request.user, report=report)
    messages.success(request, _("The report is submitted to your secretariat."))
    return _back(report.obligation_id, "reports")


@action
def report_accept(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    report = selectors.report_get(request.user, pk)
    services.report_accept(actor=request.user, report=report)
    messages.success(request, _("The report is accepted."))
    return _back(report.obligation_id, "reports")


@action
def report_return(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    report = selectors.report_get(request.user, pk)
    services.report_return(actor=request.user, report=report, reason=request.POST.get("reason", ""))
    messages.success(request, _("The report is returned to the executor."))
    return _back(report.obligation_id, "reports")


@action
def report_release(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    report = selectors.report_get(request.user, pk)
    if not confirmed(request):
        return ask_confirmation(
            request, title=_("Release the report"),
            text=_("The report becomes visible to every party. This cannot be undone."),
            cancel_url=reverse("obligation_detail", args=[report.obligation_id]))
    services.report_release(actor=request.user, report=report)
    messages.success(request, _("The report is released to the other parties."))
    return _back(report.obligation_id, "reports")


@action
def extension_request(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    card = selectors.obligation_card(request.user, pk)
    form = forms.ExtensionRequestForm(request.POST)
    if form.is_valid():
        try:
            services.extension_request_create(actor=request.user, obligation=card.obligation,
                                              proposed_deadline=form.cleaned_data["proposed_deadline"],
                                              reason=form.cleaned_data["reason"])
        except DomainError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The extension request is sent to your secretariat."))
            return _back(pk, "deadline")
    return _render_card(request, card, extension_form=form)


@action
def extension_grant(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    ext = selectors.extension_request_get(request.user, pk)
    form = forms.ExtensionGrantForm(request.POST)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    services.extension_grant(actor=request.user, request=ext, deadline=data.get("deadline"),
                             note=data.get("note") or "")
    messages.success(request, _("The extension is granted; the deadline is moved."))
    return _back(ext.obligation_id, "deadline")


@action
def extension_reject(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    ext = selectors.extension_request_get(request.user, pk)
    services.extension_reject(actor=request.user, request=ext, reason=request.POST.get("reason", ""))
    messages.success(request, _("The extension request is rejected."))
    return _back(ext.obligation_id, "deadline")


@action
def extension_withdraw(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    ext = selectors.extension_request_get(request.user, pk)
    services.extension_withdraw(actor=request.user, request=ext)
    messages.success(request, _("The extension request is withdrawn."))
    return _back(ext.obligation_id, "deadline")


@action
def obligation_remove(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    card = selectors.obligation_card(request.user, pk)
    form = forms.RemoveForm(request.POST)
    if form.is_valid():
        if not confirmed(request):
            return ask_confirmation(
                request, title=_("Remove from control"),
                text=_("«%(title)s» will be removed from control. This cannot be undone.")
                % {"title": card.obligation.title},
                cancel_url=reverse("obligation_detail", args=[pk]))
        try:
            services.obligation_remove_from_control(actor=request.user, obligation=card.obligation,
                                                    reason_kind=form.cleaned_data["reason_kind"],
                                                    reason=form.cleaned_data["reason"])
        except DomainError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The obligation is removed from control."))
            return _back(pk)
    return _render_card(request, card, remove_form=form)


@action
def obligation_executors(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    card = selectors.obligation_card(request.user, pk)
    form = forms.ExecutorsForm(request.POST, units=_party_units(request, card.obligation))
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.obligation_set_executors(actor=request.user, obligation=card.obligation,
                                              responsible_unit=data["responsible_unit"],
                                              co_executor_units=list(data["co_executor_units"]),
                                              expected_version=data["lock_version"])
        except FORM_ERRORS as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The executors are changed."))
            return _back(pk, "executors")
    return _render_card(request, card, executors_form=form)


@action
def obligation_deadline(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    card = selectors.obligation_card(request.user, pk)
    form = forms.DeadlineChangeForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        if not confirmed(request):
            return ask_confirmation(
                request, title=_("Move the deadline"),
                text=_("The deadline moves from %(old)s to %(new)s by your party's own decision; the executors "
                       "and the other parties see the change.")
                % {"old": card.obligation.deadline.strftime("%d.%m.%Y"), "new": data["deadline"].strftime("%d.%m.%Y")},
                cancel_url=reverse("obligation_detail", args=[pk]))
        try:
            services.obligation_change_deadline(actor=request.user, obligation=card.obligation,
                                                deadline=data["deadline"], reason=data["reason"],
                                                expected_version=data["lock_version"])
        except FORM_ERRORS as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The deadline is moved to %(date)s.")
                             % {"date": card.obligation.deadline.strftime("%d.%m.%Y")})
            return _back(pk, "deadline")
    return _render_card(request, card, deadline_form=form)


@page
def report_attachment(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    from collegium.web.views.meetings import _download

    report = selectors.report_get(request.user, pk)
    return _download(report.attachment, report.attachment_name)
