"""Catalogue products, orders and order lines."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models


class Product(models.Model):
    """A product that can be ordered."""

    name = models.CharField(max_length=200)
    sku = models.CharField(max_length=64, unique=True)
    price = models.DecimalField(
        max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        """Model options for products."""

        ordering = ("name", "id")
        constraints = (
            models.CheckConstraint(
                condition=models.Q(price__gt=0), name="orders_product_price_positive"
            ),
        )

    def __str__(self) -> str:
        """Return the product name and SKU.

        Returns:
            A human-readable label.
        """
        return f"{self.name} ({self.sku})"


class Order(models.Model):
    """An order placed by a user."""

    class Status(models.TextChoices):
        """Lifecycle states of an order."""

        PENDING = "pending", "Pending"
        CANCELLED = "cancelled", "Cancelled"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="orders"
    )
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        """Model options for orders."""

        ordering = ("-created_at", "-id")
        indexes = (models.Index(fields=("user", "-created_at")),)

    def __str__(self) -> str:
        """Return the order number and status.

        Returns:
            A human-readable label.
        """
        return f"Order #{self.pk} ({self.status})"

    @property
    def is_cancellable(self) -> bool:
        """Whether the order may still be cancelled."""
        return self.status == self.Status.PENDING


class OrderItem(models.Model):
    """One product line of an order, with the price captured at order time."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="items")
    product = models.ForeignKey(
        Product, on_delete=models.PROTECT, related_name="order_items"
    )
    quantity = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    unit_price = models.DecimalField(max_digits=10, decimal_places=2)

    class Meta:
        """Model options for order lines."""

        ordering = ("id",)
        constraints = (
            models.UniqueConstraint(
                fields=("order", "product"), name="orders_orderitem_unique_product"
            ),
            models.CheckConstraint(
                condition=models.Q(quantity__gte=1),
                name="orders_orderitem_quantity_positive",
            ),
        )

    def __str__(self) -> str:
        """Return the quantity and product of the line.

        Returns:
            A human-readable label.
        """
        return f"{self.quantity} x {self.product_id}"
