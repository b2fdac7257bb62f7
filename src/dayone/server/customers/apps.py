from django.apps import AppConfig
from typing_extensions import override


class CustomersConfig(AppConfig):
    name = "dayone.server.customers"
    label = "customers"
    verbose_name = "Customers"

    @override
    def ready(self) -> None:
        from dayone.server.customers.deck import customers_section, disagreement_notes
        from dayone.server.customers.panels import register_panels
        from dayone.server.wbr.extras import deck_extra_register, deck_notes_register

        register_panels()
        deck_extra_register("customers", customers_section)
        deck_notes_register("customers", disagreement_notes)
