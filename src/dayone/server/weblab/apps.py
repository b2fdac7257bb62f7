from django.apps import AppConfig


class WeblabConfig(AppConfig):
    name = "dayone.server.weblab"
    label = "weblab"
    verbose_name = "Weblab"
