from django.apps import AppConfig


class ResolutionsConfig(AppConfig):
    name = "collegium.resolutions"
    label = "resolutions"
