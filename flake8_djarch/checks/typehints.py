"""Typing rules DJA050–DJA051."""

from __future__ import annotations

import ast

from flake8_djarch.engine import Checker, FunctionNode
from flake8_djarch.violations.typehints import (
    MissingArgumentAnnotation,
    MissingReturnAnnotation,
)

#: First-parameter names that stand for a bound receiver wherever they occur
#: (a method, or a function defined elsewhere and attached to a class, such as
#: a test's ``monkeypatch.setattr(Order, "save", fake_save)``).
RECEIVER_NAMES = frozenset({"self", "cls", "mcs", "mcls", "metacls"})


def _is_staticmethod(function: FunctionNode) -> bool:
    """Tell whether a function is decorated ``@staticmethod``.

    Args:
        function: The function.

    Returns:
        True for static methods, which have no implicit first parameter.
    """
    return any(
        isinstance(decorator, ast.Name | ast.Attribute)
        and (decorator.id if isinstance(decorator, ast.Name) else decorator.attr)
        == "staticmethod"
        for decorator in function.decorator_list
    )


class AnnotationChecker(Checker):
    """DJA050 and DJA051: every parameter and return value annotated."""

    violations = (MissingArgumentAnnotation, MissingReturnAnnotation)

    def visit_FunctionDef(self, node: FunctionNode) -> None:
        """Check one function's annotations.

        Args:
            node: The function definition.
        """
        ctx = self.ctx
        if node.returns is None:
            ctx.report(node, MissingReturnAnnotation, function=node.name)
        args = node.args
        positional = [*args.posonlyargs, *args.args]
        owner = ctx.scopes[-1] if ctx.scopes else None
        if positional and (
            positional[0].arg in RECEIVER_NAMES
            or (isinstance(owner, ast.ClassDef) and not _is_staticmethod(node))
        ):
            positional = positional[1:]
        params: list[tuple[ast.arg, str]] = [(arg, arg.arg) for arg in positional]
        if args.vararg is not None:
            params.append((args.vararg, f"*{args.vararg.arg}"))
        params.extend((arg, arg.arg) for arg in args.kwonlyargs)
        if args.kwarg is not None:
            params.append((args.kwarg, f"**{args.kwarg.arg}"))
        for arg, label in params:
            if arg.annotation is None:
                ctx.report(
                    arg, MissingArgumentAnnotation, param=label, function=node.name
                )

    visit_AsyncFunctionDef = visit_FunctionDef


CHECKERS = (AnnotationChecker,)
