"""Health check endpoint for container orchestration probes."""

import logging
import uuid
from http import HTTPStatus
from typing import TYPE_CHECKING

from asgiref.sync import sync_to_async
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

if TYPE_CHECKING:
    from django.http import HttpRequest

logger = logging.getLogger(__name__)

_CACHE_PROBE_TIMEOUT_SECONDS = 5


def _probe_database() -> None:
    """Open (or reuse) the database connection and verify that it is usable.

    Raises:
        DatabaseError: If the connection is not usable after reconnecting.
    """
    connection.ensure_connection()
    if connection.is_usable():
        return
    connection.close()
    connection.ensure_connection()
    if not connection.is_usable():
        message = "database connection is not usable"
        raise DatabaseError(message)


async def check_database() -> str:
    """Check database connectivity without blocking the event loop.

    Returns:
        ``"ok"`` when the database answers, otherwise ``"error: <reason>"``.
    """
    try:
        await sync_to_async(_probe_database)()
    except Exception as exc:  # A probe must report any failure.
        logger.warning("Health check: database unavailable: %s", exc)
        return f"error: {type(exc).__name__}"
    return "ok"


async def check_cache() -> str:
    """Check cache connectivity with an async write/read round trip.

    Returns:
        ``"ok"`` when the cache answers, otherwise ``"error: <reason>"``.
    """
    key = f"healthcheck:{uuid.uuid4().hex}"
    try:
        await cache.aset(key, "ok", timeout=_CACHE_PROBE_TIMEOUT_SECONDS)
        value = await cache.aget(key)
        await cache.adelete(key)
    except Exception as exc:  # A probe must report any failure.
        logger.warning("Health check: cache unavailable: %s", exc)
        return f"error: {type(exc).__name__}"
    if value != "ok":
        return "error: cache read-back mismatch"
    return "ok"


@never_cache
@require_GET
async def health(request: "HttpRequest") -> JsonResponse:
    """Report database and cache connectivity.

    Args:
        request: The incoming request; no authentication is required.

    Returns:
        HTTP 200 with ``{"status": "healthy", "db": "ok", "cache": "ok"}`` or
        HTTP 503 with ``"status": "unhealthy"`` and the failing checks.
    """
    del request
    db_status = await check_database()
    cache_status = await check_cache()
    healthy = db_status == "ok" and cache_status == "ok"
    return JsonResponse(
        {
            "status": "healthy" if healthy else "unhealthy",
            "db": db_status,
            "cache": cache_status,
        },
        status=HTTPStatus.OK if healthy else HTTPStatus.SERVICE_UNAVAILABLE,
    )
