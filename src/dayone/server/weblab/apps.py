from django.apps import AppConfig
from typing_extensions import override


class WeblabConfig(AppConfig):
    name = "dayone.server.weblab"
    label = "weblab"
    verbose_name = "Weblab"

    @override
    def ready(self) -> None:
        from dayone.server.weblab.linked import register_linked
        from dayone.server.weblab.panels import register_panels

        register_panels()
        register_linked()
