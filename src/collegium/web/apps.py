from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "collegium.web"
    label = "web"
