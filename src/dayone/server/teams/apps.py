from django.apps import AppConfig
from typing_extensions import override


class TeamsConfig(AppConfig):
    name = "dayone.server.teams"
    label = "org"
    verbose_name = "Teams"

    @override
    def ready(self) -> None:
        from dayone.server.core.duties import duty_register
        from dayone.server.teams.selectors import leader_duties

        duty_register("teams", leader_duties)
