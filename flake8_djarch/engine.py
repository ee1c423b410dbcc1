"""The flake8-independent engine: one AST pass dispatching to checkers.

A :class:`Checker` declares the rules it reports and the node types it wants
through ``visit_<NodeType>`` / ``leave_<NodeType>`` methods. The engine walks
the tree once, keeps the ancestor and scope stacks in a shared
:class:`Context`, and turns any exception raised by a checker into a DJA000
finding at the node being checked, so that one broken rule never stops the run.
"""

from __future__ import annotations

import ast
import io
import os
import tokenize
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, ClassVar

from flake8_djarch import roles as role_names
from flake8_djarch.imports import ImportTable, module_name
from flake8_djarch.violations.internal import InternalError

if TYPE_CHECKING:
    from flake8_djarch.config import Config
    from flake8_djarch.resolve import ClassResolver
    from flake8_djarch.violations.base import Violation

FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef
ScopeNode = ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | ast.ClassDef
SCOPE_TYPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


@dataclass(frozen=True, order=True)
class Finding:
    """One reported problem.

    Attributes:
        line: 1-based line number.
        col: 0-based column (flake8 prints it plus one).
        code: The rule code.
        text: The full text, code first.
    """

    line: int
    col: int
    code: str
    text: str


@dataclass(frozen=True)
class Comment:
    """A source comment.

    Attributes:
        line: 1-based line number.
        col: 0-based column of the ``#``.
        text: The comment including ``#``.
    """

    line: int
    col: int
    text: str


def relative_path(filename: str, root: str) -> str:
    """Express a reported filename relative to the run directory.

    Args:
        filename: The path flake8 reports (possibly absolute).
        root: The directory flake8 runs in.

    Returns:
        A normalised relative POSIX path when the file lies below ``root``,
        otherwise the normalised input.
    """
    if os.path.isabs(filename):
        try:
            rel = os.path.relpath(filename, os.path.abspath(root))
        except ValueError:
            rel = filename
        if not rel.startswith(".."):
            filename = rel
    return role_names.normalize(filename)


