from django.apps import AppConfig


class ControlConfig(AppConfig):
    name = "collegium.control"
    label = "control"
