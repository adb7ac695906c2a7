from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    name = "collegium.programme"
    label = "programme"
