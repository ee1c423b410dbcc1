"""Logging rules DJA080–DJA082."""

from __future__ import annotations

import ast
from pathlib import PurePosixPath

from flake8_djarch import roles
from flake8_djarch.engine import Checker, Context
from flake8_djarch.orm import describe
from flake8_djarch.project import model_for
from flake8_djarch.violations.logs import LoggerName, PrintCall, TracebackLeak

ROOT_LOGGER_CALLS = frozenset(
    f"logging.{name}"
    for name in (
        "debug",
        "info",
        "warning",
        "warn",
        "error",
        "exception",
        "critical",
        "fatal",
        "log",
    )
)
TRACEBACK_CALLS = frozenset(
    f"traceback.{name}"
    for name in (
        "format_exc",
        "format_exception",
        "print_exc",
        "print_exception",
        "format_tb",
    )
)
#: The last names of every call the rules judge: a qualified name ends with
#: the attribute written last, so ``x.other()`` needs no qualifying.
_CALL_NAMES = frozenset(
    name.rpartition(".")[2]
    for name in (*ROOT_LOGGER_CALLS, *TRACEBACK_CALLS, "logging.getLogger", "print")
)
RESPONSE_MODULES = frozenset({"exceptions.py", "middleware.py"})


#: Folders of command-line programs whose interface is standard output (RULES.md R10).
PROGRAM_DIRS = frozenset({"scripts", "bin"})
_MAX_ROOT_DEPTH = 3


def _is_program(ctx: Context) -> bool:
    """Tell whether a module lies in ``scripts/`` or ``bin/`` under a root.

    The roots are the run directory and the project model's source roots
    (configured, or detected by RULES.md R1; R12).

    Args:
        ctx: The module context.

    Returns:
        True for ``scripts/x.py``, ``src/bin/x.py``, ``netbox/scripts/x.py``
        next to ``netbox/manage.py``, and for any module with a top-level
        ``if __name__ == "__main__":`` (a program by its own declaration).
    """
    if any(_is_main_guard(node) for node in ctx.tree.body):
        return True
    parts = PurePosixPath(ctx.path).parts
    roots = {PurePosixPath(root).parts for root in model_for(ctx.config).source_roots}
    for index, part in enumerate(parts[:-1]):
        if part not in PROGRAM_DIRS or index > _MAX_ROOT_DEPTH:
            continue
        prefix = parts[:index]
        if not prefix or prefix in roots:
            return True
    return False


def _is_main_guard(node: ast.stmt) -> bool:
    """Tell whether a statement is ``if __name__ == "__main__":``.

    Args:
        node: A top-level statement.

    Returns:
        True for the guard, either operand order.
    """
    if not isinstance(node, ast.If) or not isinstance(node.test, ast.Compare):
        return False
    test = node.test
    operands = [test.left, *test.comparators]
    return (
        len(operands) == 2
        and isinstance(test.ops[0], ast.Eq)
        and any(isinstance(op, ast.Name) and op.id == "__name__" for op in operands)
        and any(
            isinstance(op, ast.Constant) and op.value == "__main__" for op in operands
        )
    )


