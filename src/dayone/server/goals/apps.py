from django.apps import AppConfig


class GoalsConfig(AppConfig):
    name = "dayone.server.goals"
    label = "goals"
    verbose_name = "Goals"
