from django.apps import AppConfig
from typing_extensions import override


class MetricsConfig(AppConfig):
    name = "dayone.server.metrics"
    label = "metrics"
    verbose_name = "Metrics and WBR"

    @override
    def ready(self) -> None:
        from dayone.server.core.warmup import warmer_register
        from dayone.server.metrics.panels import register_panels
        from dayone.server.metrics.selectors import deck_warm

        register_panels()
        warmer_register(deck_warm)
