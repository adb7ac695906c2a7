from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "collegium.notifications"
    label = "notifications"
    verbose_name = "Notifications and background jobs"

    def ready(self) -> None:
        # Connects the listeners of domain signals (reports returned, proposals, ...).
        from collegium.notifications import receivers  # noqa: F401
