"""The resolution: clauses while drafting, change proposals between parties as a word diff,
approvals per party, and the heads' signatures."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from collegium.core.errors import Conflict, DomainError
from collegium.core.http import AuthenticatedRequest
from collegium.meetings import selectors as meetings
from collegium.parties import selectors as parties
from collegium.resolutions import selectors, services
from collegium.resolutions.models import ChangeProposal, Resolution
from collegium.web import forms
from collegium.web.views.base import action, apply_errors, ask_confirmation, confirmed, page

if TYPE_CHECKING:
    from collegium.resolutions.selectors import ResolutionDetail


@page
def resolution_list(request: AuthenticatedRequest) -> HttpResponse:
    return render(request, "web/resolution_list.html",
                  {"resolutions": list(selectors.resolution_list(request.user))})


def _context(request: AuthenticatedRequest, resolution: ResolutionDetail, **overrides) -> dict:
    person = request.user
    clauses = list(resolution.clauses.all())
    units = parties.unit_list(person)
    state = selectors.approval_state(resolution)
    participant = person.party_id in {p.pk for p in resolution.session.parties.all()}
    proposals = resolution.visible_proposals
    pending = [p for p in proposals if p.status == ChangeProposal.Status.PROPOSED]
    own_approved = any(a.party_id == person.party_id and a.text_version == resolution.text_version
                       for a in resolution.live_approvals)
    context = {
        "resolution": resolution,
        "clauses": clauses,
        "proposals": proposals,
        "pending": pending,
        "state": state,
        "is_draft": resolution.status == Resolution.Status.DRAFT,
        "is_secretariat": bool(person.is_secretariat and participant),
        "is_head": bool(person.is_head and participant),
        "can_approve": bool((person.is_secretariat or person.is_head) and participant
                            and resolution.status == Resolution.Status.DRAFT and not own_approved),
        "can_sign": bool(person.is_head and participant and resolution.status == Resolution.Status.AGREED
                         and not any(s.party_id == person.party_id for s in resolution.signatures.all())),
        "signatures": list(resolution.signatures.all()),
        "clause_form": forms.ClauseForm(units=units),
        "proposal_form": forms.ProposalForm(clauses=clauses),
    }
    context.update(overrides)
    return context


def _render(request: AuthenticatedRequest, resolution: ResolutionDetail, **overrides) -> HttpResponse:
    return render(request, "web/resolution_detail.html", _context(request, resolution, **overrides))


def _back(pk: int, anchor: str = "") -> HttpResponse:
    return redirect(reverse("resolution_detail", args=[pk]) + (f"#{anchor}" if anchor else ""))


@page
def resolution_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _render(request, selectors.resolution_get(request.user, pk))


@action
def resolution_create(request: AuthenticatedRequest, session_pk: int) -> HttpResponse:
    session = meetings.session_get(request.user, session_pk)
    form = forms.ResolutionCreateForm(request.POST)
    if form.is_valid():
        resolution = services.resolution_create(actor=request.user, session=session, **form.cleaned_data)
        messages.success(request, _("The draft resolution is created."))
        return _back(resolution.pk)
    messages.error(request, _("Give the title and the place of the resolution."))
    return redirect("session_detail", session.pk)


@action
def clause_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    resolution = selectors.resolution_get(request.user, pk)
    form = forms.ClauseForm(request.POST, units=parties.unit_list(request.user))
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.clause_add(actor=request.user, resolution=resolution, text=data["text"], kind=data["kind"],
                                number=data["number"], deadline_days=data["deadline_days"],
                                deadline_date=data["deadline_date"], periodicity=data["periodicity"],
                                responsible_units=list(data["responsible_units"]),
                                co_executor_units=list(data["co_executor_units"]))
        except DomainError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The clause is added; approvals given so far are withdrawn."))
            return _back(resolution.pk, "clauses")
    return _render(request, resolution, clause_form=form)


@page
def clause_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = request.user
    clause = selectors.clause_get(person, pk)
    units = parties.unit_list(person)
    if request.method == "POST":
        form = forms.ClauseForm(request.POST, units=units)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.clause_update(actor=person, clause=clause, expected_version=data["lock_version"],
                                       text=data["text"], kind=data["kind"], deadline_days=data["deadline_days"],
                                       deadline_date=data["deadline_date"], periodicity=data["periodicity"],
                                       responsible_units=list(data["responsible_units"]),
                                       co_executor_units=list(data["co_executor_units"]))
            except Conflict:
                form.add_error(None, _("Someone else has changed this clause since you opened it. Your text is "
                                       "below and has not been saved; reload to see the current text."))
            except DomainError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The clause is saved; approvals given so far are withdrawn."))
                return _back(clause.resolution_id, "clauses")
    else:
        addressees = list(clause.addressees.all())
        form = forms.ClauseForm(units=units, initial={
            "text": clause.text, "kind": clause.kind, "deadline_days": clause.deadline_days,
            "deadline_date": clause.deadline_date, "periodicity": clause.periodicity,
            "responsible_units": [a.unit_id for a in addressees if a.is_responsible],
            "co_executor_units": [a.unit_id for a in addressees if not a.is_responsible],
            "lock_version": clause.lock_version})
    return render(request, "web/clause_edit.html", {"clause": clause, "form": form})


@action
def clause_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    clause = selectors.clause_get(request.user, pk)
    services.clause_delete(actor=request.user, clause=clause)
    messages.success(request, _("The clause is deleted."))
    return _back(clause.resolution_id, "clauses")


@action
def proposal_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    resolution = selectors.resolution_get(request.user, pk)
    clauses = list(resolution.clauses.all())
    form = forms.ProposalForm(request.POST, clauses=clauses)
    if form.is_valid():
        data = form.cleaned_data
        clause = next((c for c in clauses if c.pk == data["clause"]), None)
        try:
            services.proposal_create(actor=request.user, resolution=resolution, kind=data["kind"], clause=clause,
                                     proposed_text=data["proposed_text"], insert_after=data["insert_after"],
                                     proposed_kind=data["proposed_kind"], comment=data["comment"])
        except DomainError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The proposal is saved as an internal draft. Send it when ready."))
            return _back(resolution.pk, "proposals")
    return _render(request, resolution, proposal_form=form)


@action
def proposal_submit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    proposal = selectors.proposal_get(request.user, pk)
    services.proposal_submit(actor=request.user, proposal=proposal)
    messages.success(request, _("The proposal is sent to the other parties."))
    return _back(proposal.resolution_id, "proposals")


@action
def proposal_withdraw(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    proposal = selectors.proposal_get(request.user, pk)
    services.proposal_withdraw(actor=request.user, proposal=proposal)
    messages.success(request, _("The proposal is withdrawn."))
    return _back(proposal.resolution_id, "proposals")


@action
def proposal_accept(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    proposal = selectors.proposal_get(request.user, pk)
    services.proposal_accept(actor=request.user, proposal=proposal)
    messages.success(request, _("The proposal is accepted and applied to the text."))
    return _back(proposal.resolution_id, "proposals")


@action
def proposal_reject(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    proposal = selectors.proposal_get(request.user, pk)
    services.proposal_reject(actor=request.user, proposal=proposal, reason=request.POST.get("reason", ""))
    messages.success(request, _("The proposal is rejected."))
    return _back(proposal.resolution_id, "proposals")


@action
def resolution_approve(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    resolution = selectors.resolution_get(request.user, pk)
    try:
        version = int(request.POST.get("text_version", ""))
    except ValueError:
        version = -1
    services.resolution_approve(actor=request.user, resolution=resolution, text_version=version)
    messages.success(request, _("Your party has approved version %(version)s of the text.") % {"version": version})
    return _back(resolution.pk)


@action
def resolution_sign(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    resolution = selectors.resolution_get(request.user, pk)
    if not confirmed(request):
        return ask_confirmation(
            request, title=_("Sign the resolution"),
            text=_("You sign version %(version)s of «%(title)s» on behalf of your party. A signature cannot be "
                   "undone.") % {"version": resolution.text_version, "title": resolution.title},
            cancel_url=reverse("resolution_detail", args=[resolution.pk]))
    services.resolution_sign(actor=request.user, resolution=resolution)
    messages.success(request, _("The resolution is signed on behalf of your party."))
    return _back(resolution.pk)
