"""Centralized DRF exception handler producing the project's error format.

Every API error is rendered as::

    {
        "type": "validation_error" | "client_error" | "server_error",
        "errors": [{"code": "...", "detail": "...", "attr": "..." | null}],
    }

Stack traces, file paths and other internals are logged, never returned.
"""

import logging
from typing import Any

from django.core.exceptions import (
    ObjectDoesNotExist,
    PermissionDenied as DjangoPermissionDenied,
    ValidationError as DjangoValidationError,
)
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler

logger = logging.getLogger(__name__)

VALIDATION_ERROR = "validation_error"
CLIENT_ERROR = "client_error"
SERVER_ERROR = "server_error"

ErrorItem = dict[str, str | None]


def error_payload(
    error_type: str, code: str, detail: str, attr: str | None = None
) -> dict[str, Any]:
    """Build an error document with a single error entry.

    Args:
        error_type: One of ``validation_error``, ``client_error`` or
            ``server_error``.
        code: The machine-readable error code.
        detail: The human-readable error message.
        attr: The offending input attribute, if any.

    Returns:
        The error document in the project's format.
    """
    return {
        "type": error_type,
        "errors": [{"code": code, "detail": detail, "attr": attr}],
    }


def _join_attr(parent: str | None, child: str | int) -> str:
    """Join a nested attribute path with dots.

    Args:
        parent: The path of the enclosing attribute, if any.
        child: The key or index of the nested attribute.

    Returns:
        The dotted attribute path.
    """
    return str(child) if parent is None else f"{parent}.{child}"


def flatten_errors(detail: Any, attr: str | None = None) -> list[ErrorItem]:
    """Flatten DRF error details into a list of error entries.

    Args:
        detail: The ``detail`` of an ``APIException``: an ``ErrorDetail``, a
            list or a (nested) dictionary of them.
        attr: The dotted path of the attribute the details belong to.

    Returns:
        One ``{"code", "detail", "attr"}`` entry per error message.
    """
    if isinstance(detail, dict):
        items: list[ErrorItem] = []
        for key, value in detail.items():
            items.extend(flatten_errors(value, _join_attr(attr, key)))
        return items
    if isinstance(detail, list):
        items = []
        for index, value in enumerate(detail):
            nested = isinstance(value, dict | list)
            items.extend(
                flatten_errors(value, _join_attr(attr, index) if nested else attr)
            )
        return items
    code = getattr(detail, "code", None) or "error"
    return [{"code": str(code), "detail": str(detail), "attr": attr}]


def _normalize(exc: Exception) -> Exception:
    """Translate Django exceptions into their DRF counterparts.

    Args:
        exc: The exception raised while handling a request.

    Returns:
        A DRF ``APIException`` for known Django exceptions, otherwise ``exc``.
    """
    if isinstance(exc, DjangoValidationError):
        return exceptions.ValidationError(detail=as_serializer_error(exc))
    if isinstance(exc, Http404 | ObjectDoesNotExist):
        return exceptions.NotFound()
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied()
    return exc


def custom_exception_handler(exc: Exception, context: dict[str, Any]) -> Response:
    """Render any exception raised in a DRF view in the project's error format.

    Args:
        exc: The exception raised while handling the request.
        context: DRF's handler context (``view``, ``args``, ``kwargs``,
            ``request``).

    Returns:
        The error response; unexpected exceptions become a generic 500.
    """
    exc = _normalize(exc)
    response = drf_exception_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        view = context.get("view")
        logger.exception(
            "Unhandled exception in %s",
            type(view).__name__ if view is not None else "unknown view",
            exc_info=exc,
        )
        return Response(
            error_payload(SERVER_ERROR, "error", "A server error occurred."),
            status=status.HTTP_500_INTERNAL_SERVER_ERROR,
        )
    error_type = (
        VALIDATION_ERROR
        if isinstance(exc, exceptions.ValidationError)
        else CLIENT_ERROR
    )
    response.data = {"type": error_type, "errors": flatten_errors(exc.detail)}
    return response
