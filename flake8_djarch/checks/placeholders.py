"""Placeholder rules DJA040–DJA044."""

from __future__ import annotations

import ast
import re

from flake8_djarch import project
from flake8_djarch.engine import Checker, Context
from flake8_djarch.violations.placeholders import (
    EllipsisBody,
    NotImplementedRaise,
    PassStatement,
    PlaceholderComment,
    TodoMarker,
)

MARKER_RE = re.compile(r"\b(TODO|FIXME|XXX|HACK)\b")
#: A directive, never prose: the whole comment text must match RULES.md R10's
#: expression exactly. Its elision is three ASCII dots; a ``…`` opens prose as
#: often as a placeholder (NetBox: "# … but metric counters still run."), so the
#: contract's narrower expression wins.
PLACEHOLDER_RE = re.compile(
    r"^(\.\.\.(\s.*)?"
    r"|implement (this|here|me|later)(?![\w-]).*"
    r"|(add )?(your )?(code|logic) here(?![\w-]).*"
    r"|fill (this )?in( here| later)?\W*|placeholder\b.*"
    r"|to be implemented\b.*"
    r"|not implemented yet\b.*|.*\brest of (the )?code\W*)$",
    re.IGNORECASE,
)
#: A second comment on the same line (an expectation, a noqa) is not part of the text.
TRAILING_COMMENT_RE = re.compile(r"\s+#.*$")
#: A superset of the patterns above, anchored on a ``#`` of the same line.
COMMENT_MARKERS = re.compile(
    r"#[^\r\n]*(?:TODO|FIXME|XXX|HACK|\.\.\.|…"
    r"|(?i:implement|rest\s+of|code\s+here|logic\s+here|fill|placeholder))"
)
OVERLOAD = frozenset({"typing.overload", "typing_extensions.overload"})
ABSTRACT = frozenset(
    {
        "abc.abstractmethod",
        "abc.abstractproperty",
        "abc.abstractclassmethod",
        "abc.abstractstaticmethod",
    }
)


class CommentChecker(Checker):
    """DJA040 and DJA044: markers and placeholder phrases in comments."""

    violations = (TodoMarker, PlaceholderComment)
    comment_markers = COMMENT_MARKERS

    def begin(self) -> None:
        """Scan every comment of the module once."""
        ctx = self.ctx
        for comment in self.comments():
            body = comment.text.lstrip("#").strip()
            marker = MARKER_RE.search(body)
            if marker:
                ctx.report(
                    (comment.line, comment.col), TodoMarker, marker=marker.group(1)
                )
            text = TRAILING_COMMENT_RE.sub("", body)
            if PLACEHOLDER_RE.match(text):
                ctx.report(
                    (comment.line, comment.col),
                    PlaceholderComment,
                    text=comment.text.strip()[:60],
                )


def _decorated(function: ast.AST | None, names: frozenset[str], ctx: Context) -> bool:
    """Tell whether a function carries one of the named decorators.

    Args:
        function: The function (anything else is never decorated).
        names: Qualified decorator names such as ``typing.overload``.
        ctx: The module context, for resolving imports.

    Returns:
        True when a decorator resolves to a name, or is the bare short name
        that is not imported from elsewhere.
    """
    if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
        return False
    short = {name.rsplit(".", 1)[1] for name in names}
    for decorator in function.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        qualified = ctx.qualify(target)
        if qualified in names:
            return True
        if qualified is None and isinstance(target, ast.Name) and target.id in short:
            return True
    return False


