"""Project-level checks: migrations, OpenAPI schema, settings, real services."""

import uuid
from io import StringIO
from typing import TYPE_CHECKING

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection

from config.settings import EnvironmentSettings

if TYPE_CHECKING:
    from pathlib import Path

ONE_YEAR_SECONDS = 365 * 24 * 60 * 60
USES_POSTGRESQL = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
USES_REDIS = settings.CACHES["default"]["BACKEND"].startswith("django_redis")


@pytest.mark.django_db
def test_no_missing_migrations() -> None:
    """Models and migrations are in sync."""
    output = StringIO()

    call_command("makemigrations", "--check", "--dry-run", stdout=output)

    assert "No changes detected" in output.getvalue()


def test_openapi_schema_is_valid_without_warnings(tmp_path: "Path") -> None:
    """drf-spectacular generates a valid schema and emits no warnings.

    Args:
        tmp_path: A temporary folder for the generated schema.
    """
    schema_file = tmp_path / "schema.yml"

    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(schema_file)
    )

    schema = schema_file.read_text(encoding="utf-8")
    assert "/api/orders/{order_id}/cancel/" in schema
    assert "/api/users/register/" in schema


def test_security_baseline() -> None:
    """The production security settings are active (tests only relax the redirect)."""
    assert settings.SECURE_HSTS_SECONDS == ONE_YEAR_SECONDS
    assert settings.SECURE_HSTS_INCLUDE_SUBDOMAINS
    assert settings.SECURE_HSTS_PRELOAD
    assert settings.SESSION_COOKIE_SECURE
    assert settings.CSRF_COOKIE_SECURE
    assert settings.SECURE_CONTENT_TYPE_NOSNIFF
    assert settings.X_FRAME_OPTIONS == "DENY"
    assert settings.SECURE_PROXY_SSL_HEADER == ("HTTP_X_FORWARDED_PROTO", "https")
    assert "*" not in settings.ALLOWED_HOSTS


def test_environment_settings_parse_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """The pydantic-settings class reads typed values from the environment.

    Args:
        monkeypatch: pytest's monkeypatch fixture.
    """
    monkeypatch.setenv("DEBUG", "true")
    monkeypatch.setenv("ALLOWED_HOSTS", '["api.example.com"]')
    monkeypatch.setenv("LOG_LEVEL", "INFO")
    monkeypatch.setenv("REDIS_URL", "redis://cache:6379/1")

    env = EnvironmentSettings(_env_file=None)

    assert env.debug is True
    assert env.allowed_hosts == ["api.example.com"]
    assert env.log_level == "INFO"
    assert env.redis_url is not None
    assert env.redis_url.get_secret_value() == "redis://cache:6379/1"
    assert "cache:6379" not in repr(env)


@pytest.mark.skipif(
    not USES_POSTGRESQL,
    reason="DATABASE_URL is not set: the suite runs on SQLite, not PostgreSQL",
)
@pytest.mark.django_db
def test_real_postgresql() -> None:
    """With DATABASE_URL set, the suite really talks to PostgreSQL."""
    connection.ensure_connection()

    assert connection.vendor == "postgresql"
    assert connection.is_usable()


@pytest.mark.skipif(
    not USES_REDIS,
    reason="REDIS_URL is not set: the suite uses the local-memory cache, not Redis",
)
def test_real_redis() -> None:
    """With REDIS_URL set, the cache and sessions really live in Redis."""
    key = f"test:{uuid.uuid4().hex}"

    cache.set(key, "value", timeout=30)

    assert cache.get(key) == "value"
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.cache"
    cache.delete(key)
