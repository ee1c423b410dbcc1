"""DRF API security rules DJA010–DJA014 (RULES.md §2, seed §6.4, §6.6, §6.7).

View and serializer classes are recognised through the class resolver, which
follows bases into other project modules; declarations inherited from a
project base class or mixin count, DRF's own classes never do.
"""

from __future__ import annotations

import ast
from typing import ClassVar

from flake8_djarch import project
from flake8_djarch import roles as role_names
from flake8_djarch.engine import Checker
from flake8_djarch.imports import dotted_text
from flake8_djarch.violations.drf import (
    ExcludeInSerializer,
    FieldsAllInSerializer,
    MissingAuthenticationClasses,
    MissingPermissionClasses,
    ThrottlingDisabled,
)

DECORATORS = "rest_framework.decorators"
ALL_FIELDS = "rest_framework.serializers.ALL_FIELDS"
AUTHENTICATION = (
    frozenset({"authentication_classes"}),
    frozenset({"get_authenticators"}),
)
PERMISSION = (frozenset({"permission_classes"}), frozenset({"get_permissions"}))
_UNKNOWN = object()
#: Name endings of bases that look like DRF views or serializers.
DRF_LOOKING = ("APIView", "ViewSet", "Serializer")


class DrfSecurityChecker(Checker):
    """Checks DRF views, ``@api_view`` functions and serializer ``Meta`` classes."""

    violations = (
        MissingAuthenticationClasses,
        MissingPermissionClasses,
        FieldsAllInSerializer,
        ExcludeInSerializer,
        ThrottlingDisabled,
    )
    skip_roles: ClassVar[frozenset[str]] = frozenset({role_names.TESTS})

    def begin(self) -> None:
        """Note whether the module star-imports DRF's decorators."""
        self.star_decorators = any(
            isinstance(node, ast.ImportFrom)
            and node.module == DECORATORS
            and any(alias.name == "*" for alias in node.names)
            for node in self.ctx.tree.body
        )

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        """Judge a DRF view or serializer class.

        Args:
            node: The class.
        """
        if not node.bases:
            return
        kinds = self.ctx.classes.kinds(node)
        if kinds is None:
            self._note_unresolved(node)
        if not kinds:
            return
        if project.DRF_VIEW in kinds:
            self._view(node)
        if project.DRF_SERIALIZER in kinds:
            self._serializer(node)

    def _note_unresolved(self, node: ast.ClassDef) -> None:
        """Record DRF-looking bases the model could not resolve (``djarch check`` note).

        Args:
            node: A class whose ancestry is unknown.
        """
        for base in node.bases:
            text = self.ctx.imports.dotted(base)
            if (
                text is not None
                and text.endswith(DRF_LOOKING)
                and not text.startswith("django.")
            ):
                self.ctx.model.note_unresolved(text)

    def _view(self, node: ast.ClassDef) -> None:
        """Judge a DRF view class for DJA010, DJA011 and DJA014.

        Args:
            node: The view class.
        """
        ctx = self.ctx
        resolver = ctx.classes
        subject = f"DRF view {node.name}"
        if resolver.declares(node, *AUTHENTICATION) is False:
            ctx.report(node, MissingAuthenticationClasses, subject=subject)
        if resolver.declares(node, *PERMISSION) is False:
            ctx.report(node, MissingPermissionClasses, subject=subject)
        for statement in node.body:
            value = _assigned(statement, "throttle_classes")
            if value is not None and self._empty_sequence(value):
                ctx.report(
                    statement,
                    ThrottlingDisabled,
                    what=f"throttle_classes = {ast.unparse(value)} in {node.name}",
                )

    def _serializer(self, node: ast.ClassDef) -> None:
        """Judge the ``Meta`` of a DRF serializer class for DJA012 and DJA013.

        Args:
            node: The serializer class.
        """
        ctx = self.ctx
        for meta in node.body:
            if not isinstance(meta, ast.ClassDef) or meta.name != "Meta":
                continue
            for statement in meta.body:
                fields = _assigned(statement, "fields")
                if fields is not None and self._all_fields(fields):
                    ctx.report(statement, FieldsAllInSerializer, serializer=node.name)
                if _assigned(statement, "exclude") is not None:
                    ctx.report(statement, ExcludeInSerializer, serializer=node.name)

    def _all_fields(self, value: ast.expr) -> bool:
        """Tell whether a ``fields`` value selects every field.

        Args:
            value: The assigned value.

        Returns:
            True for ``"__all__"`` and DRF's ``ALL_FIELDS``.
        """
        if isinstance(value, ast.Constant):
            return value.value == "__all__"
        if self.ctx.qualify(value) == ALL_FIELDS:
            return True
        return self._constant(value) == "__all__"

    def _constant(self, value: ast.expr) -> object:
        """Return the literal a value stands for through project constants (R3).

        Args:
            value: An expression of the linted module.

        Returns:
            The value, or :data:`_UNKNOWN` when it cannot be decided (then the
            rule treats it as a non-empty declaration).
        """
        try:
            return self.ctx.classes.constant(value)
        except project.Unknown:
            return _UNKNOWN

    def _empty_sequence(self, value: ast.expr) -> bool:
        """Tell whether a value is an empty list or tuple, through constants (R3).

        Args:
            value: The expression.

        Returns:
            True for ``[]``, ``()`` and names or sums resolving to them.
        """
        if _empty_sequence(value):
            return True
        if isinstance(value, ast.List | ast.Tuple | ast.Constant):
            return False
        found = self._constant(value)
        return isinstance(found, list | tuple) and not found

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        """Judge the DRF decorators of a function.

        Args:
            node: The function.
        """
        self._function(node)

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> None:
        """Judge the DRF decorators of an async function.

        Args:
            node: The function.
        """
        self._function(node)

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        """Judge ``@api_view`` functions and ``@throttle_classes([])`` decorators.

        Args:
            node: The function.
        """
        ctx = self.ctx
        decorators = node.decorator_list
        if not decorators:
            return
        for decorator in decorators:
            if (
                isinstance(decorator, ast.Call)
                and self._is_drf_decorator(decorator.func, "throttle_classes")
                and decorator.args
                and self._empty_sequence(decorator.args[0])
            ):
                ctx.report(
                    decorator,
                    ThrottlingDisabled,
                    what=f"@throttle_classes({ast.unparse(decorator.args[0])}) on {node.name}()",
                )
        if not any(
            self._is_drf_decorator(_callee(item), "api_view") for item in decorators
        ):
            return
        subject = f"@api_view function {node.name}()"
        if not self._decorated(decorators, "authentication_classes"):
            ctx.report(node, MissingAuthenticationClasses, subject=subject)
        if not self._decorated(decorators, "permission_classes"):
            ctx.report(node, MissingPermissionClasses, subject=subject)

    def _decorated(self, decorators: list[ast.expr], name: str) -> bool:
        """Tell whether a called decorator of that name is among the decorators.

        Args:
            decorators: The function's decorator list.
            name: ``authentication_classes`` or ``permission_classes``.

        Returns:
            True for DRF's decorator under any alias, or for a decorator written
            with that name whose origin is unknown.
        """
        return any(
            isinstance(item, ast.Call)
            and (
                self._is_drf_decorator(item.func, name)
                or (
                    self.ctx.qualify(item.func) is None
                    and _last_name(item.func) == name
                )
            )
            for item in decorators
        )

    def _is_drf_decorator(self, expr: ast.expr, name: str) -> bool:
        """Tell whether an expression is one of DRF's view decorators.

        Args:
            expr: The decorator (callee) expression.
            name: The decorator name, e.g. ``api_view``.

        Returns:
            True when it is imported from ``rest_framework.decorators`` (or
            star-imported from there).
        """
        qualified = self.ctx.qualify(expr)
        if qualified is not None:
            return qualified in {f"{DECORATORS}.{name}", f"rest_framework.{name}"}
        return self.star_decorators and dotted_text(expr) == name


