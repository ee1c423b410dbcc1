"""One parse per file per process, and the names a module binds (R2).

Every project file the model reads goes through :func:`read_source`, and
every parse through :func:`parse_file`, whose cache is keyed on the file's
path, modification time and size so that a long-lived process (an editor
running flake8 in-process) sees edited files anew.
"""

from __future__ import annotations

import ast
import stat
from dataclasses import dataclass, field
from pathlib import Path

from flake8_djarch import dependencies
from flake8_djarch.imports import ImportTable, resolve_relative
from flake8_djarch.project import files

Stamp = tuple[int, int, int]

#: Parsed files by absolute path: ``(stamp, tree)`` (tree ``None``: unusable).
_TREES: dict[str, tuple[Stamp, ast.Module | None]] = {}
STATS = {"parsed": 0, "reparsed": 0}


def stamp_of(path: Path | str) -> Stamp | None:
    """Return the cache key of a regular file.

    Args:
        path: The file.

    Returns:
        ``(mtime_ns, size, ctime_ns)``, or ``None`` when it is not a readable
        regular file (the change time catches an edit whose writer put the
        old modification time and size back).
    """
    try:
        info = Path(path).stat()
    except (OSError, ValueError):
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    return info.st_mtime_ns, info.st_size, info.st_ctime_ns


def read_source(path: Path | str, root: Path | str | None = None) -> bytes | None:
    """Read a project file (the model's only way to read source).

    Args:
        path: The file.
        root: The project root the file must lie in (``None``: the working
            directory or the file's folder, as for a file named on the
            command line).

    Returns:
        Its bytes, or ``None`` when :mod:`~flake8_djarch.project.files`
        refuses it (missing, irregular, outside the root, oversized).
    """
    dependencies.record(str(path))
    try:
        return files.read_bytes(
            path, files.default_root(path) if root is None else root
        )
    except files.FileAccessError:
        return None


def parse_file(path: Path | str, root: Path | str | None = None) -> ast.Module | None:
    """Parse a project file once per version of it.

    Args:
        path: The file.
        root: The project root the file must lie in (``None``: no check).

    Returns:
        The module, or ``None`` when it cannot be read or parsed (too deep
        included: a ``RecursionError`` makes the file unusable, not a crash).
    """
    key = str(path)
    dependencies.record(key)
    stamp = stamp_of(key)
    if stamp is None:
        _TREES.pop(key, None)
        return None
    cached = _TREES.get(key)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    if cached is not None:
        STATS["reparsed"] += 1
    source = read_source(key, root)
    tree: ast.Module | None = None
    if source is not None:
        try:
            tree = ast.parse(source, filename=key)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            tree = None
    STATS["parsed"] += 1
    _TREES[key] = (stamp, tree)
    return tree


def cached_tree(path: Path | str) -> ast.Module | None:
    """Return the parse of a file already made for another module, if still current.

    Args:
        path: The file.

    Returns:
        The cached module when the file's stamp is unchanged, else ``None``
        (nothing is read or parsed).
    """
    cached = _TREES.get(str(path))
    if cached is None or cached[1] is None or cached[0] != stamp_of(path):
        return None
    return cached[1]


def read_stamp(path: str) -> Stamp | None:
    """Return the stamp a file had when it was parsed (before it was read).

    Args:
        path: The file, as given to :func:`parse_file`.

    Returns:
        The stamp, or ``None`` when it was not parsed.
    """
    cached = _TREES.get(path)
    return None if cached is None else cached[0]


def cached_stamps() -> dict[str, Stamp]:
    """Return the stamps of every file parsed so far.

    Returns:
        Stamps by absolute path.
    """
    return {path: stamp for path, (stamp, _) in _TREES.items()}


def forget_trees() -> None:
    """Drop every cached parse (tests and explicit resets)."""
    _TREES.clear()
    STATS["parsed"] = 0
    STATS["reparsed"] = 0


def top_level(body: list[ast.stmt]) -> list[ast.stmt]:
    """Flatten the statements of a body, descending into ``if`` and ``try`` blocks.

    Args:
        body: A module or class body.

    Returns:
        The statements, nested blocks expanded.
    """
    found: list[ast.stmt] = []
    for node in body:
        if isinstance(node, ast.If):
            found.extend(top_level(node.body))
            found.extend(top_level(node.orelse))
        elif isinstance(node, ast.Try | ast.TryStar):
            found.extend(top_level(node.body))
            for handler in node.handlers:
                found.extend(top_level(handler.body))
            found.extend(top_level(node.orelse))
            found.extend(top_level(node.finalbody))
        else:
            found.append(node)
    return found


