from django.contrib import admin

from collegium.core.admin import BackOfficeAdmin, ScopedQuerysetMixin
from collegium.notifications.models import (
    Job,
    Notice,
    Notification,
    NotificationPreference,
    PartyNotificationSettings,
)


@admin.register(PartyNotificationSettings)
class PartyNotificationSettingsAdmin(admin.ModelAdmin):
    list_display = ["party", "reminder_offsets", "escalate_to_head_after_days", "escalate_to_secretariat_after_days"]


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["person", "by_email", "in_app", "daily_digest", "reminder_offsets"]


class OwnRowsAdmin(ScopedQuerysetMixin, BackOfficeAdmin):
    """Notices quote records that may be internal to a party: each person sees only their own."""

    def scope(self, request, qs):
        field = "created_by" if self.model is Job else "person"
        return qs.filter(**{field: request.user})


@admin.register(Notice)
class NoticeAdmin(OwnRowsAdmin):
    # Read-only: delivery state changes only through the worker and notice_retry.
    list_display = ["key", "person", "kind", "status", "attempts", "sent_at", "last_error"]
    list_filter = ["status", "kind"]
    search_fields = ["key"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(Notification)
class NotificationAdmin(OwnRowsAdmin):
    list_display = ["person", "kind", "title", "created_at", "read_at"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Job)
class JobAdmin(OwnRowsAdmin):
    list_display = ["pk", "kind", "status", "progress", "attempts", "created_by", "created_at", "error"]
    list_filter = ["status", "kind"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False
