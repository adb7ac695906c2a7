"""Back office for the directory: parties, units and people (joint directory data)."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from collegium.core.admin import BackOfficeAdmin
from collegium.parties.models import ApiToken, Party, Person, Unit


class UnitInline(admin.TabularInline):
    model = Unit
    fk_name = "party"
    fields = ("code", "name", "name_en", "parent", "head")
    raw_id_fields = ("parent", "head")
    extra = 0
    can_delete = False
    show_change_link = True


@admin.register(Party)
class PartyAdmin(BackOfficeAdmin):
    list_display = ("code", "short_name", "name", "calendar_code", "order")
    search_fields = ("code", "name", "short_name", "name_en")
    inlines = [UnitInline]

    def has_add_permission(self, request) -> bool:
        return request.user.is_superuser


@admin.register(Unit)
class UnitAdmin(BackOfficeAdmin):
    list_display = ("name", "code", "party", "parent", "head")
    list_filter = ("party",)
    search_fields = ("name", "code", "name_en")
    list_select_related = ("party", "parent", "head")
    raw_id_fields = ("parent", "head")

    def has_add_permission(self, request) -> bool:
        return request.user.is_superuser or request.user.is_party_admin


@admin.register(Person)
class PersonAdmin(UserAdmin):
    list_display = ("username", "last_name", "first_name", "party", "unit", "position", "is_secretariat",
                    "is_executor", "is_head", "is_press", "is_observer", "is_staff", "is_active")
    list_filter = ("party", "is_secretariat", "is_executor", "is_head", "is_press", "is_observer", "is_party_admin",
                   "clearance", "is_staff", "is_active")
    search_fields = ("username", "last_name", "first_name", "middle_name", "email", "position", "unit__name")
    list_select_related = ("party", "unit")
    raw_id_fields = ("unit",)
    fieldsets = (
        *(UserAdmin.fieldsets or ())[:2],
        (_("Collegium"), {"fields": ("party", "unit", "middle_name", "position", "clearance", "language",
                                     "is_secretariat", "is_executor", "is_head", "is_press", "is_observer",
                                     "is_party_admin")}),
        *(UserAdmin.fieldsets or ())[2:],
    )

    def get_readonly_fields(self, request, obj=None):
        # Only a system administrator grants the rights that lift the sovereignty filters' limits.
        if request.user.is_superuser:
            return ()
        return ("is_superuser", "user_permissions", "groups", "is_staff", "clearance", "party", "last_login",
                "date_joined")

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(BackOfficeAdmin):
    list_display = ("name", "person", "prefix", "created_at", "last_used_at", "revoked_at")
    search_fields = ("name", "person__username", "prefix")
    readonly_fields = ("person", "prefix", "created_at", "last_used_at", "revoked_at")
    exclude = ("digest",)
