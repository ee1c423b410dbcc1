"""factory-boy factories for the orders app."""

from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from apps.orders.models import Order, OrderItem, Product
from apps.users.tests.factories import UserFactory


class ProductFactory(DjangoModelFactory):
    """Build active catalogue products."""

    class Meta:
        """Factory options."""

        model = Product

    name = factory.Sequence(lambda n: f"Product {n}")
    sku = factory.Sequence(lambda n: f"SKU-{n:05d}")
    price = Decimal("9.99")
    is_active = True


class OrderFactory(DjangoModelFactory):
    """Build pending orders owned by a new user."""

    class Meta:
        """Factory options."""

        model = Order

    user = factory.SubFactory(UserFactory)
    status = Order.Status.PENDING


class OrderItemFactory(DjangoModelFactory):
    """Build order lines priced like their product."""

    class Meta:
        """Factory options."""

        model = OrderItem

    order = factory.SubFactory(OrderFactory)
    product = factory.SubFactory(ProductFactory)
    quantity = 1
    unit_price = factory.SelfAttribute("product.price")
