"""Back office for the Programme of coordinated actions."""

from __future__ import annotations

from django.contrib import admin

from collegium.control.models import Obligation
from collegium.core.admin import BackOfficeAdmin, ReadOnlyInline
from collegium.programme.models import Action, Programme, Section


class SectionInline(admin.TabularInline):
    model = Section
    fields = ("number", "title")
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class ActionInline(admin.TabularInline):
    model = Action
    fields = ("number", "text", "deadline_text", "order")
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # an action is created with its obligations by programme.services.action_add


@admin.register(Programme)
class ProgrammeAdmin(BackOfficeAdmin):
    list_display = ("title", "year_from", "year_to", "status", "approved_by", "approval_date")
    list_filter = ("status",)
    search_fields = ("title", "approved_by", "approval_number")
    workflow_fields = ("status", "parties")
    inlines = [SectionInline]


@admin.register(Section)
class SectionAdmin(BackOfficeAdmin):
    list_display = ("number", "title", "programme")
    list_filter = ("programme",)
    search_fields = ("title",)
    workflow_fields = ("programme",)
    inlines = [ActionInline]


class ObligationOfActionInline(ReadOnlyInline):
    model = Obligation
    fields = ("party", "status", "deadline", "completed_on")
    readonly_fields = fields


@admin.register(Action)
class ActionAdmin(BackOfficeAdmin):
    list_display = ("number", "text", "deadline_text", "section")
    list_filter = ("section__programme", "section")
    search_fields = ("number", "text")
    list_select_related = ("section",)
    workflow_fields = ("section",)
    inlines = [ObligationOfActionInline]
