"""Runtime rules of the tech stack: DJA203 middleware capability, DJA206 health check content."""

from __future__ import annotations

import ast

from flake8_djarch import roles
from flake8_djarch.engine import Checker, Context
from flake8_djarch.violations.stack import HealthCheckContent, MiddlewareCapability

CAPABILITY_DECORATORS = frozenset(
    {"async_only_middleware", "sync_and_async_middleware"}
)
DJANGO_DECORATORS = "django.utils.decorators."
DB_PROBES = frozenset({"cursor", "ensure_connection"})
SERVICE_UNAVAILABLE = frozenset({"SERVICE_UNAVAILABLE", "HTTP_503_SERVICE_UNAVAILABLE"})
HEALTH_ELEMENTS = (
    (
        "db",
        "touches the database",
        "probe it with connection.ensure_connection() or a cursor",
    ),
    ("cache", "touches the cache", "probe Redis through django.core.cache.cache"),
    ("503", "answers 503", "answer HTTPStatus.SERVICE_UNAVAILABLE when a probe fails"),
)


def is_middleware_module(path: str) -> bool:
    """Tell whether a module holds middleware by its name.

    Args:
        path: The module path relative to the run directory, POSIX form.

    Returns:
        True for ``middleware.py`` and modules inside a ``middleware/`` package.
    """
    parts = path.split("/")
    return parts[-1] == "middleware.py" or "middleware" in parts[:-1]


def _constant(node: ast.stmt, name: str) -> object:
    """Return the constant a class-body statement assigns to a name.

    Args:
        node: A statement of a class body.
        name: The attribute name.

    Returns:
        The literal value, or ``None`` when the statement assigns something else.
    """
    if isinstance(node, ast.Assign):
        targets = node.targets
    elif isinstance(node, ast.AnnAssign) and node.value is not None:
        targets = [node.target]
    else:
        return None
    if not any(
        isinstance(target, ast.Name) and target.id == name for target in targets
    ):
        return None
    value = node.value
    return value.value if isinstance(value, ast.Constant) else None


class MiddlewareCapabilityChecker(Checker):
    """DJA203: async middleware declares itself async-only."""

    violations = (MiddlewareCapability,)

    @classmethod
    def applies(cls, ctx: Context) -> bool:
        """Run on middleware modules only.

        Args:
            ctx: The module's context.

        Returns:
            True for ``middleware.py`` and ``middleware/`` modules.
        """
        return is_middleware_module(ctx.path) and super().applies(ctx)

    def begin(self) -> None:
        """Judge every class and function of the module."""
        for node in ast.walk(self.ctx.tree):
            if isinstance(node, ast.ClassDef):
                self._class(node)
            elif isinstance(node, ast.FunctionDef):
                self._factory(node)

    def _class(self, node: ast.ClassDef) -> None:
        """Report a class with ``async def __call__`` that does not declare async-only.

        Args:
            node: The class.
        """
        if not any(
            isinstance(item, ast.AsyncFunctionDef) and item.name == "__call__"
            for item in node.body
        ):
            return
        for base in node.bases:
            text = self.ctx.imports.dotted(base) or ""
            if text.rsplit(".", 1)[-1] == "MiddlewareMixin":
                return
        async_capable = any(
            _constant(item, "async_capable") is True for item in node.body
        )
        sync_capable_off = any(
            _constant(item, "sync_capable") is False for item in node.body
        )
        if async_capable and sync_capable_off:
            return
        self.ctx.report(
            node,
            MiddlewareCapability,
            name=node.name,
            problem="lacks async_capable = True and sync_capable = False",
        )

    def _factory(self, node: ast.FunctionDef) -> None:
        """Report a factory returning an ``async def`` without a capability decorator.

        Args:
            node: A plain function.
        """
        inner = {
            item.name for item in node.body if isinstance(item, ast.AsyncFunctionDef)
        }
        if not inner or not any(
            isinstance(item, ast.Return)
            and isinstance(item.value, ast.Name)
            and item.value.id in inner
            for item in node.body
        ):
            return
        for decorator in node.decorator_list:
            target = decorator.func if isinstance(decorator, ast.Call) else decorator
            qualified = self.ctx.qualify(target)
            if qualified is not None and qualified.startswith(DJANGO_DECORATORS):
                qualified = qualified.removeprefix(DJANGO_DECORATORS)
            elif isinstance(target, ast.Name):
                qualified = target.id
            if qualified in CAPABILITY_DECORATORS:
                return
        self.ctx.report(
            node,
            MiddlewareCapability,
            name=f"{node.name}()",
            problem="returns an async callable without @async_only_middleware",
        )


class HealthCheckContentChecker(Checker):
    """DJA206: the health check probes the database and the cache and answers 503."""

    violations = (HealthCheckContent,)
    only_roles = frozenset({roles.HEALTHCHECK})

    def begin(self) -> None:
        """Look for the three elements anywhere in the module."""
        seen: set[str] = set()
        for node in ast.walk(self.ctx.tree):
            if isinstance(node, ast.Attribute):
                seen.update(self._touches(node))
            elif isinstance(node, ast.Call):
                name = self.ctx.imports.dotted(node.func) or ""
                if name.rsplit(".", 1)[-1] == "get_redis_connection":
                    seen.add("cache")
            elif (
                isinstance(node, ast.Constant)
                and type(node.value) is int
                and node.value == 503
            ):
                seen.add("503")
        for key, missing, fix in HEALTH_ELEMENTS:
            if key not in seen:
                self.ctx.report(
                    (1, 0), HealthCheckContent, distinct=True, missing=missing, fix=fix
                )

    def _touches(self, node: ast.Attribute) -> set[str]:
        """Tell which elements an attribute access provides.

        Args:
            node: The attribute access.

        Returns:
            A subset of ``{"db", "cache", "503"}``.
        """
        if node.attr in SERVICE_UNAVAILABLE:
            return {"503"}
        owner = node.value
        indexed = isinstance(owner, ast.Subscript)
        qualified = self.ctx.qualify(
            owner.value if isinstance(owner, ast.Subscript) else owner
        )
        if node.attr in DB_PROBES and qualified == (
            "django.db.connections" if indexed else "django.db.connection"
        ):
            return {"db"}
        if qualified == (
            "django.core.cache.caches" if indexed else "django.core.cache.cache"
        ):
            return {"cache"}
        return set()


CHECKERS = (MiddlewareCapabilityChecker, HealthCheckContentChecker)
