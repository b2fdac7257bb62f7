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
        from dayone.server.documents.principle_uses import documents_citing, documents_per_principle
        from dayone.server.teams.principle_uses import principle_use_register

        register_panels()
        register_linked()
        principle_use_register("documents", "documents", documents_per_principle, documents_citing)
