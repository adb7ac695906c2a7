from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "collegium.audit"
    label = "audit"
