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
import sys
import tokenize
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from operator import attrgetter
from typing import TYPE_CHECKING, ClassVar

from flake8_djarch import roles as role_names
from flake8_djarch.comment_scan import comments_on_lines
from flake8_djarch.imports import ImportTable
from flake8_djarch.project import model_for, resolver_for
from flake8_djarch.violations.internal import InternalError

if TYPE_CHECKING:
    import re

    from flake8_djarch.config import Config
    from flake8_djarch.project import ClassResolver
    from flake8_djarch.violations.base import Violation

_COMMENT = tokenize.COMMENT
_TokenizerIter: (
    Callable[..., Iterator[tuple[int, str, tuple[int, int], tuple[int, int], str]]]
    | None
) = None
if sys.version_info >= (
    3,
    12,
):  # the private C tokenizer has this signature from 3.12 on
    try:
        from _tokenize import TokenizerIter as _TokenizerIter
    except ImportError:  # pragma: no cover - other implementations
        _TokenizerIter = None

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
        end_line: 1-based end line of the reported node (0: unknown).
        end_col: 0-based end column of the reported node (0: unknown).
    """

    line: int
    col: int
    code: str
    text: str
    end_line: int = field(default=0, compare=False)
    end_col: int = field(default=0, compare=False)


#: A finding's fields in order: its dataclass order, compared without ``__lt__``.
_FINDING_ORDER = attrgetter("line", "col", "code", "text")


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
    if os.path.isabs(filename):  # noqa: PTH117 - a str path: no Path per file
        # relpath makes ``root`` absolute itself (as ``Path.absolute`` did,
        # normalised as relpath does anyway): no Path per linted file.
        try:
            rel = os.path.relpath(filename, root or os.curdir)
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
        model: The project model (shared per process and configuration).
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
        self.model = model_for(config, path)
        self.module = self.model.module_name(path)
        self.roles = self.model.roles_of(path, self.module)
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
        self.stack: list[ast.AST] = []
        self.scopes: list[ScopeNode] = []
        self.findings: list[Finding] = []
        self._seen: set[tuple[int, int, str, str]] = set()
        self.enabled: frozenset[str] | None = None

    @cached_property
    def imports(self) -> ImportTable:
        """The module's import table, built on first use."""
        return ImportTable.build(self.tree, self.package)

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
        if self.scopes and isinstance(
            self.scopes[-1], ast.FunctionDef | ast.AsyncFunctionDef
        ):
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
        return resolver_for(self)

    @cached_property
    def comments(self) -> list[Comment]:
        """Every comment of the module, from flake8's tokens or a fresh tokenize."""
        if self._tokens is None:
            return _comments_of(self.source)
        return [
            Comment(token.start[0], token.start[1], token.string)
            for token in self._tokens
            if token.type == tokenize.COMMENT
        ]

    @cached_property
    def source(self) -> str:
        """The module text, joined once from its lines."""
        return "".join(self.lines)

    def comments_matching(self, markers: re.Pattern[str] | None) -> list[Comment]:
        """Return the comments of the lines a pattern matches, cheaply.

        Finding every comment means a full tokenize (slower than the whole
        rule pass on 3.11); most modules hold no comment any rule could
        report, which a scan of the text proves, and the few candidate lines
        are settled from the AST (:mod:`flake8_djarch.comment_scan`).

        Args:
            markers: A pattern matching, within one line, every comment the
                caller could report (``None``: all comments).

        Returns:
            The comments on the lines where ``markers`` matches.
        """
        if markers is None:
            return self.comments
        source = self.source
        numbers: list[int] = []
        line, position = 1, 0
        for match in markers.finditer(source):
            line += source.count("\n", position, match.start())
            position = match.start()
            numbers.append(line)
        if not numbers:
            return []
        wanted = set(numbers)
        if "comments" not in self.__dict__ and self._tokens is None:
            found = None
            # The AST's lines must be the text's lines for the descent.
            if source.count("\r") == source.count("\r\n") and len(
                self.lines
            ) == source.count("\n") + (not source.endswith("\n")):
                found = comments_on_lines(self.tree, self.lines, wanted)
            if found is not None:
                return [Comment(*item) for item in found]
        return [comment for comment in self.comments if comment.line in wanted]

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
        *,
        distinct: bool = False,
        **values: object,
    ) -> None:
        """Record a finding; duplicates at the same place and code are dropped.

        Args:
            where: A node (its ``lineno``/``col_offset``) or ``(line, col)``.
            violation: The rule class.
            distinct: Keep findings of the same code at the same place when
                their texts differ ("one finding per missing name" at 1:1,
                one per undocumented parameter on a ``def`` line).
            **values: Values for the rule's message template.
        """
        end_line = end_col = 0
        if isinstance(where, tuple):
            line, col = where
        else:
            line = getattr(where, "lineno", 1)
            col = getattr(where, "col_offset", 0)
            end_line = getattr(where, "end_lineno", None) or 0
            end_col = getattr(where, "end_col_offset", None) or 0
        text = violation.text(**values)
        key = (line, col, violation.code, text if distinct else "")
        if key in self._seen:
            return
        self._seen.add(key)
        self.findings.append(
            Finding(line, col, violation.code, text, end_line, end_col)
        )


