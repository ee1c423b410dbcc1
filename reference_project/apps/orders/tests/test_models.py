"""Tests for the order models."""

from decimal import Decimal

import pytest
from django.db import IntegrityError

from apps.orders.models import Order
from apps.orders.tests.factories import OrderFactory, OrderItemFactory, ProductFactory


@pytest.mark.django_db
def test_string_representations() -> None:
    """Each model has a readable ``__str__``."""
    product = ProductFactory(name="Lamp", sku="LAMP-1")
    item = OrderItemFactory(product=product, quantity=3)

    assert str(product) == "Lamp (LAMP-1)"
    assert str(item.order) == f"Order #{item.order.pk} (pending)"
    assert str(item) == f"3 x {product.pk}"


@pytest.mark.django_db
def test_is_cancellable() -> None:
    """Only pending orders are cancellable."""
    assert OrderFactory().is_cancellable
    assert not OrderFactory(status=Order.Status.CANCELLED).is_cancellable


@pytest.mark.django_db
def test_price_must_be_positive() -> None:
    """The database rejects non-positive prices."""
    with pytest.raises(IntegrityError):
        ProductFactory(price=Decimal("0.00"))
