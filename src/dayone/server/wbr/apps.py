from django.apps import AppConfig
from typing_extensions import override


class WbrConfig(AppConfig):
    name = "dayone.server.wbr"
    label = "metrics"
    verbose_name = "Metrics and WBR"

    @override
    def ready(self) -> None:
        from dayone.server.core.warmup import warmer_register
        from dayone.server.wbr.panels import register_panels
        from dayone.server.wbr.selectors import deck_warm
        from dayone.server.wbr.views import deck_page_warm

        register_panels()
        warmer_register(deck_warm)
        warmer_register(deck_page_warm)
