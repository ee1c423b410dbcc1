"""Input and output serializers for the order endpoints."""

from rest_framework import serializers

from apps.orders.models import Order, OrderItem, Product


class ProductOutputSerializer(serializers.ModelSerializer):
    """Represent a product in API responses."""

    times_ordered = serializers.IntegerField(read_only=True, default=0)

    class Meta:
        """Serializer options."""

        model = Product
        fields = ("id", "name", "sku", "price", "times_ordered")
        read_only_fields = fields


class OrderLineInputSerializer(serializers.Serializer):
    """Validate one requested order line."""

    product_id = serializers.IntegerField(min_value=1)
    quantity = serializers.IntegerField(min_value=1, max_value=1000)


class OrderCreateInputSerializer(serializers.Serializer):
    """Validate the payload of an order creation request."""

    items = OrderLineInputSerializer(many=True, allow_empty=False, max_length=100)


class OrderItemOutputSerializer(serializers.ModelSerializer):
    """Represent an order line in API responses."""

    product = ProductOutputSerializer(read_only=True)

    class Meta:
        """Serializer options."""

        model = OrderItem
        fields = ("id", "product", "quantity", "unit_price")
        read_only_fields = fields


class OrderOutputSerializer(serializers.ModelSerializer):
    """Represent an order with its lines and totals in API responses."""

    items = OrderItemOutputSerializer(many=True, read_only=True)
    items_count = serializers.IntegerField(read_only=True)
    total_amount = serializers.DecimalField(
        max_digits=12, decimal_places=2, read_only=True
    )

    class Meta:
        """Serializer options."""

        model = Order
        fields = (
            "id",
            "status",
            "items",
            "items_count",
            "total_amount",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields


class OrderStatsOutputSerializer(serializers.Serializer):
    """Represent a user's order statistics."""

    total_orders = serializers.IntegerField()
    total_spent = serializers.DecimalField(max_digits=12, decimal_places=2)
    orders_by_status = serializers.DictField(child=serializers.IntegerField())
    last_order_at = serializers.DateTimeField(allow_null=True)
