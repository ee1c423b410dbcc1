"""Shared recognisers for RULES.md §0: manager chains, ORM writes, side effects.

These are pure functions over AST nodes plus a :class:`Context`; the
architecture, async and model rules all use them so that "ORM write call",
"side-effect call" and "transaction use" mean the same thing everywhere.
"""

from __future__ import annotations

import ast
import sys
from typing import TYPE_CHECKING

from flake8_djarch import project as project_model
from flake8_djarch.engine import subtree
from flake8_djarch.imports import dotted_text
from flake8_djarch.project.orm import OrmIndex, index_for

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


def _index(ctx: Context) -> OrmIndex:
    """Return the project's ORM index for a module (cached on the context).

    Args:
        ctx: The module context.

    Returns:
        The index.
    """
    index = ctx.__dict__.get("_orm_index")
    if index is None:
        index = ctx.__dict__["_orm_index"] = index_for(ctx.config)
    return index


def _manager_link(node: ast.AST, ctx: Context | None) -> bool:
    """Tell whether one chain node is a manager: ``objects``, custom or related.

    Args:
        node: A node of a receiver chain.
        ctx: The module context (``None``: only the built-in manager names).

    Returns:
        True for ``.objects``, ``Order.active`` (a custom manager of the project
        model ``Order``) and ``order.items`` (a related manager).
    """
    if not isinstance(node, ast.Attribute):
        return False
    if node.attr in MANAGER_ATTRS:
        return True
    if ctx is None:
        return False
    index = _index(ctx)
    base = node.value
    if isinstance(base, ast.Name) and node.attr in index.managers.get(
        base.id, frozenset()
    ):
        return True
    return node.attr in index.related and _related_owner(base, ctx)


def _related_owner(base: ast.expr, ctx: Context) -> bool:
    """Tell whether ``<base>.<related name>`` may be a model's related manager.

    ``self.items`` in a class that is not a model is the class's own
    attribute, and ``request.<x>`` is never a model: both stay silent.

    Args:
        base: The expression the related name is read from.
        ctx: The module context.

    Returns:
        False where the owner certainly is not a model instance.
    """
    if isinstance(base, ast.Name):
        if base.id == "request":
            return False
        if base.id in {"self", "cls"}:
            classes = ctx.enclosing_classes()
            return (
                bool(classes)
                and bool(classes[-1].bases)
                and ctx.classes.reaches(classes[-1], project_model.MODEL) is True
            )
    return not (isinstance(base, ast.Attribute) and base.attr == "request")


def _queryset_base(nodes: list[ast.AST], ctx: Context | None) -> bool:
    """Tell whether a chain starts at a queryset variable of the current function.

    Args:
        nodes: The chain, innermost last.
        ctx: The module context.

    Returns:
        True when the chain's base name is a queryset variable.
    """
    base = nodes[-1]
    return (
        ctx is not None
        and isinstance(base, ast.Name)
        and base.id in queryset_names(ctx.current_function(), ctx)
    )


def is_manager_chain(receiver: ast.AST, ctx: Context | None = None) -> bool:
    """Tell whether a receiver chain passes through a model manager.

    Args:
        receiver: The object a method is called on.
        ctx: The module context; with it, custom and related managers of the
            project (RULES.md R7) and queryset variables count too.

    Returns:
        True for ``Order.objects``, ``Order.objects.filter(x=1).select_related()``,
        ``Order._default_manager`` and the like.
    """
    nodes = chain_nodes(receiver)
    return any(
        _manager_link(node, ctx) and not _called(nodes, index)
        for index, node in enumerate(nodes)
    ) or _queryset_base(nodes, ctx)


def _called(nodes: list[ast.AST], index: int) -> bool:
    """Tell whether a chain node is called right away (``x.versions()``).

    A manager is never called, so a called attribute is a method of the
    same name, not a manager.

    Args:
        nodes: A chain from :func:`chain_nodes`, outermost first.
        index: The position of the node.

    Returns:
        True when the node's parent in the chain calls it.
    """
    if index == 0:
        return False
    parent = nodes[index - 1]
    return isinstance(parent, ast.Call) and parent.func is nodes[index]


