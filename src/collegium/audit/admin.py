"""The audit log in the back office: read-only, and a party's internal events only for that party."""

from __future__ import annotations

from django.contrib import admin

from collegium.audit.models import AuditEvent
from collegium.core.admin import ReadOnlyAdmin, ScopedQuerysetMixin
from collegium.core.selectors import internal_event_q


@admin.register(AuditEvent)
class AuditEventAdmin(ScopedQuerysetMixin, ReadOnlyAdmin):
    list_display = ("seq", "at", "actor_label", "party", "action", "object_type", "object_id")
    list_filter = ("action", "object_type", "party")
    search_fields = ("action", "object_type", "object_id", "actor_label")
    list_select_related = ("party",)
    date_hierarchy = "at"

    def scope(self, request, qs):
        return qs.filter(internal_event_q(request.user))
