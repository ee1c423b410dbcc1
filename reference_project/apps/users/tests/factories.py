"""factory-boy factories for the users app."""

import secrets

import factory
from factory.django import DjangoModelFactory, Password

from apps.users.models import User

DEFAULT_PASSWORD = secrets.token_urlsafe(24)


class UserFactory(DjangoModelFactory):
    """Build active users whose password is ``DEFAULT_PASSWORD``."""

    class Meta:
        """Factory options."""

        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda obj: f"{obj.username}@example.com")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = Password(DEFAULT_PASSWORD)
    is_active = True
