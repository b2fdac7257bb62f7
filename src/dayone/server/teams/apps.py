from django.apps import AppConfig


class TeamsConfig(AppConfig):
    name = "dayone.server.teams"
    label = "org"
    verbose_name = "Teams"
