"""Raw SQL rules DJA020–DJA023."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, ClassVar

from flake8_djarch.engine import Checker
from flake8_djarch.orm import describe, manager_call
from flake8_djarch.violations.rawsql import (
    CursorSql,
    ExtraQuery,
    RawQuery,
    RawSqlExpression,
)

if TYPE_CHECKING:
    from collections.abc import Mapping

RAWSQL = frozenset({"django.db.models.RawSQL", "django.db.models.expressions.RawSQL"})
RAWSQL_MODULES = frozenset({"django.db.models", "django.db.models.expressions"})
CURSOR_METHODS = frozenset({"execute", "executemany", "callproc"})
GET_CONNECTION = "django.db.transaction.get_connection"
#: The methods :meth:`RawSqlChecker.visit_Call` may report a call of.
_CALL_METHODS = frozenset({"raw", "extra", "cursor"}) | CURSOR_METHODS


class RawSqlChecker(Checker):
    """DJA020–DJA023: RawSQL, .raw(), .extra() and cursors."""

    violations = (RawSqlExpression, RawQuery, ExtraQuery, CursorSql)
    # Qualified names are made of the module's own text (its imports and
    # attributes): ``RawSQL`` is written wherever it is used, and every
    # connection the rule recognises ends in ``connection``, ``connections``
    # or ``get_connection``; a call it judges names one of _CALL_METHODS as
    # its attribute. Without the words, these handlers find nothing.
    handler_requires: ClassVar[Mapping[str, tuple[str, ...]]] = {
        "visit_Call": tuple(sorted(_CALL_METHODS)),
        "visit_Attribute": ("RawSQL",),
        "visit_Assign": ("connection",),
        "visit_AnnAssign": ("connection",),
        "visit_NamedExpr": ("connection",),
        "visit_withitem": ("connection",),
    }

    def begin(self) -> None:
        """Prepare the per-scope cursor names."""
        self.cursors: dict[int, set[str]] = {}
        self.connections: dict[int, set[str]] = {}
        self.reported: set[int] = set()
        # Without ``connection`` in the text (see handler_requires) no cursor
        # can be found: the cursor half of visit_Call is skipped.
        self.connected = "connection" in self.ctx.source

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        """Report importing RawSQL from Django.

        Args:
            node: The import statement.
        """
        if (
            node.level == 0
            and node.module in RAWSQL_MODULES
            and any(alias.name == "RawSQL" for alias in node.names)
        ):
            self.ctx.report(node, RawSqlExpression, what="import")

    def finish(self) -> None:
        """Report each use of a name bound to Django's RawSQL.

        Names are looked for only in modules that import RawSQL, so the common
        module pays nothing for this (a per-``Name`` visitor would run on
        every identifier of every file).
        """
        ctx = self.ctx
        bound = {
            local
            for local, record in ctx.imports.names.items()
            if record.qualified in RAWSQL
        }
        if not bound:
            return
        for node in ast.walk(ctx.tree):
            if (
                isinstance(node, ast.Name)
                and node.id in bound
                and isinstance(node.ctx, ast.Load)
            ):
                ctx.report(node, RawSqlExpression, what=f"use of {node.id}")

    def visit_Attribute(self, node: ast.Attribute) -> None:
        """Report ``models.RawSQL`` style uses.

        Args:
            node: The attribute access.
        """
        if node.attr == "RawSQL" and self.ctx.qualify(node) in RAWSQL:
            self.ctx.report(node, RawSqlExpression, what=f"use of {describe(node)}")

    def _is_cursor_call(self, node: ast.AST) -> bool:
        """Tell whether a node calls ``cursor()`` on a ``django.db`` connection.

        Args:
            node: Any node.

        Returns:
            True for ``connection.cursor()`` and ``connections[...].cursor()``.
        """
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "cursor"
        ):
            return False
        return self._is_connection(node.func.value)

    def _is_connection(self, owner: ast.AST) -> bool:
        """Tell whether an expression is a ``django.db`` connection.

        Args:
            owner: The expression ``cursor()`` is called on.

        Returns:
            True for ``connection``, ``connections[...]``,
            ``transaction.get_connection()`` and local names bound to them.
        """
        # A qualified name ends with the attribute written last: a different
        # one settles the question without qualifying.
        if isinstance(owner, ast.Subscript):
            owner = owner.value
            if isinstance(owner, ast.Attribute) and owner.attr != "connections":
                return False
            return self.ctx.qualify(owner) == "django.db.connections"
        if isinstance(owner, ast.Call):
            owner = owner.func
            if isinstance(owner, ast.Attribute) and owner.attr != "get_connection":
                return False
            return self.ctx.qualify(owner) == GET_CONNECTION
        if isinstance(owner, ast.Name) and owner.id in self.connections.get(
            self._scope_key(), ()
        ):
            return True
        if isinstance(owner, ast.Attribute) and owner.attr != "connection":
            return False
        return self.ctx.qualify(owner) == "django.db.connection"

    def _scope_key(self) -> int:
        """Identify the scope that cursor names are bound in.

        Returns:
            The id of the enclosing function, 0 at module level.
        """
        function = self.ctx.current_function()
        return id(function) if function is not None else 0

    def visit_Call(self, node: ast.Call) -> None:
        """Report raw/extra on managers, cursor creation and cursor execution.

        Args:
            node: The call.
        """
        func = node.func
        if not isinstance(func, ast.Attribute) or func.attr not in _CALL_METHODS:
            # Nothing to report whether or not the receiver is a manager
            # chain; judging one (queryset variables) is the costly part.
            return
        ctx = self.ctx
        split = manager_call(node, ctx)
        if split is not None:
            method = split[0]
            if method == "raw":
                ctx.report(node, RawQuery, call=describe(node))
            elif method == "extra":
                ctx.report(node, ExtraQuery, call=describe(node))
            return
        if not self.connected:
            return
        if self._is_cursor_call(node):
            self._report_statement(node, describe(node))
            return
        if (
            func.attr in CURSOR_METHODS
            and isinstance(func.value, ast.Name)
            and func.value.id in self.cursors.get(self._scope_key(), ())
        ):
            self._report_statement(node, describe(node))

    def _report_statement(self, node: ast.Call, call: str) -> None:
        """Report DJA023 at most once per statement.

        Args:
            node: The offending call.
            call: Its description for the message.
        """
        statement = next(
            (
                parent
                for parent in reversed(self.ctx.stack)
                if isinstance(parent, ast.stmt)
            ),
            node,
        )
        if id(statement) not in self.reported:
            self.reported.add(id(statement))
            self.ctx.report(node, CursorSql, call=call)

    def visit_withitem(self, node: ast.withitem) -> None:
        """Remember ``with connection.cursor() as name``.

        Args:
            node: The with item.
        """
        if isinstance(node.optional_vars, ast.Name) and self._is_cursor_call(
            node.context_expr
        ):
            self.cursors.setdefault(self._scope_key(), set()).add(node.optional_vars.id)

    def visit_Assign(self, node: ast.Assign) -> None:
        """Remember ``name = connection.cursor()``.

        Args:
            node: The assignment.
        """
        if self._is_cursor_call(node.value):
            self.cursors.setdefault(self._scope_key(), set()).update(_names(node))
        elif isinstance(node.value, ast.Subscript | ast.Call) and self._is_connection(
            node.value
        ):
            self.connections.setdefault(self._scope_key(), set()).update(_names(node))

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        """Remember ``name: CursorWrapper = connection.cursor()``.

        Args:
            node: The annotated assignment.
        """
        if (
            node.value is not None
            and isinstance(node.target, ast.Name)
            and self._is_cursor_call(node.value)
        ):
            self.cursors.setdefault(self._scope_key(), set()).add(node.target.id)

    def visit_NamedExpr(self, node: ast.NamedExpr) -> None:
        """Remember ``(name := connection.cursor())``.

        Args:
            node: The assignment expression.
        """
        if self._is_cursor_call(node.value):
            self.cursors.setdefault(self._scope_key(), set()).add(node.target.id)


def _names(node: ast.Assign) -> set[str]:
    """Return the plain names an assignment binds directly.

    Args:
        node: The assignment.

    Returns:
        The ``Name`` targets' identifiers (unpacking targets are left out).
    """
    return {target.id for target in node.targets if isinstance(target, ast.Name)}


CHECKERS = (RawSqlChecker,)
