"""Find pydantic-settings classes statically and derive their env names."""

from __future__ import annotations

import ast
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from flake8_djarch.project import files as project_files

if TYPE_CHECKING:
    from collections.abc import Iterator

logger = logging.getLogger(__name__)

SKIP_DIRS = frozenset(
    {
        ".venv",
        "venv",
        "env",
        "node_modules",
        "migrations",
        "__pycache__",
        "site-packages",
        "build",
        "dist",
    }
)
BASE_SETTINGS = frozenset(
    {
        "pydantic_settings.BaseSettings",
        "pydantic_settings.main.BaseSettings",
        "pydantic.BaseSettings",
        "pydantic.env_settings.BaseSettings",
        "pydantic.v1.BaseSettings",
    }
)
BASE_MODEL = frozenset({"pydantic.BaseModel", "pydantic.main.BaseModel"})


@dataclass
class ClassInfo:
    """What the finder knows about one class.

    Attributes:
        qualname: ``module.Class``.
        path: The file, relative to the root (POSIX).
        node: The class's AST.
        bases: The bases as dotted names resolved through imports.
        imports: The defining module's import table.
    """

    qualname: str
    path: str
    node: ast.ClassDef
    bases: list[str]
    imports: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class EnvField:
    """One settings field and the environment names that set it.

    Attributes:
        settings: The class's qualified name.
        path: The file defining the class.
        field: The field name.
        names: Accepted environment names (any one suffices).
        prefixes: Names whose ``<name><delimiter>...`` nested keys also count.
        case_sensitive: Whether the names compare case-sensitively.
    """

    settings: str
    path: str
    field: str
    names: tuple[str, ...]
    prefixes: tuple[str, ...]
    case_sensitive: bool


def iter_python_files(root: Path) -> Iterator[Path]:
    """Walk the project's Python files, skipping venvs, migrations and hidden dirs.

    Args:
        root: The project root.

    Yields:
        The ``.py`` files, in sorted order.
    """
    for directory, dirs, files in os.walk(root):
        dirs[:] = sorted(
            name for name in dirs if name not in SKIP_DIRS and not name.startswith(".")
        )
        for name in sorted(files):
            if name.endswith(".py"):
                yield Path(directory) / name


def _is_test_path(relative: str) -> bool:
    """Tell whether a relative path belongs to the tests.

    Args:
        relative: A path relative to the project root.

    Returns:
        ``True`` for tests.
    """
    parts = relative.split("/")
    name = parts[-1]
    return (
        "tests" in parts[:-1]
        or name.startswith("test_")
        or name.endswith("_test.py")
        or name == "conftest.py"
    )


def module_name(relative: str) -> str:
    """Turn a relative file path into a dotted module name.

    Args:
        relative: The POSIX path relative to the root.

    Returns:
        The module name (``pkg/__init__.py`` gives ``pkg``).
    """
    parts = relative.removesuffix(".py").split("/")
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def import_table(tree: ast.Module, module: str, *, is_package: bool) -> dict[str, str]:
    """Map the names a module imports to dotted targets.

    Args:
        tree: The module's AST.
        module: Its dotted name.
        is_package: Whether it is an ``__init__.py``.

    Returns:
        Local name to dotted target.
    """
    table: dict[str, str] = {}
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    table[alias.asname] = alias.name
                else:
                    top = alias.name.split(".")[0]
                    table[top] = top
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".") if package else []
                anchor = (
                    anchor[: len(anchor) - (node.level - 1)]
                    if node.level > 1
                    else anchor
                )
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                table[alias.asname or alias.name] = (
                    f"{base}.{alias.name}" if base else alias.name
                )
    return table


def dotted(node: ast.expr) -> str:
    """Render a name or attribute chain as a dotted string.

    Args:
        node: The expression.

    Returns:
        ``a.b.c``, or ``""`` for other expressions.
    """
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        inner = dotted(node.value)
        return f"{inner}.{node.attr}" if inner else ""
    if isinstance(node, ast.Subscript):
        return dotted(node.value)
    return ""


def resolve(name: str, imports: dict[str, str], module: str, local: set[str]) -> str:
    """Resolve a dotted name used in a module to its full dotted target.

    Args:
        name: The name as written.
        imports: The module's import table.
        module: The module's dotted name.
        local: Names of classes defined in the module.

    Returns:
        The resolved dotted name.
    """
    head, _, rest = name.partition(".")
    if head in local and not rest:
        return f"{module}.{head}"
    if head in imports:
        target = imports[head]
        return f"{target}.{rest}" if rest else target
    return name