def _tokens_of(source: str) -> list[tokenize.TokenInfo]:
    """Tokenize a module.

    Args:
        source: The module text.

    Returns:
        All tokens, or none when the source does not tokenize.
    """
    try:
        return list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError):
        return []


def _comments_of(source: str) -> list[Comment]:
    """Collect the comments of a module.

    Args:
        source: The module text.

    Returns:
        Exactly the comment tokens of :func:`_tokens_of` (all or nothing).
    """
    if "#" not in source:
        return []
    if _TokenizerIter is not None:
        # The C tokenizer behind tokenize.generate_tokens, without building a
        # TokenInfo per token: about three times faster.
        try:
            return [
                Comment(start[0], start[1], string)
                for kind, string, start, _end, _line in _TokenizerIter(
                    io.StringIO(source).readline, extra_tokens=True
                )
                if kind == _COMMENT
            ]
        except SyntaxError:
            return []
    return [
        Comment(token.start[0], token.start[1], token.string)
        for token in _tokens_of(source)
        if token.type == tokenize.COMMENT
    ]


class Checker:
    """Base of the rule implementations.

    Subclasses list the rules they report in ``violations`` and may restrict
    themselves to roles; the engine calls ``begin``, every ``visit_<Node>`` and
    ``leave_<Node>`` method during its single pass, then ``finish``.
    """

    violations: ClassVar[tuple[type[Violation], ...]] = ()
    #: Run only on modules with one of these roles; ``None`` runs everywhere.
    only_roles: ClassVar[frozenset[str] | None] = None
    #: Never run on modules with one of these roles.
    skip_roles: ClassVar[frozenset[str]] = frozenset()
    #: For checkers that read comments: a pattern that matches the text of
    #: every module where they could report one (a ``#`` and the rule's
    #: marker on one line, a non-ASCII character...). :meth:`comments` skips
    #: the tokenize when it does not match; ``None`` always tokenizes.
    comment_markers: ClassVar[re.Pattern[str] | None] = None
    #: Run only on modules whose text contains one of these words: for
    #: checkers every finding of which needs one literally in the source (an
    #: ``async`` keyword, a name a qualified name ends with). Empty: always.
    requires_text: ClassVar[tuple[str, ...]] = ()
    #: Per handler method (``visit_Attribute``...): words one of which every
    #: finding or state change of that handler needs literally in the source.
    #: A module without them never calls the handler (a handler of a common
    #: node type runs hundreds of thousands of times in a large project).
    handler_requires: ClassVar[Mapping[str, tuple[str, ...]]] = {}

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
        if not ctx.roles.isdisjoint(cls.skip_roles):
            return False
        if cls.requires_text:
            source = ctx.source
            if not any(word in source for word in cls.requires_text):
                return False
        return any(ctx.wants(violation) for violation in cls.violations)

    def comments(self) -> list[Comment]:
        """Return the module's comments when :attr:`comment_markers` allows any.

        Returns:
            The comments, or nothing when no comment can concern this checker.
        """
        return self.ctx.comments_matching(self.comment_markers)

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

