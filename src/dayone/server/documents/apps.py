from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "dayone.server.documents"
    label = "documents"
    verbose_name = "Documents"
