"""Back office for the plans of consultations: rounds and delegations (joint records)."""

from __future__ import annotations

from django.contrib import admin

from collegium.consultations.models import ConsultationPlan, Delegation, Round
from collegium.core.admin import BackOfficeAdmin


class RoundInline(admin.TabularInline):
    model = Round
    fields = ("number", "topic", "level", "period_label", "venue", "status")
    readonly_fields = ("number", "status")
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class DelegationInline(admin.TabularInline):
    model = Delegation
    fields = ("party", "unit", "head_name", "head_position")
    readonly_fields = ("party", "unit")
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ConsultationPlan)
class ConsultationPlanAdmin(BackOfficeAdmin):
    list_display = ("title", "year", "resolution")
    search_fields = ("title",)
    workflow_fields = ("year", "resolution")
    inlines = [RoundInline]


@admin.register(Round)
class RoundAdmin(BackOfficeAdmin):
    list_display = ("plan", "number", "topic", "level", "period_label", "venue", "status", "date_start")
    list_filter = ("plan", "status", "level", "venue_kind", "host_party")
    search_fields = ("topic", "venue", "outcome", "delegations__head_name")
    list_select_related = ("plan", "host_party")
    # Dates, status and outcome move only through round_agree_dates / mark_held / postpone / cancel.
    workflow_fields = ("plan", "number", "status", "date_start", "date_end", "outcome", "status_reason",
                       "period_start", "period_end", "ics_sequence")
    inlines = [DelegationInline]
