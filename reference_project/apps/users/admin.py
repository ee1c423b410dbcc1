"""Admin registration for the custom user model."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from apps.users.models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Admin for :class:`~apps.users.models.User` based on Django's user admin."""

    list_display = ("username", "email", "is_staff", "is_active", "date_joined")
    search_fields = ("username", "email")
