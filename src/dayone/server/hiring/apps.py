from django.apps import AppConfig
from typing_extensions import override


class HiringConfig(AppConfig):
    name = "dayone.server.hiring"
    label = "hiring"
    verbose_name = "Hiring"

    @override
    def ready(self) -> None:
        from dayone.server.decisions.guards import choice_guard_register
        from dayone.server.hiring.panels import register_panels
        from dayone.server.hiring.veto import veto_guard

        register_panels()
        choice_guard_register("hiring", veto_guard)
