from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "dayone.server.api"
    label = "api"
    verbose_name = "JSON API"
