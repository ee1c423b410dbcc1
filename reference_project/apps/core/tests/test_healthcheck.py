"""Tests for the async health check endpoint."""

import socket
from http import HTTPStatus
from typing import TYPE_CHECKING

import pytest
from django.db import DatabaseError, connection

from apps.core import healthcheck

if TYPE_CHECKING:
    from django.test import Client
    from pytest_django.fixtures import SettingsWrapper

HEALTH_URL = "/api/health/"


def _closed_port() -> int:
    """Return a loopback TCP port that nothing listens on.

    Returns:
        A port number that was free a moment ago.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.django_db
def test_health_ok(client: "Client") -> None:
    """With database and cache reachable the endpoint reports healthy.

    Args:
        client: Django's test client (no authentication).
    """
    response = client.get(HEALTH_URL)

    assert response.status_code == HTTPStatus.OK
    assert response.json() == {"status": "healthy", "db": "ok", "cache": "ok"}
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.django_db
def test_health_is_exempt_from_https_redirect(
    client: "Client", settings: "SettingsWrapper"
) -> None:
    """Plain-HTTP orchestrator probes are not redirected to HTTPS.

    Args:
        client: Django's test client.
        settings: pytest-django's settings override fixture.
    """
    settings.SECURE_SSL_REDIRECT = True

    assert client.get(HEALTH_URL).status_code == HTTPStatus.OK
    assert client.get("/api/products/").status_code == HTTPStatus.MOVED_PERMANENTLY


@pytest.mark.django_db
def test_health_redis_unreachable(
    client: "Client", settings: "SettingsWrapper"
) -> None:
    """An unreachable Redis makes the endpoint report 503 with a cache error.

    Args:
        client: Django's test client.
        settings: pytest-django's settings override fixture.
    """
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{_closed_port()}/0",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
        }
    }

    response = client.get(HEALTH_URL)

    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    body = response.json()
    assert body["status"] == "unhealthy"
    assert body["db"] == "ok"
    assert body["cache"].startswith("error: ")


@pytest.mark.django_db
def test_health_database_unreachable(
    client: "Client", monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failing database probe makes the endpoint report 503 with a db error.

    Args:
        client: Django's test client.
        monkeypatch: pytest's monkeypatch fixture.
    """

    def broken_probe() -> None:
        """Simulate an unreachable database.

        Raises:
            DatabaseError: Always.
        """
        message = "connection refused"
        raise DatabaseError(message)

    monkeypatch.setattr(healthcheck, "_probe_database", broken_probe)

    response = client.get(HEALTH_URL)

    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response.json() == {
        "status": "unhealthy",
        "db": "error: DatabaseError",
        "cache": "ok",
    }


@pytest.mark.django_db
def test_health_cache_read_back_mismatch(
    client: "Client", monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cache that loses written values is reported as unhealthy.

    Args:
        client: Django's test client.
        monkeypatch: pytest's monkeypatch fixture.
    """

    async def lossy_get(key: str) -> None:
        """Pretend the value was lost.

        Args:
            key: The cache key that was read.
        """
        del key

    monkeypatch.setattr(healthcheck.cache, "aget", lossy_get)

    response = client.get(HEALTH_URL)

    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response.json()["cache"] == "error: cache read-back mismatch"


@pytest.mark.django_db
def test_probe_database_reconnects_unusable_connection(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A stale connection is closed and reopened; a dead one raises.

    Args:
        monkeypatch: pytest's monkeypatch fixture.
    """
    monkeypatch.setattr(connection, "is_usable", lambda: False)
    monkeypatch.setattr(connection, "close", lambda: None)

    with pytest.raises(DatabaseError, match="not usable"):
        healthcheck._probe_database()


def test_health_rejects_post(client: "Client") -> None:
    """Only GET is allowed.

    Args:
        client: Django's test client.
    """
    assert client.post(HEALTH_URL).status_code == HTTPStatus.METHOD_NOT_ALLOWED
