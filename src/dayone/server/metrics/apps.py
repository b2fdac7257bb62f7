from django.apps import AppConfig


class MetricsConfig(AppConfig):
    name = "dayone.server.metrics"
    label = "metrics"
    verbose_name = "Metrics and WBR"
