"""Helpers shared by the hook tests."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from djarch_hooks.layout import LAYOUT

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
REPO_ROOT = HERE.parents[1]
BIN = Path(sys.executable).parent

GOOD_SETTINGS = '''"""Settings."""

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Environment settings."""

    model_config = SettingsConfigDict(env_prefix="DJANGO_", env_file=".env")

    secret_key: str
    debug: bool = False


env = Settings()
SECRET_KEY = env.secret_key
DEBUG = env.debug
INSTALLED_APPS = ["django.contrib.auth", "apps.users"]
AUTH_USER_MODEL = "users.User"
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_SSL_REDIRECT = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "apps.core.pagination.DefaultPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.UserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"user": "100/min"},
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "apps.core.exceptions.handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}
LOGGING = {
    "version": 1,
    "formatters": {"json": {"()": "pythonjsonlogger.json.JsonFormatter"}},
}
CACHES = {"default": {"BACKEND": "django_redis.cache.RedisCache"}}
SESSION_ENGINE = "django.contrib.sessions.backends.cache"
'''

GOOD_GUNICORN = '''"""Gunicorn configuration for ASGI deployment."""

import multiprocessing

worker_class = "uvicorn.workers.UvicornWorker"
workers = multiprocessing.cpu_count() * 2 + 1
bind = "0.0.0.0:8000"
accesslog = "-"
errorlog = "-"
loglevel = "info"
timeout = 120
graceful_timeout = 30
keepalive = 5
limit_request_line = 8190
limit_request_fields = 100
'''


# What DJA103-DJA106 need beyond the layout's empty files: the health route,
# the users migration, and tests importing each services/selectors module
# through factory-boy factories.
GOOD_FIDELITY_FILES = {
    "config/urls.py": (
        '"""URLs."""\n\nfrom django.urls import include, path\n\n'
        'urlpatterns = [path("api/", include("apps.core.urls"))]\n'
    ),
    "apps/core/urls.py": (
        '"""Core URLs."""\n\nfrom django.urls import re_path\n\n'
        "from apps.core.healthcheck import health\n\n"
        'urlpatterns = [re_path(r"^health/$", health)]\n'
    ),
    "apps/core/healthcheck.py": (
        '"""Health check."""\n\nfrom http import HTTPStatus\n\n'
        "from django.core.cache import cache\nfrom django.db import connection\n\n"
        "PROBES = (connection.ensure_connection, cache.aget)\n"
        "UNHEALTHY = HTTPStatus.SERVICE_UNAVAILABLE\n"
    ),
    "apps/core/exceptions.py": (
        '"""Exception handler."""\n\n\n'
        "def handler(exc: Exception, context: dict[str, object]) -> None:\n"
        '    """Format an error.\n\n    Args:\n        exc: The exception.\n'
        '        context: DRF\'s context.\n    """\n'
    ),
    "apps/users/migrations/__init__.py": "",
    "apps/users/migrations/0001_initial.py": '"""Initial migration."""\n',
    "apps/users/tests/factories.py": '"""Factories."""\n\nimport factory\n',
    "apps/users/tests/test_models.py": (
        '"""Model tests."""\n\nfrom .factories import factory\n'
    ),
    "apps/users/tests/test_services.py": (
        '"""Service and selector tests."""\n\n'
        "from apps.users import selectors, services\n"
    ),
}


def script(
    name: str, *args: str, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run one of the installed console scripts.

    Args:
        name: The script name, e.g. ``djarch-dockerfile``.
        *args: Its arguments.
        cwd: The working directory.

    Returns:
        The completed process (text output).
    """
    return subprocess.run(
        [str(BIN / name), *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
        timeout=120,
    )


def codes(findings: list) -> list[str]:
    """List the codes of findings.

    Args:
        findings: Hook findings.

    Returns:
        Their codes, in order.
    """
    return [item.code for item in findings]


def copy_fixture(
    kind: str, variant: str, name: str, target_dir: Path, target_name: str | None = None
) -> Path:
    """Copy a fixture file into a directory under the name the hook expects.

    Args:
        kind: Fixture folder (``docker``, ``ignore``...).
        variant: ``good`` or ``bad``.
        name: File name inside the fixture folder.
        target_dir: Where to copy it.
        target_name: Name to give it (default: ``name``).

    Returns:
        The copied file.
    """
    target = target_dir / (target_name or name)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(FIXTURES / kind / variant / name, target)
    return target


def write_good_project(root: Path) -> None:
    """Write a complete, seed-compliant project (layout and project files).

    Args:
        root: The directory to fill.
    """
    for entry in LAYOUT:
        path = root / entry
        if entry.endswith("/"):
            path.mkdir(parents=True, exist_ok=True)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("" if entry.endswith(".py") else "\n", encoding="utf-8")
    (root / "config" / "settings.py").write_text(GOOD_SETTINGS, encoding="utf-8")
    (root / "config" / "gunicorn.conf.py").write_text(GOOD_GUNICORN, encoding="utf-8")
    copy_fixture("docker", "good", "Dockerfile", root)
    copy_fixture("compose", "good", "docker-compose.yml", root)
    copy_fixture("ignore", "good", "gitignore", root, ".gitignore")
    copy_fixture("ignore", "good", "dockerignore", root, ".dockerignore")
    copy_fixture("pyproject", "good", "pyproject.toml", root)
    copy_fixture("nginx", "good", "nginx.conf", root / "nginx")
    (root / ".env.example").write_text(
        "DJANGO_SECRET_KEY=change-me\nDJANGO_DEBUG=false\n", encoding="utf-8"
    )
    copy_fixture("pyproject", "good", "uv.lock", root)
    for name, text in GOOD_FIDELITY_FILES.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
