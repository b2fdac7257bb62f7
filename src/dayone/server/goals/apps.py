from django.apps import AppConfig
from typing_extensions import override


class GoalsConfig(AppConfig):
    name = "dayone.server.goals"
    label = "goals"
    verbose_name = "Goals"

    @override
    def ready(self) -> None:
        from dayone.server.goals.linked import register_linked
        from dayone.server.goals.panels import register_panels

        register_panels()
        register_linked()
