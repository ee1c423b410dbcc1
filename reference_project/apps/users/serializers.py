"""Input and output serializers for the user endpoints."""

from django.contrib.auth import get_user_model
from rest_framework import serializers

User = get_user_model()


class UserRegisterInputSerializer(serializers.Serializer):
    """Validate the payload of a registration request."""

    username = serializers.CharField(max_length=150)
    email = serializers.EmailField()
    password = serializers.CharField(write_only=True, trim_whitespace=False)


class UserUpdateInputSerializer(serializers.Serializer):
    """Validate a partial profile update."""

    first_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    last_name = serializers.CharField(max_length=150, required=False, allow_blank=True)


class UserOutputSerializer(serializers.ModelSerializer):
    """Represent a user in API responses."""

    orders_count = serializers.IntegerField(read_only=True, default=0)

    class Meta:
        """Serializer options."""

        model = User
        fields = (
            "id",
            "username",
            "email",
            "first_name",
            "last_name",
            "date_joined",
            "orders_count",
        )
        read_only_fields = fields
