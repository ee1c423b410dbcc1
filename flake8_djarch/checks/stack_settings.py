"""Tech-stack settings rules DJA201, DJA202, DJA204, DJA205 (RULES.md §12).

They judge the *main settings module* only. What that is, which names its
namespace binds (star imports followed, R2/R6) and what another project module
defines are asked of the project model through :func:`main_settings`,
:func:`module_defines` and :func:`class_bases`, the only places here that know
how the project is modelled.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from flake8_djarch import roles
from flake8_djarch.checks.async_rules import add_finding, module_assignments
from flake8_djarch.checks.config import SettingsChecker
from flake8_djarch.engine import Checker, Context
from flake8_djarch.violations.stack import (
    CacheBackend,
    ExceptionHandlerLocation,
    SchemaClass,
    SessionEngine,
)

REDIS_CACHE = "django_redis.cache.RedisCache"
CACHE_SESSIONS = frozenset(
    {
        "django.contrib.sessions.backends.cache",
        "django.contrib.sessions.backends.cached_db",
    }
)
HANDLER_MODULE = "apps.core.exceptions"
SPECTACULAR_SCHEMA = "drf_spectacular.openapi.AutoSchema"
MUTATORS = frozenset({"update", "setdefault", "pop", "popitem", "clear", "__setitem__"})


@dataclass(frozen=True)
class SettingsNamespace:
    """The names a main settings module binds.

    Attributes:
        names: Every name bound by the module and the project modules it
            star-imports.
        complete: False when a star import could not be followed, so that a
            name missing from ``names`` may still be bound.
    """

    names: frozenset[str]
    complete: bool

    def lacks(self, name: str) -> bool:
        """Tell whether a setting is certainly not bound.

        Args:
            name: The setting.

        Returns:
            True when the namespace is complete and does not bind it.
        """
        return self.complete and name not in self.names


def main_settings(ctx: Context) -> SettingsNamespace | None:
    """Tell whether a module is a main settings module, and what it binds.

    Args:
        ctx: The module being linted.

    Returns:
        Its namespace when it is a main settings module, otherwise ``None``.
    """
    if not ctx.has_role(roles.SETTINGS):
        return None
    # The settings family's own answer, so that DJA071-DJA079 and these rules
    # never disagree about which module is the main one.
    judge = SettingsChecker(ctx)
    judge.assigned = module_assignments(ctx.tree)
    if not judge._is_main():
        return None
    namespace = ctx.model.namespace(ctx.classes.scope)
    return SettingsNamespace(frozenset(namespace.names), complete=not namespace.open)


def module_defines(ctx: Context, module: str, name: str) -> bool | None:
    """Tell whether a project module defines a function (or binds a value) of a name.

    Args:
        ctx: The module being linted (for its project model).
        module: The dotted project module.
        name: The name.

    Returns:
        True or False (a name it only imports is not defined there), or
        ``None`` when the module is not a readable project file.
    """
    scope = ctx.model.scope(module)
    if scope is None:
        return None
    if name in scope.functions or name in scope.classes:
        return True
    return name in scope.bound and name not in scope.imports.names


def class_bases(ctx: Context, module: str, name: str) -> list[str | None] | None:
    """Name the bases of a class defined in a project module.

    Args:
        ctx: The module being linted (for its project model).
        module: The dotted project module.
        name: The class name.

    Returns:
        Each base's qualified name (``None`` for one that is not imported),
        or ``None`` when the module or the class is not found in the project.
    """
    scope = ctx.model.scope(module)
    info = scope.classes.get(name) if scope is not None else None
    if scope is None or info is None:
        return None
    return [scope.imports.qualify(base) for base in info.bases]


def _string(node: ast.AST | None) -> str | None:
    """Return the text of a string literal.

    Args:
        node: Any node, or ``None``.

    Returns:
        The string, or ``None``.
    """
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _entry(node: ast.AST | None, key: str) -> tuple[ast.expr, ast.expr] | None:
    """Find a string-keyed entry of a dict literal.

    Args:
        node: A dict literal (anything else has no entries).
        key: The key.

    Returns:
        ``(key node, value node)`` of the last such entry, or ``None``.
    """
    if not isinstance(node, ast.Dict):
        return None
    found: tuple[ast.expr, ast.expr] | None = None
    for key_node, value in zip(node.keys, node.values, strict=True):
        if key_node is not None and _string(key_node) == key:
            found = (key_node, value)
    return found


class StackSettingsChecker(Checker):
    """DJA201, DJA202, DJA204, DJA205: cache, sessions, exception handler, schema."""

    violations = (CacheBackend, SessionEngine, ExceptionHandlerLocation, SchemaClass)
    only_roles = frozenset({roles.SETTINGS})

    def begin(self) -> None:
        """Judge a main settings module as a whole."""
        ctx = self.ctx
        namespace = main_settings(ctx)
        if namespace is None:
            return
        self.assigned = module_assignments(ctx.tree)
        if ctx.wants(CacheBackend):
            self._cache(namespace)
        if ctx.wants(SessionEngine):
            self._sessions(namespace)
        rest = self._value("REST_FRAMEWORK", "EXCEPTION_HANDLER")
        if rest is not None:
            self._exception_handler(rest)
        rest = self._value("REST_FRAMEWORK", "DEFAULT_SCHEMA_CLASS")
        if rest is not None:
            self._schema(rest)

    def _value(self, name: str, *keys: str) -> ast.expr | None:
        """Return a setting's value when it is set unconditionally, once and for all.

        Args:
            name: The setting.
            *keys: The dict keys that will be read below it (``"default",
                "BACKEND"``); changes elsewhere in the dict do not matter.

        Returns:
            The value of its last assignment when every assignment is a plain
            top-level statement and nothing changes the part that will be
            read in place afterwards (``NAME["default"] = ...``,
            ``NAME.update(...)``); otherwise ``None``.
        """
        statements = self.assigned.get(name)
        body = self.ctx.tree.body
        if not statements or any(stmt not in body for stmt in statements):
            return None
        last = statements[-1]
        if not isinstance(last, ast.Assign | ast.AnnAssign) or last.value is None:
            return None
        for node in ast.walk(self.ctx.tree):
            target: ast.expr | None = None
            if isinstance(node, ast.Subscript) and isinstance(
                node.ctx, ast.Store | ast.Del
            ):
                target = node
            elif (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in MUTATORS
            ):
                target = node.func.value
            if target is not None and _changes(target, name, keys):
                return None
        return last.value

    def _cache(self, namespace: SettingsNamespace) -> None:
        """DJA201: the default cache is django-redis.

        Args:
            namespace: The module's namespace.
        """
        if namespace.lacks("CACHES"):
            add_finding(self.ctx, (1, 0), CacheBackend, problem="CACHES is missing")
            return
        default = _entry(self._value("CACHES", "default", "BACKEND"), "default")
        backend = _entry(default[1] if default else None, "BACKEND")
        if backend is None:
            return
        value = _string(backend[1])
        if value is not None and value != REDIS_CACHE:
            self.ctx.report(
                backend[0], CacheBackend, problem=f'the default cache is "{value}"'
            )

    def _sessions(self, namespace: SettingsNamespace) -> None:
        """DJA202: sessions live in the cache.

        Args:
            namespace: The module's namespace.
        """
        if namespace.lacks("SESSION_ENGINE"):
            add_finding(
                self.ctx, (1, 0), SessionEngine, problem="SESSION_ENGINE is missing"
            )
            return
        node = self._value("SESSION_ENGINE")
        value = _string(node)
        if node is not None and value is not None and value not in CACHE_SESSIONS:
            self.ctx.report(node, SessionEngine, problem=f'SESSION_ENGINE is "{value}"')

    def _exception_handler(self, rest: ast.expr) -> None:
        """DJA204: the exception handler is a function of apps/core/exceptions.py.

        Args:
            rest: The ``REST_FRAMEWORK`` value.
        """
        entry = _entry(rest, "EXCEPTION_HANDLER")
        value = _string(entry[1]) if entry else None
        if (
            entry is None
            or value is None
            or not self.ctx.wants(ExceptionHandlerLocation)
        ):
            return
        module, _, function = value.rpartition(".")
        if module != HANDLER_MODULE or not function.isidentifier():
            self.ctx.report(
                entry[0],
                ExceptionHandlerLocation,
                problem=f'is "{value}", not a function of {HANDLER_MODULE}',
            )
        elif module_defines(self.ctx, module, function) is False:
            self.ctx.report(
                entry[0],
                ExceptionHandlerLocation,
                problem=f"names {function}(), which apps/core/exceptions.py does not define",
            )

    def _schema(self, rest: ast.expr) -> None:
        """DJA205: the schema class is drf-spectacular's.

        Args:
            rest: The ``REST_FRAMEWORK`` value.
        """
        entry = _entry(rest, "DEFAULT_SCHEMA_CLASS")
        value = _string(entry[1]) if entry else None
        if entry is None or value is None or value == SPECTACULAR_SCHEMA:
            return
        module, _, name = value.rpartition(".")
        bases = class_bases(self.ctx, module, name) if module else None
        # A project subclass is judged by its bases: one of drf-spectacular's
        # (or one that cannot be followed) keeps the schema drf-spectacular's.
        if bases is not None and not all(
            base is not None and not base.startswith("drf_spectacular.")
            for base in bases
        ):
            return
        self.ctx.report(entry[0], SchemaClass, value=f'"{value}"')


def _changes(target: ast.expr, name: str, keys: tuple[str, ...]) -> bool:
    """Tell whether a store or mutating call may change the part of a setting read.

    Args:
        target: The stored subscript, or the receiver of a mutating call.
        name: The setting.
        keys: The dict keys read below it.

    Returns:
        True when ``target`` is ``name`` or ``name[k1]...[kn]`` with its
        literal keys a prefix of ``keys`` (a computed key may be any).
    """
    chain: list[str | None] = []
    while isinstance(target, ast.Subscript):
        chain.append(_string(target.slice))
        target = target.value
    if not (isinstance(target, ast.Name) and target.id == name):
        return False
    chain.reverse()
    return len(chain) <= len(keys) and all(
        key is None or key == wanted for key, wanted in zip(chain, keys, strict=False)
    )


CHECKERS = (StackSettingsChecker,)