class StatementChecker(Checker):
    """DJA041–DJA043: `pass`, bare `...` and `raise NotImplementedError`."""

    violations = (PassStatement, EllipsisBody, NotImplementedRaise)

    def visit_Pass(self, node: ast.Pass) -> None:
        """Report every `pass`.

        Args:
            node: The statement.
        """
        self.ctx.report(node, PassStatement)

    def visit_Expr(self, node: ast.Expr) -> None:
        """Report a statement that is only `...`, outside the exempt places.

        Args:
            node: The expression statement.
        """
        value = node.value
        if not (isinstance(value, ast.Constant) and value.value is Ellipsis):
            return
        ctx = self.ctx
        if ctx.is_stub:
            return
        scope = ctx.scopes[-1] if ctx.scopes else None
        if scope is not None and _decorated(scope, OVERLOAD, ctx):
            return
        if self._in_protocol(scope):
            return
        ctx.report(node, EllipsisBody)

    def _in_protocol(self, scope: ast.AST | None) -> bool:
        """Tell whether the current statement belongs to a ``Protocol`` class.

        Args:
            scope: The innermost scope holding the statement.

        Returns:
            True for statements in a Protocol body or in one of its methods.
        """
        scopes = self.ctx.scopes
        owner: ast.AST | None
        if isinstance(scope, ast.FunctionDef | ast.AsyncFunctionDef):
            owner = scopes[-2] if len(scopes) >= 2 else None
        else:
            owner = scope
        if not isinstance(owner, ast.ClassDef):
            return False
        kinds = self.ctx.classes.kinds(owner)
        if kinds is not None and project.PROTOCOL in kinds:
            return True
        return any(
            (isinstance(base, ast.Name) and base.id == "Protocol")
            or (
                isinstance(base, ast.Subscript)
                and isinstance(base.value, ast.Name)
                and base.value.id == "Protocol"
            )
            for base in owner.bases
        )

    def visit_Raise(self, node: ast.Raise) -> None:
        """Report `raise NotImplementedError` outside abstract methods.

        Args:
            node: The raise statement.
        """
        exc = node.exc
        target = exc.func if isinstance(exc, ast.Call) else exc
        if not (isinstance(target, ast.Name) and target.id == "NotImplementedError"):
            return
        function = self.ctx.current_function()
        if function is None or not _whole_body(function, node):
            return  # a raise that rejects one case is a real error path
        if _refusal(exc):
            return  # "Token users have no DB representation": a deliberate refusal
        if _decorated(function, ABSTRACT, self.ctx):
            return
        name = f"{function.name}()" if function is not None else "this code"
        self.ctx.report(node, NotImplementedRaise, function=name)


#: Messages that refuse an operation for good rather than promise code later.
REFUSAL_RE = re.compile(
    r"\b(?:(?:does|do|is|are|can)\s*(?:not|n't)\s+(?:support|allow|apply|have)"
    r"|cannot\s+(?:be|support)|unsupported|not\s+(?:supported|allowed|applicable)"
    r"|ha(?:ve|s)\s+no)\b",
    re.IGNORECASE,
)


def _refusal(exc: ast.expr | None) -> bool:
    """Tell whether a ``NotImplementedError`` message refuses the operation.

    Args:
        exc: The raised expression.

    Returns:
        True for ``NotImplementedError("Token users have no DB representation")``
        and ``f"{name} does not support uv installs"``.
    """
    if not isinstance(exc, ast.Call) or not exc.args:
        return False
    texts = [
        node.value
        for node in ast.walk(exc.args[0])
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]
    return any(REFUSAL_RE.search(text) for text in texts)


def _whole_body(
    function: ast.FunctionDef | ast.AsyncFunctionDef, node: ast.stmt
) -> bool:
    """Tell whether a statement is a function's whole body after its docstring.

    Args:
        function: The function.
        node: The statement.

    Returns:
        True when the body is the statement alone, or a docstring and it.
    """
    body = function.body
    if (
        len(body) > 1
        and isinstance(body[0], ast.Expr)
        and isinstance(body[0].value, ast.Constant)
        and isinstance(body[0].value.value, str)
    ):
        body = body[1:]
    return len(body) == 1 and body[0] is node


CHECKERS = (CommentChecker, StatementChecker)
