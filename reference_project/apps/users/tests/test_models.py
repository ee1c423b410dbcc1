"""Tests for the custom user model."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError

from apps.users.tests.factories import DEFAULT_PASSWORD, UserFactory


def test_auth_user_model_is_custom() -> None:
    """The project uses its own user model."""
    assert settings.AUTH_USER_MODEL == "users.User"
    assert get_user_model()._meta.label == "users.User"


@pytest.mark.django_db
def test_str_and_password() -> None:
    """The factory stores a hashed password and ``__str__`` is the username."""
    user = UserFactory(username="alice")

    assert str(user) == "alice"
    assert user.check_password(DEFAULT_PASSWORD)
    assert user.password != DEFAULT_PASSWORD


@pytest.mark.django_db
def test_email_is_unique() -> None:
    """Two users cannot share an e-mail address."""
    UserFactory(email="same@example.com")

    with pytest.raises(IntegrityError):
        UserFactory(email="same@example.com")