def flat_targets(targets: list[ast.expr]) -> list[ast.expr]:
    """Flatten tuple and list assignment targets.

    Args:
        targets: The targets of an assignment.

    Returns:
        The individual targets.
    """
    flat: list[ast.expr] = []
    for target in targets:
        if isinstance(target, ast.Tuple | ast.List):
            flat.extend(flat_targets(list(target.elts)))
        elif isinstance(target, ast.Starred):
            flat.extend(flat_targets([target.value]))
        else:
            flat.append(target)
    return flat


def _catches_import_error(handler: ast.ExceptHandler) -> bool:
    """Tell whether an ``except`` clause catches ``ImportError``.

    Args:
        handler: The clause.

    Returns:
        True for a bare ``except``, ``ImportError``, ``ModuleNotFoundError``,
        ``Exception`` or a tuple holding one of them.
    """
    kind = handler.type
    if kind is None:
        return True
    names = kind.elts if isinstance(kind, ast.Tuple) else [kind]
    return any(
        isinstance(name, ast.Name | ast.Attribute)
        and (name.id if isinstance(name, ast.Name) else name.attr)
        in {"ImportError", "ModuleNotFoundError", "Exception", "BaseException"}
        for name in names
    )


@dataclass(frozen=True)
class StarImport:
    """One ``from x import *`` at module level.

    Attributes:
        module: The resolved dotted module (``None`` when relative and unresolvable).
        optional: True inside a ``try:`` whose handler catches ``ImportError``.
        line: The statement's line.
    """

    module: str | None
    optional: bool
    line: int


def star_imports(body: list[ast.stmt], package: str | None) -> list[StarImport]:
    """List the star imports of a module body, in source order.

    Args:
        body: The module body.
        package: The module's package, for relative imports.

    Returns:
        The star imports at module level (also inside ``if`` / ``try``).
    """
    found: list[StarImport] = []

    def visit(statements: list[ast.stmt], *, optional: bool) -> None:
        """Collect the star imports of a block.

        Args:
            statements: The block.
            optional: Whether an enclosing ``try`` catches ``ImportError``.
        """
        for node in statements:
            if isinstance(node, ast.ImportFrom) and any(
                alias.name == "*" for alias in node.names
            ):
                found.append(
                    StarImport(
                        resolve_relative(node.module, node.level, package),
                        optional,
                        node.lineno,
                    )
                )
            elif isinstance(node, ast.If):
                visit(node.body, optional=optional)
                visit(node.orelse, optional=optional)
            elif isinstance(node, ast.Try | ast.TryStar):
                guarded = optional or any(
                    _catches_import_error(handler) for handler in node.handlers
                )
                visit(node.body, optional=guarded)
                for handler in node.handlers:
                    visit(handler.body, optional=optional)
                visit(node.orelse, optional=optional)
                visit(node.finalbody, optional=optional)

    visit(body, optional=False)
    return found


@dataclass(eq=False)
class ClassInfo:
    """What the model needs of a class statement, without its method bodies.

    Attributes:
        name: The class name.
        bases: The base-class expressions.
        assigned: Names assigned in the body (plain, or annotated with a value).
        methods: Names of methods defined in the body (properties included).
        inner: Nested classes by name.
        values: The last value assigned to each body name.
        decorators: The class's decorator expressions.
        node: The class statement.
    """

    name: str
    bases: tuple[ast.expr, ...]
    assigned: frozenset[str]
    methods: frozenset[str]
    inner: dict[str, ClassInfo]
    values: dict[str, ast.expr] = field(default_factory=dict)
    decorators: tuple[ast.expr, ...] = ()
    node: ast.ClassDef | None = None

    @classmethod
    def of(cls, node: ast.ClassDef) -> ClassInfo:
        """Summarise a class statement.

        Args:
            node: The class statement.

        Returns:
            The summary (``if``/``try`` blocks of the body included).
        """
        assigned: set[str] = set()
        methods: set[str] = set()
        inner: dict[str, ClassInfo] = {}
        values: dict[str, ast.expr] = {}
        for item in top_level(node.body):
            if isinstance(item, ast.Assign):
                for target in flat_targets(item.targets):
                    if isinstance(target, ast.Name):
                        assigned.add(target.id)
                        values[target.id] = item.value
            elif isinstance(item, ast.AnnAssign):
                if item.value is not None and isinstance(item.target, ast.Name):
                    assigned.add(item.target.id)
                    values[item.target.id] = item.value
            elif isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                methods.add(item.name)
                values.pop(item.name, None)
            elif isinstance(item, ast.ClassDef):
                inner[item.name] = cls.of(item)
        return cls(
            node.name,
            tuple(node.bases),
            frozenset(assigned),
            frozenset(methods),
            inner,
            values,
            tuple(node.decorator_list),
            node,
        )

    def declares(self, attrs: frozenset[str], methods: frozenset[str]) -> bool:
        """Tell whether the body itself assigns one attribute or defines one method.

        Args:
            attrs: Attribute names (a method or property of that name counts too).
            methods: Method names.

        Returns:
            True when one of them is declared directly in the body.
        """
        return not (
            self.assigned.isdisjoint(attrs)
            and self.methods.isdisjoint(methods)
            and self.methods.isdisjoint(attrs)
        )


