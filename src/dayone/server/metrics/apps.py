from django.apps import AppConfig
from typing_extensions import override


class MetricsConfig(AppConfig):
    name = "dayone.server.metrics"
    label = "metrics"
    verbose_name = "Metrics and WBR"

    @override
    def ready(self) -> None:
        from dayone.server.metrics.panels import register_panels

        register_panels()
