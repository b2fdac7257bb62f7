from django.apps import AppConfig
from typing_extensions import override


class DecisionsConfig(AppConfig):
    name = "dayone.server.decisions"
    label = "decisions"
    verbose_name = "Decisions"

    @override
    def ready(self) -> None:
        from dayone.server.core.duties import duty_register
        from dayone.server.decisions.panels import register_panels
        from dayone.server.decisions.selectors import writing_duties

        register_panels()
        duty_register("decisions", writing_duties)
