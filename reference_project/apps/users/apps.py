"""Application configuration for the custom user app."""

from django.apps import AppConfig


class UsersConfig(AppConfig):
    """Register the ``apps.users`` package with Django."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "apps.users"
    label = "users"