def manager_call(
    node: ast.AST, ctx: Context | None = None
) -> tuple[str, ast.expr] | None:
    """Split a method call on a manager chain.

    Args:
        node: Any node.
        ctx: The module context (see :func:`is_manager_chain`).

    Returns:
        ``(method, receiver)`` when ``node`` calls a method on a manager chain,
        else ``None``.
    """
    if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
        return None
    receiver = node.func.value
    if not is_manager_chain(receiver, ctx):
        return None
    return node.func.attr, receiver


def chain_methods(call: ast.Call, ctx: Context | None = None) -> list[str]:
    """List the methods called along a chain after its manager, in call order.

    Args:
        call: The outermost call of a chain.
        ctx: The module context (see :func:`is_manager_chain`).

    Returns:
        ``["filter", "first"]`` for ``Order.objects.filter(x=1).first()``.
    """
    methods: list[str] = []
    nodes = chain_nodes(call)
    for index, node in enumerate(nodes):
        if isinstance(node, ast.Attribute):
            if _manager_link(node, ctx) and not _called(nodes, index):
                break
            methods.append(node.attr)
    methods.reverse()
    return methods


def queryset_names(function: ast.AST | None, ctx: Context) -> dict[str, ast.expr]:
    """Map the queryset variables of a function to the expression first bound.

    A queryset variable is a local name every binding of which is a manager
    chain, a related-manager chain or a call on another queryset variable
    that still returns a queryset (RULES.md R7). A parameter named
    ``queryset`` / ``qs`` (or ``*_queryset``, ``*_qs``, or annotated with a
    ``QuerySet``) is one too, and such a name stays one when rebound to a
    call it is handed (``queryset = attach_total(queryset)``).

    Args:
        function: The innermost enclosing function, or ``None``.
        ctx: The module context (the per-function cache lives on it).

    Returns:
        ``{name: first assigned expression}``.
    """
    if function is None:
        return {}
    cache: dict[int, dict[str, ast.expr]] = ctx.__dict__.setdefault("_qs_names", {})
    key = id(function)
    if key in cache:
        return cache[key]
    cache[key] = {}  # a chain judged while building sees no variables yet
    bindings: dict[str, list[ast.expr | None]] = {}
    for node in subtree(function):
        if type(node) not in _BINDERS:
            continue
        targets: list[ast.expr] = []
        value: ast.expr | None = None
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign | ast.NamedExpr):
            targets, value = [node.target], node.value
        elif isinstance(node, ast.AugAssign | ast.For | ast.AsyncFor):
            targets = [node.target]
        elif isinstance(node, ast.withitem) and node.optional_vars is not None:
            targets = [node.optional_vars]
        elif isinstance(node, ast.comprehension):
            targets = [node.target]
        for target in targets:
            for name in ast.walk(target):
                if isinstance(name, ast.Name):
                    single = isinstance(target, ast.Name)
                    bindings.setdefault(name.id, []).append(value if single else None)
    parameters = getattr(function, "args", None)
    for arg in ast.walk(parameters) if isinstance(parameters, ast.arguments) else ():
        if isinstance(arg, ast.arg):
            bindings.setdefault(arg.arg, []).append(
                QUERYSET_PARAMETER if _queryset_parameter(arg) else None
            )
    # Greatest fixpoint: ``qs = qs.exclude(...)`` needs ``qs`` assumed first.
    found: dict[str, ast.expr] = {
        name: values[0]
        for name, values in bindings.items()
        if values and values[0] is not None and all(values)
    }
    for _ in range(8):
        cache[key] = dict(found)
        dropped = [
            name
            for name, _ in found.items()
            if not all(
                value is QUERYSET_PARAMETER
                or (value is not None and _returns_queryset(value, ctx))
                or (_queryset_name(name) and _passes_queryset(value, found))
                for value in bindings[name]
            )
        ]
        if not dropped:
            break
        for dead in dropped:
            del found[dead]
    cache[key] = found
    return found


#: The node types that bind local names, as :func:`queryset_names` reads them.
_BINDERS = frozenset(
    {
        ast.Assign,
        ast.AnnAssign,
        ast.NamedExpr,
        ast.AugAssign,
        ast.For,
        ast.AsyncFor,
        ast.withitem,
        ast.comprehension,
    }
)

#: Stands for the value of a parameter that is a queryset by name or annotation.
QUERYSET_PARAMETER = ast.Name(id="<queryset parameter>", ctx=ast.Load())
QUERYSET_PARAMETER_NAMES = ("queryset", "qs")


