"""Application configuration for the shared core package."""

from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Register the cross-cutting ``apps.core`` package with Django."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "apps.core"
    label = "core"
