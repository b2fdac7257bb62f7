from django.apps import AppConfig


class CustomersConfig(AppConfig):
    name = "dayone.server.customers"
    label = "customers"
    verbose_name = "Customers"
