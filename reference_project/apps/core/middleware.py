"""Project middleware that works under both WSGI and ASGI."""

import re
import uuid
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from asgiref.sync import iscoroutinefunction, markcoroutinefunction

from apps.core.request_context import request_id_var

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponseBase

REQUEST_ID_HEADER = "X-Request-ID"
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")

SyncGetResponse = Callable[["HttpRequest"], "HttpResponseBase"]
AsyncGetResponse = Callable[["HttpRequest"], Awaitable["HttpResponseBase"]]


def _resolve_request_id(request: "HttpRequest") -> str:
    """Reuse a well-formed incoming request identifier or create a new one.

    Args:
        request: The incoming HTTP request.

    Returns:
        The identifier to attach to the request, its logs and its response.
    """
    incoming = request.headers.get(REQUEST_ID_HEADER, "")
    if _VALID_REQUEST_ID.fullmatch(incoming):
        return incoming
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """Attach a request identifier to each request, its log records and response.

    The middleware is both sync and async capable, so Django never has to
    adapt it with a thread hop when the application runs under ASGI.
    """

    sync_capable = True
    async_capable = True

    def __init__(self, get_response: SyncGetResponse | AsyncGetResponse) -> None:
        """Store the next handler in the chain and detect its flavour.

        Args:
            get_response: The next middleware or view handler.
        """
        self.get_response = get_response
        self.is_async = iscoroutinefunction(get_response)
        if self.is_async:
            markcoroutinefunction(self)

    def __call__(
        self, request: "HttpRequest"
    ) -> "HttpResponseBase | Awaitable[HttpResponseBase]":
        """Process a request synchronously or hand it to the async path.

        Args:
            request: The incoming HTTP request.

        Returns:
            The response, or an awaitable of it when running under ASGI.
        """
        if self.is_async:
            return self.__acall__(request)
        request_id = _resolve_request_id(request)
        token = request_id_var.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response[REQUEST_ID_HEADER] = request_id
        return response

    async def __acall__(self, request: "HttpRequest") -> "HttpResponseBase":
        """Process a request on the async path.

        Args:
            request: The incoming HTTP request.

        Returns:
            The response produced by the rest of the chain.
        """
        request_id = _resolve_request_id(request)
        token = request_id_var.set(request_id)
        try:
            response = await self.get_response(request)
        finally:
            request_id_var.reset(token)
        response[REQUEST_ID_HEADER] = request_id
        return response
