from django.apps import AppConfig
from typing_extensions import override


class CoreConfig(AppConfig):
    name = "dayone.server.core"
    label = "core"
    verbose_name = "Core"

    @override
    def ready(self) -> None:
        from axes.signals import user_locked_out
        from django.apps import apps
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate

        from dayone.server.core import readcache
        from dayone.server.core.throttle import record_lockout
        from dayone.server.core.validators import guard_names_and_titles

        user_locked_out.connect(record_lockout, dispatch_uid="dayone-audit-lockout")
        connection_created.connect(readcache.watch, dispatch_uid="dayone-readcache")
        post_migrate.connect(
            readcache.mark_every_table, sender=self, dispatch_uid="dayone-readcache"
        )
        guard_names_and_titles(
            model for model in apps.get_models() if model.__module__.startswith("dayone.")
        )
