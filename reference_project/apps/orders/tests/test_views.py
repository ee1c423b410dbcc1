"""API tests for the product and order endpoints, including the async view."""

from decimal import Decimal
from http import HTTPStatus
from typing import TYPE_CHECKING, NoReturn

import pytest

from apps.orders import views
from apps.orders.models import Order
from apps.orders.tests.factories import OrderFactory, OrderItemFactory, ProductFactory

if TYPE_CHECKING:
    from django.test import Client
    from rest_framework.test import APIClient

    from apps.orders.models import Product
    from apps.users.models import User

PRODUCTS_URL = "/api/products/"
ORDERS_URL = "/api/orders/"
STATS_URL = "/api/orders/stats/"
PAGE_SIZE = 2


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", PRODUCTS_URL),
        ("get", ORDERS_URL),
        ("post", ORDERS_URL),
        ("get", "/api/orders/1/"),
        ("post", "/api/orders/1/cancel/"),
    ],
)
def test_endpoints_require_authentication(
    api_client: "APIClient", method: str, url: str
) -> None:
    """Every order endpoint answers 401 to anonymous clients.

    Args:
        api_client: An unauthenticated API client.
        method: The HTTP method to use.
        url: The endpoint URL.
    """
    response = getattr(api_client, method)(url)

    assert response.status_code == HTTPStatus.UNAUTHORIZED
    assert response.json()["type"] == "client_error"


def test_product_list_paginated(auth_client: "APIClient") -> None:
    """Products are paginated and searchable.

    Args:
        auth_client: An authenticated API client.
    """
    ProductFactory.create_batch(PAGE_SIZE + 1)
    ProductFactory(name="Unique widget")

    first = auth_client.get(PRODUCTS_URL, {"page_size": PAGE_SIZE}).json()
    last = auth_client.get(PRODUCTS_URL, {"page_size": PAGE_SIZE, "page": 2}).json()
    search = auth_client.get(PRODUCTS_URL, {"search": "widget"}).json()

    assert first["count"] == PAGE_SIZE + 2
    assert len(first["results"]) == PAGE_SIZE
    assert last["next"] is None
    assert [p["name"] for p in search["results"]] == ["Unique widget"]
    assert set(search["results"][0]) == {"id", "name", "sku", "price", "times_ordered"}


def test_invalid_page_is_not_found(auth_client: "APIClient") -> None:
    """Pages beyond the end answer 404 in the error format.

    Args:
        auth_client: An authenticated API client.
    """
    response = auth_client.get(PRODUCTS_URL, {"page": 99})

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert response.json()["errors"][0]["code"] == "not_found"


def test_order_create_and_list(auth_client: "APIClient", product: "Product") -> None:
    """An order is created through the service and listed with its totals.

    Args:
        auth_client: A client authenticated as the customer.
        product: The ordered product.
    """
    response = auth_client.post(
        ORDERS_URL,
        {"items": [{"product_id": product.pk, "quantity": 3}]},
        format="json",
    )

    assert response.status_code == HTTPStatus.CREATED
    created = response.json()
    assert created["status"] == "pending"
    assert created["items_count"] == len("abc")
    assert Decimal(created["total_amount"]) == product.price * 3

    listed = auth_client.get(ORDERS_URL).json()
    assert listed["count"] == 1
    assert listed["results"][0]["id"] == created["id"]


def test_order_create_validation_error(auth_client: "APIClient") -> None:
    """Nested input errors carry dotted attribute paths.

    Args:
        auth_client: An authenticated API client.
    """
    response = auth_client.post(
        ORDERS_URL, {"items": [{"product_id": 1, "quantity": 0}]}, format="json"
    )

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json() == {
        "type": "validation_error",
        "errors": [
            {
                "code": "min_value",
                "detail": "Ensure this value is greater than or equal to 1.",
                "attr": "items.0.quantity",
            }
        ],
    }


def test_order_create_unknown_product(auth_client: "APIClient") -> None:
    """Service-level validation errors are reported on ``items``.

    Args:
        auth_client: An authenticated API client.
    """
    response = auth_client.post(
        ORDERS_URL, {"items": [{"product_id": 424242, "quantity": 1}]}, format="json"
    )

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json()["errors"][0]["attr"] == "items"


