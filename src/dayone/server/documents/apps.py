from django.apps import AppConfig
from typing_extensions import override


class DocumentsConfig(AppConfig):
    name = "dayone.server.documents"
    label = "documents"
    verbose_name = "Documents"

    @override
    def ready(self) -> None:
        from dayone.server.documents.linked import register_linked
        from dayone.server.documents.panels import register_panels

        register_panels()
        register_linked()
