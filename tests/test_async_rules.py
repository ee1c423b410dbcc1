"""Unit tests of the async / ASGI rules DJA030–DJA035 (edge cases beyond the fixtures)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from flake8_djarch.config import Config, from_table
from tests.snippets import assert_snippet, lint_snippet

if TYPE_CHECKING:
    from pathlib import Path

CODES = frozenset(f"DJA03{digit}" for digit in range(6))


def lint(
    tmp_path: Path, source: str, path: str, config: Config | None = None
) -> list[tuple[int, str]]:
    """Lint one module and keep the async codes (see :mod:`tests.snippets`).

    Args:
        tmp_path: The project root.
        source: The module's text.
        path: Its path relative to the root.
        config: The configuration to use.

    Returns:
        ``(line, code)`` per finding.
    """
    findings = lint_snippet(source, path, codes=CODES, root=tmp_path, config=config)
    return [(finding.line, finding.code) for finding in findings]


def test_sync_orm_in_async_function(tmp_path: Path) -> None:
    """Evaluating calls, instance writes and sync iteration are reported; exemptions are not.

    Args:
        tmp_path: The project root.
    """
    source = """\
    import requests
    from asgiref.sync import sync_to_async


    async def view(order, cart_form, client):
        Order.objects.get(pk=1)  # error: DJA030
        Order.objects.filter(a=1).select_related("b").first()  # error: DJA030
        qs = Order.objects.filter(a=1)
        await Order.objects.aget(pk=1)
        await sync_to_async(Order.objects.get)(pk=1)
        async for row in Order.objects.filter(a=1):
            row.pk
        for row in Order.objects.filter(a=1):  # error: DJA030
            row.pk
        {row.pk for row in Order.objects.all()}  # error: DJA030
        [row async for row in Order.objects.all()]
        list(Order.objects.all())  # error: DJA030
        tuple(Order.objects.all())
        order.save()  # error: DJA030
        cart_form.save()
        super().save()
        await client.delete("/x")
        requests.delete("/x")
        lambda: Order.objects.count()

        def nested():
            Order.objects.count()

        class Inner:
            total = Order.objects.count()
        return qs


    def sync_view():
        Order.objects.get(pk=1)
    """
    assert_snippet(source, "apps/shop/consumers.py", codes={"DJA030"}, root=tmp_path)


def test_one_chain_is_one_finding(tmp_path: Path) -> None:
    """Several evaluating calls along one chain give one finding at its start.

    Args:
        tmp_path: The project root.
    """
    source = """\
    async def view():
        return (
            Order.objects.get(pk=1)
            .lines.filter(a=1)
            .count()
        )
    """
    assert lint(tmp_path, source, "apps/shop/consumers.py") == [(3, "DJA030")]


def test_allow_async_unsafe(tmp_path: Path) -> None:
    """Every way of setting the variable is reported outside the tests role.

    Args:
        tmp_path: The project root.
    """
    source = """\
    import os

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    os.putenv("DJANGO_ALLOW_ASYNC_UNSAFE", "1")
    os.environ.update({"DJANGO_ALLOW_ASYNC_UNSAFE": "1"})
    os.environ.update(DJANGO_ALLOW_ASYNC_UNSAFE="1")
    os.environ |= {"DJANGO_ALLOW_ASYNC_UNSAFE": "1"}
    os.environ["OTHER"] = "1"
    """
    found = lint(tmp_path, source, "config/settings/local.py")
    assert found == [(line, "DJA031") for line in range(3, 9)]
    assert lint(tmp_path, source, "conftest.py") == []
    tests_role = from_table({"roles": {"tests": ["config/settings/local.py"]}})
    assert lint(tmp_path, source, "config/settings/local.py", config=tests_role) == []


def test_sync_health_check(tmp_path: Path) -> None:
    """Sync module-level views and sync get methods of views are reported on the def line.

    Args:
        tmp_path: The project root.
    """
    source = """\
    from django.views import View
    from rest_framework.views import APIView


    @decorator
    def health(request):
        return request


    async def ahealth(request):
        return request


    def helper(value):
        return value


    class Health(View):
        def get(self, request):
            return request


    class Probe(APIView):
        def get(self, *args):
            return args


    class Store:
        def get(self, key):
            return key
    """
    found = lint(tmp_path, source, "apps/core/healthcheck.py")
    assert found == [(6, "DJA032"), (19, "DJA032"), (24, "DJA032")]
    assert lint(tmp_path, source, "apps/core/views.py") == []


def test_blocking_calls(tmp_path: Path) -> None:
    """Blocking calls in async functions are reported; awaited and async APIs are not.

    Args:
        tmp_path: The project root.
    """
    source = """\
    import asyncio
    import time
    from time import sleep
    from urllib.request import urlopen

    import httpx
    import requests
    from django.core.cache import cache, caches


    async def view():
        time.sleep(1)
        sleep(1)
        requests.post("u")
        urlopen("u")
        cache.get_or_set("k", 1)
        caches["default"].touch("k")
        await asyncio.sleep(1)
        await cache.aget("k")
        async with httpx.AsyncClient() as client:
            await client.get("u")
        await asyncio.to_thread(time.sleep, 1)
        cache.aget("k")


    def sync():
        time.sleep(1)
    """
    found = lint(tmp_path, source, "apps/core/clients.py")
    assert found == [(line, "DJA033") for line in range(12, 18)]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('worker_class = "uvicorn.workers.UvicornWorker"\n', []),
        ('worker_class = "uvicorn_worker.UvicornWorker"\n', []),
        ('worker_class = "gevent"\n', [(1, "DJA034")]),
        ('bind = "x"\nworker_class: str = "sync"\n', [(2, "DJA034")]),
        ("worker_class = choose_worker()\n", []),
        ("bind = 1\n", [(1, "DJA034")]),
    ],
)
def test_gunicorn_worker_class(
    tmp_path: Path, source: str, expected: list[tuple[int, str]]
) -> None:
    """The worker class must be one of the two Uvicorn workers.

    Args:
        tmp_path: The project root.
        source: The configuration module.
        expected: The DJA034 findings expected.
    """
    found = lint(tmp_path, source, "config/gunicorn.conf.py")
    assert [item for item in found if item[1] == "DJA034"] == expected


def test_gunicorn_hardening_one_finding_per_missing_name(tmp_path: Path) -> None:
    """Every missing hardening name is its own finding at line 1.

    Args:
        tmp_path: The project root.
    """
    source = 'worker_class = "uvicorn.workers.UvicornWorker"\nbind = "x"\nif True:\n    workers = 2\n'
    found = lint(tmp_path, source, "deploy/gunicorn_conf.py")
    assert found == [(1, "DJA035")] * 7
    assert lint(tmp_path, source, "deploy/gunicorn_settings.py") == []


def test_gunicorn_hardening_message_gives_the_seed_value(tmp_path: Path) -> None:
    """The DJA035 message names the missing setting and the seed's value for it.

    Args:
        tmp_path: The project root.
    """
    source = 'worker_class = "uvicorn.workers.UvicornWorker"\n'
    findings = lint_snippet(
        source, "config/gunicorn.conf.py", codes=CODES, root=tmp_path
    )
    messages = {finding.text for finding in findings if finding.code == "DJA035"}
    assert (
        'DJA035 gunicorn setting accesslog is not set; add accesslog = "-" (seed §7.3)'
        in messages
    )
    assert any(
        "add workers = multiprocessing.cpu_count() * 2 + 1" in text for text in messages
    )


def test_requests_exceptions_and_helpers_are_not_blocking(tmp_path: Path) -> None:
    """Raising ``requests.HTTPError`` or quoting a URL does no I/O; ``requests.*`` calls do.

    Args:
        tmp_path: The project root.
    """
    source = """\
    import requests
    from requests.exceptions import HTTPError


    async def view(url):
        try:
            requests.get(url)
        except requests.RequestException as error:
            raise requests.HTTPError(url) from error
        raise HTTPError(requests.utils.quote(url))
        requests.Session()
    """
    assert lint(tmp_path, source, "apps/core/clients.py") == [
        (7, "DJA033"),
        (11, "DJA033"),
    ]


def test_cache_delete_is_not_an_orm_write(tmp_path: Path) -> None:
    """``caches[...].delete()`` is a blocking cache call, not a sync ORM write.

    Args:
        tmp_path: The project root.
    """
    source = """\
    from django.core.cache import caches


    async def view(request):
        caches["default"].delete("k")
        request.session.delete()
    """
    assert lint(tmp_path, source, "apps/core/clients.py") == [(5, "DJA033")]


def test_decorators_and_defaults_are_outside_the_async_body(tmp_path: Path) -> None:
    """Decorators and parameter defaults run where the function is defined.

    Args:
        tmp_path: The project root.
    """
    source = """\
    import time


    @register(Order.objects.count())
    async def view(limit=Order.objects.first(), pause: float = time.sleep(1)):
        return Order.objects.count()
    """
    assert lint(tmp_path, source, "apps/core/consumers.py") == [(6, "DJA030")]