class LoggingChecker(Checker):
    """DJA080–DJA082: print, logger names and traceback formatting."""

    violations = (PrintCall, LoggerName, TracebackLeak)

    def begin(self) -> None:
        """Decide once whether the module is a response layer for DJA082."""
        ctx = self.ctx
        self.response_layer = (
            ctx.has_role(roles.VIEWS)
            or PurePosixPath(ctx.path).name in RESPONSE_MODULES
        )
        # Binding ``print`` takes writing it.
        self.print_shadowed = "print" in ctx.source and any(
            _binds_print(node) for node in ctx.tree.body
        )
        self.program = _is_program(ctx)
        self._scope_binds: dict[int, bool] = {}

    def _print_is_builtin(self) -> bool:
        """Tell whether ``print`` at the current node is the builtin.

        Returns:
            False when the module or an enclosing function binds ``print``
            (an import, a ``def``, an assignment, a parameter).
        """
        if self.print_shadowed:
            return False
        for scope in self.ctx.scopes:
            if isinstance(scope, ast.ClassDef) and scope is not self.ctx.scopes[-1]:
                continue
            key = id(scope)
            binds = self._scope_binds.get(key)
            if binds is None:
                binds = self._scope_binds[key] = _scope_binds_print(scope)
            if binds:
                return False
        return True

    def visit_Call(self, node: ast.Call) -> None:
        """Check one call.

        Args:
            node: The call.
        """
        ctx = self.ctx
        func = node.func
        if (
            isinstance(func, ast.Name)
            and func.id == "print"
            and self._print_is_builtin()
        ):
            if not self.program:
                ctx.report(node, PrintCall)
            return
        if type(func) is ast.Attribute and func.attr not in _CALL_NAMES:
            return
        qualified = ctx.qualify(func)
        if qualified is None:
            return
        if qualified == "builtins.print":
            if not self.program:
                ctx.report(node, PrintCall)
            return
        if qualified == "logging.getLogger":
            first = (
                node.args[0]
                if node.args
                else next(
                    (
                        keyword.value
                        for keyword in node.keywords
                        if keyword.arg == "name"
                    ),
                    None,
                )
            )
            if not (isinstance(first, ast.Name) and first.id == "__name__"):
                ctx.report(
                    node, LoggerName, call=f"{describe(node)[:-2]}({_arg_text(first)})"
                )
        elif qualified in ROOT_LOGGER_CALLS:
            ctx.report(node, LoggerName, call=f"root logger call {describe(node)}")
        elif self.response_layer and qualified in TRACEBACK_CALLS:
            ctx.report(node, TracebackLeak, call=describe(node))


def _binds_print(statement: ast.stmt) -> bool:
    """Tell whether a statement binds the name ``print`` in its own scope.

    Args:
        statement: A statement of a module, class or function body.

    Returns:
        True for a ``def``/``class`` named ``print``, an assignment, loop or
        ``with ... as`` target, or an import binding the name (not
        ``from builtins import print``); the bodies of nested functions,
        lambdas and classes are not searched.
    """
    todo: list[ast.AST] = [statement]
    while todo:
        node = todo.pop()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            if node.name == "print":
                return True
            continue
        if isinstance(node, ast.Lambda) or (
            isinstance(node, ast.ImportFrom) and node.module == "builtins"
        ):
            continue
        if isinstance(node, ast.Name):
            if node.id == "print" and isinstance(node.ctx, ast.Store):
                return True
        elif isinstance(node, ast.alias):
            if (node.asname or node.name) == "print":
                return True
        else:
            todo.extend(ast.iter_child_nodes(node))
    return False


def _scope_binds_print(scope: ast.AST) -> bool:
    """Tell whether a function, lambda or class binds ``print`` locally.

    Args:
        scope: The enclosing scope.

    Returns:
        True when a parameter is named ``print`` or its body binds the name.
    """
    if isinstance(scope, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
        arguments = scope.args
        params = [
            *arguments.posonlyargs,
            *arguments.args,
            *arguments.kwonlyargs,
            *(arg for arg in (arguments.vararg, arguments.kwarg) if arg is not None),
        ]
        if any(param.arg == "print" for param in params):
            return True
        if isinstance(scope, ast.Lambda):
            return False
    body: list[ast.stmt] = getattr(scope, "body", [])
    return any(_binds_print(statement) for statement in body)


def _arg_text(node: ast.expr | None) -> str:
    """Render a ``getLogger`` argument briefly.

    Args:
        node: The argument, or ``None`` when absent.

    Returns:
        Its source text, empty when absent.
    """
    if node is None:
        return ""
    return describe(node, limit=30)


CHECKERS = (LoggingChecker,)
