"""Tests for the sync- and async-capable request id middleware."""

import asyncio
import uuid
from typing import TYPE_CHECKING

from asgiref.sync import iscoroutinefunction
from django.http import HttpResponse
from django.test import RequestFactory

from apps.core.middleware import REQUEST_ID_HEADER, RequestIdMiddleware
from apps.core.request_context import get_request_id

if TYPE_CHECKING:
    from django.http import HttpRequest


def test_sync_path_generates_request_id() -> None:
    """Without an incoming id a new one is generated and exposed."""
    seen: list[str | None] = []

    def view(request: "HttpRequest") -> HttpResponse:
        """Record the request id visible while the view runs.

        Args:
            request: The request being processed.

        Returns:
            An empty response.
        """
        del request
        seen.append(get_request_id())
        return HttpResponse()

    middleware = RequestIdMiddleware(view)
    response = middleware(RequestFactory().get("/"))

    assert not iscoroutinefunction(middleware)
    assert len(response[REQUEST_ID_HEADER]) == len(uuid.uuid4().hex)
    assert seen == [response[REQUEST_ID_HEADER]]
    assert get_request_id() is None


def test_sync_path_reuses_valid_incoming_id() -> None:
    """A well-formed incoming id is propagated unchanged."""
    middleware = RequestIdMiddleware(lambda _request: HttpResponse())
    request = RequestFactory().get("/", headers={REQUEST_ID_HEADER: "abc-123"})

    assert middleware(request)[REQUEST_ID_HEADER] == "abc-123"


def test_invalid_incoming_id_is_replaced() -> None:
    """Malformed incoming ids (header injection attempts) are not echoed."""
    middleware = RequestIdMiddleware(lambda _request: HttpResponse())
    request = RequestFactory().get("/", headers={REQUEST_ID_HEADER: "bad id;<x>"})

    assert middleware(request)[REQUEST_ID_HEADER] != "bad id;<x>"


def test_async_path() -> None:
    """With an async handler the middleware itself becomes a coroutine function."""

    async def view(request: "HttpRequest") -> HttpResponse:
        """Return the request id seen by an async view.

        Args:
            request: The request being processed.

        Returns:
            A response whose body is the request id.
        """
        del request
        return HttpResponse(get_request_id() or "")

    middleware = RequestIdMiddleware(view)
    request = RequestFactory().get("/", headers={REQUEST_ID_HEADER: "async-1"})
    response = asyncio.run(middleware(request))

    assert iscoroutinefunction(middleware)
    assert response[REQUEST_ID_HEADER] == "async-1"
    assert response.content == b"async-1"