class Context:
    """Everything a checker may ask about the module being linted.

    Attributes:
        path: The module path relative to the run directory, POSIX form.
        roles: The module's roles (see :mod:`flake8_djarch.roles`).
        module: The dotted module name, when it can be derived.
        package: The module's package, for relative imports.
        tree: The parsed module.
        lines: The source lines, with line endings.
        config: The effective configuration.
        imports: The module's import table.
        stack: The ancestors of the node being visited, outermost first.
        scopes: The enclosing functions, lambdas and classes, outermost first.
        findings: What has been reported so far.
    """

    def __init__(
        self,
        tree: ast.Module,
        path: str,
        lines: Sequence[str],
        config: Config,
        tokens: Sequence[tokenize.TokenInfo] | None = None,
    ) -> None:
        """Prepare the context of one module.

        Args:
            tree: The parsed module.
            path: The module path relative to the run directory.
            lines: The source lines.
            config: The effective configuration.
            tokens: flake8's tokens of the file, when available.
        """
        self.path = path
        self.roles = role_names.roles_of(path, config.roles)
        self.module = module_name(path, config.source_roots)
        is_package = path.endswith(("__init__.py", "__init__.pyi"))
        if self.module is None:
            self.package: str | None = None
        elif is_package:
            self.package = self.module
        else:
            self.package = self.module.rpartition(".")[0]
        self.tree = tree
        self.lines = lines
        self.config = config
        self._tokens = tokens
        self.imports = ImportTable.build(tree, self.package)
        self.stack: list[ast.AST] = []
        self.scopes: list[ScopeNode] = []
        self.findings: list[Finding] = []
        self._seen: set[tuple[int, int, str]] = set()
        self.enabled: frozenset[str] | None = None

    def has_role(self, *roles: str) -> bool:
        """Tell whether the module has any of the roles.

        Args:
            *roles: Role names.

        Returns:
            True when one of them applies.
        """
        return not self.roles.isdisjoint(roles)

    @property
    def is_stub(self) -> bool:
        """Whether the module is a ``.pyi`` stub."""
        return self.path.endswith(".pyi")

    def in_async(self) -> bool:
        """Tell whether the current node is lexically inside an ``async def`` body.

        Returns:
            True when the innermost enclosing scope is an ``async def``
            (nested ``def``, ``lambda`` and classes break the chain).
        """
        return bool(self.scopes) and isinstance(self.scopes[-1], ast.AsyncFunctionDef)

    def current_function(self) -> FunctionNode | None:
        """Return the innermost enclosing ``def``/``async def``, if it is innermost.

        Returns:
            The function whose body holds the current node directly (not
            through a class or lambda), or ``None``.
        """
        if self.scopes and isinstance(self.scopes[-1], ast.FunctionDef | ast.AsyncFunctionDef):
            return self.scopes[-1]
        return None

    def enclosing_classes(self) -> list[ast.ClassDef]:
        """Return the classes enclosing the current node, outermost first.

        Returns:
            The class definitions on the scope stack.
        """
        return [scope for scope in self.scopes if isinstance(scope, ast.ClassDef)]

    def parent(self) -> ast.AST | None:
        """Return the parent of the node being visited.

        Returns:
            The direct parent, or ``None`` at module level.
        """
        return self.stack[-1] if self.stack else None

    def qualify(self, node: ast.AST) -> str | None:
        """Resolve a dotted name through the import table.

        Args:
            node: An expression.

        Returns:
            The qualified name, or ``None`` when the base name is not imported.
        """
        return self.imports.qualify(node)

    @cached_property
    def classes(self) -> ClassResolver:
        """The class resolver for this module (shared cache per process)."""
        from flake8_djarch.resolve import resolver_for  # noqa: PLC0415 - loaded lazily

        return resolver_for(self)

    @cached_property
    def comments(self) -> list[Comment]:
        """Every comment of the module, from flake8's tokens or a fresh tokenize."""
        tokens: Iterable[tokenize.TokenInfo]
        tokens = self._tokens if self._tokens is not None else _tokens_of(self.lines)
        return [
            Comment(token.start[0], token.start[1], token.string)
            for token in tokens
            if token.type == tokenize.COMMENT
        ]

    def wants(self, violation: type[Violation]) -> bool:
        """Tell whether a rule is selected in this run.

        Args:
            violation: The rule class.

        Returns:
            True unless the adapter knows the code is deselected.
        """
        return self.enabled is None or violation.code in self.enabled

    def report(
        self,
        where: ast.AST | tuple[int, int],
        violation: type[Violation],
        **values: object,
    ) -> None:
        """Record a finding; duplicates at the same place and code are dropped.

        Args:
            where: A node (its ``lineno``/``col_offset``) or ``(line, col)``.
            violation: The rule class.
            **values: Values for the rule's message template.
        """
        if isinstance(where, tuple):
            line, col = where
        else:
            line = getattr(where, "lineno", 1)
            col = getattr(where, "col_offset", 0)
        key = (line, col, violation.code)
        if key in self._seen:
            return
        self._seen.add(key)
        self.findings.append(Finding(line, col, violation.code, violation.text(**values)))


def _tokens_of(lines: Sequence[str]) -> list[tokenize.TokenInfo]:
    source = "".join(lines)
    try:
        return list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError):
        return []


