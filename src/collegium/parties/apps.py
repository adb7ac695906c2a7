from django.apps import AppConfig


class PartiesConfig(AppConfig):
    name = "collegium.parties"
    label = "parties"
