from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "dayone.server.org"
    label = "org"
    verbose_name = "Organisation"
