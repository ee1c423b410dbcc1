"""Permission classes for the user endpoints."""

from typing import TYPE_CHECKING, Any

from rest_framework.permissions import BasePermission

if TYPE_CHECKING:
    from rest_framework.request import Request
    from rest_framework.views import APIView


class IsSelfOrStaff(BasePermission):
    """Allow access to a user object to that user and to staff members."""

    message = "You may only access your own account."

    def has_object_permission(
        self, request: "Request", view: "APIView", obj: Any
    ) -> bool:
        """Check that the requester is the user being accessed or staff.

        Args:
            request: The current request.
            view: The view handling the request.
            obj: The user object being accessed.

        Returns:
            Whether access is allowed.
        """
        del view
        return bool(request.user.is_staff or obj.pk == request.user.pk)
