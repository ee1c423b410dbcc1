"""Import tables: resolve local names to qualified names, statically."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import PurePosixPath


@dataclass(frozen=True)
class ImportRecord:
    """One imported name.

    Attributes:
        local: The name bound in the module.
        qualified: The dotted name it stands for.
        node: The import statement.
        level: The relative-import level (0 for absolute imports).
        module: The ``from`` module as written and resolved (``None`` for ``import x``).
        type_checking: True inside an ``if TYPE_CHECKING:`` block.
    """

    local: str
    qualified: str
    node: ast.Import | ast.ImportFrom
    level: int
    module: str | None
    type_checking: bool


# Memoised: a file's name is asked for by its own lint and by its importers.
@lru_cache(maxsize=8192)
def module_name(path: str, source_roots: tuple[str, ...] = ()) -> str | None:
    """Derive the dotted module name from a relative path.

    Args:
        path: A normalised relative POSIX path such as ``apps/users/views.py``.
        source_roots: Folders (relative) that are import roots, e.g. ``("src",)``.

    Returns:
        ``apps.users.views`` for the example, ``apps.users`` for an
        ``__init__.py``; ``None`` for a path that is not a Python module.
    """
    if not path.endswith((".py", ".pyi")):
        return None
    parts = list(PurePosixPath(path).with_suffix("").parts)
    for root in sorted(source_roots, key=len, reverse=True):
        root_parts = list(PurePosixPath(root.strip("/")).parts)
        if root_parts and parts[: len(root_parts)] == root_parts:
            parts = parts[len(root_parts) :]
            break
    if parts and parts[-1] == "__init__":
        parts = parts[:-1]
    if not parts or not all(part.isidentifier() for part in parts):
        return None
    return ".".join(parts)


def resolve_relative(module: str | None, level: int, package: str | None) -> str | None:
    """Resolve a relative ``from`` import against the importing package.

    Args:
        module: The module text after the dots, or ``None``.
        level: The number of leading dots.
        package: The importing module's package (``None`` when unknown).

    Returns:
        The absolute dotted module, or ``None`` when it cannot be resolved.
    """
    if level == 0:
        return module
    if package is None:
        return None
    base = package.split(".") if package else []
    if level - 1 > len(base):
        return None
    if level > 1:
        base = base[: len(base) - (level - 1)]
    parts = [*base, *(module.split(".") if module else [])]
    return ".".join(parts) if parts else None


#: The fields through which statements nest, in ``_fields`` order.
_BLOCK_FIELDS = ("body", "handlers", "orelse", "finalbody", "cases")
#: Nodes that are or may contain statements.
_BLOCK_NODES = (ast.stmt, ast.excepthandler, ast.match_case, ast.mod)
#: Per node type, what :meth:`ImportTable.build` does with it: ``_IMPORT``,
#: ``_IF`` (block fields of an ``if``), the block fields to enter, or ``()``.
_BLOCKS: dict[type, tuple[str, ...]] = {}
_IMPORT = ("<import>",)
_IF = ("body", "orelse")


def _blocks_of(kind: type) -> tuple[str, ...]:
    """Decide what :meth:`ImportTable.build` does with a node type (cached).

    Args:
        kind: The node type.

    Returns:
        ``_IMPORT``, ``_IF``, the block fields to enter, or ``()``.
    """
    fields: tuple[str, ...]
    if issubclass(kind, ast.Import | ast.ImportFrom):
        fields = _IMPORT
    elif issubclass(kind, ast.expr):
        fields = ()
    elif issubclass(kind, ast.If):
        fields = _IF
    else:
        present = getattr(kind, "_fields", ())
        fields = tuple(name for name in _BLOCK_FIELDS if name in present)
    _BLOCKS[kind] = fields
    return fields


def _is_type_checking(test: ast.expr) -> bool:
    """Tell whether an ``if`` test is ``TYPE_CHECKING``.

    Args:
        test: The test expression.

    Returns:
        True for ``TYPE_CHECKING`` and ``x.TYPE_CHECKING``.
    """
    if isinstance(test, ast.Name):
        return test.id == "TYPE_CHECKING"
    return isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"


@dataclass
class ImportTable:
    """Every import of a module and the names it binds.

    Attributes:
        package: The importing module's package, for relative imports.
        records: All import records in source order.
        names: Local name to record; later bindings win.
    """

    package: str | None
    records: list[ImportRecord] = field(default_factory=list)
    names: dict[str, ImportRecord] = field(default_factory=dict)

    @classmethod
    def build(cls, tree: ast.AST, package: str | None) -> ImportTable:
        """Collect the imports of a module, including nested ones.

        Args:
            tree: The parsed module.
            package: The module's package name (``""`` for a top-level module).

        Returns:
            The table.
        """
        table = cls(package=package)
        # Imports are statements, and statements only nest in the block fields
        # of statements, ``except`` handlers and ``case`` clauses: nothing else
        # (expressions, arguments, patterns...) needs to be entered.
        stack: list[tuple[ast.AST, bool]] = [(tree, False)]
        pop = stack.pop
        push = stack.append
        while stack:
            node, guarded = pop()
            fields = _BLOCKS.get(type(node))
            if fields is None:
                fields = _blocks_of(type(node))
            if not fields:
                continue
            if fields is _IMPORT:
                table._add(node, guarded)  # type: ignore[arg-type]
                continue
            if fields is _IF and _is_type_checking(node.test):  # type: ignore[attr-defined]
                stack.extend([(child, guarded) for child in reversed(node.orelse)])  # type: ignore[attr-defined]
                stack.extend([(child, True) for child in reversed(node.body)])  # type: ignore[attr-defined]
                continue
            for name in fields:
                block = getattr(node, name, None)
                if type(block) is list:
                    for child in reversed(block):
                        if isinstance(child, _BLOCK_NODES):
                            push((child, guarded))
                elif isinstance(block, _BLOCK_NODES):
                    push((block, guarded))
        table.records.sort(
            key=lambda record: (record.node.lineno, record.node.col_offset)
        )
        for record in table.records:
            table.names.setdefault(record.local, record)
        return table

    def _add(self, node: ast.Import | ast.ImportFrom, guarded: bool) -> None:  # noqa: FBT001
        """Record the names an import statement binds.

        Args:
            node: The statement.
            guarded: Whether it sits under ``if TYPE_CHECKING:``.
        """
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    local, qualified = alias.asname, alias.name
                else:
                    local = qualified = alias.name.split(".", 1)[0]
                self.records.append(
                    ImportRecord(local, qualified, node, 0, None, guarded)
                )
            return
        base = resolve_relative(node.module, node.level, self.package)
        for alias in node.names:
            if alias.name == "*":
                continue
            local = alias.asname or alias.name
            qualified = (
                f"{base}.{alias.name}"
                if base
                else (alias.name if node.level == 0 else f"?.{alias.name}")
            )
            self.records.append(
                ImportRecord(local, qualified, node, node.level, base, guarded)
            )

    def qualify(self, node: ast.AST) -> str | None:
        """Return the qualified name of a ``Name`` or dotted ``Attribute``.

        Args:
            node: An expression.

        Returns:
            ``django.db.models.expressions.RawSQL`` for ``expressions.RawSQL``
            after ``from django.db.models import expressions``; ``None`` when the
            leftmost name is not imported or the expression is not dotted.
        """
        if type(node) is ast.Name:  # the common case, without building a list
            record = self.names.get(node.id)
            return None if record is None else record.qualified
        attrs: list[str] = []
        while isinstance(node, ast.Attribute):
            attrs.append(node.attr)
            node = node.value
        if not isinstance(node, ast.Name):
            return None
        record = self.names.get(node.id)
        if record is None:
            return None
        return ".".join([record.qualified, *reversed(attrs)])

    def dotted(self, node: ast.AST) -> str | None:
        """Return the qualified name, or the dotted source text when not imported.

        Args:
            node: An expression.

        Returns:
            The qualified name if the base is imported, else ``a.b.c`` as written,
            or ``None`` when the expression is not a dotted name.
        """
        qualified = self.qualify(node)
        if qualified is not None:
            return qualified
        return dotted_text(node)


def dotted_text(node: ast.AST) -> str | None:
    """Return ``a.b.c`` for a dotted ``Name``/``Attribute`` expression.

    Args:
        node: An expression.

    Returns:
        The dotted text, or ``None`` when the expression is something else.
    """
    attrs: list[str] = []
    while isinstance(node, ast.Attribute):
        attrs.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    return ".".join([node.id, *reversed(attrs)])