def collect_classes(root: Path) -> dict[str, ClassInfo]:
    """Collect every top-level class of the project's non-test modules.

    Args:
        root: The project root.

    Returns:
        Classes by qualified name.
    """
    classes: dict[str, ClassInfo] = {}
    for path in iter_python_files(root):
        relative = path.relative_to(root).as_posix()
        if _is_test_path(relative):
            continue
        try:
            tree = ast.parse(project_files.read_source(path, root), filename=str(path))
        except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
            logger.debug("skipping %s: %s", path, exc)
            continue
        module = module_name(relative)
        imports = import_table(tree, module, is_package=path.name == "__init__.py")
        local = {node.name for node in tree.body if isinstance(node, ast.ClassDef)}
        for node in tree.body:
            if isinstance(node, ast.ClassDef):
                bases = [
                    resolve(dotted(base), imports, module, local) for base in node.bases
                ]
                classes[f"{module}.{node.name}"] = ClassInfo(
                    f"{module}.{node.name}", relative, node, bases, imports
                )
    return classes


def _reaches(
    qualname: str,
    classes: dict[str, ClassInfo],
    targets: frozenset[str],
    seen: frozenset[str],
) -> bool:
    """Tell whether a class's ancestry reaches one of the targets.

    Args:
        qualname: A qualified class name.
        classes: The project's classes.
        targets: Qualified names to reach.
        seen: What was already visited.

    Returns:
        ``True`` when it does.
    """
    if qualname in targets:
        return True
    info = _lookup(qualname, classes)
    if info is None or qualname in seen:
        return False
    return any(
        _reaches(base, classes, targets, seen | {qualname}) for base in info.bases
    )


def _lookup(qualname: str, classes: dict[str, ClassInfo]) -> ClassInfo | None:
    """Find a project class by its resolved name.

    Args:
        qualname: A qualified class name.
        classes: The project's classes.

    Returns:
        The class, or ``None``.
    """
    if qualname in classes:
        return classes[qualname]
    module, _, name = qualname.rpartition(".")
    for candidate in (
        f"{module}.__init__.{name}",
        f"apps.{qualname}",
        f"src.{qualname}",
    ):
        if candidate in classes:
            return classes[candidate]
    suffix = f".{qualname}"
    matches = [info for key, info in classes.items() if key.endswith(suffix)]
    return matches[0] if len(matches) == 1 else None


def settings_classes(classes: dict[str, ClassInfo]) -> list[ClassInfo]:
    """Pick the concrete settings classes: BaseSettings subclasses nobody subclasses.

    Args:
        classes: The project's classes.

    Returns:
        The leaf settings classes, by qualified name order.
    """
    found = [
        info
        for name, info in classes.items()
        if _reaches(name, classes, BASE_SETTINGS, frozenset())
    ]
    names = {info.qualname for info in found}
    parents = {base for info in found for base in info.bases if base in names}
    return sorted(
        (info for info in found if info.qualname not in parents),
        key=lambda info: info.qualname,
    )


def _literal(node: ast.expr | None) -> object:
    """Evaluate a literal expression.

    Args:
        node: The node.

    Returns:
        The value, or ``None`` when it is not a literal.
    """
    if node is None:
        return None
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return None


def _config_of(info: ClassInfo) -> dict[str, object]:
    """Read a class's own settings configuration.

    Args:
        info: The class.

    Returns:
        Configuration values by name.
    """
    config: dict[str, object] = {}
    for statement in info.node.body:
        if isinstance(statement, ast.Assign | ast.AnnAssign):
            targets = (
                statement.targets
                if isinstance(statement, ast.Assign)
                else [statement.target]
            )
            if any(
                isinstance(target, ast.Name) and target.id == "model_config"
                for target in targets
            ):
                value = statement.value
                if isinstance(value, ast.Call):
                    for keyword in value.keywords:
                        if keyword.arg:
                            config[keyword.arg] = _literal(keyword.value)
                elif isinstance(value, ast.Dict):
                    for key, item in zip(value.keys, value.values, strict=True):
                        name = _literal(key)
                        if isinstance(name, str):
                            config[name] = _literal(item)
        elif isinstance(statement, ast.ClassDef) and statement.name == "Config":
            for inner in statement.body:
                if isinstance(inner, ast.Assign):
                    for target in inner.targets:
                        if isinstance(target, ast.Name):
                            config[target.id] = _literal(inner.value)
    return config


def _mro(info: ClassInfo, classes: dict[str, ClassInfo]) -> list[ClassInfo]:
    """List a class and its project ancestors, nearest first.

    Args:
        info: The class.
        classes: The project's classes.

    Returns:
        The classes.
    """
    order: list[ClassInfo] = []
    pending = [info]
    while pending:
        current = pending.pop(0)
        if any(current is item for item in order):
            continue
        order.append(current)
        pending.extend(
            base
            for base in (_lookup(name, classes) for name in current.bases)
            if base is not None
        )
    return order


