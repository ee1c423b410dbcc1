"""Write-side business logic for orders."""

import logging
from typing import TYPE_CHECKING, TypedDict

from django.core.exceptions import ValidationError
from django.db import transaction

from apps.orders.models import Order, OrderItem
from apps.orders.selectors import products_by_ids

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

logger = logging.getLogger(__name__)


class OrderLine(TypedDict):
    """One requested order line."""

    product_id: int
    quantity: int


def _validate_lines(items: list[OrderLine]) -> None:
    """Validate the structure of the requested order lines.

    Args:
        items: The requested lines.

    Raises:
        ValidationError: If there are no lines, a quantity is not positive or a
            product appears more than once.
    """
    if not items:
        raise ValidationError({"items": ["An order needs at least one item."]})
    seen: set[int] = set()
    for line in items:
        if line["quantity"] < 1:
            raise ValidationError({"items": ["Quantities must be at least 1."]})
        if line["product_id"] in seen:
            raise ValidationError({"items": ["Each product may appear only once."]})
        seen.add(line["product_id"])


@transaction.atomic
def order_create(*, user: "AbstractBaseUser", items: list[OrderLine]) -> Order:
    """Place an order, capturing each product's current price.

    Args:
        user: The customer placing the order.
        items: The requested lines (``product_id`` and ``quantity``).

    Raises:
        ValidationError: If the lines are invalid or name unknown or inactive
            products.

    Returns:
        The created order with its lines stored.
    """
    _validate_lines(items)
    requested_ids = {line["product_id"] for line in items}
    products = products_by_ids(product_ids=requested_ids)
    missing = sorted(requested_ids - products.keys())
    if missing:
        raise ValidationError(
            {"items": [f"Unknown or inactive product ids: {missing}."]}
        )
    order = Order.objects.create(user=user)
    OrderItem.objects.bulk_create(
        [
            OrderItem(
                order=order,
                product=products[line["product_id"]],
                quantity=line["quantity"],
                unit_price=products[line["product_id"]].price,
            )
            for line in items
        ]
    )
    logger.info("Order created", extra={"order_id": order.pk, "user_id": user.pk})
    return order


@transaction.atomic
def order_cancel(*, order: Order) -> Order:
    """Cancel a pending order.

    Args:
        order: The order to cancel.

    Raises:
        ValidationError: If the order is no longer pending.

    Returns:
        The cancelled order.
    """
    locked = Order.objects.select_for_update().get(pk=order.pk)
    if not locked.is_cancellable:
        raise ValidationError({"status": ["Only pending orders can be cancelled."]})
    locked.status = Order.Status.CANCELLED
    locked.save(update_fields=["status", "updated_at"])
    logger.info("Order cancelled", extra={"order_id": locked.pk})
    return locked
