from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "collegium.consultations"
    label = "consultations"
