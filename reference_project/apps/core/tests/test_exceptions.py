"""Tests for the centralized exception handler."""

from http import HTTPStatus

import pytest
from django.core.exceptions import (
    PermissionDenied as DjangoPermissionDenied,
    ValidationError as DjangoValidationError,
)
from django.http import Http404
from rest_framework import exceptions

from apps.core.exceptions import (
    custom_exception_handler,
    error_payload,
    flatten_errors,
)


def test_flatten_errors_nested_structure() -> None:
    """Nested serializer errors become dotted attributes with their codes."""
    serializer_errors = exceptions.ValidationError(
        {
            "email": ["Enter a valid email address."],
            "items": [{}, {"quantity": ["Too small."]}],
            "non_field_errors": ["Broken."],
        }
    ).detail

    errors = flatten_errors(serializer_errors)

    assert errors == [
        {"code": "invalid", "detail": "Enter a valid email address.", "attr": "email"},
        {"code": "invalid", "detail": "Too small.", "attr": "items.1.quantity"},
        {"code": "invalid", "detail": "Broken.", "attr": "non_field_errors"},
    ]


def test_flatten_errors_plain_string_defaults_code() -> None:
    """A plain string without a code is reported with the generic code."""
    assert flatten_errors("boom") == [{"code": "error", "detail": "boom", "attr": None}]


def test_error_payload_shape() -> None:
    """The single-error payload follows the project format."""
    assert error_payload("client_error", "not_found", "Not found.") == {
        "type": "client_error",
        "errors": [{"code": "not_found", "detail": "Not found.", "attr": None}],
    }


def test_handler_validation_error() -> None:
    """DRF validation errors are rendered as ``validation_error``."""
    response = custom_exception_handler(
        exceptions.ValidationError({"email": ["This field is required."]}), {}
    )

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.data == {
        "type": "validation_error",
        "errors": [
            {"code": "invalid", "detail": "This field is required.", "attr": "email"}
        ],
    }


def test_handler_django_validation_error() -> None:
    """Django validation errors raised by services become ``validation_error``."""
    response = custom_exception_handler(
        DjangoValidationError({"items": ["Unknown product."]}), {}
    )

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.data["type"] == "validation_error"
    assert response.data["errors"][0]["attr"] == "items"
    assert response.data["errors"][0]["detail"] == "Unknown product."


@pytest.mark.parametrize(
    ("exc", "expected_status", "expected_code"),
    [
        (Http404(), HTTPStatus.NOT_FOUND, "not_found"),
        (DjangoPermissionDenied(), HTTPStatus.FORBIDDEN, "permission_denied"),
        (exceptions.NotAuthenticated(), HTTPStatus.UNAUTHORIZED, "not_authenticated"),
        (exceptions.Throttled(wait=30), HTTPStatus.TOO_MANY_REQUESTS, "throttled"),
    ],
)
def test_handler_client_errors(
    exc: Exception, expected_status: HTTPStatus, expected_code: str
) -> None:
    """Authentication, permission, not-found and throttling errors are client errors.

    Args:
        exc: The exception raised by the view.
        expected_status: The HTTP status the handler must keep.
        expected_code: The error code of the single error entry.
    """
    response = custom_exception_handler(exc, {})

    assert response.status_code == expected_status
    assert response.data["type"] == "client_error"
    assert len(response.data["errors"]) == 1
    assert response.data["errors"][0]["code"] == expected_code
    assert response.data["errors"][0]["attr"] is None


def test_handler_unexpected_error_hides_details() -> None:
    """Unexpected exceptions become a generic ``server_error`` without internals."""
    response = custom_exception_handler(
        RuntimeError("secret internals"), {"view": None}
    )

    assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
    assert response.data == error_payload(
        "server_error", "error", "A server error occurred."
    )
    assert "secret internals" not in str(response.data)
