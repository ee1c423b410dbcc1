"""The ORM model of the project (RULES.md §0b R7).

Read once per process from the project's ``models`` modules: which class
attributes are managers, which attribute names are related managers, which
are file fields, and which methods of project manager / queryset classes
write. Rules ask :func:`index_for`; they never parse files themselves: every
module comes from the shared parse cache through :func:`_models_scopes`.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from flake8_djarch import dependencies
from flake8_djarch.project import facts, heap, values
from flake8_djarch.project.model import model_for
from flake8_djarch.project.modules import top_level

if TYPE_CHECKING:
    from collections.abc import Iterator

    from flake8_djarch.config import Config
    from flake8_djarch.project.model import ProjectModel as Project
    from flake8_djarch.project.modules import ClassInfo, ModuleScope

MANAGER_ATTRS = frozenset({"objects", "_default_manager", "_base_manager"})
WRITE_METHODS = frozenset(
    {
        "create",
        "bulk_create",
        "bulk_update",
        "get_or_create",
        "update_or_create",
        "update",
        "delete",
    }
)
ALL_WRITES = WRITE_METHODS | frozenset(f"a{name}" for name in WRITE_METHODS)
INSTANCE_WRITES = frozenset({"save", "delete", "asave", "adelete"})
RELATED_FIELDS = frozenset({"ForeignKey", "ManyToManyField", "OneToOneField"})
FILE_FIELDS = frozenset({"FileField", "ImageField"})
_MAX_MODULES = 2_000


@dataclass
class OrmIndex:
    """What the project's models say about managers and fields.

    Attributes:
        managers: Manager attribute names per model class name (``objects``
            and custom managers, inherited ones included).
        related: Related-manager names: M2M field names, ``related_name`` /
            ``<model>_set`` of FK and M2M fields (O2O creates none).
        file_fields: Names of ``FileField`` / ``ImageField`` attributes.
        methods: Methods of project manager/queryset classes: ``True`` when
            the body writes, ``False`` when it only reads (names defined both
            ways are left out: the rule cannot decide).
        packages: Top-level package names of the project's models modules,
            relative to the run directory and to every folder holding a
            ``manage.py`` (so ``users.models`` is a project import in netbox).
    """

    managers: dict[str, frozenset[str]] = field(default_factory=dict)
    related: frozenset[str] = frozenset()
    file_fields: frozenset[str] = frozenset()
    methods: dict[str, bool] = field(default_factory=dict)
    packages: frozenset[str] = frozenset()

    @property
    def manager_names(self) -> frozenset[str]:
        """Every custom manager name of every model (beyond ``objects``)."""
        found: set[str] = set()
        for names in self.managers.values():
            found.update(names)
        return frozenset(found - MANAGER_ATTRS)


#: Index per project root: ``(model, index, trace)``; a model dropped
#: because a file changed (long-lived processes) gets its index anew.
_INDEXES: dict[str, tuple[Project, OrmIndex, dependencies.Trace]] = {}


def clear_cache() -> None:
    """Forget every built index (for tests and long-lived processes)."""
    _INDEXES.clear()


def index_for(config: Config) -> OrmIndex:
    """Return the ORM index of a run's project (once per process and model).

    Served from the persisted project index when none of the files it was
    built from changed and no module was added or removed.

    Args:
        config: The run's configuration.

    Returns:
        The index; empty when the project has no readable models modules.
    """
    project = model_for(config)
    entry = _INDEXES.get(project.root)
    if entry is not None and entry[0] is project:
        dependencies.replay(entry[2])
        return entry[1]

    def build() -> OrmIndex:
        """Build the index (the uncached path).

        Returns:
            The index.
        """
        with heap.collector_paused():
            return _build(project)

    with dependencies.Trace() as trace:
        index = facts.answer(
            project.store,
            project.root,
            ("orm", ""),
            build,
            encode=_encode,
            decode=_decode,
        )
    _INDEXES[project.root] = (project, index, trace)
    return index


def build_shared(config: Config) -> None:
    """Answer the file-independent questions nearly every linted file asks.

    A parallel run asks this before forking its workers, which inherit the
    answers instead of each computing them again: the project's file list
    with roles (and so the settings layout, R5-R6) and the ORM index. Each
    answer keeps its trace, replayed into every file that reuses it.

    Args:
        config: The run's configuration.
    """
    index_for(config)


def _strings(data: object) -> frozenset[str]:
    """Read a stored list of names.

    Args:
        data: The stored value.

    Returns:
        The names.

    Raises:
        TypeError: When malformed.
    """
    if not isinstance(data, list) or not all(isinstance(item, str) for item in data):
        raise TypeError(data)
    return frozenset(data)


def _encode(index: OrmIndex) -> dict[str, object]:
    """Turn an index into plain data for the persisted project index.

    Args:
        index: The index.

    Returns:
        JSON-ready data.
    """
    return {
        "managers": {name: sorted(found) for name, found in index.managers.items()},
        "related": sorted(index.related),
        "file_fields": sorted(index.file_fields),
        "methods": dict(index.methods),
        "packages": sorted(index.packages),
    }


def _decode(data: object) -> OrmIndex:
    """Read a stored index back, validating every shape.

    Args:
        data: The stored value.

    Returns:
        The index.

    Raises:
        TypeError: When malformed.
    """
    if not isinstance(data, dict):
        raise TypeError(data)
    managers, methods = data["managers"], data["methods"]
    if not isinstance(managers, dict) or not isinstance(methods, dict):
        raise TypeError(data)
    if not all(
        isinstance(name, str) and type(value) is bool for name, value in methods.items()
    ):
        raise TypeError(methods)
    return OrmIndex(
        managers={str(name): _strings(found) for name, found in managers.items()},
        related=_strings(data["related"]),
        file_fields=_strings(data["file_fields"]),
        methods=dict(methods),
        packages=_strings(data["packages"]),
    )


def _models_scopes(
    project: Project, packages: set[str] | None = None
) -> Iterator[ModuleScope]:
    """Yield the parsed scopes of the project's models modules.

    Args:
        project: The project model (owner of the parse cache and of the
            module enumeration with roles).
        packages: Filled with the top-level packages of the models modules.

    Yields:
        The scope of every module with the models role (tests excluded by R5).
    """
    for found, module in enumerate(project.modules("models")):
        if found >= _MAX_MODULES:
            return
        scope = project.file_scope(module)
        if scope is None or scope.tree is None:
            continue
        if packages is not None and module.name:
            packages.add(module.name.split(".", 1)[0])
        yield scope


def _call_name(node: ast.expr) -> str | None:
    """Return the last name of a called expression (``models.ForeignKey`` → ``ForeignKey``).

    Args:
        node: The called expression.

    Returns:
        The name, or ``None``.
    """
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _keyword(call: ast.Call, name: str) -> ast.expr | None:
    """Return a keyword argument's value.

    Args:
        call: The call.
        name: The keyword.

    Returns:
        The value, or ``None``.
    """
    return next((kw.value for kw in call.keywords if kw.arg == name), None)


def _string(node: ast.expr | None) -> str | None:
    """Return a string literal's value.

    Args:
        node: An expression.

    Returns:
        The string, or ``None``.
    """
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _class_assigns(node: ast.ClassDef) -> Iterator[tuple[str, ast.expr]]:
    """Yield ``name = value`` assignments of a class body.

    Args:
        node: The class.

    Yields:
        ``(name, value)`` pairs.
    """
    for item in node.body:
        if isinstance(item, ast.Assign) and len(item.targets) == 1:
            target, value = item.targets[0], item.value
        elif isinstance(item, ast.AnnAssign) and item.value is not None:
            target, value = item.target, item.value
        else:
            continue
        if isinstance(target, ast.Name):
            yield target.id, value


def _class_def(scope: ModuleScope, info: ClassInfo) -> ast.ClassDef | None:
    """Find the statement of a summarised class in its module's tree.

    Args:
        scope: The module.
        info: The class summary.

    Returns:
        The top-level class statement, or ``None``.
    """
    if scope.tree is None:
        return None
    return next(
        (
            node
            for node in top_level(scope.tree.body)
            if isinstance(node, ast.ClassDef) and node.name == info.name
        ),
        None,
    )


class _Builder:
    """Collects the index from the models modules."""

    def __init__(self, project: Project) -> None:
        """Start an empty collection.

        Args:
            project: The shared project lookups.
        """
        self.project = project
        self.own: dict[str, set[str]] = {}
        self.bases: dict[str, list[str]] = {}
        self.related: set[str] = set()
        self.file_fields: set[str] = set()
        self.manager_classes: dict[int, tuple[ModuleScope, ast.ClassDef]] = {}

    def model(self, scope: ModuleScope, node: ast.ClassDef) -> None:
        """Read one class of a models module.

        Args:
            scope: Its module.
            node: The class.
        """
        info = scope.classes.get(node.name)
        kinds = self.project.class_kinds(scope, info) if info is not None else None
        if kinds is not None and (values.MANAGER in kinds or values.QUERYSET in kinds):
            self.manager_classes[id(node)] = (scope, node)
            return
        managers = self.own.setdefault(node.name, set())
        self.bases[node.name] = [
            name for name in (_call_name(base) for base in node.bases) if name
        ]
        for name, value in _class_assigns(node):
            if not isinstance(value, ast.Call):
                continue
            called = _call_name(value.func)
            if called in RELATED_FIELDS:
                self._relation(node.name, name, called, value)
            elif called in FILE_FIELDS:
                self.file_fields.add(name)
            elif self._is_manager(scope, value):
                managers.add(name)

    def _relation(self, model: str, name: str, kind: str, call: ast.Call) -> None:
        """Note the related managers a relation field creates.

        Args:
            model: The class holding the field.
            name: The field name.
            kind: ``ForeignKey``, ``ManyToManyField`` or ``OneToOneField``.
            call: The field call.
        """
        if kind == "OneToOneField":
            return
        if kind == "ManyToManyField":
            self.related.add(name)
        related = _string(_keyword(call, "related_name"))
        if related is None:
            self.related.add(f"{model.lower()}_set")
        elif related.isidentifier():
            self.related.add(related)

    def _is_manager(self, scope: ModuleScope, value: ast.Call) -> bool:
        """Tell whether a class attribute's call creates a manager.

        Args:
            scope: The module.
            value: The assigned call.

        Returns:
            True for ``Manager()`` subclasses, ``QS.as_manager()`` and
            ``Manager.from_queryset(QS)()``.
        """
        func = value.func
        if isinstance(func, ast.Attribute) and func.attr == "as_manager":
            self._manager_class(scope, func.value)
            return True
        if isinstance(func, ast.Call) and _call_name(func.func) == "from_queryset":
            if isinstance(func.func, ast.Attribute):
                self._manager_class(scope, func.func.value)
            for arg in func.args:
                self._manager_class(scope, arg)
            return True
        kinds = self._manager_class(scope, func)
        return kinds is not None and values.MANAGER in kinds

    def _manager_class(
        self, scope: ModuleScope, expr: ast.expr
    ) -> frozenset[str] | None:
        """Resolve a manager or queryset class and remember its statement.

        Args:
            scope: The module using the expression.
            expr: The class expression.

        Returns:
            The class's kinds, or ``None`` when unresolvable.
        """
        target = self.project.expr_target(scope, expr)
        kinds = self.project.target_kinds(target)
        if isinstance(target, tuple):
            owner, info = target
            node = _class_def(owner, info)
            if node is not None:
                self.manager_classes.setdefault(id(node), (owner, node))
                self._manager_bases(owner, node, 0)
        return kinds

    def _manager_bases(
        self, scope: ModuleScope, node: ast.ClassDef, depth: int
    ) -> None:
        """Remember the project bases of a manager or queryset class.

        Args:
            scope: The class's module.
            node: The class.
            depth: Bases followed so far.
        """
        if depth > 8:
            return
        for base in node.bases:
            target = self.project.expr_target(scope, base)
            if isinstance(target, tuple):
                owner, info = target
                found = _class_def(owner, info)
                if found is not None and id(found) not in self.manager_classes:
                    self.manager_classes[id(found)] = (owner, found)
                    self._manager_bases(owner, found, depth + 1)

    def managers(self) -> dict[str, frozenset[str]]:
        """Resolve inherited managers through project bases.

        Returns:
            Manager names per model, ``objects`` always included.
        """
        done: dict[str, frozenset[str]] = {}

        def of(name: str, depth: int) -> frozenset[str]:
            """Collect a model's managers with those of its project bases.

            Args:
                name: The model class name.
                depth: Bases followed so far.

            Returns:
                The manager names.
            """
            if name in done:
                return done[name]
            found = set(self.own.get(name, ()))
            if depth < 16:
                for base in self.bases.get(name, ()):
                    if base in self.own and base != name:
                        found |= of(base, depth + 1)
            done[name] = frozenset(found | {"objects"})
            return done[name]

        for name in self.own:
            of(name, 0)
        return done

    def methods(self) -> dict[str, bool]:
        """Judge the methods of the project's manager and queryset classes.

        Returns:
            ``{method: writes}``; names judged both ways are left out.
        """
        bodies: dict[str, list[ast.FunctionDef | ast.AsyncFunctionDef]] = {}
        for _, node in self.manager_classes.values():
            for item in node.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                    bodies.setdefault(item.name, []).append(item)
        writes: dict[int, bool] = {}
        for items in bodies.values():
            for item in items:
                writes[id(item)] = _writes(item, frozenset())
        # A method calling a writing method of its own class writes too.
        for _ in range(3):
            writing = frozenset(
                name
                for name, items in bodies.items()
                if any(writes[id(item)] for item in items)
            )
            for items in bodies.values():
                for item in items:
                    if not writes[id(item)]:
                        writes[id(item)] = _writes(item, writing)
        verdict: dict[str, bool] = {}
        for name, items in bodies.items():
            judged = {writes[id(item)] for item in items}
            if len(judged) == 1 and not name.startswith("__"):
                verdict[name] = judged.pop()
        return verdict


def _writes(function: ast.AST, writing: frozenset[str]) -> bool:
    """Tell whether a manager/queryset method body makes an ORM write.

    Args:
        function: The method.
        writing: Sibling method names already known to write.

    Returns:
        True for ``self.create()``, ``self.filter().update()``,
        ``super().create()``, ``obj.save()`` and calls of writing siblings on
        ``self``.
    """
    for node in ast.walk(function):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        method = node.func.attr
        receiver = node.func.value
        if method in ALL_WRITES and _rooted_in_self(receiver):
            return True
        if method in writing and _rooted_in_self(receiver):
            return True
        if method in INSTANCE_WRITES and not (
            isinstance(receiver, ast.Call) and _call_name(receiver.func) == "super"
        ):
            return True
        if method in ALL_WRITES and any(
            isinstance(part, ast.Attribute) and part.attr in MANAGER_ATTRS
            for part in ast.walk(receiver)
        ):
            return True
    return False


def _rooted_in_self(receiver: ast.expr) -> bool:
    """Tell whether a receiver chain starts at ``self`` or ``super()``.

    Args:
        receiver: The object a method is called on.

    Returns:
        True for ``self``, ``self.filter(...)``, ``self.get_queryset()``, ``super()``.
    """
    node: ast.AST = receiver
    while True:
        if isinstance(node, ast.Attribute | ast.Subscript):
            node = node.value
        elif isinstance(node, ast.Call):
            if _call_name(node.func) == "super":
                return True
            node = node.func
        else:
            return isinstance(node, ast.Name) and node.id in {"self", "cls"}


def _build(project: Project) -> OrmIndex:
    """Build the index of a project.

    Args:
        project: The shared project lookups.

    Returns:
        The index.
    """
    builder = _Builder(project)
    packages: set[str] = set()
    for scope in _models_scopes(project, packages):
        assert scope.tree is not None  # noqa: S101 - filtered by _models_scopes
        for node in top_level(scope.tree.body):
            if isinstance(node, ast.ClassDef):
                builder.model(scope, node)
    return OrmIndex(
        managers=builder.managers(),
        related=frozenset(builder.related),
        file_fields=frozenset(builder.file_fields),
        methods=builder.methods(),
        packages=frozenset(packages),
    )
