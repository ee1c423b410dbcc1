"""HTTP endpoints for user registration and profiles."""

from typing import TYPE_CHECKING

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.generics import ListAPIView
from rest_framework.permissions import AllowAny, IsAdminUser, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle, ScopedRateThrottle
from rest_framework.views import APIView

from apps.core.pagination import StandardPagination
from apps.users.permissions import IsSelfOrStaff
from apps.users.selectors import user_get, user_list
from apps.users.serializers import (
    UserOutputSerializer,
    UserRegisterInputSerializer,
    UserUpdateInputSerializer,
)
from apps.users.services import user_create, user_update

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from rest_framework.request import Request

    from apps.users.models import User


class UserRegisterApi(APIView):
    """Register a new account; public, strictly throttled."""

    authentication_classes = ()
    permission_classes = (AllowAny,)
    throttle_classes = (AnonRateThrottle, ScopedRateThrottle)
    throttle_scope = "register"

    @extend_schema(
        request=UserRegisterInputSerializer,
        responses={201: UserOutputSerializer},
    )
    def post(self, request: "Request") -> Response:
        """Create a user from the validated payload.

        Args:
            request: The registration request.

        Returns:
            The created user with HTTP 201.
        """
        serializer = UserRegisterInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = user_create(**serializer.validated_data)
        output = UserOutputSerializer(user_get(user_id=user.pk))
        return Response(output.data, status=status.HTTP_201_CREATED)


class UserMeApi(APIView):
    """Read and update the authenticated user's own profile."""

    authentication_classes = (TokenAuthentication, SessionAuthentication)
    permission_classes = (IsAuthenticated,)

    @extend_schema(responses={200: UserOutputSerializer})
    def get(self, request: "Request") -> Response:
        """Return the authenticated user's profile.

        Args:
            request: The authenticated request.

        Returns:
            The profile of the requesting user.
        """
        return Response(UserOutputSerializer(user_get(user_id=request.user.pk)).data)

    @extend_schema(
        request=UserUpdateInputSerializer,
        responses={200: UserOutputSerializer},
    )
    def patch(self, request: "Request") -> Response:
        """Update the authenticated user's first and last name.

        Args:
            request: The authenticated request carrying the changes.

        Returns:
            The updated profile.
        """
        serializer = UserUpdateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = user_update(user=request.user, **serializer.validated_data)
        return Response(UserOutputSerializer(user_get(user_id=user.pk)).data)


class UserListApi(ListAPIView):
    """List active users; staff only."""

    authentication_classes = (TokenAuthentication, SessionAuthentication)
    permission_classes = (IsAdminUser,)
    pagination_class = StandardPagination
    serializer_class = UserOutputSerializer

    def get_queryset(self) -> "QuerySet[User]":
        """Return the users to list.

        Returns:
            Active users annotated with their order counts.
        """
        return user_list()


class UserDetailApi(APIView):
    """Retrieve one user; allowed for that user and for staff."""

    authentication_classes = (TokenAuthentication, SessionAuthentication)
    permission_classes = (IsAuthenticated, IsSelfOrStaff)

    @extend_schema(responses={200: UserOutputSerializer})
    def get(self, request: "Request", user_id: int) -> Response:
        """Return the requested user after the object permission check.

        Args:
            request: The authenticated request.
            user_id: Primary key of the user to return.

        Returns:
            The requested user.
        """
        user = user_get(user_id=user_id)
        self.check_object_permissions(request, user)
        return Response(UserOutputSerializer(user).data)
