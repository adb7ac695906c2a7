"""Back office for execution control. Obligations are joint; reports, extension requests and timeline
entries internal to another party are filtered out by the selectors' rule. Deadlines and statuses
change only through the services (admin actions below)."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from collegium.control import services
from collegium.control.models import (
    DeadlineChange,
    Executor,
    ExtensionRequest,
    Obligation,
    ObligationEvent,
    Report,
)
from collegium.control.selectors import extension_requests_visible, reports_visible
from collegium.core.admin import (
    BackOfficeAdmin,
    ReadOnlyAdmin,
    ReadOnlyInline,
    ScopedQuerysetMixin,
    run_service,
)
from collegium.core.selectors import internal_event_q


class VisibleReportsMixin(ScopedQuerysetMixin):
    def scope(self, request, qs):
        return qs.filter(pk__in=reports_visible(request.user).values("pk"))


class VisibleExtensionRequestsMixin(ScopedQuerysetMixin):
    def scope(self, request, qs):
        return qs.filter(pk__in=extension_requests_visible(request.user).values("pk"))


class VisibleEventsMixin(ScopedQuerysetMixin):
    def scope(self, request, qs):
        return qs.filter(internal_event_q(request.user))


class ExecutorInline(ReadOnlyInline):
    model = Executor
    fields = ("unit", "is_responsible")
    readonly_fields = fields
    show_change_link = False


class DeadlineChangeInline(ReadOnlyInline):
    model = DeadlineChange
    fields = ("old_deadline", "new_deadline", "reason", "changed_by", "changed_at")
    readonly_fields = fields
    show_change_link = False


class ReportInline(VisibleReportsMixin, ReadOnlyInline):
    model = Report
    fields = ("kind", "status", "visibility", "author", "submitted_at", "released_at")
    readonly_fields = fields


class ExtensionRequestInline(VisibleExtensionRequestsMixin, ReadOnlyInline):
    model = ExtensionRequest
    fields = ("status", "current_deadline", "proposed_deadline", "granted_deadline", "requested_by", "requested_at")
    readonly_fields = fields


class EventInline(VisibleEventsMixin, ReadOnlyInline):
    model = ObligationEvent
    fields = ("at", "kind", "actor", "from_status", "to_status", "note")
    readonly_fields = fields
    show_change_link = False


class OverdueFilter(admin.SimpleListFilter):
    title = _("overdue")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("Overdue")), ("no", _("Not overdue"))]

    def queryset(self, request, queryset):
        from django.utils import timezone

        late = {"status": Obligation.Status.ACTIVE, "deadline__lt": timezone.localdate()}
        if self.value() == "yes":
            return queryset.filter(**late)
        if self.value() == "no":
            return queryset.exclude(**late)
        return queryset


@admin.register(Obligation)
class ObligationAdmin(BackOfficeAdmin):
    list_display = ("title", "party", "source", "deadline", "status", "completed_on", "completed_in_time")
    list_filter = ("party", "status", OverdueFilter, "source", "periodicity", "executors__unit")
    search_fields = ("title", "text", "executors__unit__name")
    list_select_related = ("party",)
    date_hierarchy = "deadline"
    workflow_fields = ("party", "source", "clause", "action", "round", "issued_on", "deadline_days", "periodicity",
                       "initial_deadline", "period_end", "deadline", "status", "completed_on", "completed_in_time",
                       "removal_reason", "superseded_by")
    raw_id_fields = ("controller",)
    inlines = [ExecutorInline, DeadlineChangeInline, ReportInline, ExtensionRequestInline, EventInline]

    def get_queryset(self, request):
        return super().get_queryset(request).distinct()


@admin.register(Report)
class ReportAdmin(VisibleReportsMixin, ReadOnlyAdmin):
    list_display = ("obligation", "kind", "status", "owner_party", "visibility", "author", "submitted_at",
                    "released_at")
    list_filter = ("status", "kind", "visibility", "owner_party")
    search_fields = ("text", "obligation__title")
    list_select_related = ("obligation", "owner_party", "author")
    exclude = ("attachment",)
    actions = ["accept", "release"]

    @admin.action(description=_("Accept the selected submitted reports"))
    def accept(self, request, queryset):
        run_service(self, request, queryset, services.report_accept, "report", str(_("%(count)d report(s) accepted.")))

    @admin.action(description=_("Release the selected accepted reports to the other parties"))
    def release(self, request, queryset):
        run_service(self, request, queryset, services.report_release, "report",
                    str(_("%(count)d report(s) released.")))


@admin.register(ExtensionRequest)
class ExtensionRequestAdmin(VisibleExtensionRequestsMixin, ReadOnlyAdmin):
    list_display = ("obligation", "status", "current_deadline", "proposed_deadline", "granted_deadline",
                    "requested_by", "requested_at")
    list_filter = ("status",)
    search_fields = ("reason", "obligation__title")
    list_select_related = ("obligation", "requested_by")
    actions = ["grant"]

    @admin.action(description=_("Grant the selected requests with the proposed deadline"))
    def grant(self, request, queryset):
        run_service(self, request, queryset, services.extension_grant, "request",
                    str(_("%(count)d request(s) granted.")))


@admin.register(ObligationEvent)
class ObligationEventAdmin(VisibleEventsMixin, ReadOnlyAdmin):
    list_display = ("at", "obligation", "kind", "actor", "from_status", "to_status")
    list_filter = ("kind",)
    search_fields = ("note", "obligation__title")
    list_select_related = ("obligation", "actor")
