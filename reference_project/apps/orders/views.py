"""HTTP endpoints for products and orders."""

from http import HTTPStatus
from typing import TYPE_CHECKING

from django.http import JsonResponse
from django.views.decorators.http import require_GET
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.generics import ListAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle, UserRateThrottle
from rest_framework.views import APIView

from apps.core.exceptions import CLIENT_ERROR, error_payload
from apps.core.pagination import StandardPagination
from apps.core.permissions import IsOwner
from apps.orders.models import Order
from apps.orders.selectors import (
    order_get,
    order_list,
    order_stats_aget,
    product_list,
)
from apps.orders.serializers import (
    OrderCreateInputSerializer,
    OrderOutputSerializer,
    OrderStatsOutputSerializer,
    ProductOutputSerializer,
)
from apps.orders.services import order_cancel, order_create

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from django.http import HttpRequest
    from rest_framework.request import Request
    from rest_framework.throttling import BaseThrottle

    from apps.orders.models import Product


class OrderCreateThrottle(ScopedRateThrottle):
    """Limit how often a user may place orders (scope ``order_create``)."""

    scope_attr = "order_create_throttle_scope"


class ProductListApi(ListAPIView):
    """List the active products of the catalogue."""

    authentication_classes = (TokenAuthentication, SessionAuthentication)
    permission_classes = (IsAuthenticated,)
    pagination_class = StandardPagination
    serializer_class = ProductOutputSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter(
                name="search",
                type=str,
                required=False,
                description="Case-insensitive name fragment or exact SKU.",
            )
        ]
    )
    def get(self, request: "Request") -> Response:
        """Return a page of active products.

        Args:
            request: The authenticated request.

        Returns:
            A paginated list of products.
        """
        return self.list(request)

    def get_queryset(self) -> "QuerySet[Product]":
        """Return the products to list.

        Returns:
            Active products, filtered by the ``search`` query parameter.
        """
        return product_list(search=self.request.query_params.get("search"))


class OrderListCreateApi(ListAPIView):
    """List the user's orders or place a new one."""

    authentication_classes = (TokenAuthentication, SessionAuthentication)
    permission_classes = (IsAuthenticated,)
    pagination_class = StandardPagination
    serializer_class = OrderOutputSerializer
    order_create_throttle_scope = "order_create"

    def get_throttles(self) -> "list[BaseThrottle]":
        """Add the order creation throttle to POST requests.

        Returns:
            The throttles that apply to the current request.
        """
        throttles: list[BaseThrottle] = [UserRateThrottle()]
        if self.request.method == "POST":
            throttles.append(OrderCreateThrottle())
        return throttles

    def get_queryset(self) -> "QuerySet[Order]":
        """Return the orders of the requesting user.

        Returns:
            The user's annotated orders, newest first.
        """
        if getattr(self, "swagger_fake_view", False):
            return Order.objects.none()
        return order_list(user=self.request.user)

    @extend_schema(
        request=OrderCreateInputSerializer,
        responses={201: OrderOutputSerializer},
    )
    def post(self, request: "Request") -> Response:
        """Place an order for the requesting user.

        Args:
            request: The authenticated request carrying the order lines.

        Returns:
            The created order with HTTP 201.
        """
        serializer = OrderCreateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        order = order_create(user=request.user, **serializer.validated_data)
        output = OrderOutputSerializer(order_get(order_id=order.pk))
        return Response(output.data, status=status.HTTP_201_CREATED)


class OrderDetailApi(APIView):
    """Retrieve one of the user's orders."""

    authentication_classes = (TokenAuthentication, SessionAuthentication)
    permission_classes = (IsAuthenticated, IsOwner)

    @extend_schema(responses={200: OrderOutputSerializer})
    def get(self, request: "Request", order_id: int) -> Response:
        """Return the order after the ownership check.

        Args:
            request: The authenticated request.
            order_id: Primary key of the order.

        Returns:
            The order with its lines and totals.
        """
        order = order_get(order_id=order_id)
        self.check_object_permissions(request, order)
        return Response(OrderOutputSerializer(order).data)


class OrderCancelApi(APIView):
    """Cancel one of the user's pending orders."""

    authentication_classes = (TokenAuthentication, SessionAuthentication)
    permission_classes = (IsAuthenticated, IsOwner)

    @extend_schema(request=None, responses={200: OrderOutputSerializer})
    def post(self, request: "Request", order_id: int) -> Response:
        """Cancel the order after the ownership check.

        Args:
            request: The authenticated request.
            order_id: Primary key of the order.

        Returns:
            The cancelled order.
        """
        order = order_get(order_id=order_id)
        self.check_object_permissions(request, order)
        order_cancel(order=order)
        return Response(OrderOutputSerializer(order_get(order_id=order.pk)).data)


@require_GET
async def order_stats(request: "HttpRequest") -> JsonResponse:
    """Return the requesting user's order statistics (async view, async ORM).

    Authentication uses the Django session; the response follows the project's
    error format when the user is anonymous.

    Args:
        request: The incoming request.

    Returns:
        HTTP 200 with the statistics, or HTTP 401 for anonymous users.
    """
    user = await request.auser()
    if not user.is_authenticated:
        return JsonResponse(
            error_payload(
                CLIENT_ERROR,
                "not_authenticated",
                "Authentication credentials were not provided.",
            ),
            status=HTTPStatus.UNAUTHORIZED,
        )
    stats = await order_stats_aget(user=user)
    return JsonResponse(OrderStatsOutputSerializer(stats).data)