def _queryset_name(name: str) -> bool:
    """Tell whether a name says it holds a queryset.

    Args:
        name: A local name.

    Returns:
        True for ``queryset``, ``qs``, ``*_queryset`` and ``*_qs``.
    """
    lowered = name.lower()
    return lowered in QUERYSET_PARAMETER_NAMES or lowered.endswith(("_queryset", "_qs"))


def _passes_queryset(value: ast.expr | None, found: dict[str, ast.expr]) -> bool:
    """Tell whether a value is a call handed a queryset variable.

    ``queryset = attach_total(queryset)`` keeps a queryset under its name.

    Args:
        value: The bound expression.
        found: The queryset variables assumed so far.

    Returns:
        True for a call with a queryset variable as its first argument.
    """
    return (
        isinstance(value, ast.Call)
        and bool(value.args)
        and isinstance(value.args[0], ast.Name)
        and value.args[0].id in found
    )


def _queryset_parameter(arg: ast.arg) -> bool:
    """Tell whether a parameter receives a queryset.

    Args:
        arg: The parameter.

    Returns:
        True for ``queryset``, ``qs``, ``*_queryset``, ``*_qs`` and parameters
        annotated with a ``QuerySet``.
    """
    if _queryset_name(arg.arg):
        return True
    annotation = arg.annotation
    if annotation is None:
        return False
    return any(
        (isinstance(node, ast.Name) and node.id == "QuerySet")
        or (isinstance(node, ast.Attribute) and node.attr == "QuerySet")
        or (isinstance(node, ast.Constant) and "QuerySet" in str(node.value))
        for node in ast.walk(annotation)
    )


#: Queryset methods whose result is not a queryset (a row, a number, a write).
NOT_QUERYSETS = frozenset(
    {
        "get",
        "first",
        "last",
        "earliest",
        "latest",
        "count",
        "exists",
        "contains",
        "aggregate",
        "in_bulk",
        "iterator",
        "explain",
        "get_or_create",
        "update_or_create",
        "bulk_create",
        "bulk_update",
        "create",
        "update",
        "delete",
    }
)


def _returns_queryset(value: ast.expr, ctx: Context) -> bool:
    """Tell whether an assigned expression is a manager/queryset chain.

    Args:
        value: The assigned expression.
        ctx: The module context.

    Returns:
        True for ``Order.objects.filter(...)``, ``order.items.all()``,
        ``qs.exclude(...)``; False for ``.get()``, ``.count()`` and other
        methods that return rows or numbers.
    """
    if isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute):
        method = value.func.attr
        if method in NOT_QUERYSETS or (
            method.startswith("a") and method[1:] in NOT_QUERYSETS
        ):
            return False
        index = _index(ctx)
        if index.methods.get(method) is True:
            return False
        return is_manager_chain(value.func.value, ctx)
    return isinstance(value, ast.Attribute) and (
        _manager_link(value, ctx) or is_manager_chain(value, ctx)
    )


def queryset_origin(receiver: ast.AST, ctx: Context) -> ast.expr | None:
    """Return the expression a receiver's queryset variable was first bound to.

    Args:
        receiver: The object a method is called on.
        ctx: The module context.

    Returns:
        The bound expression when the chain starts at a queryset variable.
    """
    base = chain_nodes(receiver)[-1]
    if not isinstance(base, ast.Name):
        return None
    return queryset_names(ctx.current_function(), ctx).get(base.id)


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

    Suffixes match whole ``_``-separated parts (RULES.md R7): ``cart_form``
    is a form, ``platform`` and ``transform`` are not.

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
    parts = [part for part in name.lower().split("_") if part]
    return (
        any(part in EXEMPT_SUFFIXES for part in parts)
        or name in extra
        or (bool(extra) and name_has_suffix(name, extra))
    )


#: Methods of a related manager that write (RULES.md R7).
RELATED_WRITES = frozenset(
    {"add", "remove", "set", "clear", "create", "get_or_create", "update_or_create"}
)
RELATED_WRITES_ASYNC = frozenset(f"a{name}" for name in RELATED_WRITES)


