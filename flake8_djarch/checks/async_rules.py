"""Async / ASGI rules DJA030–DJA035 (RULES.md §4).

DJA030 and DJA033 judge calls lexically inside an ``async def`` body (nested
``def``, ``lambda`` and classes break it, see :meth:`Context.in_async`);
DJA031 judges writes of ``DJANGO_ALLOW_ASYNC_UNSAFE`` anywhere outside the
tests role; DJA032 the health check module; DJA034 / DJA035 the gunicorn
configuration module.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, ClassVar

from flake8_djarch import roles
from flake8_djarch.engine import Checker, Context
from flake8_djarch.orm import (
    describe,
    is_exempt_receiver,
    is_manager_chain,
    manager_call,
)
from flake8_djarch.project import DRF_VIEW
from flake8_djarch.violations.async_rules import (
    AllowAsyncUnsafe,
    BlockingCallInAsync,
    GunicornHardening,
    GunicornWorkerClass,
    SyncHealthCheck,
    SyncOrmInAsync,
)

if TYPE_CHECKING:
    from flake8_djarch.violations.base import Violation

ALLOW_ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"
EVALUATING_METHODS = frozenset(
    {
        "get",
        "create",
        "get_or_create",
        "update_or_create",
        "bulk_create",
        "bulk_update",
        "count",
        "exists",
        "first",
        "last",
        "latest",
        "earliest",
        "aggregate",
        "update",
        "delete",
        "in_bulk",
        "iterator",
        "contains",
        "explain",
    }
)
INSTANCE_METHODS = frozenset({"save", "delete", "refresh_from_db"})
EVALUATING_BUILTINS = frozenset({"list", "len", "bool"})
SYNC_CACHE_METHODS = frozenset(
    {
        "get",
        "set",
        "delete",
        "get_many",
        "set_many",
        "incr",
        "decr",
        "clear",
        "get_or_set",
        "touch",
    }
)
ACCEPTED_WORKERS = frozenset(
    {"uvicorn.workers.UvicornWorker", "uvicorn_worker.UvicornWorker"}
)
#: The DJA035 names with the value the seed's reference configuration gives them.
HARDENING_NAMES: dict[str, str] = {
    "bind": '"0.0.0.0:8000"',
    "workers": "multiprocessing.cpu_count() * 2 + 1",
    "timeout": "120",
    "graceful_timeout": "30",
    "keepalive": "5",
    "limit_request_line": "8190",
    "limit_request_fields": "100",
    "accesslog": '"-"',
    "errorlog": '"-"',
}


def add_finding(
    ctx: Context, where: tuple[int, int], violation: type[Violation], **values: object
) -> None:
    """Record a finding even when another one of the same code sits at that place.

    The rules that report "one finding per missing name" at 1:1 need several
    findings of one code at one place, told apart by their text.

    Args:
        ctx: The module's context.
        where: ``(line, col)`` of the finding.
        violation: The rule class.
        **values: Values for the rule's message template.
    """
    if ctx.wants(violation):
        ctx.report(where, violation, distinct=True, **values)


def _string(node: ast.AST | None) -> str | None:
    """Return the text of a string literal.

    Args:
        node: Any node, or ``None``.

    Returns:
        The string, or ``None`` when the node is not a ``str`` constant.
    """
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _function_name(ctx: Context) -> str:
    """Name the innermost enclosing function for a message.

    Args:
        ctx: The module's context.

    Returns:
        The function's name, or ``?``.
    """
    scope = ctx.scopes[-1] if ctx.scopes else None
    return (
        scope.name if isinstance(scope, ast.FunctionDef | ast.AsyncFunctionDef) else "?"
    )


def _in_async_body(ctx: Context, node: ast.AST) -> bool:
    """Tell whether a node is lexically inside the body of an ``async def``.

    The walk enters a function's scope before its decorators, parameter
    defaults and annotations, which are evaluated where the function is
    defined, not when it runs; those are not "inside" the function.

    Args:
        ctx: The module's context.
        node: The node being visited.

    Returns:
        True when the innermost scope is an ``async def`` and the node sits
        in one of its body statements.
    """
    if not ctx.in_async():
        return False
    scope = ctx.scopes[-1]
    path = ctx.stack
    for index in range(len(path) - 1, -1, -1):
        if path[index] is scope:
            child = path[index + 1] if index + 1 < len(path) else node
            # The only statements directly below a function are its body.
            return isinstance(child, ast.stmt)
    return False


def _awaited(ctx: Context) -> bool:
    """Tell whether the node being visited is the operand of ``await``.

    Args:
        ctx: The module's context.

    Returns:
        True when the parent node is an ``Await``.
    """
    return isinstance(ctx.parent(), ast.Await)


def _exempt(ctx: Context, receiver: ast.expr) -> bool:
    """Tell whether ``.save()``/``.delete()`` on a receiver is not an ORM write.

    Extends :func:`flake8_djarch.orm.is_exempt_receiver` through subscripts:
    ``caches["default"].delete(key)`` is a cache call (DJA033), not the ORM.

    Args:
        ctx: The module's context.
        receiver: The object the method is called on.

    Returns:
        True for exempt receivers.
    """
    extra = ctx.config.exempt_receivers
    if isinstance(receiver, ast.Subscript):
        base = receiver.value
        if isinstance(base, ast.Name) and base.id == "caches":
            return True
        return is_exempt_receiver(base, extra)
    return is_exempt_receiver(receiver, extra)


def _is_module_name(ctx: Context, node: ast.AST) -> bool:
    """Tell whether a receiver is a name bound by a plain ``import``.

    Args:
        ctx: The module's context.
        node: The receiver expression.

    Returns:
        True for ``requests`` after ``import requests``.
    """
    if not isinstance(node, ast.Name):
        return False
    record = ctx.imports.names.get(node.id)
    return record is not None and isinstance(record.node, ast.Import)


class SyncOrmInAsyncChecker(Checker):
    """DJA030: synchronous ORM evaluation inside ``async def`` bodies."""

    violations = (SyncOrmInAsync,)
    requires_text = ("async",)

    def visit_Call(self, node: ast.Call) -> None:
        """Report evaluating manager-chain calls, instance writes and ``list(qs)``.

        Args:
            node: The call.
        """
        ctx = self.ctx
        if not _in_async_body(ctx, node):
            return
        split = manager_call(node)
        if split is not None:
            method = split[0]
            if method in EVALUATING_METHODS:
                self._report(
                    node,
                    describe(node),
                    f"use await {describe(split[1])}.a{method}() or wrap it in sync_to_async",
                )
            return
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in INSTANCE_METHODS:
            receiver = func.value
            if (
                _awaited(ctx)
                or is_manager_chain(receiver)
                or _exempt(ctx, receiver)
                or _is_module_name(ctx, receiver)
            ):
                return
            self._report(
                node, describe(node), f"use await {describe(receiver)}.a{func.attr}()"
            )
            return
        if (
            isinstance(func, ast.Name)
            and func.id in EVALUATING_BUILTINS
            and func.id not in ctx.imports.names
            and len(node.args) == 1
            and not node.keywords
        ):
            argument = node.args[0]
            if self._is_chain(argument):
                self._report(
                    argument,
                    f"{func.id}({describe(argument)})",
                    "evaluate it with an async for comprehension or an a-prefixed method",
                )

    def visit_For(self, node: ast.For) -> None:
        """Report a plain ``for`` over a manager chain.

        Args:
            node: The loop.
        """
        if _in_async_body(self.ctx, node) and self._is_chain(node.iter):
            self._report(
                node.iter,
                f"iteration over {describe(node.iter)}",
                "iterate with async for",
            )

    def visit_comprehension(self, node: ast.comprehension) -> None:
        """Report a synchronous comprehension clause over a manager chain.

        Args:
            node: The ``for`` clause of a comprehension.
        """
        if (
            not node.is_async
            and _in_async_body(self.ctx, node)
            and self._is_chain(node.iter)
        ):
            self._report(
                node.iter,
                f"iteration over {describe(node.iter)}",
                "iterate with async for",
            )

    @staticmethod
    def _is_chain(node: ast.AST) -> bool:
        """Tell whether an expression is a manager chain (not a bare name).

        Args:
            node: An expression.

        Returns:
            True for ``Order.objects.filter(...)`` and the like.
        """
        return isinstance(
            node, ast.Attribute | ast.Call | ast.Subscript
        ) and is_manager_chain(node)

    def _report(self, where: ast.AST, call: str, fix: str) -> None:
        """Report DJA030 with the enclosing function's name.

        Args:
            where: The node the finding is reported at.
            call: The offending call as text.
            fix: The suggested fix.
        """
        self.ctx.report(
            where, SyncOrmInAsync, call=call, function=_function_name(self.ctx), fix=fix
        )


def _environ_target(ctx: Context, node: ast.AST) -> bool:
    """Tell whether an expression is ``os.environ``.

    Args:
        ctx: The module's context.
        node: An expression.

    Returns:
        True when it qualifies to ``os.environ``.
    """
    return ctx.qualify(node) == "os.environ"


def allow_async_unsafe_write(ctx: Context, node: ast.AST) -> str | None:
    """Recognise a write of ``DJANGO_ALLOW_ASYNC_UNSAFE`` (the DJA031 cases).

    Args:
        ctx: The module's context.
        node: A ``Subscript`` (store target) or ``Call`` node.

    Returns:
        How it is set (``os.environ[...] =``, ``os.putenv()``, ...), or ``None``.
    """
    if isinstance(node, ast.Subscript):
        if (
            isinstance(node.ctx, ast.Store)
            and _environ_target(ctx, node.value)
            and _string(node.slice) == ALLOW_ASYNC_UNSAFE
        ):
            return "os.environ[...] ="
        return None
    if not isinstance(node, ast.Call):
        return None
    qualified = ctx.qualify(node.func)
    if qualified in {"os.environ.setdefault", "os.putenv"}:
        if node.args and _string(node.args[0]) == ALLOW_ASYNC_UNSAFE:
            return f"{qualified}()"
        return None
    if qualified == "os.environ.update":
        for keyword in node.keywords:
            if keyword.arg == ALLOW_ASYNC_UNSAFE:
                return "os.environ.update()"
        for argument in node.args:
            if isinstance(argument, ast.Dict) and any(
                _string(key) == ALLOW_ASYNC_UNSAFE for key in argument.keys
            ):
                return "os.environ.update()"
    return None


class AllowAsyncUnsafeChecker(Checker):
    """DJA031: ``DJANGO_ALLOW_ASYNC_UNSAFE`` set outside the tests role."""

    violations = (AllowAsyncUnsafe,)

    @classmethod
    def applies(cls, ctx: Context) -> bool:
        """Skip modules of the tests role.

        Args:
            ctx: The module's context.

        Returns:
            True when the module is not a test module and DJA031 is selected.
        """
        return not ctx.has_role(roles.TESTS) and super().applies(ctx)

    def visit_Subscript(self, node: ast.Subscript) -> None:
        """Report ``os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = ...``.

        Args:
            node: The subscript.
        """
        how = allow_async_unsafe_write(self.ctx, node)
        if how is not None:
            self.ctx.report(node, AllowAsyncUnsafe, how=how)

    def visit_Call(self, node: ast.Call) -> None:
        """Report ``setdefault`` / ``putenv`` / ``update`` writes of the variable.

        Args:
            node: The call.
        """
        how = allow_async_unsafe_write(self.ctx, node)
        if how is not None:
            self.ctx.report(node, AllowAsyncUnsafe, how=how)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        """Report ``os.environ |= {"DJANGO_ALLOW_ASYNC_UNSAFE": ...}``.

        Args:
            node: The augmented assignment.
        """
        if (
            isinstance(node.op, ast.BitOr)
            and _environ_target(self.ctx, node.target)
            and isinstance(node.value, ast.Dict)
            and any(_string(key) == ALLOW_ASYNC_UNSAFE for key in node.value.keys)
        ):
            self.ctx.report(node, AllowAsyncUnsafe, how="os.environ |=")


class SyncHealthCheckChecker(Checker):
    """DJA032: health check views defined with a plain ``def``."""

    violations = (SyncHealthCheck,)
    only_roles: ClassVar[frozenset[str] | None] = frozenset({roles.HEALTHCHECK})

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        """Report a sync module-level view or a sync ``get`` of a class-based view.

        Args:
            node: The function definition.
        """
        ctx = self.ctx
        params = [*node.args.posonlyargs, *node.args.args]
        if not ctx.scopes:
            if params and params[0].arg == "request":
                ctx.report(node, SyncHealthCheck, view=f"{node.name}()")
            return
        owner = ctx.scopes[-1]
        if (
            isinstance(owner, ast.ClassDef)
            and node.name == "get"
            and self._is_view(owner, params)
        ):
            ctx.report(node, SyncHealthCheck, view=f"{owner.name}.get()")

    def _is_view(self, cls: ast.ClassDef, params: list[ast.arg]) -> bool:
        """Tell whether a class holding a ``get`` method is a class-based view.

        Args:
            cls: The class.
            params: The positional parameters of its ``get``.

        Returns:
            True when ``get`` takes ``request`` after ``self``, a base's name
            ends in ``View`` / ``ViewSet``, or the class reaches a DRF view.
        """
        if len(params) > 1 and params[1].arg == "request":
            return True
        for base in cls.bases:
            text = self.ctx.imports.dotted(
                base.value if isinstance(base, ast.Subscript) else base
            )
            if text is not None and text.rsplit(".", 1)[-1].endswith(
                ("View", "ViewSet")
            ):
                return True
        return self.ctx.classes.reaches(cls, DRF_VIEW) is True


BLOCKING_FIXES = {
    "time.sleep": "await asyncio.sleep()",
    "urllib.request.urlopen": "an httpx.AsyncClient request",
}
#: ``requests`` submodules whose callables do no I/O (exceptions, helpers).
REQUESTS_PURE_MODULES = frozenset(
    {"exceptions", "auth", "utils", "structures", "status_codes", "codes", "compat"}
)
#: Name endings of the ``requests`` exception classes (``requests.HTTPError``).
REQUESTS_EXCEPTION_SUFFIXES = (
    "Error",
    "Exception",
    "Timeout",
    "Warning",
    "Redirects",
    "Required",
)


def _is_blocking_requests_call(qualified: str) -> bool:
    """Tell whether a ``requests.*`` call may do network I/O.

    Args:
        qualified: The qualified name of the callee.

    Returns:
        True for ``requests.get``, ``requests.Session`` and the like; False
        for exception classes and pure helpers such as ``requests.HTTPError``
        or ``requests.utils.quote``.
    """
    parts = qualified.split(".")
    if parts[0] != "requests" or len(parts) < 2:
        return False
    return parts[1] not in REQUESTS_PURE_MODULES and not parts[-1].endswith(
        REQUESTS_EXCEPTION_SUFFIXES
    )


class BlockingCallChecker(Checker):
    """DJA033: blocking calls inside ``async def`` bodies."""

    violations = (BlockingCallInAsync,)
    requires_text = ("async",)

    def visit_Call(self, node: ast.Call) -> None:
        """Report ``time.sleep``, ``requests.*``, ``urlopen`` and the sync cache API.

        Args:
            node: The call.
        """
        ctx = self.ctx
        if not _in_async_body(ctx, node) or _awaited(ctx):
            return
        func = node.func
        qualified = ctx.qualify(func)
        fix: str | None = None
        if qualified is not None:
            if qualified in BLOCKING_FIXES:
                fix = BLOCKING_FIXES[qualified]
            elif _is_blocking_requests_call(qualified):
                fix = "an httpx.AsyncClient request"
        if (
            fix is None
            and isinstance(func, ast.Attribute)
            and func.attr in SYNC_CACHE_METHODS
        ):
            receiver = func.value
            if (isinstance(receiver, ast.Name) and receiver.id == "cache") or (
                isinstance(receiver, ast.Subscript)
                and isinstance(receiver.value, ast.Name)
                and receiver.value.id == "caches"
            ):
                fix = f"await {describe(receiver)}.a{func.attr}()"
        if fix is not None:
            ctx.report(
                node,
                BlockingCallInAsync,
                call=describe(node),
                function=_function_name(ctx),
                fix=fix,
            )


def module_assignments(tree: ast.Module) -> dict[str, list[ast.stmt]]:
    """Collect the names a module binds at module level, with their statements.

    Statements nested in ``if`` / ``try`` / ``with`` / loops at module level
    count; function and class bodies do not.

    Args:
        tree: The parsed module.

    Returns:
        Name to the assigning statements, in source order.
    """
    found: dict[str, list[ast.stmt]] = {}
    todo: list[ast.stmt] = list(tree.body)
    while todo:
        stmt = todo.pop(0)
        targets: list[ast.expr] = []
        if isinstance(stmt, ast.Assign):
            targets = list(stmt.targets)
        elif isinstance(stmt, ast.AugAssign) or (
            isinstance(stmt, ast.AnnAssign) and stmt.value is not None
        ):
            targets = [stmt.target]
        elif isinstance(stmt, ast.Import | ast.ImportFrom):
            for alias in stmt.names:
                if alias.name != "*":
                    found.setdefault(
                        alias.asname or alias.name.split(".", 1)[0], []
                    ).append(stmt)
        elif not isinstance(
            stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef
        ):
            todo.extend(
                child
                for child in ast.iter_child_nodes(stmt)
                if isinstance(child, ast.stmt)
            )
        while targets:
            target = targets.pop(0)
            if isinstance(target, ast.Name):
                found.setdefault(target.id, []).append(stmt)
            elif isinstance(target, ast.Tuple | ast.List):
                targets.extend(target.elts)
            elif isinstance(target, ast.Starred):
                targets.append(target.value)
    return found


class GunicornChecker(Checker):
    """DJA034 / DJA035: the gunicorn configuration module."""

    violations = (GunicornWorkerClass, GunicornHardening)
    only_roles: ClassVar[frozenset[str] | None] = frozenset({roles.GUNICORN})

    def begin(self) -> None:
        """Judge the module's assignments; everything is decided before the walk."""
        ctx = self.ctx
        tree = ctx.tree
        star = any(
            isinstance(stmt, ast.ImportFrom) and any(a.name == "*" for a in stmt.names)
            for stmt in ast.walk(tree)
        )
        assigned = module_assignments(tree)
        workers = assigned.get("worker_class")
        if not workers:
            if not star:
                add_finding(
                    ctx,
                    (1, 0),
                    GunicornWorkerClass,
                    problem="gunicorn worker_class is missing",
                )
        else:
            for stmt in workers:
                value = getattr(stmt, "value", None)
                text = _string(value)
                if (
                    isinstance(stmt, ast.Assign | ast.AnnAssign)
                    and text is not None
                    and text not in ACCEPTED_WORKERS
                ):
                    ctx.report(
                        stmt,
                        GunicornWorkerClass,
                        problem=f"gunicorn worker_class {text!r} is not an ASGI worker",
                    )
        if star:
            return
        for name, value in HARDENING_NAMES.items():
            if name not in assigned:
                add_finding(ctx, (1, 0), GunicornHardening, setting=name, value=value)


CHECKERS: tuple[type[Checker], ...] = (
    SyncOrmInAsyncChecker,
    AllowAsyncUnsafeChecker,
    SyncHealthCheckChecker,
    BlockingCallChecker,
    GunicornChecker,
)
