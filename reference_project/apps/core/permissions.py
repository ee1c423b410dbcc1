"""Shared DRF permission classes."""

from typing import TYPE_CHECKING, Any

from rest_framework.permissions import BasePermission

if TYPE_CHECKING:
    from rest_framework.request import Request
    from rest_framework.views import APIView


class IsOwner(BasePermission):
    """Allow access to an object only to the user stored in its ``user`` field."""

    message = "You do not have permission to access this object."

    def has_object_permission(
        self, request: "Request", view: "APIView", obj: Any
    ) -> bool:
        """Check that the authenticated user owns the object.

        Args:
            request: The current request.
            view: The view handling the request.
            obj: The object being accessed; it must expose ``user_id``.

        Returns:
            Whether the requesting user owns the object.
        """
        del view
        return bool(
            request.user
            and request.user.is_authenticated
            and getattr(obj, "user_id", None) == request.user.pk
        )
