"""Read-side queries for products and orders."""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Count, DecimalField, F, Prefetch, Sum, Value
from django.db.models.functions import Coalesce

from apps.orders.models import Order, OrderItem, Product

if TYPE_CHECKING:
    from datetime import datetime

    from django.contrib.auth.base_user import AbstractBaseUser
    from django.db.models import QuerySet

_MONEY = DecimalField(max_digits=12, decimal_places=2)


@dataclass(frozen=True, slots=True)
class OrderStats:
    """Aggregated order figures of one user.

    Attributes:
        total_orders: Number of orders of the user, cancelled ones included.
        total_spent: Sum of all non-cancelled order lines.
        orders_by_status: Number of orders per status.
        last_order_at: Creation time of the newest order, if any.
    """

    total_orders: int
    total_spent: Decimal
    orders_by_status: dict[str, int] = field(default_factory=dict)
    last_order_at: "datetime | None" = None


def product_list(*, search: str | None = None) -> "QuerySet[Product]":
    """Return the active products, optionally filtered by name or SKU.

    Args:
        search: Case-insensitive text matched against the name or the SKU.

    Returns:
        Active products annotated with ``times_ordered``.
    """
    products = Product.objects.filter(is_active=True)
    if search:
        products = products.filter(name__icontains=search) | products.filter(
            sku__iexact=search
        )
    return products.annotate(times_ordered=Count("order_items")).order_by("name", "id")


def products_by_ids(*, product_ids: "set[int]") -> dict[int, Product]:
    """Return the active products with the given ids, keyed by id.

    Args:
        product_ids: Primary keys to look up.

    Returns:
        A mapping of id to product for every active product found.
    """
    return Product.objects.filter(is_active=True).in_bulk(product_ids)


def order_list(*, user: "AbstractBaseUser") -> "QuerySet[Order]":
    """Return the orders of a user with their totals.

    Args:
        user: The owner of the orders.

    Returns:
        The user's orders, newest first, annotated with ``items_count`` and
        ``total_amount`` and with their lines prefetched.
    """
    return (
        Order.objects.filter(user=user)
        .annotate(
            items_count=Coalesce(Sum("items__quantity"), 0),
            total_amount=Coalesce(
                Sum(F("items__quantity") * F("items__unit_price"), output_field=_MONEY),
                Value(Decimal("0.00")),
                output_field=_MONEY,
            ),
        )
        .prefetch_related(
            Prefetch("items", queryset=OrderItem.objects.select_related("product"))
        )
        .order_by("-created_at", "-id")
    )


def order_get(*, order_id: int) -> Order:
    """Return one order with its totals, whoever owns it.

    Ownership is checked by the caller (object permissions).

    Args:
        order_id: Primary key of the order.

    Returns:
        The order annotated like :func:`order_list`.
    """
    return (
        Order.objects.annotate(
            items_count=Coalesce(Sum("items__quantity"), 0),
            total_amount=Coalesce(
                Sum(F("items__quantity") * F("items__unit_price"), output_field=_MONEY),
                Value(Decimal("0.00")),
                output_field=_MONEY,
            ),
        )
        .prefetch_related(
            Prefetch("items", queryset=OrderItem.objects.select_related("product"))
        )
        .get(pk=order_id)
    )


async def order_stats_aget(*, user: "AbstractBaseUser") -> OrderStats:
    """Compute a user's order statistics with the async ORM.

    Args:
        user: The owner of the orders.

    Returns:
        The aggregated statistics.
    """
    orders = Order.objects.filter(user=user)
    total_orders = await orders.acount()
    spent = (
        await OrderItem.objects.filter(order__user=user)
        .exclude(order__status=Order.Status.CANCELLED)
        .aaggregate(
            total=Coalesce(
                Sum(F("quantity") * F("unit_price"), output_field=_MONEY),
                Value(Decimal("0.00")),
                output_field=_MONEY,
            )
        )
    )
    by_status: dict[str, int] = {}
    rows = orders.order_by().values("status").annotate(count=Count("id"))
    async for row in rows.order_by("status"):
        by_status[row["status"]] = row["count"]
    latest = await orders.order_by("-created_at", "-id").afirst()
    return OrderStats(
        total_orders=total_orders,
        total_spent=spent["total"],
        orders_by_status=by_status,
        last_order_at=latest.created_at if latest is not None else None,
    )
