"""Back office for resolutions. The joint text changes only through the negotiation services, so
clauses, approvals and signatures are read-only here; a party's draft proposals are hidden from the
other parties."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from collegium.core.admin import ReadOnlyAdmin, ReadOnlyInline, ScopedQuerysetMixin, run_service
from collegium.resolutions import services
from collegium.resolutions.models import (
    Approval,
    ChangeProposal,
    Clause,
    ClauseAddressee,
    Resolution,
    Signature,
)
from collegium.resolutions.selectors import proposals_visible


class VisibleProposalsMixin(ScopedQuerysetMixin):
    def scope(self, request, qs):
        return qs.filter(pk__in=proposals_visible(request.user).values("pk"))


class ClauseInline(ReadOnlyInline):
    model = Clause
    fields = ("number", "kind", "text", "deadline_days", "deadline_date", "periodicity")
    readonly_fields = fields


class ProposalInline(VisibleProposalsMixin, ReadOnlyInline):
    model = ChangeProposal
    fields = ("party", "kind", "clause", "status", "proposed_text")
    readonly_fields = fields


class ApprovalInline(ReadOnlyInline):
    model = Approval
    fields = ("party", "text_version", "approved_by", "approved_at", "withdrawn_at")
    readonly_fields = fields


class SignatureInline(ReadOnlyInline):
    model = Signature
    fields = ("party", "signer", "signed_at", "text_version", "text_digest")
    readonly_fields = fields


@admin.register(Resolution)
class ResolutionAdmin(ReadOnlyAdmin):
    list_display = ("title", "number", "session", "status", "text_version", "signed_on")
    list_filter = ("status",)
    search_fields = ("title", "number", "place", "clauses__text")
    list_select_related = ("session",)
    inlines = [ClauseInline, ProposalInline, ApprovalInline, SignatureInline]


class AddresseeInline(ReadOnlyInline):
    model = ClauseAddressee
    fields = ("unit", "is_responsible")
    readonly_fields = fields
    show_change_link = False


@admin.register(Clause)
class ClauseAdmin(ReadOnlyAdmin):
    list_display = ("resolution", "number", "kind", "text", "deadline_days", "deadline_date", "periodicity")
    list_filter = ("kind", "periodicity", "resolution")
    search_fields = ("text",)
    list_select_related = ("resolution",)
    inlines = [AddresseeInline]


@admin.register(ChangeProposal)
class ChangeProposalAdmin(VisibleProposalsMixin, ReadOnlyAdmin):
    list_display = ("resolution", "party", "kind", "clause", "status", "created_at", "decided_at")
    list_filter = ("status", "kind", "party")
    search_fields = ("proposed_text", "original_text", "comment")
    list_select_related = ("resolution", "party", "clause")
    actions = ["submit"]

    @admin.action(description=_("Send the selected draft proposals to the other parties"))
    def submit(self, request, queryset):
        run_service(self, request, queryset, services.proposal_submit, "proposal",
                    str(_("%(count)d proposal(s) sent.")))


@admin.register(Approval)
class ApprovalAdmin(ReadOnlyAdmin):
    list_display = ("resolution", "party", "text_version", "approved_by", "approved_at", "withdrawn_at")
    list_filter = ("party",)


@admin.register(Signature)
class SignatureAdmin(ReadOnlyAdmin):
    list_display = ("resolution", "party", "signer", "signed_at", "text_version", "text_digest")
    list_filter = ("party",)