def _callee(expr: ast.expr) -> ast.expr:
    """Unwrap a called decorator.

    Args:
        expr: A decorator expression.

    Returns:
        The callee of a call, else the expression itself.
    """
    return expr.func if isinstance(expr, ast.Call) else expr


def _last_name(expr: ast.expr) -> str | None:
    """Return the last component of a dotted name.

    Args:
        expr: An expression.

    Returns:
        ``permission_classes`` for ``decorators.permission_classes``; ``None``
        when the expression is not a dotted name.
    """
    text = dotted_text(expr)
    return None if text is None else text.rsplit(".", 1)[-1]


def _assigned(statement: ast.stmt, name: str) -> ast.expr | None:
    """Return the value a class-body statement assigns to a name.

    Args:
        statement: A statement of a class body.
        name: The attribute name.

    Returns:
        The assigned value, or ``None`` when the statement does not assign it.
    """
    if isinstance(statement, ast.Assign):
        if any(
            isinstance(target, ast.Name) and target.id == name
            for target in statement.targets
        ):
            return statement.value
    elif (
        isinstance(statement, ast.AnnAssign)
        and statement.value is not None
        and isinstance(statement.target, ast.Name)
        and statement.target.id == name
    ):
        return statement.value
    return None


def _empty_sequence(value: ast.expr) -> bool:
    """Tell whether a value is an empty list or tuple literal.

    Args:
        value: The expression.

    Returns:
        True for ``[]`` and ``()``.
    """
    return isinstance(value, ast.List | ast.Tuple) and not value.elts


CHECKERS: tuple[type[Checker], ...] = (DrfSecurityChecker,)
