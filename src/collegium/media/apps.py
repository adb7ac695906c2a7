from django.apps import AppConfig


class MediaConfig(AppConfig):
    name = "collegium.media"
    label = "media"
