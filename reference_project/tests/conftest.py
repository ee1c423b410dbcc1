"""Project-wide pytest fixtures.

The root ``conftest.py`` registers this module as a plugin, so its fixtures
apply to the app test packages under ``apps/`` as well as to ``tests/``.
"""

import secrets
from typing import TYPE_CHECKING

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from rest_framework.test import APIClient

from apps.orders.tests.factories import ProductFactory
from apps.users.tests.factories import UserFactory

if TYPE_CHECKING:
    from pytest_django.fixtures import SettingsWrapper

    from apps.orders.models import Product
    from apps.users.models import User


@pytest.fixture(autouse=True, scope="session")
def _secret_key() -> None:
    """Use a throw-away signing key when the environment provides none.

    ``SECRET_KEY`` is empty unless configured, and Django refuses to read an
    empty key, so it cannot go through the per-test settings override.
    """
    try:
        configured = bool(django_settings.SECRET_KEY)
    except ImproperlyConfigured:
        configured = False
    if not configured:
        django_settings.SECRET_KEY = secrets.token_urlsafe(50)


@pytest.fixture(autouse=True)
def _test_settings(settings: "SettingsWrapper") -> None:
    """Adapt the production settings for the in-process test client.

    The test client talks plain HTTP without the nginx ``X-Forwarded-Proto``
    header, so the HTTPS redirect is switched off.

    Args:
        settings: pytest-django's settings override fixture.
    """
    settings.SECURE_SSL_REDIRECT = False


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    """Start every test with an empty cache (throttle counters, sessions)."""
    cache.clear()


@pytest.fixture
def api_client() -> APIClient:
    """Return an unauthenticated DRF test client.

    Returns:
        A fresh API client.
    """
    return APIClient()


@pytest.fixture
def user(db: None) -> "User":
    """Return a regular active user.

    Args:
        db: pytest-django's database access fixture.

    Returns:
        The created user.
    """
    return UserFactory()


@pytest.fixture
def other_user(db: None) -> "User":
    """Return a second regular user, for ownership checks.

    Args:
        db: pytest-django's database access fixture.

    Returns:
        The created user.
    """
    return UserFactory()


@pytest.fixture
def staff_user(db: None) -> "User":
    """Return a staff user.

    Args:
        db: pytest-django's database access fixture.

    Returns:
        The created staff user.
    """
    return UserFactory(is_staff=True)


@pytest.fixture
def auth_client(user: "User") -> APIClient:
    """Return an API client authenticated as ``user``.

    Args:
        user: The user to authenticate as.

    Returns:
        The authenticated API client.
    """
    client = APIClient()
    client.force_authenticate(user=user)
    return client


@pytest.fixture
def product(db: None) -> "Product":
    """Return an active product.

    Args:
        db: pytest-django's database access fixture.

    Returns:
        The created product.
    """
    return ProductFactory()
