from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "collegium.notifications"
    label = "notifications"
