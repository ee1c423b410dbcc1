"""Serve the project with Gunicorn + Uvicorn workers and probe it over HTTP."""

import http.client
import json
import os
import secrets
import socket
import subprocess
import sys
import time
from http import HTTPStatus
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from django.conf import settings

if TYPE_CHECKING:
    from collections.abc import Iterator

PROJECT_ROOT = Path(__file__).resolve().parent.parent
GUNICORN_CONFIG = PROJECT_ROOT / "config" / "gunicorn.conf.py"
STARTUP_TIMEOUT_SECONDS = 30.0
SHUTDOWN_TIMEOUT_SECONDS = 10.0


def _free_port() -> int:
    """Return a free TCP port on the loopback interface.

    Returns:
        The port number.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(port: int, path: str) -> tuple[int, bytes]:
    """Send a GET request to the local server.

    Args:
        port: The port the server listens on.
        path: The request path.

    Returns:
        The status code and the body of the response.
    """
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def _server_env(tmp_path: Path) -> dict[str, str]:
    """Build the environment of the server process.

    The server uses the same services as the test run: PostgreSQL and Redis
    when ``DATABASE_URL`` / ``REDIS_URL`` are configured, otherwise a
    throw-away SQLite file and its own local-memory cache.

    Args:
        tmp_path: A temporary folder for the SQLite fallback database.

    Returns:
        The environment variables for the subprocess.
    """
    env = dict(os.environ)
    env.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    env["ALLOWED_HOSTS"] = json.dumps(["127.0.0.1", "localhost"])
    env["PYTHONPATH"] = str(PROJECT_ROOT)
    return env


@pytest.fixture
def gunicorn_server(tmp_path: Path) -> "Iterator[int]":
    """Run Gunicorn with the project config and one Uvicorn worker.

    Args:
        tmp_path: A temporary folder for logs and the SQLite fallback.

    Yields:
        The port the server listens on.

    Raises:
        RuntimeError: If the server exits early or does not answer in time.
    """
    port = _free_port()
    log_path = tmp_path / "gunicorn.log"
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.asgi:application",
        "-c",
        str(GUNICORN_CONFIG),
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "1",
    ]
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(  # noqa: S603 - fixed argv, no shell.
            command,
            cwd=PROJECT_ROOT,
            env=_server_env(tmp_path),
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
            while True:
                if process.poll() is not None:
                    log = log_path.read_text(encoding="utf-8", errors="replace")
                    message = f"gunicorn exited early:\n{log}"
                    raise RuntimeError(message)
                try:
                    _get(port, "/api/health/")
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        message = "gunicorn did not answer in time"
                        raise RuntimeError(message) from None
                    time.sleep(0.2)
            yield port
        finally:
            process.terminate()
            try:
                process.wait(timeout=SHUTDOWN_TIMEOUT_SECONDS)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=SHUTDOWN_TIMEOUT_SECONDS)


@pytest.mark.integration
@pytest.mark.slow
def test_gunicorn_serves_health_check(gunicorn_server: int) -> None:
    """The ASGI app answers the health check through Gunicorn and Uvicorn.

    Args:
        gunicorn_server: The port of the running server.
    """
    status, body = _get(gunicorn_server, "/api/health/")

    assert status == HTTPStatus.OK, body
    assert json.loads(body) == {"status": "healthy", "db": "ok", "cache": "ok"}
