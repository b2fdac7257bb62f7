from django.apps import AppConfig
from typing_extensions import override


class DecisionsConfig(AppConfig):
    name = "dayone.server.decisions"
    label = "decisions"
    verbose_name = "Decisions"

    @override
    def ready(self) -> None:
        from dayone.server.decisions.panels import register_panels

        register_panels()
