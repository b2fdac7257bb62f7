from django.apps import AppConfig
from typing_extensions import override


class HiringConfig(AppConfig):
    name = "dayone.server.hiring"
    label = "hiring"
    verbose_name = "Hiring"

    @override
    def ready(self) -> None:
        from dayone.server.hiring.panels import register_panels

        register_panels()
