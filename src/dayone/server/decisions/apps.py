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
        from dayone.server.decisions.principle_uses import decisions_citing, decisions_per_principle
        from dayone.server.decisions.selectors import writing_duties
        from dayone.server.teams.principle_uses import principle_use_register

        register_panels()
        duty_register("decisions", writing_duties)
        principle_use_register("decisions", "decisions", decisions_per_principle, decisions_citing)
