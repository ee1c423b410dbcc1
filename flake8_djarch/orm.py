"""Shared recognisers for RULES.md §0: manager chains, ORM writes, side effects.

These are pure functions over AST nodes plus a :class:`Context`; the
architecture, async and model rules all use them so that "ORM write call",
"side-effect call" and "transaction use" mean the same thing everywhere.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from flake8_djarch.imports import dotted_text

if TYPE_CHECKING:
    from flake8_djarch.engine import Context

MANAGER_ATTRS = frozenset({"objects", "_default_manager", "_base_manager"})
WRITE_METHODS = frozenset(
    {
        "create",
        "bulk_create",
        "bulk_update",
        "get_or_create",
        "update_or_create",
        "update",
        "delete",
    }
)
ASYNC_WRITE_METHODS = frozenset(f"a{name}" for name in WRITE_METHODS)
INSTANCE_WRITES = frozenset({"save", "delete", "asave", "adelete"})
EXEMPT_SUFFIXES = ("serializer", "form", "formset", "cache", "session", "storage")
MAIL_FUNCTIONS = frozenset(
    {"send_mail", "send_mass_mail", "mail_admins", "mail_managers"}
)
EMAIL_CLASSES = frozenset({"EmailMessage", "EmailMultiAlternatives"})
HTTP_MODULES = ("requests.", "httpx.")
TASK_METHODS = frozenset({"delay", "apply_async"})
LAYER_MODULES = frozenset({"services", "selectors"})
ATOMIC = "django.db.transaction.atomic"
ON_COMMIT = "django.db.transaction.on_commit"


def chain_nodes(node: ast.AST) -> list[ast.AST]:
    """Follow a receiver back through attributes, calls and subscripts.

    Args:
        node: The receiver expression (the object a method is called on).

    Returns:
        The nodes from ``node`` back to the chain's base, innermost last.
    """
    nodes = [node]
    while True:
        if isinstance(node, ast.Attribute | ast.Subscript):
            node = node.value
        elif isinstance(node, ast.Call):
            node = node.func
        else:
            return nodes
        nodes.append(node)


def is_manager_chain(receiver: ast.AST) -> bool:
    """Tell whether a receiver chain passes through a model manager.

    Args:
        receiver: The object a method is called on.

    Returns:
        True for ``Order.objects``, ``Order.objects.filter(x=1).select_related()``,
        ``Order._default_manager`` and the like.
    """
    return any(
        isinstance(node, ast.Attribute) and node.attr in MANAGER_ATTRS
        for node in chain_nodes(receiver)
    )


def manager_call(node: ast.AST) -> tuple[str, ast.expr] | None:
    """Split a method call on a manager chain.

    Args:
        node: Any node.

    Returns:
        ``(method, receiver)`` when ``node`` calls a method on a manager chain,
        else ``None``.
    """
    if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
        return None
    receiver = node.func.value
    if not is_manager_chain(receiver):
        return None
    return node.func.attr, receiver


def chain_methods(call: ast.Call) -> list[str]:
    """List the methods called along a chain after its manager, in call order.

    Args:
        call: The outermost call of a chain.

    Returns:
        ``["filter", "first"]`` for ``Order.objects.filter(x=1).first()``.
    """
    methods: list[str] = []
    for node in chain_nodes(call):
        if isinstance(node, ast.Attribute):
            if node.attr in MANAGER_ATTRS:
                break
            methods.append(node.attr)
    methods.reverse()
    return methods


def describe(node: ast.AST, limit: int = 60) -> str:
    """Render an expression briefly for a message.

    Args:
        node: The expression (a call is shown with ``()``).
        limit: Longest text kept before eliding.

    Returns:
        Source-like text such as ``Order.objects.create()``.
    """
    if isinstance(node, ast.Call):
        return f"{describe(node.func, limit)}()"
    if isinstance(node, ast.Attribute):
        return f"{describe(node.value, limit)}.{node.attr}"
    if isinstance(node, ast.Subscript):
        return f"{describe(node.value, limit)}[...]"
    try:
        text = ast.unparse(node)
    except (ValueError, TypeError, AttributeError, RecursionError):
        text = type(node).__name__
    return text if len(text) <= limit else text[: limit - 3] + "..."


def receiver_name(node: ast.AST) -> str | None:
    """Return the name that identifies a receiver: a name, attribute or callee.

    Args:
        node: The receiver expression.

    Returns:
        ``serializer`` for ``serializer``, ``session`` for ``request.session``,
        ``get_serializer`` for ``self.get_serializer(...)``; ``None`` otherwise.
    """
    if isinstance(node, ast.Call):
        node = node.func
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def name_has_suffix(name: str, suffixes: tuple[str, ...]) -> bool:
    """Tell whether one ``_``-separated lower-cased part of a name ends with a suffix.

    Args:
        name: An identifier such as ``input_serializer``.
        suffixes: Suffixes such as ``("serializer", "form")``.

    Returns:
        True when a part ends with one of them.
    """
    return any(part.endswith(suffixes) for part in name.lower().split("_") if part)


def is_exempt_receiver(receiver: ast.AST, extra: tuple[str, ...] = ()) -> bool:
    """Tell whether ``.save()``/``.delete()`` on this receiver is not an ORM write.

    Args:
        receiver: The object the method is called on.
        extra: Configured additional exempt names (compared exactly or as suffix parts).

    Returns:
        True for ``super()``, serializers, forms, formsets, caches, sessions,
        storages and configured names.
    """
    if (
        isinstance(receiver, ast.Call)
        and isinstance(receiver.func, ast.Name)
        and receiver.func.id == "super"
    ):
        return True
    name = receiver_name(receiver)
    if name is None:
        return False
    return (
        name_has_suffix(name, EXEMPT_SUFFIXES)
        or name in extra
        or (bool(extra) and name_has_suffix(name, extra))
    )


def orm_write(call: ast.Call, ctx: Context) -> str | None:
    """Recognise an ORM write call.

    Args:
        call: A call node.
        ctx: The module context (for configured exempt receivers).

    Returns:
        A short description of the write (``Order.objects.create()``), or ``None``.
    """
    if not isinstance(call.func, ast.Attribute):
        return None
    method = call.func.attr
    receiver = call.func.value
    if (method in WRITE_METHODS or method in ASYNC_WRITE_METHODS) and is_manager_chain(
        receiver
    ):
        return describe(call)
    if method in INSTANCE_WRITES:
        # ``Order.objects.get(pk=1).save()`` saves an instance fetched through a
        # manager chain: still a write, the receiver is not exempt.
        if is_exempt_receiver(receiver, ctx.config.exempt_receivers) or is_layer_module(
            receiver, ctx
        ):
            return None
        return describe(call)
    return None


def is_layer_module(receiver: ast.AST, ctx: Context) -> bool:
    """Tell whether a receiver is an imported services/selectors module.

    ``services.delete(order)`` calls a service function; it is not
    ``Model.delete()`` on an instance.

    Args:
        receiver: The object a method is called on.
        ctx: The module context (for the import table).

    Returns:
        True when the receiver is imported and its qualified name has a
        ``services`` / ``selectors`` component (or one ending in them).
    """
    if not isinstance(receiver, ast.Name | ast.Attribute):
        return False
    qualified = ctx.imports.qualify(receiver)
    if qualified is None:
        return False
    return any(
        part in LAYER_MODULES or part.endswith(("_services", "_selectors"))
        for part in qualified.split(".")
    )


def _email_names(function: ast.AST | None, ctx: Context) -> frozenset[str]:
    """Collect names bound to ``EmailMessage`` objects in a function.

    Args:
        function: The function, or ``None`` at module level.
        ctx: The module context (also holds the per-module cache).

    Returns:
        The bound names.
    """
    if function is None:
        return frozenset()
    cache: dict[int, frozenset[str]] = ctx.__dict__.setdefault("_email_names", {})
    key = id(function)
    if key not in cache:
        names: set[str] = set()
        for node in ast.walk(function):
            if (
                isinstance(node, ast.Assign | ast.AnnAssign)
                and isinstance(node.value, ast.Call)
                and _is_email_class(node.value.func, ctx)
            ):
                targets = (
                    node.targets if isinstance(node, ast.Assign) else [node.target]
                )
                names.update(
                    target.id for target in targets if isinstance(target, ast.Name)
                )
            elif (
                isinstance(node, ast.withitem)
                and isinstance(node.context_expr, ast.Call)
                and _is_email_class(node.context_expr.func, ctx)
                and isinstance(node.optional_vars, ast.Name)
            ):
                names.add(node.optional_vars.id)
        cache[key] = frozenset(names)
    return cache[key]


def _is_email_class(func: ast.AST, ctx: Context) -> bool:
    """Tell whether an expression names an e-mail message class.

    Args:
        func: The called expression.
        ctx: The module context.

    Returns:
        True for ``EmailMessage`` and ``EmailMultiAlternatives``.
    """
    qualified = ctx.imports.dotted(func)
    return qualified is not None and qualified.rsplit(".", 1)[-1] in EMAIL_CLASSES


def side_effect(call: ast.Call, ctx: Context) -> str | None:
    """Recognise a side-effect call (mail, HTTP, Celery tasks, configured names).

    Args:
        call: A call node.
        ctx: The module context.

    Returns:
        A short description of the call, or ``None``.
    """
    func = call.func
    qualified = ctx.imports.dotted(func)
    if qualified is not None:
        last = qualified.rsplit(".", 1)[-1]
        if last in MAIL_FUNCTIONS:
            return describe(call)
        full = ctx.imports.qualify(func)
        if full is not None and (
            full.startswith(HTTP_MODULES) or full == "urllib.request.urlopen"
        ):
            return describe(call)
        extra = ctx.config.side_effect_calls
        if extra and (
            qualified in extra or full in extra or dotted_text(func) in extra
        ):
            return describe(call)
    if isinstance(func, ast.Attribute):
        if func.attr in TASK_METHODS:
            return describe(call)
        if func.attr == "send":
            target = func.value
            if isinstance(target, ast.Call) and _is_email_class(target.func, ctx):
                return describe(call)
            if isinstance(target, ast.Name) and target.id in _email_names(
                ctx.current_function(), ctx
            ):
                return describe(call)
    return None


def transaction_use(node: ast.AST, ctx: Context) -> str | None:
    """Recognise ``transaction.atomic`` / ``atomic`` / ``transaction.on_commit``.

    Args:
        node: A call, or a decorator expression.
        ctx: The module context.

    Returns:
        ``transaction.atomic`` or ``transaction.on_commit`` as written, or ``None``.
    """
    target = node.func if isinstance(node, ast.Call) else node
    qualified = ctx.imports.qualify(target)
    if qualified in {ATOMIC, ON_COMMIT}:
        return describe(target)
    return None
