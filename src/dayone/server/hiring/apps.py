from django.apps import AppConfig


class HiringConfig(AppConfig):
    name = "dayone.server.hiring"
    label = "hiring"
    verbose_name = "Hiring"
