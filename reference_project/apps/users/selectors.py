"""Read-side queries for users."""

from typing import TYPE_CHECKING

from django.db.models import Count

from apps.users.models import User

if TYPE_CHECKING:
    from django.db.models import QuerySet


def user_list() -> "QuerySet[User]":
    """Return active users annotated with their number of orders.

    Returns:
        Active users ordered by id, each with an ``orders_count`` annotation.
    """
    return (
        User.objects.filter(is_active=True)
        .annotate(orders_count=Count("orders"))
        .order_by("id")
    )


def user_get(*, user_id: int) -> User:
    """Return one active user with the ``orders_count`` annotation.

    Args:
        user_id: Primary key of the user.

    Returns:
        The matching active user.
    """
    return user_list().get(pk=user_id)