@dataclass
class ModuleScope:
    """The top-level bindings of one module.

    Attributes:
        name: The dotted module name (``None`` when it cannot be derived).
        imports: The module's import table.
        classes: Classes bound at module level (also inside ``if``/``try``).
        assigns: Module-level ``name = expression`` bindings (names and calls only).
        constants: Module-level names bound exactly once by ``name = value``.
        bound: Every name bound at module level (imports, defs, assignments).
        functions: Module-level functions by name.
        stars: The module's star imports.
        dynamic: True when module-level code may bind names unseen statically
            (``Settings.load_settings(__name__)``, ``globals().update(...)``,
            ``exec(...)``).
        all_names: The literal ``__all__``, or ``None`` when absent or computed.
        tree: The parsed module.
        nodes: Summaries by the id of their class statement (linted module only).
        memo: Kinds already computed for the module's classes, by summary id,
            with the trace of each answer (replayed on every hit).
    """

    name: str | None
    imports: ImportTable
    classes: dict[str, ClassInfo]
    assigns: dict[str, ast.expr]
    constants: dict[str, ast.expr] = field(default_factory=dict)
    bound: set[str] = field(default_factory=set)
    functions: dict[str, ast.FunctionDef | ast.AsyncFunctionDef] = field(
        default_factory=dict
    )
    stars: list[StarImport] = field(default_factory=list)
    dynamic: bool = False
    all_names: tuple[str, ...] | None = None
    tree: ast.Module | None = None
    nodes: dict[int, ClassInfo] = field(default_factory=dict)
    memo: dict[int, tuple[frozenset[str] | None, dependencies.Trace]] = field(
        default_factory=dict
    )

    @classmethod
    def build(
        cls,
        tree: ast.Module,
        name: str | None,
        imports: ImportTable,
        *,
        keep_nodes: bool = False,
    ) -> ModuleScope:
        """Collect the top-level bindings of a parsed module.

        Args:
            tree: The parsed module.
            name: Its dotted name.
            imports: Its import table.
            keep_nodes: Map class statements to their summaries (linted module).

        Returns:
            The scope.
        """
        classes: dict[str, ClassInfo] = {}
        assigns: dict[str, ast.expr] = {}
        constants: dict[str, ast.expr] = {}
        counts: dict[str, int] = {}
        functions: dict[str, ast.FunctionDef | ast.AsyncFunctionDef] = {}
        bound: set[str] = set()
        nodes: dict[int, ClassInfo] = {}
        all_names: tuple[str, ...] | None = None

        def bind(name: str) -> None:
            """Count one top-level binding of a name.

            Args:
                name: The bound name.
            """
            bound.add(name)
            counts[name] = counts.get(name, 0) + 1

        for node in top_level(tree.body):
            target: ast.expr | None = None
            value: ast.expr | None = None
            if isinstance(node, ast.ClassDef):
                info = classes[node.name] = ClassInfo.of(node)
                nodes[id(node)] = info
                assigns.pop(node.name, None)
                bind(node.name)
                continue
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                functions[node.name] = node
                bind(node.name)
                continue
            if isinstance(node, ast.Import | ast.ImportFrom):
                for alias in node.names:
                    if alias.name != "*":
                        bind(alias.asname or alias.name.split(".", 1)[0])
                continue
            if isinstance(node, ast.AugAssign):
                if isinstance(node.target, ast.Name):
                    bind(node.target.id)
                continue
            if isinstance(node, ast.Assign):
                for item in flat_targets(node.targets):
                    if isinstance(item, ast.Name):
                        bind(item.id)
                if len(node.targets) == 1:
                    target, value = node.targets[0], node.value
            elif isinstance(node, ast.AnnAssign):
                if isinstance(node.target, ast.Name):
                    bind(node.target.id)
                target, value = node.target, node.value
            elif isinstance(node, ast.For | ast.AsyncFor | ast.With | ast.AsyncWith):
                holders = (
                    [node.target]
                    if isinstance(node, ast.For | ast.AsyncFor)
                    else [
                        item.optional_vars for item in node.items if item.optional_vars
                    ]
                )
                for item in flat_targets(holders):
                    if isinstance(item, ast.Name):
                        bind(item.id)
                continue
            if not isinstance(target, ast.Name) or value is None:
                continue
            constants[target.id] = value
            if target.id == "__all__":
                all_names = _literal_names(value)
            if isinstance(value, ast.Name | ast.Attribute | ast.Call):
                if isinstance(value, ast.Call):
                    value = ast.Call(func=value.func, args=[], keywords=[])
                assigns[target.id] = value
                classes.pop(target.id, None)
        for bound_name, count in counts.items():
            if count > 1 or bound_name not in constants:
                constants.pop(bound_name, None)
        package = imports.package
        return cls(
            name,
            imports,
            classes,
            assigns,
            constants,
            bound,
            functions,
            star_imports(tree.body, package),
            any(_binds_dynamically(node) for node in top_level(tree.body)),
            all_names,
            tree,
            nodes if keep_nodes else {},
        )


