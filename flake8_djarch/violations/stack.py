"""Tech-stack rules DJA201–DJA206: Redis cache and sessions, middleware, errors, schema, health."""

from __future__ import annotations

from typing import final

from flake8_djarch.violations.base import Violation


@final
class CacheBackend(Violation):
    """The main settings module does not cache through django-redis.

    ## What it does
    In the main settings module: reports a missing ``CACHES`` at 1:1, and an
    unconditional module-level ``CACHES`` literal whose ``["default"]
    ["BACKEND"]`` is not ``django_redis.cache.RedisCache`` on the
    ``BACKEND`` key's line. A non-literal backend and a ``CACHES`` assigned
    only inside ``if`` / ``else`` (present, chosen at start-up) are not
    judged.

    ## Why is this bad?
    The seed's stack caches in Redis through ``django-redis`` (tech stack,
    §7.2.5): a per-process memory cache is not shared between Gunicorn
    workers, loses everything on restart and has no async client.

    ## Example
    ```python
    # path: config/settings.py
    INSTALLED_APPS = ["apps.users"]
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        }
    }
    ```

    ## Use instead
    ```python
    # path: config/settings.py
    INSTALLED_APPS = ["apps.users"]
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://redis:6379/0",
        }
    }
    ```
    """

    code = "DJA201"
    name = "cache-backend"
    family = "settings"
    seed = "§7.2.5"
    message = "{problem}; use django_redis.cache.RedisCache as the default cache (seed tech stack, §7.2.5)"


@final
class SessionEngine(Violation):
    """Sessions are not stored in the (Redis) cache.

    ## What it does
    In the main settings module: reports at 1:1 a missing ``SESSION_ENGINE``,
    and on the literal a module-level ``SESSION_ENGINE`` string other than
    ``django.contrib.sessions.backends.cache`` or
    ``django.contrib.sessions.backends.cached_db``. Non-literal values and
    assignments inside ``if`` / ``else`` are not judged.

    ## Why is this bad?
    The seed keeps sessions in Redis (tech stack: "caching, sessions"). The
    default database engine writes a row per session and turns every
    authenticated request into a database round trip.

    ## Example
    ```python
    # path: config/settings.py
    INSTALLED_APPS = ["apps.users"]
    SESSION_ENGINE = "django.contrib.sessions.backends.db"
    ```

    ## Use instead
    ```python
    # path: config/settings.py
    INSTALLED_APPS = ["apps.users"]
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
    ```
    """

    code = "DJA202"
    name = "session-engine"
    family = "settings"
    seed = "§tech-stack"
    message = '{problem}; set SESSION_ENGINE = "django.contrib.sessions.backends.cache" (seed tech stack: Redis sessions)'


@final
class MiddlewareCapability(Violation):
    """Async middleware does not declare that it is async-only.

    ## What it does
    In modules named ``middleware.py`` or inside a ``middleware/`` package:
    reports a class whose ``__call__`` is an ``async def`` but whose body
    lacks ``async_capable = True`` together with ``sync_capable = False``,
    and a function middleware factory whose returned inner callable is an
    ``async def`` while the factory carries neither
    ``@async_only_middleware`` nor ``@sync_and_async_middleware``. Sync
    middleware (the seed's default) and classes built on
    ``MiddlewareMixin`` are not reported.

    ## Why is this bad?
    Seed §7.2.6: middleware is sync-compatible unless explicitly written as
    async middleware. Django treats an undeclared class as sync-capable only
    and calls an ``async def __call__`` from a sync thread under WSGI, or
    wraps it in an extra thread hop under ASGI.

    ## Example
    ```python
    # path: apps/core/middleware.py
    class TimingMiddleware:
        '''Time each request.'''

        async def __call__(self, request: object) -> object:
            '''Pass the request on.

            Args:
                request: The request.

            Returns:
                The response.
            '''
            return await self.get_response(request)
    ```

    ## Use instead
    ```python
    # path: apps/core/middleware.py
    class TimingMiddleware:
        '''Time each request.'''

        async_capable = True
        sync_capable = False

        async def __call__(self, request: object) -> object:
            '''Pass the request on.

            Args:
                request: The request.

            Returns:
                The response.
            '''
            return await self.get_response(request)
    ```
    """

    code = "DJA203"
    name = "middleware-capability"
    family = "async"
    seed = "§7.2.6"
    message = "async middleware {name} {problem}; declare its capability (seed §7.2.6)"