def test_order_create_throttled(
    auth_client: "APIClient", product: "Product", monkeypatch: pytest.MonkeyPatch
) -> None:
    """Placing orders faster than the ``order_create`` rate answers 429.

    Args:
        auth_client: An authenticated API client.
        product: The ordered product.
        monkeypatch: pytest's monkeypatch fixture.
    """
    monkeypatch.setattr(
        views.OrderCreateThrottle, "THROTTLE_RATES", {"order_create": "1/minute"}
    )
    payload = {"items": [{"product_id": product.pk, "quantity": 1}]}

    assert auth_client.post(ORDERS_URL, payload, format="json").status_code == (
        HTTPStatus.CREATED
    )
    throttled = auth_client.post(ORDERS_URL, payload, format="json")

    assert throttled.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert throttled.json()["type"] == "client_error"
    assert throttled.json()["errors"][0]["code"] == "throttled"
    assert "Retry-After" in throttled
    assert auth_client.get(ORDERS_URL).status_code == HTTPStatus.OK


def test_order_detail_object_permission(
    auth_client: "APIClient", user: "User", other_user: "User"
) -> None:
    """Owners read their order; others get 403; unknown ids get 404.

    Args:
        auth_client: A client authenticated as ``user``.
        user: The owner.
        other_user: Another customer.
    """
    own = OrderItemFactory(order__user=user).order
    foreign = OrderFactory(user=other_user)

    assert auth_client.get(f"{ORDERS_URL}{own.pk}/").status_code == HTTPStatus.OK
    forbidden = auth_client.get(f"{ORDERS_URL}{foreign.pk}/")
    assert forbidden.status_code == HTTPStatus.FORBIDDEN
    assert forbidden.json()["errors"][0]["code"] == "permission_denied"
    missing = auth_client.get(f"{ORDERS_URL}999999/")
    assert missing.status_code == HTTPStatus.NOT_FOUND


def test_order_cancel(
    auth_client: "APIClient", user: "User", other_user: "User"
) -> None:
    """Owners cancel pending orders once; others are refused.

    Args:
        auth_client: A client authenticated as ``user``.
        user: The owner.
        other_user: Another customer.
    """
    order = OrderFactory(user=user)
    foreign = OrderFactory(user=other_user)

    response = auth_client.post(f"{ORDERS_URL}{order.pk}/cancel/")
    again = auth_client.post(f"{ORDERS_URL}{order.pk}/cancel/")
    refused = auth_client.post(f"{ORDERS_URL}{foreign.pk}/cancel/")

    assert response.status_code == HTTPStatus.OK
    assert response.json()["status"] == "cancelled"
    assert again.status_code == HTTPStatus.BAD_REQUEST
    assert again.json()["errors"][0]["attr"] == "status"
    assert refused.status_code == HTTPStatus.FORBIDDEN
    foreign.refresh_from_db()
    assert foreign.status == Order.Status.PENDING


def test_unexpected_error_is_server_error(
    auth_client: "APIClient", monkeypatch: pytest.MonkeyPatch
) -> None:
    """Unexpected failures answer 500 without internals.

    Args:
        auth_client: An authenticated API client.
        monkeypatch: pytest's monkeypatch fixture.
    """

    def exploding_order_get(*, order_id: int) -> NoReturn:
        """Fail like an unexpected bug would.

        Args:
            order_id: Ignored.

        Raises:
            RuntimeError: Always.
        """
        message = f"internal detail {order_id}"
        raise RuntimeError(message)

    monkeypatch.setattr(views, "order_get", exploding_order_get)

    response = auth_client.get(f"{ORDERS_URL}1/")

    assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
    assert response.json()["type"] == "server_error"
    assert "internal detail" not in response.content.decode()


def test_async_stats_view(client: "Client", user: "User") -> None:
    """The async view returns the user's statistics from the async ORM.

    Args:
        client: Django's test client.
        user: The logged-in customer.
    """
    OrderItemFactory(order__user=user, quantity=2, unit_price=Decimal("2.50"))
    client.force_login(user)

    response = client.get(STATS_URL)

    assert response.status_code == HTTPStatus.OK
    assert response.json() == {
        "total_orders": 1,
        "total_spent": "5.00",
        "orders_by_status": {"pending": 1},
        "last_order_at": response.json()["last_order_at"],
    }
    assert response.json()["last_order_at"] is not None


@pytest.mark.django_db
def test_async_stats_view_requires_authentication(client: "Client") -> None:
    """Anonymous users get 401 in the project's error format.

    Args:
        client: Django's test client.
    """
    response = client.get(STATS_URL)

    assert response.status_code == HTTPStatus.UNAUTHORIZED
    assert response.json()["errors"][0]["code"] == "not_authenticated"


@pytest.mark.django_db
def test_schema_and_docs_served(client: "Client") -> None:
    """The OpenAPI schema and the Swagger UI are served.

    Args:
        client: Django's test client.
    """
    schema = client.get("/api/schema/")
    docs = client.get("/api/docs/")

    assert schema.status_code == HTTPStatus.OK
    assert b"/api/orders/{order_id}/" in schema.content
    assert docs.status_code == HTTPStatus.OK
