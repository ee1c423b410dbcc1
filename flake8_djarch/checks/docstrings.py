"""Google-style docstring rules (seed §4.2): DJA060-DJA067.

One checker visits every class and function. It reads the docstring with
:func:`flake8_djarch.docparse.parse`; for a judged function it keeps a
:class:`Frame` while the engine's single walk passes through the body, so
``yield`` and ``raise`` nodes whose innermost scope is that function (not a
nested function, lambda or class) mark it as a generator or note the raised
class. Returns, Raises and Yields are judged when the walk leaves it.

Several findings of one code can share the ``def`` line (one per
undocumented parameter, per unknown entry, per raised class), so they are
reported with ``distinct=True``: findings at one place are then told apart
by their text.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from flake8_djarch.docparse import Docstring, Entry, parse
from flake8_djarch.engine import Checker, Context, FunctionNode
from flake8_djarch.violations.docstrings import (
    MissingDocstring,
    MissingYields,
    NotGoogleStyle,
    ReturnsMismatch,
    SummaryLine,
    UndocumentedParameter,
    UndocumentedRaise,
    UnknownParameter,
)

if TYPE_CHECKING:
    from flake8_djarch.violations.base import Violation

DefinitionNode = ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef

_SELF_NAMES = frozenset({"self", "cls", "mcs", "mcls", "metacls"})
_PROPERTY_DECORATORS = frozenset(
    {"property", "cached_property", "abstractproperty", "getter"}
)
_NO_VALUE_RETURNS = frozenset({"NoReturn", "Never"})
_CATCH_ALL = "*"
_CLASS_ARGS = "Args: section of the class docstring"
_CATCH_ALL_NAMES = frozenset({"Exception", "BaseException"})
_RAISES_CONTEXTS = frozenset(
    {"raises", "assertRaises", "assertRaisesRegex", "suppress"}
)


@dataclass
class Frame:
    """A function being visited whose body the rules need to know.

    Attributes:
        doc: The docstring judged against the body.
        name: The qualified name for messages.
        own_docstring: False when ``doc`` is the class docstring standing in
            for an undocumented ``__init__`` (only DJA065 applies then).
        class_doc: For an ``__init__`` with its own docstring, the class
            docstring when it has an ``Args`` section; its ``Raises``
            entries count as documented too.
        is_generator: The body contains ``yield`` or ``yield from``.
        raised: Exception class names raised and not caught locally, in
            order of first appearance (last dotted component).
    """

    doc: Docstring
    name: str
    own_docstring: bool
    class_doc: Docstring | None = None
    is_generator: bool = False
    raised: dict[str, None] = field(default_factory=dict)


def docstring_of(node: DefinitionNode) -> str | None:
    """Return the docstring of a definition.

    Args:
        node: A class or function.

    Returns:
        The text of a leading plain string literal; ``None`` when the first
        statement is anything else (an f-string, bytes, a number).
    """
    if not node.body:
        return None
    first = node.body[0]
    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
        value = first.value.value
        if isinstance(value, str):
            return value
    return None


def last_name(node: ast.AST) -> str | None:
    """Return the last component of a name or dotted attribute.

    Args:
        node: An expression.

    Returns:
        ``X`` for ``X`` and ``mod.X``; the callee's for a call; else ``None``.
    """
    if isinstance(node, ast.Call):
        node = node.func
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


#: Generators whose callers receive one value, documented by Yields or Returns.
_RESOURCE_DECORATORS = frozenset({"contextmanager", "asynccontextmanager", "fixture"})


def _decorator_names(node: DefinitionNode) -> set[str]:
    """Collect the last name components of a definition's decorators.

    Args:
        node: A class or function.

    Returns:
        E.g. ``{"property"}`` for ``@property``, ``{"overload"}`` for
        ``@typing.overload``.
    """
    names = {last_name(decorator) for decorator in node.decorator_list}
    return {name for name in names if name}


def _is_overload(node: FunctionNode) -> bool:
    """Tell whether a function is an ``@overload`` stub.

    Args:
        node: The function.

    Returns:
        True for ``@overload`` and ``@typing.overload``.
    """
    return "overload" in _decorator_names(node)


def _is_property(node: FunctionNode) -> bool:
    """Tell whether a method is a property getter.

    Args:
        node: The function.

    Returns:
        True for ``@property``, ``@cached_property`` and ``@x.getter``.
    """
    return not _decorator_names(node).isdisjoint(_PROPERTY_DECORATORS)


def _return_kind(annotation: ast.expr) -> str:
    """Classify a return annotation.

    Args:
        annotation: The ``->`` expression.

    Returns:
        ``"none"`` for ``None``, ``"never"`` for ``NoReturn`` / ``Never``,
        otherwise ``"value"``; string annotations are read as names.
    """
    if isinstance(annotation, ast.Constant):
        if annotation.value is None:
            return "none"
        if isinstance(annotation.value, str):
            text = annotation.value.strip()
            if text == "None":
                return "none"
            if text.rpartition(".")[2] in _NO_VALUE_RETURNS:
                return "never"
        return "value"
    if last_name(annotation) in _NO_VALUE_RETURNS and not isinstance(
        annotation, ast.Call
    ):
        return "never"
    return "value"


def _annotation_text(annotation: ast.expr) -> str:
    """Render a return annotation for a message.

    Args:
        annotation: The ``->`` expression.

    Returns:
        Its source text; a string annotation without its quotes.
    """
    if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
        return annotation.value
    return ast.unparse(annotation)


def _looks_like_class(name: str) -> bool:
    """Tell whether a raised name is a class rather than an instance variable.

    Args:
        name: The last component of the raised expression.

    Returns:
        True when it starts with a capital letter (after underscores).
    """
    return name.lstrip("_")[:1].isupper()


def _caught_names(handler: ast.ExceptHandler) -> set[str]:
    """List the exception names an ``except`` clause catches.

    Args:
        handler: The clause.

    Returns:
        The last name components; ``"*"`` stands for everything (a bare
        ``except``, ``Exception`` or ``BaseException``).
    """
    if handler.type is None:
        return {_CATCH_ALL}
    types = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    names = {last_name(kind) for kind in types}
    found = {name for name in names if name}
    if not found.isdisjoint(_CATCH_ALL_NAMES):
        found.add(_CATCH_ALL)
    return found


def _suppresses(node: ast.With | ast.AsyncWith) -> bool:
    """Tell whether a ``with`` block swallows exceptions raised inside it.

    Args:
        node: The statement.

    Returns:
        True for ``pytest.raises``, ``assertRaises(Regex)`` and ``suppress``.
    """
    return any(
        isinstance(item.context_expr, ast.Call)
        and last_name(item.context_expr) in _RAISES_CONTEXTS
        for item in node.items
    )


def raised_class(node: ast.Raise) -> str | None:
    """Name the exception class a ``raise`` statement raises explicitly.

    Args:
        node: The statement.

    Returns:
        The last dotted component of ``X`` / ``X(...)`` / ``mod.X(...)``;
        ``None`` for a bare ``raise`` or a lower-case name (an instance).
    """
    if node.exc is None:
        return None
    name = last_name(node.exc)
    if name is None or not _looks_like_class(name):
        return None
    return name


def caught_here(
    node: ast.AST, stack: list[ast.AST], function: FunctionNode
) -> set[str]:
    """Collect what the ``try`` and ``with`` blocks around a node catch.

    Args:
        node: The node, e.g. a ``raise`` statement.
        stack: Its ancestors, outermost first (``ctx.stack``).
        function: The innermost enclosing function; outer blocks do not count.

    Returns:
        The caught class names; ``"*"`` when everything is caught.
    """
    caught: set[str] = set()
    chain = [*stack, node]
    for index in range(len(chain) - 1, 0, -1):
        block = chain[index - 1]
        if block is function:
            break
        child = chain[index]
        if isinstance(block, ast.Try | ast.TryStar):
            if any(child is statement for statement in block.body):
                for handler in block.handlers:
                    caught |= _caught_names(handler)
        elif (
            isinstance(block, ast.With | ast.AsyncWith)
            and _suppresses(block)
            and any(child is statement for statement in block.body)
        ):
            caught.add(_CATCH_ALL)
    return caught


def _parameters(function: FunctionNode, *, is_method: bool) -> list[str]:
    """List the parameters a docstring must document, in signature order.

    Args:
        function: The function.
        is_method: Whether it is defined directly in a class body and is
            not a ``@staticmethod``.

    Returns:
        Names as they must be documented (``*args``, ``**kwargs``); the
        bound first parameter of a method is left out.
    """
    arguments = function.args
    positional = [arg.arg for arg in (*arguments.posonlyargs, *arguments.args)]
    if positional and (is_method or positional[0] in _SELF_NAMES):
        positional = positional[1:]
    names = positional
    if arguments.vararg is not None:
        names.append(f"*{arguments.vararg.arg}")
    names.extend(arg.arg for arg in arguments.kwonlyargs)
    if arguments.kwarg is not None:
        names.append(f"**{arguments.kwarg.arg}")
    return names


class DocstringChecker(Checker):
    """Report missing and malformed Google-style docstrings."""

    violations = (
        MissingDocstring,
        SummaryLine,
        UndocumentedParameter,
        UnknownParameter,
        ReturnsMismatch,
        UndocumentedRaise,
        MissingYields,
        NotGoogleStyle,
    )

    def __init__(self, ctx: Context) -> None:
        """Bind the checker to a module.

        Args:
            ctx: The module's context.
        """
        super().__init__(ctx)
        self._class_docs: dict[ast.ClassDef, Docstring | None] = {}
        self._frames: dict[FunctionNode, Frame] = {}

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        """Judge a class docstring.

        Args:
            node: The class.
        """
        name = self._qualname(node.name)
        doc = self._read(node, "class", name)
        self._class_docs[node] = doc
        if doc is not None:
            self._judge_text(node, doc, name)

    def leave_ClassDef(self, node: ast.ClassDef) -> None:
        """Forget a class docstring once its body has been visited.

        Args:
            node: The class.
        """
        self._class_docs.pop(node, None)

    def visit_FunctionDef(self, node: FunctionNode) -> None:
        """Judge a function or method docstring.

        Args:
            node: The function.
        """
        if _is_overload(node):
            return
        owner = self.ctx.scopes[-1] if self.ctx.scopes else None
        is_method = isinstance(
            owner, ast.ClassDef
        ) and "staticmethod" not in _decorator_names(node)
        name = self._qualname(node.name) + "()"
        class_doc = None
        if node.name == "__init__" and isinstance(owner, ast.ClassDef):
            class_doc = self._class_docs.get(owner)
            if class_doc is not None and not class_doc.has("Args"):
                class_doc = None
        if class_doc is not None and docstring_of(node) is None:
            self._judge_signature(
                node, class_doc, name, is_method=is_method, place=_CLASS_ARGS
            )
            self._frames[node] = Frame(class_doc, name, own_docstring=False)
            return
        doc = self._read(
            node, "method" if isinstance(owner, ast.ClassDef) else "function", name
        )
        if doc is None:
            return
        self._judge_text(node, doc, name)
        if class_doc is not None and not doc.has("Args"):
            self._judge_signature(
                node, class_doc, name, is_method=is_method, place=_CLASS_ARGS
            )
        else:
            self._judge_signature(
                node, doc, name, is_method=is_method, place="Args: section"
            )
        self._frames[node] = Frame(doc, name, own_docstring=True, class_doc=class_doc)

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> None:
        """Judge an ``async def`` docstring like any function's.

        Args:
            node: The function.
        """
        self.visit_FunctionDef(node)

    def visit_Raise(self, node: ast.Raise) -> None:
        """Note an explicit raise in the innermost function's own body.

        Args:
            node: The statement.
        """
        found = self._innermost()
        if found is None:
            return
        function, frame = found
        name = raised_class(node)
        if name is None or name in frame.raised:
            return
        caught = caught_here(node, self.ctx.stack, function)
        if name not in caught and _CATCH_ALL not in caught:
            frame.raised[name] = None

    def visit_Yield(self, node: ast.Yield | ast.YieldFrom) -> None:
        """Mark the innermost function as a generator.

        Args:
            node: The ``yield`` expression.
        """
        del node
        found = self._innermost()
        if found is not None:
            found[1].is_generator = True

    def visit_YieldFrom(self, node: ast.YieldFrom) -> None:
        """Mark the innermost function as a generator.

        Args:
            node: The ``yield from`` expression.
        """
        self.visit_Yield(node)

    def _innermost(self) -> tuple[FunctionNode, Frame] | None:
        """Find the function whose own body holds the current node.

        Returns:
            The function and its frame; ``None`` inside a class body or
            lambda, at module level, or in a function that is not judged.
        """
        scope = self.ctx.scopes[-1] if self.ctx.scopes else None
        if not isinstance(scope, ast.FunctionDef | ast.AsyncFunctionDef):
            return None
        frame = self._frames.get(scope)
        return None if frame is None else (scope, frame)

    def leave_FunctionDef(self, node: FunctionNode) -> None:
        """Judge what the body showed: Returns, Raises, Yields.

        Args:
            node: The function.
        """
        frame = self._frames.pop(node, None)
        if frame is None:
            return
        self._judge_raises(node, frame)
        if not frame.own_docstring:
            return
        self._judge_returns(node, frame)
        if (
            frame.is_generator
            and not frame.doc.has("Yields")
            and not (
                frame.doc.has("Returns")
                and not _decorator_names(node).isdisjoint(_RESOURCE_DECORATORS)
            )
        ):
            self._emit(node, MissingYields, name=frame.name)

    def leave_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> None:
        """Judge what an ``async def`` body showed.

        Args:
            node: The function.
        """
        self.leave_FunctionDef(node)

    def _qualname(self, name: str) -> str:
        """Qualify a name with its enclosing classes and functions.

        Args:
            name: The definition's own name.

        Returns:
            E.g. ``Order.Meta`` or ``OrderService.create``.
        """
        outer = [
            scope.name for scope in self.ctx.scopes if not isinstance(scope, ast.Lambda)
        ]
        return ".".join([*outer, name])

    def _read(self, node: DefinitionNode, kind: str, name: str) -> Docstring | None:
        """Parse a docstring, reporting DJA060 when it is missing or blank.

        Args:
            node: The class or function.
            kind: ``class``, ``function`` or ``method`` for the message.
            name: The qualified name for the message.

        Returns:
            The parsed docstring, or ``None`` when there is nothing to judge.
        """
        raw = docstring_of(node)
        if raw is None:
            if not self.ctx.is_stub:
                self._emit(node, MissingDocstring, kind=kind, name=name, state="no")
            return None
        doc = parse(raw)
        if doc.is_blank:
            self._emit(node, MissingDocstring, kind=kind, name=name, state="an empty")
            return None
        return doc

    def _judge_text(self, node: DefinitionNode, doc: Docstring, name: str) -> None:
        """Report the summary (DJA061) and non-Google markup (DJA067).

        Args:
            node: The class or function.
            doc: Its docstring.
            name: The qualified name for messages.
        """
        if doc.summary_problem is not None:
            self._emit(node, SummaryLine, name=name, problem=doc.summary_problem)
        for problem in doc.problems:
            self._emit(
                node, NotGoogleStyle, name=name, problem=problem.what, fix=problem.fix
            )

    def _judge_signature(
        self,
        node: FunctionNode,
        doc: Docstring,
        name: str,
        *,
        is_method: bool,
        place: str,
    ) -> None:
        """Compare the Args entries with the signature (DJA062, DJA063).

        Args:
            node: The function.
            doc: The docstring documenting it.
            name: The qualified name for messages.
            is_method: Whether the first parameter is bound.
            place: Where the entries belong, for messages.
        """
        if not (
            self.ctx.wants(UndocumentedParameter) or self.ctx.wants(UnknownParameter)
        ):
            return
        params = _parameters(node, is_method=is_method)
        entries = doc.entries("Args")
        documented = {entry.name for entry in entries}
        keywords = {entry.name for entry in doc.entries("Keyword Args")}
        has_keywords = doc.has("Keyword Args")
        missing = [
            param
            for param in params
            if param not in documented
            and param not in keywords
            and not (param.startswith("**") and has_keywords)
        ]
        has_args = doc.has("Args")
        for param in missing:
            # One finding per parameter, also when the whole section is
            # missing (RULES.md DJA062: "one finding per parameter ...").
            if not has_args:
                fix = "an Args: section"
            else:
                fix = f"it to the {place}"
                bare = param.lstrip("*")
                if param != bare and bare in documented:
                    fix = f"it to the {place}, spelled '{param}'"
            self._emit(
                node,
                UndocumentedParameter,
                param=param,
                name=name,
                fix=fix,
            )
        self._judge_entries(node, entries, name)

    def _judge_entries(
        self, node: FunctionNode, entries: list[Entry], name: str
    ) -> None:
        """Report Args entries naming no parameter and a shuffled order (DJA063).

        Args:
            node: The function.
            entries: The ``Args`` entries in docstring order.
            name: The qualified name for messages.
        """
        arguments = node.args
        order = [arg.arg for arg in (*arguments.posonlyargs, *arguments.args)]
        if arguments.vararg is not None:
            order.append(arguments.vararg.arg)
        order.extend(arg.arg for arg in arguments.kwonlyargs)
        if arguments.kwarg is not None:
            order.append(arguments.kwarg.arg)
        position = {param: index for index, param in enumerate(order)}
        seen: list[int] = []
        for entry in entries:
            index = position.get(entry.name.lstrip("*"))
            if index is None:
                self._emit(
                    node,
                    UnknownParameter,
                    problem=f"entry '{entry.name}' names no parameter",
                    name=name,
                    fix="remove it or correct the name",
                )
            elif index not in seen:
                seen.append(index)
        if seen != sorted(seen):
            listed = ", ".join(order[index] for index in sorted(seen))
            self._emit(
                node,
                UnknownParameter,
                problem="entries are not in signature order",
                name=name,
                fix=f"list them as the signature does: {listed}",
            )

    def _judge_returns(self, node: FunctionNode, frame: Frame) -> None:
        """Compare the Returns section with the annotation (DJA064).

        Args:
            node: The function.
            frame: What its docstring and body say.
        """
        if node.returns is None:
            return
        kind = _return_kind(node.returns)
        has_returns = frame.doc.has("Returns")
        if kind == "none" and has_returns:
            self._emit(
                node,
                ReturnsMismatch,
                name=frame.name,
                problem="is annotated '-> None' but its docstring has a Returns: section",
                fix="remove the Returns: section",
            )
        elif (
            kind == "value"
            and not has_returns
            and not frame.is_generator
            and not _is_property(node)
        ):
            self._emit(
                node,
                ReturnsMismatch,
                name=frame.name,
                problem=f"returns '{_annotation_text(node.returns)}' but its docstring has no Returns: section",
                fix="describe the value under Returns:",
            )

    def _judge_raises(self, node: FunctionNode, frame: Frame) -> None:
        """Report raised exception classes missing from Raises (DJA065).

        Args:
            node: The function.
            frame: What its docstring and body say.
        """
        if not frame.raised:
            return
        docs = [frame.doc] if frame.class_doc is None else [frame.doc, frame.class_doc]
        documented = {
            entry.name.rpartition(".")[2]
            for doc in docs
            for entry in doc.entries("Raises")
        }
        for exception in frame.raised:
            if exception not in documented:
                self._emit(
                    node, UndocumentedRaise, name=frame.name, exception=exception
                )

    def _emit(
        self, node: DefinitionNode, violation: type[Violation], **values: object
    ) -> None:
        """Record a finding on the definition line, keeping distinct messages.

        Args:
            node: The class or function; its ``def``/``class`` line is used.
            violation: The rule.
            **values: The message template's values.
        """
        if self.ctx.wants(violation):
            self.ctx.report(node, violation, distinct=True, **values)


CHECKERS: tuple[type[Checker], ...] = (DocstringChecker,)