#: ``(attribute, node type)`` pairs of each checker class, per prefix.
_METHODS: dict[tuple[type, str], tuple[tuple[str, type[ast.AST]], ...]] = {}


def _methods(cls: type, prefix: str) -> tuple[tuple[str, type[ast.AST]], ...]:
    """List a checker class's handler methods, once per class.

    Args:
        cls: The checker class.
        prefix: ``visit_`` or ``leave_``.

    Returns:
        ``(attribute, node type)`` pairs in ``dir()`` order.
    """
    key = (cls, prefix)
    found = _METHODS.get(key)
    if found is None:
        pairs: list[tuple[str, type[ast.AST]]] = []
        for attr in dir(cls):
            if not attr.startswith(prefix):
                continue
            node_type = getattr(ast, attr[len(prefix) :], None)
            if isinstance(node_type, type) and issubclass(node_type, ast.AST):
                pairs.append((attr, node_type))
        found = _METHODS[key] = tuple(pairs)
    return found


def _handlers(
    checkers: Iterable[Checker], prefix: str
) -> dict[type[ast.AST], list[tuple[Checker, Handler]]]:
    """Build the dispatch table of bound handlers.

    Args:
        checkers: The checkers of this run, in order.
        prefix: ``visit_`` or ``leave_``.

    Returns:
        Node type to ``(checker, handler)`` pairs, in checker order; a
        handler whose :attr:`Checker.handler_requires` words are all missing
        from the module is left out.
    """
    table: dict[type[ast.AST], list[tuple[Checker, Handler]]] = {}
    for checker in checkers:
        requires = checker.handler_requires
        for attr, node_type in _methods(type(checker), prefix):
            words = requires.get(attr)
            if words and not any(word in checker.ctx.source for word in words):
                continue
            table.setdefault(node_type, []).append((checker, getattr(checker, attr)))
    return table


def _fail(
    ctx: Context, checker: Checker, node: ast.AST | None, error: Exception
) -> None:
    """Turn a checker's exception into a DJA000 finding.

    Args:
        ctx: The module's context.
        checker: The checker that raised.
        node: The node being checked, if any.
        error: The exception.
    """
    where: ast.AST | tuple[int, int] = (
        node if node is not None and hasattr(node, "lineno") else (1, 0)
    )
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
    return sorted(ctx.findings, key=_FINDING_ORDER)


