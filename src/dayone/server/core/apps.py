from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "dayone.server.core"
    label = "core"
    verbose_name = "Core"