def orm_write(call: ast.Call, ctx: Context) -> str | None:
    """Recognise an ORM write call.

    Args:
        call: A call node.
        ctx: The module context (for configured exempt receivers and the
            project's ORM index).

    Returns:
        A short description of the write (``Order.objects.create()``), or ``None``.
    """
    if not isinstance(call.func, ast.Attribute):
        return None
    method = call.func.attr
    receiver = call.func.value
    if method in WRITE_METHODS or method in ASYNC_WRITE_METHODS:
        if is_manager_chain(receiver, ctx):
            return describe(call)
    elif (
        (method in RELATED_WRITES or method in RELATED_WRITES_ASYNC)
        and _related_receiver(receiver, ctx)
    ) or (_index(ctx).methods.get(method) is True and is_manager_chain(receiver, ctx)):
        return describe(call)
    if method in INSTANCE_WRITES:
        # ``Order.objects.get(pk=1).save()`` saves an instance fetched through a
        # manager chain: still a write, the receiver is not exempt.
        if (
            is_exempt_receiver(receiver, ctx.config.exempt_receivers)
            or is_layer_module(receiver, ctx)
            or _not_a_model(receiver, ctx)
        ):
            return None
        return describe(call)
    return None


def _related_receiver(receiver: ast.AST, ctx: Context) -> bool:
    """Tell whether a receiver is a related manager (``order.items``).

    Args:
        receiver: The object a method is called on.
        ctx: The module context.

    Returns:
        True when it ends in a related-manager name of the project.
    """
    return (
        isinstance(receiver, ast.Attribute)
        and receiver.attr in _index(ctx).related
        and _related_owner(receiver.value, ctx)
    )


def _not_a_model(receiver: ast.AST, ctx: Context) -> bool:
    """Tell whether ``.save()``/``.delete()`` certainly targets no model instance.

    Args:
        receiver: The object the method is called on.
        ctx: The module context.

    Returns:
        True for ``<expr>.<FileField name>`` and for names bound in the
        function from calls into non-Django third-party modules
        (``img = Image.open(f)``, ``thumb = img.copy()``).
    """
    if isinstance(receiver, ast.Attribute) and receiver.attr in _index(ctx).file_fields:
        return True
    return isinstance(receiver, ast.Name) and receiver.id in _foreign_names(
        ctx.current_function(), ctx
    )


_NOT_FOREIGN = frozenset({"django", "rest_framework"})
_STDLIB = frozenset(getattr(sys, "stdlib_module_names", ()))


def _foreign_names(function: ast.AST | None, ctx: Context) -> frozenset[str]:
    """Collect names a function binds from calls into non-Django libraries.

    Args:
        function: The innermost enclosing function, or ``None``.
        ctx: The module context (the per-function cache lives on it).

    Returns:
        Names every binding of which calls an imported non-project,
        non-Django module, or a method of such a name.
    """
    if function is None:
        return frozenset()
    cache: dict[int, frozenset[str]] = ctx.__dict__.setdefault("_foreign", {})
    key = id(function)
    if key in cache:
        return cache[key]
    project = project_model.model_for(ctx.config)
    values: dict[str, list[ast.expr | None]] = {}
    for node in ast.walk(function):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    values.setdefault(target.id, []).append(node.value)
        elif isinstance(node, ast.AnnAssign | ast.NamedExpr) and isinstance(
            node.target, ast.Name
        ):
            values.setdefault(node.target.id, []).append(node.value)
        elif isinstance(node, ast.withitem) and isinstance(
            node.optional_vars, ast.Name
        ):
            values.setdefault(node.optional_vars.id, []).append(node.context_expr)
    found: set[str] = set()
    for _ in range(3):
        before = len(found)
        for name, bound in values.items():
            if name not in found and all(
                _foreign_call(value, found, project, ctx) for value in bound
            ):
                found.add(name)
        if len(found) == before:
            break
    cache[key] = frozenset(found)
    return cache[key]


