from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "collegium.meetings"
    label = "meetings"
