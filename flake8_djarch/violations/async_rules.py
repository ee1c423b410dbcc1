"""Async / ASGI rules (RULES.md §4, seed §7 and §9): DJA030–DJA035."""

from __future__ import annotations

from typing import final

from flake8_djarch.violations.base import Violation


@final
class SyncOrmInAsync(Violation):
    """A synchronous ORM query or write runs inside an async function.

    ## What it does
    Inside an ``async def`` body (not inside a nested ``def``, ``lambda`` or
    class) it reports:

    - a call of an evaluating QuerySet method on a manager chain: ``get``,
      ``create``, ``get_or_create``, ``update_or_create``, ``bulk_create``,
      ``bulk_update``, ``count``, ``exists``, ``first``, ``last``, ``latest``,
      ``earliest``, ``aggregate``, ``update``, ``delete``, ``in_bulk``,
      ``iterator``, ``contains``, ``explain``;
    - ``.save()``, ``.delete()`` and ``.refresh_from_db()`` on any receiver
      except ``super()`` and serializer / form / formset / cache / session /
      storage names (RULES.md §0 exempt receivers), unless the call is awaited;
    - iterating a manager chain with a plain ``for`` (statement or
      comprehension), or passing one to ``list()``, ``len()`` or ``bool()``.

    Building a lazy queryset (``qs = Order.objects.filter(...)``), the
    ``a``-prefixed async methods, ``async for`` and method *references*
    handed to ``sync_to_async`` are fine, and so are the decorators and
    parameter defaults of an ``async def`` (they run where it is defined).
    One chain is one finding, reported where the chain starts.

    ## Why is this bad?
    The Django ORM is synchronous. Called from the event loop it raises
    ``SynchronousOnlyOperation`` or, with the safety check disabled, blocks
    every other request served by the worker (seed §7.2 rule 3).

    ## Example
    ```python
    # path: apps/shop/consumers.py
    from apps.shop.models import Order


    async def order_total(order_id: int) -> int:
        '''Return the total of an order.

        Args:
            order_id: The order's primary key.

        Returns:
            The total in cents.
        '''
        order = Order.objects.get(pk=order_id)
        return order.total
    ```

    ## Use instead
    ```python
    # path: apps/shop/consumers.py
    from asgiref.sync import sync_to_async

    from apps.shop.models import Order


    async def order_total(order_id: int) -> int:
        '''Return the total of an order.

        Args:
            order_id: The order's primary key.

        Returns:
            The total in cents.
        '''
        order = await Order.objects.aget(pk=order_id)
        return order.total


    async def order_count() -> int:
        '''Count the orders through the sync API, off the event loop.

        Returns:
            The number of orders.
        '''
        return await sync_to_async(Order.objects.count)()
    ```
    """

    code = "DJA030"
    name = "sync-orm-in-async"
    family = "async"
    seed = "§7.2"
    message = "sync ORM {call} in async function {function}; {fix} (seed §7.2)"


@final
class AllowAsyncUnsafe(Violation):
    """DJANGO_ALLOW_ASYNC_UNSAFE is set outside the tests.

    ## What it does
    Reports setting the ``DJANGO_ALLOW_ASYNC_UNSAFE`` environment variable
    through ``os.environ[...] = ...``, ``os.environ.setdefault(...)``,
    ``os.putenv(...)`` or ``os.environ.update(...)`` in any module outside
    the tests role. A ``local.py`` settings file is not exempt; add it to the
    tests role (``[tool.djarch.roles] tests = [...]``) only if it really is
    test-only configuration.

    ## Why is this bad?
    The variable disables Django's guard against synchronous ORM access from
    the event loop. Any non-empty value switches the guard off, so blocking
    queries then stall the whole ASGI worker instead of failing loudly
    (seed §7.2 rule 4).

    ## Example
    ```python
    # path: config/asgi.py
    import os

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    ```

    ## Use instead
    ```python
    # path: config/asgi.py
    import os

    from django.core.asgi import get_asgi_application

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    application = get_asgi_application()
    ```
    """

    code = "DJA031"
    name = "allow-async-unsafe"
    family = "async"
    seed = "§7.2"
    message = (
        "DJANGO_ALLOW_ASYNC_UNSAFE set via {how}; remove it and make the ORM "
        "call async-safe, it is allowed in tests only (seed §7.2)"
    )


@final
class SyncHealthCheck(Violation):
    """The health check endpoint is a synchronous view.

    ## What it does
    In the healthcheck role (``healthcheck.py``) it reports a module-level
    function whose first parameter is ``request`` defined with a plain
    ``def``, and a plain ``def get`` of a class-based view (a class reaching
    a DRF view, a base whose name ends in ``View``, or a ``get`` whose first
    parameter after ``self`` is ``request``).

    ## Why is this bad?
    Orchestrators poll the health check constantly. Seed §9 requires an
    ``async def`` view so that probes never occupy a thread of the ASGI
    worker's sync pool.

    ## Example
    ```python
    # path: apps/core/healthcheck.py
    from django.http import HttpRequest, JsonResponse


    def health(request: HttpRequest) -> JsonResponse:
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
    """

    code = "DJA032"
    name = "sync-health-check"
    family = "async"
    seed = "§9"
    message = "sync health check {view}; define it with async def (seed §9)"


