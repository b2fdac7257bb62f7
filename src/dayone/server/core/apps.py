from django.apps import AppConfig
from typing_extensions import override


class CoreConfig(AppConfig):
    name = "dayone.server.core"
    label = "core"
    verbose_name = "Core"

    @override
    def ready(self) -> None:
        from axes.signals import user_locked_out

        from dayone.server.core.throttle import record_lockout

        user_locked_out.connect(record_lockout, dispatch_uid="dayone-audit-lockout")
