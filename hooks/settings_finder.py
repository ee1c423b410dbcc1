"""Derive the environment names that the project's pydantic-settings classes read.

Which classes are settings classes, and their bases across modules, come
from the one project model (:mod:`flake8_djarch.project`): no file is parsed
or resolved here.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import TYPE_CHECKING

from flake8_djarch import roles
from flake8_djarch.config import Config, ConfigError, load
from flake8_djarch.imports import dotted_text
from flake8_djarch.project import BASE_SETTINGS, PYDANTIC_MODEL, model_for
from flake8_djarch.project.values import PYDANTIC_V1_SETTINGS

if TYPE_CHECKING:
    from pathlib import Path

    from flake8_djarch.project import ModuleInfo, ProjectModel
    from flake8_djarch.project.modules import ClassInfo as ClassSummary
    from flake8_djarch.project.modules import ModuleScope

SETTINGS_KINDS = frozenset({BASE_SETTINGS, PYDANTIC_V1_SETTINGS})


@dataclass(eq=False)
class ClassInfo:
    """A project class as the env hook needs it.

    Attributes:
        qualname: ``module.Class``.
        path: The file, relative to the root (POSIX).
        scope: The defining module's scope.
        summary: The model's summary of the class.
    """

    qualname: str
    path: str
    scope: ModuleScope
    summary: ClassSummary

    @property
    def node(self) -> ast.ClassDef:
        """The class statement."""
        assert self.summary.node is not None  # noqa: S101 - summaries of parsed files keep it
        return self.summary.node


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


def project_model(root: Path) -> ProjectModel:
    """Return the project model of a root, with its ``[tool.djarch]`` settings.

    Args:
        root: The project root.

    Returns:
        The shared model.
    """
    try:
        config = load(str(root), confined=True)
    except ConfigError:
        config = Config()
    return model_for(config.with_overrides(root=str(root)), refresh=True)


def scanned_modules(model: ProjectModel) -> list[ModuleInfo]:
    """List the modules whose classes the scan reads: named, not tests or migrations.

    Args:
        model: The project model.

    Returns:
        The modules, in path order.
    """
    return [
        module
        for module in model.modules()
        if module.name is not None
        and module.roles.isdisjoint({roles.TESTS, roles.MIGRATIONS})
    ]


def collect_classes(model: ProjectModel) -> list[ClassInfo]:
    """Collect the top-level classes of the project's non-test, non-migration modules.

    Args:
        model: The project model.

    Returns:
        The classes, in path order.
    """
    found: list[ClassInfo] = []
    for module in scanned_modules(model):
        scope = model.file_scope(module)
        if scope is None:
            continue
        found.extend(
            ClassInfo(f"{module.name}.{name}", module.path, scope, summary)
            for name, summary in scope.classes.items()
        )
    return found


def _kinds(model: ProjectModel, info: ClassInfo) -> frozenset[str]:
    """Return the known kinds a class reaches.

    Args:
        model: The project model.
        info: The class.

    Returns:
        The kinds (empty when unknown).
    """
    return model.class_kinds(info.scope, info.summary) or frozenset()


def _project_bases(model: ProjectModel, info: ClassInfo) -> list[ClassInfo]:
    """Return the project classes a class names as bases.

    Args:
        model: The project model.
        info: The class.

    Returns:
        The resolved project bases, in order.
    """
    bases: list[ClassInfo] = []
    for base in info.summary.bases:
        target = model.expr_target(info.scope, base)
        if isinstance(target, tuple):
            scope, summary = target
            bases.append(
                ClassInfo(f"{scope.name}.{summary.name}", info.path, scope, summary)
            )
    return bases


def settings_classes(model: ProjectModel, classes: list[ClassInfo]) -> list[ClassInfo]:
    """Pick the concrete settings classes: BaseSettings subclasses nobody subclasses.

    Args:
        model: The project model.
        classes: The project's classes.

    Returns:
        The leaf settings classes, by qualified name order.
    """
    found = [info for info in classes if _kinds(model, info) & SETTINGS_KINDS]
    parents = {
        id(base.summary) for info in found for base in _project_bases(model, info)
    }
    return sorted(
        (info for info in found if id(info.summary) not in parents),
        key=lambda info: info.qualname,
    )


def dotted(node: ast.expr) -> str:
    """Render a name or attribute chain as a dotted string.

    Args:
        node: The expression.

    Returns:
        ``a.b.c`` (the subscripted name for ``a.b[c]``), or ``""``.
    """
    if isinstance(node, ast.Subscript):
        node = node.value
    return dotted_text(node) or ""


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


def _mro(model: ProjectModel, info: ClassInfo) -> list[ClassInfo]:
    """List a class and its project ancestors, nearest first.

    Args:
        model: The project model.
        info: The class.

    Returns:
        The classes.
    """
    order: list[ClassInfo] = []
    seen: set[int] = set()
    pending = [info]
    while pending:
        current = pending.pop(0)
        if id(current.summary) in seen:
            continue
        seen.add(id(current.summary))
        order.append(current)
        pending.extend(_project_bases(model, current))
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


def env_fields(model: ProjectModel, info: ClassInfo) -> list[EnvField]:
    """Derive the environment names of one settings class's fields.

    Args:
        model: The project model (bases and nested models).
        info: The settings class.

    Returns:
        One entry per field, base-class fields included (subclass wins).
    """
    mro = _mro(model, info)
    config: dict[str, object] = {}
    for item in reversed(mro):
        config.update(_config_of(item))
    prefix = str(config.get("env_prefix") or "")
    delimiter = config.get("env_nested_delimiter")
    case_sensitive = bool(config.get("case_sensitive"))
    fields: dict[str, EnvField] = {}
    for item in reversed(mro):
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
            target = (
                model.expr_target(item.scope, _unannotated(statement.annotation))
                if annotation
                else None
            )
            kinds = (
                model.target_kinds(target) or frozenset()
                if target is not None
                else frozenset()
            )
            if isinstance(target, tuple) and kinds & SETTINGS_KINDS:
                fields.pop(name, None)
                continue
            names = tuple(aliases) if has_alias else (f"{prefix}{name}",)
            nested = (
                isinstance(delimiter, str) and delimiter and PYDANTIC_MODEL in kinds
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
    model = project_model(root)
    classes = collect_classes(model)
    return [
        env
        for info in settings_classes(model, classes)
        for env in env_fields(model, info)
    ]
