from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "collegium.documents"
    label = "documents"
