"""Admin registrations for products and orders."""

from django.contrib import admin

from apps.orders.models import Order, OrderItem, Product


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    """Admin for catalogue products."""

    list_display = ("name", "sku", "price", "is_active", "created_at")
    list_filter = ("is_active",)
    search_fields = ("name", "sku")


class OrderItemInline(admin.TabularInline):
    """Inline editor for the lines of an order."""

    model = OrderItem
    extra = 0
    raw_id_fields = ("product",)


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    """Admin for orders with their lines inline."""

    list_display = ("id", "user", "status", "created_at")
    list_filter = ("status",)
    raw_id_fields = ("user",)
    inlines = (OrderItemInline,)
