"""Application configuration for the orders domain app."""

from django.apps import AppConfig


class OrdersConfig(AppConfig):
    """Register the ``apps.orders`` package with Django."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "apps.orders"
    label = "orders"
