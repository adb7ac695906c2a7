from django.contrib import admin

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


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    # Read-only: delivery state changes only through the worker and notice_retry.
    list_display = ["key", "person", "kind", "status", "attempts", "sent_at", "last_error"]
    list_filter = ["status", "kind"]
    search_fields = ["key"]

    def has_change_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False

    def has_add_permission(self, request) -> bool:  # type: ignore[no-untyped-def]
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["person", "kind", "title", "created_at", "read_at"]

    def has_change_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["pk", "kind", "status", "progress", "attempts", "created_by", "created_at", "error"]
    list_filter = ["status", "kind"]

    def has_change_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False