# Walk plan. Fields that never hold a node are not read; the ``ctx``/``op``
# fields hold childless singletons (``Load``, ``Add``...) and are read only
# when some checker handles such a node. A node without handlers whose type
# can have no children is never visited at all: nobody could observe it.
_SCALAR_FIELDS: dict[str, frozenset[str]] = {
    name: frozenset(fields)
    for name, fields in {
        "Name": ("id",),
        "Constant": ("value", "kind"),
        "Attribute": ("attr",),
        "FunctionDef": ("name", "type_comment"),
        "AsyncFunctionDef": ("name", "type_comment"),
        "ClassDef": ("name",),
        "ImportFrom": ("module", "level"),
        "Global": ("names",),
        "Nonlocal": ("names",),
        "ExceptHandler": ("name",),
        "alias": ("name", "asname"),
        "arg": ("arg", "type_comment"),
        "keyword": ("arg",),
        "FormattedValue": ("conversion",),
        "comprehension": ("is_async",),
        "AnnAssign": ("simple",),
        "Assign": ("type_comment",),
        "For": ("type_comment",),
        "AsyncFor": ("type_comment",),
        "With": ("type_comment",),
        "AsyncWith": ("type_comment",),
        "MatchAs": ("name",),
        "MatchStar": ("name",),
        "MatchMapping": ("rest",),
        "MatchClass": ("kwd_attrs",),
        "MatchSingleton": ("value",),
        "TypeVar": ("name",),
        "ParamSpec": ("name",),
        "TypeVarTuple": ("name",),
        "TypeIgnore": ("lineno", "tag"),
    }.items()
}
_OPERATOR_FIELDS: dict[str, frozenset[str]] = {
    "Name": frozenset({"ctx"}),
    "Attribute": frozenset({"ctx"}),
    "Subscript": frozenset({"ctx"}),
    "Starred": frozenset({"ctx"}),
    "List": frozenset({"ctx"}),
    "Tuple": frozenset({"ctx"}),
    "BoolOp": frozenset({"op"}),
    "BinOp": frozenset({"op"}),
    "UnaryOp": frozenset({"op"}),
    "AugAssign": frozenset({"op"}),
    "Compare": frozenset({"ops"}),
}
_OPERATOR_BASES = (ast.expr_context, ast.boolop, ast.operator, ast.unaryop, ast.cmpop)
_EMPTY: frozenset[str] = frozenset()
#: Per node type: the fields to read for children, and whether it is a scope.
_Plan = tuple[tuple[str, ...], bool]
_PLANS: tuple[dict[type, _Plan], dict[type, _Plan]] = ({}, {})
_LEAVES: dict[tuple[bool, frozenset[type]], frozenset[type]] = {}
_LEAVE = ast.AST()


def _plan(kind: type, *, operators: bool) -> _Plan:
    """Decide how the walk treats a node type (cached).

    Args:
        kind: The node type.
        operators: Whether ``ctx``/``op`` singletons must be visited.

    Returns:
        The fields that may hold children, and whether the type is a scope.
    """
    table = _PLANS[operators]
    plan = table.get(kind)
    if plan is None:
        name = kind.__name__
        skip = _SCALAR_FIELDS.get(name, _EMPTY)
        if not operators:
            skip = skip | _OPERATOR_FIELDS.get(name, _EMPTY)
        fields = tuple(
            field for field in getattr(kind, "_fields", ()) if field not in skip
        )
        plan = table[kind] = (fields, issubclass(kind, SCOPE_TYPES))
    return plan


def subtree(root: ast.AST) -> list[ast.AST]:
    """List a node and everything below it in :func:`ast.walk`'s order.

    The ``ctx``/``op`` singletons (``Load``, ``Add``...) are left out; the
    other nodes come breadth first, as ``ast.walk`` yields them, for a
    fraction of its cost (no generator per node and per field).

    Args:
        root: The node to start from.

    Returns:
        ``root`` and its descendants, breadth first.
    """
    plans = _PLANS[False]
    node_base = ast.AST
    nodes = [root]
    append = nodes.append
    for node in nodes:  # grows while iterated: the breadth-first queue
        kind = type(node)
        plan = plans.get(kind)
        if plan is None:
            plan = _plan(kind, operators=False)
        for name in plan[0]:
            value = getattr(node, name, None)
            if type(value) is list:
                for item in value:
                    if isinstance(item, node_base):
                        append(item)
            elif isinstance(value, node_base):
                append(value)
    return nodes


def _node_kinds() -> list[type]:
    """List every AST node class.

    Returns:
        :class:`ast.AST` and all its subclasses.
    """
    kinds: list[type] = []
    todo: list[type] = [ast.AST]
    while todo:
        kind = todo.pop()
        kinds.append(kind)
        todo.extend(kind.__subclasses__())
    return kinds


def _skippable(handled: frozenset[type], *, operators: bool) -> frozenset[type]:
    """Return the node types the walk never needs to enter (cached).

    Args:
        handled: Node types some checker handles.
        operators: Whether ``ctx``/``op`` singletons must be visited.

    Returns:
        Types without handlers that can have no children.
    """
    key = (operators, handled)
    leaves = _LEAVES.get(key)
    if leaves is None:
        leaves = _LEAVES[key] = frozenset(
            kind
            for kind in _node_kinds()
            if kind not in handled and not _plan(kind, operators=operators)[0]
        )
    return leaves


