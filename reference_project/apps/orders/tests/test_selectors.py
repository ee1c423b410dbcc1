"""Tests for the order selectors, including the async statistics selector."""

from decimal import Decimal
from typing import TYPE_CHECKING

import pytest
from asgiref.sync import async_to_sync

from apps.orders.models import Order
from apps.orders.selectors import (
    order_get,
    order_list,
    order_stats_aget,
    product_list,
    products_by_ids,
)
from apps.orders.tests.factories import OrderFactory, OrderItemFactory, ProductFactory

if TYPE_CHECKING:
    from apps.users.models import User

TIMES_ORDERED = 2


@pytest.mark.django_db
def test_product_list_filters_and_annotates() -> None:
    """Only active products are listed, searchable by name or SKU."""
    lamp = ProductFactory(name="Desk lamp", sku="LAMP-1")
    ProductFactory(name="Chair", sku="CHAIR-1")
    ProductFactory(name="Old lamp", is_active=False)
    OrderItemFactory.create_batch(TIMES_ORDERED, product=lamp)

    assert [p.name for p in product_list()] == ["Chair", "Desk lamp"]
    assert [p.pk for p in product_list(search="lamp")] == [lamp.pk]
    assert [p.name for p in product_list(search="chair-1")] == ["Chair"]
    assert product_list(search="LAMP-1").get().times_ordered == TIMES_ORDERED


@pytest.mark.django_db
def test_products_by_ids_skips_inactive() -> None:
    """Inactive products are not returned."""
    active = ProductFactory()
    inactive = ProductFactory(is_active=False)

    assert set(products_by_ids(product_ids={active.pk, inactive.pk})) == {active.pk}


def test_order_list_totals(user: "User", other_user: "User") -> None:
    """Orders are the user's own, with item counts and totals.

    Args:
        user: The customer.
        other_user: Another customer whose orders must not appear.
    """
    order = OrderFactory(user=user)
    OrderItemFactory(order=order, quantity=2, unit_price=Decimal("5.00"))
    OrderItemFactory(order=order, quantity=1, unit_price=Decimal("1.50"))
    empty = OrderFactory(user=user)
    OrderFactory(user=other_user)

    listed = {o.pk: o for o in order_list(user=user)}

    assert set(listed) == {order.pk, empty.pk}
    assert listed[order.pk].items_count == 2 + 1
    assert listed[order.pk].total_amount == Decimal("11.50")
    assert listed[empty.pk].total_amount == Decimal("0.00")
    assert order_get(order_id=order.pk).total_amount == Decimal("11.50")


def test_order_stats_aget(user: "User") -> None:
    """The async selector aggregates counts, spending and the latest order.

    Args:
        user: The customer.
    """
    paid = OrderFactory(user=user)
    OrderItemFactory(order=paid, quantity=2, unit_price=Decimal("4.00"))
    cancelled = OrderFactory(user=user, status=Order.Status.CANCELLED)
    OrderItemFactory(order=cancelled, quantity=1, unit_price=Decimal("100.00"))

    stats = async_to_sync(order_stats_aget)(user=user)

    assert stats.total_orders == len({paid.pk, cancelled.pk})
    assert stats.total_spent == Decimal("8.00")
    assert stats.orders_by_status == {"cancelled": 1, "pending": 1}
    assert stats.last_order_at == cancelled.created_at


def test_order_stats_aget_without_orders(user: "User") -> None:
    """A user without orders gets zeros.

    Args:
        user: The customer.
    """
    stats = async_to_sync(order_stats_aget)(user=user)

    assert stats.total_orders == 0
    assert stats.total_spent == Decimal("0.00")
    assert stats.orders_by_status == {}
    assert stats.last_order_at is None