@final
class ExceptionHandlerLocation(Violation):
    """The DRF exception handler does not live in ``apps/core/exceptions.py``.

    ## What it does
    In the main settings module: reports the ``EXCEPTION_HANDLER`` key of a
    ``REST_FRAMEWORK`` literal whose string value is not a dotted path
    ``apps.core.exceptions.<function>``, or names a function that the
    project's ``apps/core/exceptions.py`` (found below the run directory or a
    source root, never imported) does not define. A missing key stays
    DJA074; a non-literal value and an ``apps/core/exceptions.py`` that
    cannot be found are not judged.

    ## Why is this bad?
    Seed §8.1 centralises error formatting in one custom handler in
    ``apps/core/exceptions.py``; DRF's stock handler (or one elsewhere) breaks
    the ``{"type", "errors"}`` error contract the clients rely on.

    ## Example
    ```python
    # path: config/settings.py
    INSTALLED_APPS = ["apps.users"]
    REST_FRAMEWORK = {
        "EXCEPTION_HANDLER": "rest_framework.views.exception_handler",
    }
    ```

    ## Use instead
    ```python
    # path: config/settings.py
    INSTALLED_APPS = ["apps.users"]
    REST_FRAMEWORK = {
        "EXCEPTION_HANDLER": "apps.core.exceptions.custom_exception_handler",
    }
    ```
    """

    code = "DJA204"
    name = "exception-handler-location"
    family = "settings"
    seed = "§8.1"
    message = "EXCEPTION_HANDLER {problem}; register the custom handler of apps/core/exceptions.py (seed §8.1)"


@final
class SchemaClass(Violation):
    """The API schema is not generated by drf-spectacular.

    ## What it does
    In the main settings module: reports the ``DEFAULT_SCHEMA_CLASS`` key of
    a ``REST_FRAMEWORK`` literal whose string value is not
    ``drf_spectacular.openapi.AutoSchema``. A project class is judged by its
    bases: one built on a ``drf_spectacular`` class (or on one that cannot be
    followed) is drf-spectacular's schema. A missing key stays DJA074; a
    non-literal value is not judged.

    ## Why is this bad?
    The seed's API docs are OpenAPI 3 from ``drf-spectacular`` (tech stack).
    DRF's own ``AutoSchema`` produces a different, less complete document
    and the Spectacular views fail on it.

    ## Example
    ```python
    # path: config/settings.py
    INSTALLED_APPS = ["apps.users"]
    REST_FRAMEWORK = {
        "DEFAULT_SCHEMA_CLASS": "rest_framework.schemas.openapi.AutoSchema",
    }
    ```

    ## Use instead
    ```python
    # path: config/settings.py
    INSTALLED_APPS = ["apps.users"]
    REST_FRAMEWORK = {
        "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    }
    ```
    """

    code = "DJA205"
    name = "schema-class"
    family = "settings"
    seed = "§tech-stack"
    message = 'DEFAULT_SCHEMA_CLASS is {value}; use "drf_spectacular.openapi.AutoSchema" (seed tech stack: drf-spectacular)'


@final
class HealthCheckContent(Violation):
    """The health check does not check the database and Redis or never answers 503.

    ## What it does
    In the healthcheck role (``healthcheck.py``), one finding at 1:1 per
    missing element: the module never touches the database (an attribute
    ``cursor`` or ``ensure_connection`` of ``connection`` /
    ``connections[...]`` from ``django.db``, called or passed on, e.g. to
    ``sync_to_async``), never touches the cache (any attribute of ``cache``
    / ``caches[...]`` from ``django.core.cache``, or django-redis's
    ``get_redis_connection``), or never answers 503 (``503``,
    ``HTTPStatus.SERVICE_UNAVAILABLE``,
    ``status.HTTP_503_SERVICE_UNAVAILABLE``).

    ## Why is this bad?
    Seed §9: the probe checks database and Redis connectivity and answers
    HTTP 503 when one fails. A health check that always says "healthy" keeps
    a broken container in the load balancer.

    ## Example
    ```python
    # path: apps/core/healthcheck.py
    from django.http import HttpRequest, JsonResponse


    async def health(request: HttpRequest) -> JsonResponse:
        '''Report the service status.

        Args:
            request: The probe's request.

        Returns:
            The status document.
        '''
        return JsonResponse({"status": "healthy"})
    ```

    ## Use instead
    ```python
    # path: apps/core/healthcheck.py
    from http import HTTPStatus

    from asgiref.sync import sync_to_async
    from django.core.cache import cache
    from django.db import connection
    from django.http import HttpRequest, JsonResponse


    async def health(request: HttpRequest) -> JsonResponse:
        '''Report database and cache connectivity.

        Args:
            request: The probe's request.

        Returns:
            200 when both answer, 503 otherwise.
        '''
        try:
            await sync_to_async(connection.ensure_connection)()
            await cache.aget("health")
        except Exception:
            return JsonResponse(
                {"status": "unhealthy"}, status=HTTPStatus.SERVICE_UNAVAILABLE
            )
        return JsonResponse({"status": "healthy", "db": "ok", "cache": "ok"})
    ```
    """

    code = "DJA206"
    name = "health-check-content"
    family = "async"
    seed = "§9"
    message = "health check never {missing}; {fix} (seed §9)"