class Checker:
    """Base of the rule implementations.

    Subclasses list the rules they report in ``violations`` and may restrict
    themselves to roles; the engine calls ``begin``, every ``visit_<Node>`` and
    ``leave_<Node>`` method during its single pass, then ``finish``.
    """

    violations: ClassVar[tuple[type[Violation], ...]] = ()
    #: Run only on modules with one of these roles; ``None`` runs everywhere.
    only_roles: ClassVar[frozenset[str] | None] = None

    def __init__(self, ctx: Context) -> None:
        """Bind the checker to a module.

        Args:
            ctx: The module's context.
        """
        self.ctx = ctx

    @classmethod
    def applies(cls, ctx: Context) -> bool:
        """Tell whether the checker should run on a module.

        Args:
            ctx: The module's context.

        Returns:
            True when the roles match and one of its rules is selected.
        """
        if cls.only_roles is not None and ctx.roles.isdisjoint(cls.only_roles):
            return False
        return any(ctx.wants(violation) for violation in cls.violations)

    def begin(self) -> None:
        """Run before the walk; the default does nothing."""

    def finish(self) -> None:
        """Run after the walk; the default does nothing."""

    @classmethod
    def label(cls) -> str:
        """Name the checker's rules for DJA000 messages.

        Returns:
            The codes it reports, joined by ``/``.
        """
        return "/".join(violation.code for violation in cls.violations) or cls.__name__


Handler = Callable[[ast.AST], None]


def _handlers(
    checkers: Iterable[Checker], prefix: str
) -> dict[type[ast.AST], list[tuple[Checker, Handler]]]:
    table: dict[type[ast.AST], list[tuple[Checker, Handler]]] = {}
    for checker in checkers:
        for attr in dir(type(checker)):
            if not attr.startswith(prefix):
                continue
            node_type = getattr(ast, attr[len(prefix) :], None)
            if isinstance(node_type, type) and issubclass(node_type, ast.AST):
                table.setdefault(node_type, []).append((checker, getattr(checker, attr)))
    return table


def _fail(ctx: Context, checker: Checker, node: ast.AST | None, error: Exception) -> None:
    where: ast.AST | tuple[int, int] = node if node is not None and hasattr(node, "lineno") else (1, 0)
    detail = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    ctx.report(where, InternalError, rule=checker.label(), error=detail)


def run(ctx: Context, checker_types: Iterable[type[Checker]]) -> list[Finding]:
    """Run checkers over a module in one pass.

    Args:
        ctx: The module's context.
        checker_types: The checker classes to consider.

    Returns:
        The findings, sorted by position; nothing for migration modules.
    """
    if ctx.has_role(role_names.MIGRATIONS):
        return []
    checkers = [cls(ctx) for cls in checker_types if cls.applies(ctx)]
    if not checkers:
        return []
    for checker in checkers:
        try:
            checker.begin()
        except Exception as error:
            _fail(ctx, checker, None, error)
    enter = _handlers(checkers, "visit_")
    leave = _handlers(checkers, "leave_")
    _walk(ctx, enter, leave)
    for checker in checkers:
        try:
            checker.finish()
        except Exception as error:
            _fail(ctx, checker, None, error)
    return sorted(ctx.findings)


def _walk(
    ctx: Context,
    enter: dict[type[ast.AST], list[tuple[Checker, Handler]]],
    leave: dict[type[ast.AST], list[tuple[Checker, Handler]]],
) -> None:
    path = ctx.stack
    scopes = ctx.scopes
    iter_children = ast.iter_child_nodes
    todo: list[tuple[ast.AST, bool]] = [(ctx.tree, False)]
    while todo:
        node, leaving = todo.pop()
        kind = type(node)
        if leaving:
            path.pop()
            if isinstance(node, SCOPE_TYPES):
                scopes.pop()
            for checker, handler in leave.get(kind, ()):
                try:
                    handler(node)
                except Exception as error:
                    _fail(ctx, checker, node, error)
            continue
        for checker, handler in enter.get(kind, ()):
            try:
                handler(node)
            except Exception as error:
                _fail(ctx, checker, node, error)
        todo.append((node, True))
        path.append(node)
        if isinstance(node, SCOPE_TYPES):
            scopes.append(node)
        children = list(iter_children(node))
        children.reverse()
        todo.extend((child, False) for child in children)