def _field_names(call: ast.Call) -> tuple[list[str], bool]:
    """Read the alias names of a Field() call.

    Args:
        call: The Field() call.

    Returns:
        The names and whether an alias was given.
    """
    names: list[str] = []
    has_alias = False
    for keyword in call.keywords:
        if keyword.arg in {"alias", "validation_alias", "env"}:
            value = keyword.value
            if (
                isinstance(value, ast.Call)
                and dotted(value.func).split(".")[-1] == "AliasChoices"
            ):
                has_alias = True
                names.extend(
                    str(arg.value)
                    for arg in value.args
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
                )
                continue
            literal = _literal(value)
            if isinstance(literal, str):
                has_alias = True
                names.append(literal)
            elif isinstance(literal, list | tuple | set):
                has_alias = True
                names.extend(str(item) for item in literal if isinstance(item, str))
    return names, has_alias


def _unannotated(annotation: ast.expr) -> ast.expr:
    """Strip ``Annotated[...]`` from a field annotation.

    Args:
        annotation: The annotation.

    Returns:
        The annotated type (``X`` of ``Annotated[X, ...]``), else the input.
    """
    if (
        isinstance(annotation, ast.Subscript)
        and dotted(annotation.value).split(".")[-1] == "Annotated"
        and isinstance(annotation.slice, ast.Tuple)
        and annotation.slice.elts
    ):
        return annotation.slice.elts[0]
    return annotation


def _field_calls(statement: ast.AnnAssign) -> list[ast.Call]:
    """List the ``Field(...)`` calls configuring one annotated field.

    Args:
        statement: The field's annotated assignment.

    Returns:
        ``Field`` calls from ``Annotated[..., Field(...)]`` metadata, then the
        default value's (the default wins, as in pydantic).
    """
    calls: list[ast.Call] = []
    annotation = statement.annotation
    if (
        isinstance(annotation, ast.Subscript)
        and dotted(annotation.value).split(".")[-1] == "Annotated"
        and isinstance(annotation.slice, ast.Tuple)
    ):
        calls.extend(
            item
            for item in annotation.slice.elts[1:]
            if isinstance(item, ast.Call)
            and dotted(item.func).split(".")[-1] == "Field"
        )
    if (
        isinstance(statement.value, ast.Call)
        and dotted(statement.value.func).split(".")[-1] == "Field"
    ):
        calls.append(statement.value)
    return calls


def env_fields(info: ClassInfo, classes: dict[str, ClassInfo]) -> list[EnvField]:
    """Derive the environment names of one settings class's fields.

    Args:
        info: The settings class.
        classes: The project's classes (for bases and nested models).

    Returns:
        One entry per field, base-class fields included (subclass wins).
    """
    mro = _mro(info, classes)
    config: dict[str, object] = {}
    for item in reversed(mro):
        config.update(_config_of(item))
    prefix = str(config.get("env_prefix") or "")
    delimiter = config.get("env_nested_delimiter")
    case_sensitive = bool(config.get("case_sensitive"))
    fields: dict[str, EnvField] = {}
    for item in reversed(mro):
        module = item.qualname.rpartition(".")[0]
        for statement in item.node.body:
            if not isinstance(statement, ast.AnnAssign) or not isinstance(
                statement.target, ast.Name
            ):
                continue
            name = statement.target.id
            annotation = dotted(_unannotated(statement.annotation))
            if (
                name.startswith("_")
                or name == "model_config"
                or annotation.split(".")[-1] == "ClassVar"
            ):
                continue
            if isinstance(statement.annotation, ast.Constant) and "ClassVar" in str(
                statement.annotation.value
            ):
                continue
            aliases: list[str] = []
            has_alias = False
            for call in _field_calls(statement):
                names_found, aliased = _field_names(call)
                if aliased:
                    aliases, has_alias = names_found, True
            head = annotation.split(".")[0]
            local = set() if head in item.imports else {head}
            target = (
                resolve(annotation, item.imports, module, local) if annotation else ""
            )
            if (
                target
                and _lookup(target, classes) is not None
                and _reaches(target, classes, BASE_SETTINGS, frozenset())
            ):
                fields.pop(name, None)
                continue
            names = tuple(aliases) if has_alias else (f"{prefix}{name}",)
            nested = (
                target
                and isinstance(delimiter, str)
                and delimiter
                and _reaches(target, classes, BASE_MODEL, frozenset())
            )
            prefixes = tuple(f"{env}{delimiter}" for env in names) if nested else ()
            fields[name] = EnvField(
                info.qualname, info.path, name, names, prefixes, case_sensitive
            )
    return list(fields.values())


def project_env_fields(root: Path) -> list[EnvField]:
    """Derive every env name the project's settings classes read.

    Args:
        root: The project root.

    Returns:
        The fields of every concrete settings class.
    """
    classes = collect_classes(root)
    return [
        env for info in settings_classes(classes) for env in env_fields(info, classes)
    ]
