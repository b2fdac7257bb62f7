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
        from dayone.server.hiring.principle_uses import loops_per_principle, roles_per_principle
        from dayone.server.hiring.veto import veto_guard
        from dayone.server.teams.principle_uses import principle_use_register

        register_panels()
        choice_guard_register("hiring", veto_guard)
        principle_use_register("hiring_loops", "interview loops", loops_per_principle)
        principle_use_register("hiring_roles", "hiring roles", roles_per_principle)
