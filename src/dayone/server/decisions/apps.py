from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "dayone.server.decisions"
    label = "decisions"
    verbose_name = "Decisions"
