from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "collegium.core"
    label = "core"
