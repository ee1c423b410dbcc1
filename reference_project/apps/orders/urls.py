"""URL routes of the product and order endpoints."""

from django.urls import path

from apps.orders.views import (
    OrderCancelApi,
    OrderDetailApi,
    OrderListCreateApi,
    ProductListApi,
    order_stats,
)

app_name = "orders"

urlpatterns = [
    path("products/", ProductListApi.as_view(), name="product-list"),
    path("orders/", OrderListCreateApi.as_view(), name="order-list"),
    path("orders/stats/", order_stats, name="order-stats"),
    path("orders/<int:order_id>/", OrderDetailApi.as_view(), name="order-detail"),
    path(
        "orders/<int:order_id>/cancel/", OrderCancelApi.as_view(), name="order-cancel"
    ),
]
