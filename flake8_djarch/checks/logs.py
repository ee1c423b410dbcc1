"""Logging rules DJA080–DJA082."""

from __future__ import annotations

import ast
from pathlib import PurePosixPath

from flake8_djarch import roles
from flake8_djarch.engine import Checker
from flake8_djarch.orm import describe
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
RESPONSE_MODULES = frozenset({"exceptions.py", "middleware.py"})


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
        self.print_shadowed = "print" in ctx.imports.names or any(
            isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            and node.name == "print"
            for node in ctx.tree.body
        )

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
            and not self.print_shadowed
        ):
            ctx.report(node, PrintCall)
            return
        qualified = ctx.qualify(func)
        if qualified is None:
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
