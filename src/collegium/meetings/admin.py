"""Back office for sessions: agenda, rapporteurs, attendance and materials (scoped by visibility)."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from collegium.core.admin import BackOfficeAdmin, ReadOnlyInline, ScopedQuerysetMixin, run_service
from collegium.core.selectors import visible_q
from collegium.meetings import services
from collegium.meetings.models import AgendaItem, Attendance, Material, Minutes, Rapporteur, Session


class VisibleMaterialsMixin(ScopedQuerysetMixin):
    def scope(self, request, qs):
        return qs.filter(visible_q(request.user))


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    fields = ("order", "title", "duration_minutes", "is_interim_results")
    readonly_fields = ("order", "is_interim_results")
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class AttendanceInline(ReadOnlyInline):
    model = Attendance
    fields = ("party", "person", "name", "position", "role", "present")
    readonly_fields = fields


class MaterialInline(VisibleMaterialsMixin, ReadOnlyInline):
    model = Material
    fk_name = "session"
    fields = ("title", "agenda_item", "owner_party", "visibility", "clearance", "file_name")
    readonly_fields = fields


@admin.register(Session)
class SessionAdmin(BackOfficeAdmin):
    list_display = ("number", "title", "date_start", "city", "host_party", "status", "format")
    list_filter = ("status", "host_party", "format")
    search_fields = ("title", "city", "venue")
    date_hierarchy = "date_start"
    workflow_fields = ("number", "status", "host_party", "parties", "previous", "co_chairs")
    inlines = [AgendaItemInline, AttendanceInline, MaterialInline]


class RapporteurInline(ReadOnlyInline):
    model = Rapporteur
    fields = ("party", "person", "name", "position")
    readonly_fields = fields


class AgendaMaterialInline(MaterialInline):
    fk_name = "agenda_item"


@admin.register(AgendaItem)
class AgendaItemAdmin(BackOfficeAdmin):
    list_display = ("session", "order", "title", "duration_minutes", "is_interim_results")
    list_filter = ("session", "is_interim_results")
    search_fields = ("title", "description", "outcome")
    list_select_related = ("session",)
    workflow_fields = ("session", "order", "is_interim_results")
    inlines = [RapporteurInline, AgendaMaterialInline]


@admin.register(Material)
class MaterialAdmin(VisibleMaterialsMixin, BackOfficeAdmin):
    list_display = ("title", "session", "agenda_item", "owner_party", "visibility", "clearance", "uploaded_at")
    list_filter = ("visibility", "clearance", "owner_party", "session")
    search_fields = ("title", "description", "file_name")
    list_select_related = ("session", "agenda_item", "owner_party")
    workflow_fields = ("session", "agenda_item", "owner_party", "visibility", "clearance", "file", "file_name",
                       "content_type", "size", "uploaded_by")
    actions = ["publish"]

    @admin.action(description=_("Make the selected internal materials joint"))
    def publish(self, request, queryset):
        run_service(self, request, queryset, services.material_publish, "material",
                    str(_("%(count)d material(s) made joint.")))


@admin.register(Minutes)
class MinutesAdmin(BackOfficeAdmin):
    list_display = ("session", "is_final", "updated_at")
    list_filter = ("is_final",)
    workflow_fields = ("session", "is_final")

    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) and not (obj is not None and obj.is_final)
