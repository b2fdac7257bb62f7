from django.apps import AppConfig
from typing_extensions import override


class CustomersConfig(AppConfig):
    name = "dayone.server.customers"
    label = "customers"
    verbose_name = "Customers"

    @override
    def ready(self) -> None:
        from dayone.server.customers.panels import register_panels

        register_panels()
