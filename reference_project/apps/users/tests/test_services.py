"""Tests for the user services and selectors."""

import pytest
from django.core.exceptions import ValidationError

from apps.orders.tests.factories import OrderFactory
from apps.users.selectors import user_get, user_list
from apps.users.services import user_create, user_update
from apps.users.tests.factories import DEFAULT_PASSWORD, UserFactory

ORDERS_PER_USER = 2


@pytest.mark.django_db
def test_user_create() -> None:
    """A valid registration creates a user with a hashed password."""
    user = user_create(
        username="bob", email="Bob@EXAMPLE.com", password=DEFAULT_PASSWORD
    )

    assert user.pk is not None
    assert user.email == "Bob@example.com"
    assert user.check_password(DEFAULT_PASSWORD)


@pytest.mark.django_db
def test_user_create_rejects_duplicates() -> None:
    """Taken usernames and e-mails are reported per field."""
    UserFactory(username="carol", email="carol@example.com")

    with pytest.raises(ValidationError) as excinfo:
        user_create(
            username="CAROL", email="carol@example.com", password=DEFAULT_PASSWORD
        )

    assert set(excinfo.value.message_dict) == {"username", "email"}


@pytest.mark.django_db
def test_user_create_rejects_weak_password() -> None:
    """Passwords failing the validators are rejected."""
    with pytest.raises(ValidationError):
        user_create(username="dave", email="dave@example.com", password="123")  # noqa: S106 - a deliberately weak test password.


@pytest.mark.django_db
def test_user_update() -> None:
    """Only the given fields change; no arguments means no write."""
    user = UserFactory(first_name="Old", last_name="Name")

    user_update(user=user, first_name="New")
    user.refresh_from_db()
    assert (user.first_name, user.last_name) == ("New", "Name")

    user_update(user=user, last_name="Other")
    user.refresh_from_db()
    assert (user.first_name, user.last_name) == ("New", "Other")

    assert user_update(user=user) is user


@pytest.mark.django_db
def test_user_selectors_annotate_order_count() -> None:
    """The selectors list active users only, with their order counts."""
    active = UserFactory()
    UserFactory(is_active=False)
    OrderFactory.create_batch(ORDERS_PER_USER, user=active)

    listed = list(user_list())

    assert [u.pk for u in listed] == [active.pk]
    assert user_get(user_id=active.pk).orders_count == ORDERS_PER_USER
