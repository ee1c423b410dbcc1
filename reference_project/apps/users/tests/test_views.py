"""API tests for the user endpoints."""

from http import HTTPStatus
from typing import TYPE_CHECKING

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from rest_framework.throttling import ScopedRateThrottle

from apps.users.tests.factories import DEFAULT_PASSWORD, UserFactory

if TYPE_CHECKING:
    from apps.users.models import User

REGISTER_URL = "/api/users/register/"
ME_URL = "/api/users/me/"
LIST_URL = "/api/users/"
PAGE_SIZE = 2


@pytest.mark.django_db
def test_register_creates_user(api_client: APIClient) -> None:
    """Anyone may register; the response is the output representation.

    Args:
        api_client: An unauthenticated API client.
    """
    response = api_client.post(
        REGISTER_URL,
        {"username": "erin", "email": "erin@example.com", "password": DEFAULT_PASSWORD},
        format="json",
    )

    assert response.status_code == HTTPStatus.CREATED
    body = response.json()
    assert body["username"] == "erin"
    assert body["orders_count"] == 0
    assert "password" not in body


@pytest.mark.django_db
def test_register_validation_error_format(api_client: APIClient) -> None:
    """Invalid input is reported in the project's validation error format.

    Args:
        api_client: An unauthenticated API client.
    """
    response = api_client.post(REGISTER_URL, {"username": "x"}, format="json")

    assert response.status_code == HTTPStatus.BAD_REQUEST
    body = response.json()
    assert body["type"] == "validation_error"
    assert {
        "code": "required",
        "detail": "This field is required.",
        "attr": "email",
    } in (body["errors"])


@pytest.mark.django_db
def test_register_service_error_format(api_client: APIClient, user: "User") -> None:
    """Errors raised by the service layer use the same format.

    Args:
        api_client: An unauthenticated API client.
        user: An existing user whose username is reused.
    """
    response = api_client.post(
        REGISTER_URL,
        {
            "username": user.username,
            "email": "new@example.com",
            "password": DEFAULT_PASSWORD,
        },
        format="json",
    )

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json()["errors"][0]["attr"] == "username"


def test_me_requires_authentication(api_client: APIClient) -> None:
    """Anonymous requests get 401 with a token challenge.

    Args:
        api_client: An unauthenticated API client.
    """
    response = api_client.get(ME_URL)

    assert response.status_code == HTTPStatus.UNAUTHORIZED
    assert response["WWW-Authenticate"] == "Token"
    assert response.json() == {
        "type": "client_error",
        "errors": [
            {
                "code": "not_authenticated",
                "detail": "Authentication credentials were not provided.",
                "attr": None,
            }
        ],
    }


@pytest.mark.django_db
def test_me_with_token_authentication(user: "User") -> None:
    """A DRF token authenticates the request.

    Args:
        user: The token owner.
    """
    token = Token.objects.create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")

    response = client.get(ME_URL)

    assert response.status_code == HTTPStatus.OK
    assert response.json()["id"] == user.pk


@pytest.mark.django_db
def test_me_with_session_authentication(user: "User") -> None:
    """A logged-in session authenticates the request.

    Args:
        user: The logged-in user.
    """
    client = APIClient()
    client.force_login(user)

    assert client.get(ME_URL).json()["username"] == user.username


def test_me_update(auth_client: APIClient, user: "User") -> None:
    """The profile can be updated partially.

    Args:
        auth_client: A client authenticated as ``user``.
        user: The authenticated user.
    """
    response = auth_client.patch(ME_URL, {"first_name": "Zed"}, format="json")

    assert response.status_code == HTTPStatus.OK
    assert response.json()["first_name"] == "Zed"
    user.refresh_from_db()
    assert user.first_name == "Zed"


def test_user_list_forbidden_for_regular_users(auth_client: APIClient) -> None:
    """Non-staff users get 403 on the staff-only list.

    Args:
        auth_client: A client authenticated as a regular user.
    """
    response = auth_client.get(LIST_URL)

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert response.json()["errors"][0]["code"] == "permission_denied"


def test_user_list_paginated_for_staff(staff_user: "User") -> None:
    """Staff see a paginated list honouring ``page_size``.

    Args:
        staff_user: The authenticated staff member.
    """
    UserFactory.create_batch(PAGE_SIZE + 1)
    client = APIClient()
    client.force_authenticate(user=staff_user)

    response = client.get(LIST_URL, {"page_size": PAGE_SIZE})

    assert response.status_code == HTTPStatus.OK
    body = response.json()
    assert body["count"] == PAGE_SIZE + 2
    assert len(body["results"]) == PAGE_SIZE
    assert body["next"] is not None
    assert body["previous"] is None


def test_user_detail_object_permission(
    auth_client: APIClient, user: "User", other_user: "User"
) -> None:
    """Users may read their own account but not someone else's.

    Args:
        auth_client: A client authenticated as ``user``.
        user: The authenticated user.
        other_user: Another user.
    """
    own = auth_client.get(f"/api/users/{user.pk}/")
    foreign = auth_client.get(f"/api/users/{other_user.pk}/")
    missing = auth_client.get("/api/users/999999/")

    assert own.status_code == HTTPStatus.OK
    assert foreign.status_code == HTTPStatus.FORBIDDEN
    assert missing.status_code == HTTPStatus.NOT_FOUND
    assert missing.json()["errors"][0]["code"] == "not_found"


@pytest.mark.django_db
def test_register_is_throttled(
    api_client: APIClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Registration attempts beyond the scoped rate get 429.

    Args:
        api_client: An unauthenticated API client.
        monkeypatch: pytest's monkeypatch fixture.
    """
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"register": "1/minute"})
    payload = {"username": "x"}

    assert api_client.post(REGISTER_URL, payload, format="json").status_code == (
        HTTPStatus.BAD_REQUEST
    )
    throttled = api_client.post(REGISTER_URL, payload, format="json")

    assert throttled.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert throttled.json()["errors"][0]["code"] == "throttled"