def _binds_dynamically(node: ast.stmt) -> bool:
    """Tell whether a module-level statement may bind names unseen statically.

    Args:
        node: A top-level statement.

    Returns:
        True for a bare call statement passing ``__name__`` (a loader filling
        the module; ``logger = getLogger(__name__)`` is not one),
        ``globals().update(...)`` / ``vars().update(...)``, ``globals()[...] =``
        and ``exec(...)``.
    """
    if not isinstance(node, ast.Expr | ast.Assign):
        return False
    if (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Call)
        and any(
            isinstance(arg, ast.Name) and arg.id == "__name__"
            for arg in node.value.args
        )
    ):
        # A statement whose only effect is on the module named: a loader.
        return True
    for item in ast.walk(node):
        if isinstance(item, ast.Call):
            func = item.func
            if isinstance(func, ast.Name) and func.id == "exec":
                return True
            if (
                isinstance(func, ast.Attribute)
                and func.attr == "update"
                and isinstance(func.value, ast.Call)
                and isinstance(func.value.func, ast.Name)
                and func.value.func.id in {"globals", "vars"}
            ):
                return True
        elif (
            isinstance(item, ast.Subscript)
            and isinstance(item.ctx, ast.Store)
            and isinstance(item.value, ast.Call)
            and isinstance(item.value.func, ast.Name)
            and item.value.func.id == "globals"
        ):
            return True
    return False


def _literal_names(value: ast.expr) -> tuple[str, ...] | None:
    """Read a literal ``__all__``.

    Args:
        value: The assigned value.

    Returns:
        The names of a list or tuple of string literals, else ``None``.
    """
    if not isinstance(value, ast.List | ast.Tuple):
        return None
    names: list[str] = []
    for element in value.elts:
        if not (isinstance(element, ast.Constant) and isinstance(element.value, str)):
            return None
        names.append(element.value)
    return tuple(names)


def package_of(dotted: str, path: str) -> str:
    """Return the package relative imports of a module resolve against.

    Args:
        dotted: The module name.
        path: Its file.

    Returns:
        The module itself for an ``__init__.py``, else its parent package.
    """
    return dotted if Path(path).name == "__init__.py" else dotted.rpartition(".")[0]


__all__ = [
    "ClassInfo",
    "ModuleScope",
    "StarImport",
    "cached_stamps",
    "cached_tree",
    "flat_targets",
    "forget_trees",
    "package_of",
    "parse_file",
    "read_source",
    "read_stamp",
    "star_imports",
    "top_level",
]
