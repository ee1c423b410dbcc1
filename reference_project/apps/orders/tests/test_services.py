"""Tests for the order services."""

from decimal import Decimal
from typing import TYPE_CHECKING

import pytest
from django.core.exceptions import ValidationError

from apps.orders.models import Order
from apps.orders.services import order_cancel, order_create
from apps.orders.tests.factories import OrderFactory, ProductFactory

if TYPE_CHECKING:
    from apps.users.models import User


def test_order_create_captures_prices(user: "User") -> None:
    """Lines are stored with the product price at order time.

    Args:
        user: The customer.
    """
    lamp = ProductFactory(price=Decimal("10.00"))
    desk = ProductFactory(price=Decimal("99.50"))

    order = order_create(
        user=user,
        items=[
            {"product_id": lamp.pk, "quantity": 2},
            {"product_id": desk.pk, "quantity": 1},
        ],
    )

    lines = {line.product_id: line for line in order.items.all()}
    assert order.user == user
    assert order.status == Order.Status.PENDING
    assert lines[lamp.pk].unit_price == Decimal("10.00")
    assert lines[desk.pk].quantity == 1


@pytest.mark.parametrize(
    "items",
    [
        [],
        [{"product_id": 1, "quantity": 0}],
        [{"product_id": 1, "quantity": 1}, {"product_id": 1, "quantity": 2}],
    ],
)
def test_order_create_rejects_invalid_lines(
    user: "User", items: list[dict[str, int]]
) -> None:
    """Empty orders, non-positive quantities and duplicate products fail.

    Args:
        user: The customer.
        items: The invalid order lines.
    """
    with pytest.raises(ValidationError) as excinfo:
        order_create(user=user, items=items)

    assert "items" in excinfo.value.message_dict
    assert not Order.objects.exists()


def test_order_create_rejects_inactive_products(user: "User") -> None:
    """Unknown or inactive products abort the whole order.

    Args:
        user: The customer.
    """
    inactive = ProductFactory(is_active=False)

    with pytest.raises(ValidationError, match=str(inactive.pk)):
        order_create(user=user, items=[{"product_id": inactive.pk, "quantity": 1}])

    assert not Order.objects.exists()


@pytest.mark.django_db
def test_order_cancel() -> None:
    """A pending order is cancelled; cancelling twice fails."""
    order = OrderFactory()

    cancelled = order_cancel(order=order)

    assert cancelled.status == Order.Status.CANCELLED
    with pytest.raises(ValidationError):
        order_cancel(order=order)