#: Per node type: its ``visit_``/``leave_`` handlers (``None``: none), the
#: fields that may hold children, and whether it is a scope.
_Step = tuple[
    tuple[tuple[Checker, Handler], ...] | None,
    tuple[tuple[Checker, Handler], ...] | None,
    tuple[str, ...],
    bool,
]
_STEPS: dict[
    tuple[bool, frozenset[type]], tuple[dict[type, _Step], frozenset[type]]
] = {}


def _steps(
    handled: frozenset[type], *, operators: bool
) -> tuple[dict[type, _Step], frozenset[type]]:
    """Return the walk's handler-less steps and the types it enters (cached).

    Args:
        handled: Node types some checker handles.
        operators: Whether ``ctx``/``op`` singletons must be visited.

    Returns:
        Every node type's step without handlers, and the node types the walk
        enters (all but :func:`_skippable`'s).
    """
    key = (operators, handled)
    found = _STEPS.get(key)
    if found is None:
        skip = _skippable(handled, operators=operators)
        kinds = _node_kinds()
        steps: dict[type, _Step] = {
            kind: (None, None, *_plan(kind, operators=operators)) for kind in kinds
        }
        found = _STEPS[key] = (
            steps,
            frozenset(kind for kind in kinds if kind not in skip),
        )
    return found


def _walk(
    ctx: Context,
    enter: dict[type[ast.AST], list[tuple[Checker, Handler]]],
    leave: dict[type[ast.AST], list[tuple[Checker, Handler]]],
) -> None:
    """Walk the module once, depth first, calling the handlers.

    One table lookup per node gives its handlers and fields; a child is
    entered when its exact type is in one set (node types only, leaves
    nobody handles left out).

    Args:
        ctx: The module's context; its stacks follow the walk.
        enter: Handlers called before a node's children.
        leave: Handlers called after them.
    """
    path = ctx.stack
    scopes = ctx.scopes
    handled = frozenset(enter) | frozenset(leave)
    operators = any(issubclass(kind, _OPERATOR_BASES) for kind in handled)
    base, wanted = _steps(handled, operators=operators)
    steps = base.copy()
    for kind in handled:
        _, _, fields, is_scope = steps[kind]
        steps[kind] = (
            tuple(enter.get(kind, ())) or None,
            tuple(leave.get(kind, ())) or None,
            fields,
            is_scope,
        )
    leave_marker = _LEAVE
    todo: list[ast.AST] = [ctx.tree]
    pop = todo.pop
    push = todo.append
    while todo:
        node = pop()
        if node is leave_marker:
            node = path.pop()
            step = steps[type(node)]
            if step[3]:
                scopes.pop()
            handlers = step[1]
            if handlers is not None:
                for checker, handler in handlers:
                    try:
                        handler(node)
                    except Exception as error:
                        _fail(ctx, checker, node, error)
            continue
        handlers, on_leave, fields, is_scope = steps[type(node)]
        if handlers is not None:
            for checker, handler in handlers:
                try:
                    handler(node)
                except Exception as error:
                    _fail(ctx, checker, node, error)
        children: list[ast.AST] = []
        for name in fields:
            value = getattr(node, name, None)
            if type(value) is list:
                # A loop, not a comprehension: most lists hold one to three
                # items, for which the comprehension's own frame costs more.
                for item in value:
                    if type(item) in wanted:
                        children.append(item)  # noqa: PERF401
            elif type(value) in wanted:
                children.append(value)  # type: ignore[arg-type]  # a node type
        if children:
            push(leave_marker)
            path.append(node)
            if is_scope:
                scopes.append(node)  # type: ignore[arg-type]  # is_scope: a scope node
            children.reverse()
            todo += children
            continue
        # A leaf: nothing below it can observe it on the stacks.
        if on_leave is not None:
            for checker, handler in on_leave:
                try:
                    handler(node)
                except Exception as error:
                    _fail(ctx, checker, node, error)