def _foreign_call(
    value: ast.expr | None,
    found: set[str],
    project: project_model.ProjectModel,
    ctx: Context,
) -> bool:
    """Tell whether a bound value is a call into a non-Django library.

    Args:
        value: The bound expression.
        found: Names already known to hold foreign objects.
        project: The shared project lookups.
        ctx: The module context.

    Returns:
        True for ``Image.open(f)`` (``PIL`` imported) and ``img.copy()``.
    """
    if not isinstance(value, ast.Call):
        return False
    base = chain_nodes(value.func)[-1]
    if isinstance(base, ast.Name) and base.id in found:
        return True
    qualified = ctx.imports.qualify(value.func)
    if qualified is None or not isinstance(base, ast.Name):
        return False
    record = ctx.imports.names.get(base.id)
    if record is None or record.level > 0:
        return False
    if is_manager_chain(value.func, ctx) or "models" in qualified.split("."):
        return False  # a row fetched through the ORM, or a project model
    top = qualified.split(".", 1)[0]
    index = _index(ctx)
    return (
        top not in _NOT_FOREIGN
        and top not in index.packages
        and qualified.rsplit(".", 1)[-1] not in index.managers
        and top not in _STDLIB
        and not project.is_project(qualified)
    )


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
    if qualified is not None and not _from_services(func, ctx):
        last = qualified.rsplit(".", 1)[-1]
        if last in MAIL_FUNCTIONS:
            return describe(call)
        full = ctx.imports.qualify(func)
        if full is not None and (
            _is_http_request(full) or full == "urllib.request.urlopen"
        ):
            return describe(call)
        extra = ctx.config.side_effect_calls
        if extra and (
            qualified in extra or full in extra or dotted_text(func) in extra
        ):
            return describe(call)
    if isinstance(func, ast.Attribute):
        # Enqueueing a task that a services module defines is calling the
        # service (RULES.md R8, DJA001's "functions imported from services"):
        # taiga's ``services.delete_project.delay(pk)`` in a view.
        if func.attr in TASK_METHODS and not _from_services(func.value, ctx):
            return describe(call)
        if (
            func.attr in HTTP_FUNCTIONS
            and isinstance(func.value, ast.Name)
            and func.value.id in _http_clients(ctx.current_function(), ctx)
        ):
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


#: Request functions of ``requests`` / ``httpx`` (RULES.md R8).
HTTP_FUNCTIONS = frozenset(
    {"get", "post", "put", "patch", "delete", "head", "options", "request", "stream"}
)
HTTP_CLIENTS = frozenset(
    {"requests.Session", "requests.session", "httpx.Client", "httpx.AsyncClient"}
)


def _is_http_request(qualified: str) -> bool:
    """Tell whether a qualified name is a ``requests`` / ``httpx`` request function.

    Args:
        qualified: The callee's qualified name.

    Returns:
        True for ``requests.post``, ``httpx.get``; False for ``requests.utils.quote``.
    """
    module, _, name = qualified.rpartition(".")
    return module in {"requests", "httpx", "requests.api"} and name in HTTP_FUNCTIONS


def _from_services(func: ast.AST, ctx: Context) -> bool:
    """Tell whether a called name comes from a project services module.

    Args:
        func: The called expression.
        ctx: The module context.

    Returns:
        True for ``send_mail`` after ``from apps.notify.services import send_mail``
        and for ``services.send_mail`` after ``from apps.notify import services``.
    """
    if not isinstance(func, ast.Name | ast.Attribute):
        return False
    qualified = ctx.imports.qualify(func)
    if qualified is None:
        return False
    module = qualified.rpartition(".")[0]
    return any(
        part in LAYER_MODULES or part.endswith(("_services", "_selectors"))
        for part in module.split(".")
    )


def _http_clients(function: ast.AST | None, ctx: Context) -> frozenset[str]:
    """Collect names a function binds to ``requests.Session()`` / ``httpx.Client()``.

    Args:
        function: The innermost enclosing function, or ``None``.
        ctx: The module context (the per-function cache lives on it).

    Returns:
        The bound names (``with httpx.Client() as client`` included).
    """
    if function is None:
        return frozenset()
    cache: dict[int, frozenset[str]] = ctx.__dict__.setdefault("_http_clients", {})
    key = id(function)
    if key not in cache:
        names: set[str] = set()
        for node in ast.walk(function):
            value: ast.AST | None = None
            target: ast.AST | None = None
            if isinstance(node, ast.Assign) and len(node.targets) == 1:
                target, value = node.targets[0], node.value
            elif isinstance(node, ast.withitem):
                target, value = node.optional_vars, node.context_expr
            if (
                isinstance(target, ast.Name)
                and isinstance(value, ast.Call)
                and ctx.imports.qualify(value.func) in HTTP_CLIENTS
            ):
                names.add(target.id)
        cache[key] = frozenset(names)
    return cache[key]


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