@final
class BlockingCallInAsync(Violation):
    """A blocking call runs inside an async function.

    ## What it does
    Inside an ``async def`` body (not inside a nested ``def``, ``lambda`` or
    class) it reports calls of ``time.sleep``, anything from ``requests``,
    ``urllib.request.urlopen`` and the synchronous cache API (``get``,
    ``set``, ``delete``, ``get_many``, ``set_many``, ``incr``, ``decr``,
    ``clear``, ``get_or_set``, ``touch``) on a name ``cache`` or on
    ``caches[...]``. Awaited calls, references handed to
    ``sync_to_async`` / ``asyncio.to_thread``, decorators and parameter
    defaults of the ``async def``, and ``requests`` exception
    classes and helpers that do no I/O (``requests.HTTPError(...)``,
    ``requests.exceptions.*``, ``requests.utils.*``) are not reported.

    ## Why is this bad?
    A blocking call stops the event loop: every other request served by the
    worker waits until it returns (seed §7.1, §7.2 rule 5).

    ## Example
    ```python
    # path: apps/core/clients.py
    import time


    async def wait_for_partner(seconds: float) -> None:
        '''Give the partner API time to settle.

        Args:
            seconds: How long to wait.
        '''
        time.sleep(seconds)
    ```

    ## Use instead
    ```python
    # path: apps/core/clients.py
    import asyncio


    async def wait_for_partner(seconds: float) -> None:
        '''Give the partner API time to settle.

        Args:
            seconds: How long to wait.
        '''
        await asyncio.sleep(seconds)
    ```
    """

    code = "DJA033"
    name = "blocking-call-in-async"
    family = "async"
    seed = "§7.2"
    message = "blocking call {call} in async function {function}; use {fix} (seed §7)"


@final
class GunicornWorkerClass(Violation):
    """The gunicorn configuration does not use the Uvicorn ASGI worker.

    ## What it does
    In the gunicorn role (``gunicorn.conf.py``, ``gunicorn_conf.py``) it
    reports a missing ``worker_class`` assignment at line 1, and a
    ``worker_class`` string literal other than
    ``"uvicorn.workers.UvicornWorker"`` or ``"uvicorn_worker.UvicornWorker"``
    on that assignment. Computed values are not judged.

    ## Why is this bad?
    The application is ASGI-first (seed §7.2 rule 2): a sync worker cannot
    serve ``config.asgi:application`` and runs every async view through a
    thread pool, if at all.

    ## Example
    ```python
    # path: config/gunicorn.conf.py
    worker_class = "sync"
    ```

    ## Use instead
    ```python
    # path: config/gunicorn.conf.py
    import multiprocessing

    worker_class = "uvicorn.workers.UvicornWorker"
    workers = multiprocessing.cpu_count() * 2 + 1
    bind = "0.0.0.0:8000"
    accesslog = "-"
    errorlog = "-"
    timeout = 120
    graceful_timeout = 30
    keepalive = 5
    limit_request_line = 8190
    limit_request_fields = 100
    ```
    """

    code = "DJA034"
    name = "gunicorn-worker-class"
    family = "async"
    seed = "§7.2"
    message = (
        '{problem}; set worker_class = "uvicorn.workers.UvicornWorker" (seed §7.2)'
    )


@final
class GunicornHardening(Violation):
    """The gunicorn configuration lacks a hardening setting of seed §7.3.

    ## What it does
    In the gunicorn role it reports, at line 1, one finding per name of
    ``bind``, ``workers``, ``timeout``, ``graceful_timeout``, ``keepalive``,
    ``limit_request_line``, ``limit_request_fields``, ``accesslog`` and
    ``errorlog`` that the module never assigns. Any module-level assignment
    counts, whatever its value. The message gives the value of the seed's
    reference configuration (e.g. ``add accesslog = "-"``).

    ## Why is this bad?
    gunicorn's defaults keep one worker, a 30 second timeout, no access log
    and unlimited request header counts; the seed's reference configuration
    pins each of them for predictable, observable, bounded workers.

    ## Example
    ```python
    # path: config/gunicorn.conf.py
    worker_class = "uvicorn.workers.UvicornWorker"
    bind = "0.0.0.0:8000"
    ```

    ## Use instead
    ```python
    # path: config/gunicorn.conf.py
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
    ```
    """

    code = "DJA035"
    name = "gunicorn-hardening"
    family = "async"
    seed = "§7.3"
    message = (
        "gunicorn setting {setting} is not set; add {setting} = {value} (seed §7.3)"
    )
