"""Class resolution: does a class reach a known Django/DRF/pydantic base?

Bases are followed through the import table, classes of the same module and,
lazily, *project modules* read from source: modules whose top-level package
exists as a folder or ``.py`` file under the directory flake8 runs in or a
configured source root. Django and DRF are never imported: the plugin carries
its own table of their class names (:data:`KNOWN`).

Why plain :mod:`ast` rather than astroid: the questions asked here (which
names a module binds at top level, what a class's bases are, which
attributes and methods its body declares) need no inference, only the
import table and the class statements. A cached ``ast.parse`` of files this
module locates itself is several times faster than astroid's module builder,
can never import compiled or third-party code (only ``.py`` files below the
project roots are ever read), and shares :class:`~flake8_djarch.imports.ImportTable`
with the rest of the plugin so that relative imports and aliases resolve the
same way everywhere. Each project file is parsed at most once per process
(:data:`_SCOPES`, counted by :func:`stats`).
"""

from __future__ import annotations

import ast
import builtins
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from flake8_djarch.imports import ImportTable
from flake8_djarch.project import files

if TYPE_CHECKING:
    from flake8_djarch.config import Config
    from flake8_djarch.engine import Context

DRF_VIEW = "rest_framework.views.APIView"
DRF_SERIALIZER = "rest_framework.serializers.BaseSerializer"
MODEL = "django.db.models.Model"
ABSTRACT_USER = "django.contrib.auth.models.AbstractUser"
ABSTRACT_BASE_USER = "django.contrib.auth.base_user.AbstractBaseUser"
FORM = "django.forms.BaseForm"
BASE_SETTINGS = "pydantic_settings.BaseSettings"
PROTOCOL = "typing.Protocol"

#: Top-level packages that are never project modules, whatever lies on disk.
THIRD_PARTY = frozenset({"django", "rest_framework"})

_GENERIC_VIEWS = (
    "GenericAPIView",
    "CreateAPIView",
    "ListAPIView",
    "RetrieveAPIView",
    "DestroyAPIView",
    "UpdateAPIView",
    "ListCreateAPIView",
    "RetrieveUpdateAPIView",
    "RetrieveDestroyAPIView",
    "RetrieveUpdateDestroyAPIView",
)
_VIEWSETS = ("ViewSet", "GenericViewSet", "ModelViewSet", "ReadOnlyModelViewSet")
_VIEW_NAMES = {
    "rest_framework.views.APIView",
    # Modules that import ``views`` (or ``APIView``) and so re-export it.
    "rest_framework.generics.views.APIView",
    "rest_framework.viewsets.views.APIView",
    "rest_framework.routers.views.APIView",
    "rest_framework.decorators.APIView",
    "rest_framework.authtoken.views.APIView",
    "rest_framework.generics.APIView",
    "rest_framework.viewsets.APIView",
    "rest_framework.routers.APIRootView",
    "rest_framework.schemas.views.SchemaView",
    "rest_framework.schemas.SchemaView",
    "rest_framework.authtoken.views.ObtainAuthToken",
    *(f"rest_framework.generics.{name}" for name in _GENERIC_VIEWS),
    *(f"rest_framework.viewsets.generics.{name}" for name in _GENERIC_VIEWS),
    *(f"rest_framework.viewsets.{name}" for name in _VIEWSETS),
}
_SERIALIZER_NAMES = {
    *(
        f"rest_framework.serializers.{name}"
        for name in (
            "BaseSerializer",
            "Serializer",
            "ModelSerializer",
            "HyperlinkedModelSerializer",
            "ListSerializer",
        )
    ),
    "rest_framework.authtoken.serializers.AuthTokenSerializer",
}
_NEUTRAL_NAMES = {
    # DRF building blocks that are not views or serializers by themselves.
    "rest_framework.viewsets.ViewSetMixin",
    *(
        f"{module}.{name}"
        for module in (
            "rest_framework.mixins",
            "rest_framework.generics.mixins",
            "rest_framework.viewsets.mixins",
        )
        for name in (
            "CreateModelMixin",
            "ListModelMixin",
            "RetrieveModelMixin",
            "UpdateModelMixin",
            "DestroyModelMixin",
        )
    ),
    "rest_framework.permissions.BasePermission",
    "rest_framework.authentication.BaseAuthentication",
    "rest_framework.throttling.BaseThrottle",
    "rest_framework.pagination.BasePagination",
    "rest_framework.pagination.PageNumberPagination",
    "rest_framework.pagination.LimitOffsetPagination",
    "rest_framework.pagination.CursorPagination",
    "django.views.View",
    "django.views.generic.View",
    "django.views.generic.base.View",
    "django.contrib.auth.base_user.BaseUserManager",
    "django.contrib.auth.models.BaseUserManager",
    "django.contrib.auth.models.UserManager",
    "django.db.models.Manager",
    "django.db.models.QuerySet",
    "django.db.models.TextChoices",
    "django.db.models.IntegerChoices",
    "django.db.models.Choices",
    "django.apps.AppConfig",
    "django.core.management.base.BaseCommand",
    "django.test.TestCase",
    "django.test.SimpleTestCase",
    "django.test.TransactionTestCase",
    "pydantic.BaseModel",
}
_USER_NAMES = {
    "django.contrib.auth.models.AbstractUser": {
        ABSTRACT_USER,
        ABSTRACT_BASE_USER,
        MODEL,
    },
    "django.contrib.auth.models.User": {ABSTRACT_USER, ABSTRACT_BASE_USER, MODEL},
    "django.contrib.auth.models.AbstractBaseUser": {ABSTRACT_BASE_USER, MODEL},
    "django.contrib.auth.base_user.AbstractBaseUser": {ABSTRACT_BASE_USER, MODEL},
    "django.contrib.auth.models.PermissionsMixin": {MODEL},
    "django.contrib.auth.models.Group": {MODEL},
    "django.contrib.auth.models.Permission": {MODEL},
}
_FORM_NAMES = {
    f"{module}.{name}"
    for module in ("django.forms", "django.forms.forms", "django.forms.models")
    for name in ("Form", "ModelForm", "BaseForm", "BaseModelForm")
}

KNOWN: dict[str, frozenset[str]] = {
    **{name: frozenset() for name in _NEUTRAL_NAMES},
    **{name: frozenset({DRF_VIEW}) for name in _VIEW_NAMES},
    **{name: frozenset({DRF_SERIALIZER}) for name in _SERIALIZER_NAMES},
    **{name: frozenset(kinds) for name, kinds in _USER_NAMES.items()},
    **{name: frozenset({FORM}) for name in _FORM_NAMES},
    "django.db.models.Model": frozenset({MODEL}),
    "django.db.models.base.Model": frozenset({MODEL}),
    "pydantic_settings.BaseSettings": frozenset({BASE_SETTINGS}),
    "pydantic_settings.main.BaseSettings": frozenset({BASE_SETTINGS}),
    "typing.Protocol": frozenset({PROTOCOL}),
    "typing_extensions.Protocol": frozenset({PROTOCOL}),
}

_BUILTIN_NAMES = frozenset(dir(builtins))
_STDLIB = frozenset(getattr(sys, "stdlib_module_names", ())) - {"typing"}
_MAX_DEPTH = 64

Target = tuple["ModuleScope", "ClassInfo"] | str | None
"""A resolved class: a project class, a non-project qualified name, or unknown."""


@dataclass(eq=False)
class ClassInfo:
    """What resolution needs of a class statement, without its method bodies.

    Attributes:
        name: The class name.
        bases: The base-class expressions.
        assigned: Names assigned in the body (plain, or annotated with a value).
        methods: Names of methods defined in the body.
        inner: Nested classes by name.
    """

    name: str
    bases: tuple[ast.expr, ...]
    assigned: frozenset[str]
    methods: frozenset[str]
    inner: dict[str, ClassInfo]

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
        for item in _top_level(node.body):
            if isinstance(item, ast.Assign):
                assigned.update(
                    target.id
                    for target in _flat_targets(item.targets)
                    if isinstance(target, ast.Name)
                )
            elif isinstance(item, ast.AnnAssign):
                if item.value is not None and isinstance(item.target, ast.Name):
                    assigned.add(item.target.id)
            elif isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                methods.add(item.name)
            elif isinstance(item, ast.ClassDef):
                inner[item.name] = cls.of(item)
        return cls(
            node.name, tuple(node.bases), frozenset(assigned), frozenset(methods), inner
        )

    def declares(self, attrs: frozenset[str], methods: frozenset[str]) -> bool:
        """Tell whether the body itself assigns one attribute or defines one method.

        Args:
            attrs: Attribute names.
            methods: Method names.

        Returns:
            True when one of them is declared directly in the body.
        """
        return not (
            self.assigned.isdisjoint(attrs) and self.methods.isdisjoint(methods)
        )


@dataclass
class ModuleScope:
    """The top-level bindings of one module, for base-class resolution.

    Attributes:
        name: The dotted module name (``None`` when it cannot be derived).
        imports: The module's import table.
        classes: Classes bound at module level (also inside ``if``/``try``).
        assigns: Module-level ``name = expression`` bindings (names and calls only).
        nodes: Summaries by the id of their class statement (linted module only).
        memo: Kinds already computed for the module's classes, by summary id.
    """

    name: str | None
    imports: ImportTable
    classes: dict[str, ClassInfo]
    assigns: dict[str, ast.expr]
    nodes: dict[int, ClassInfo] = field(default_factory=dict)
    memo: dict[int, frozenset[str] | None] = field(default_factory=dict)

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
        nodes: dict[int, ClassInfo] = {}
        for node in _top_level(tree.body):
            target: ast.expr | None = None
            value: ast.expr | None = None
            if isinstance(node, ast.ClassDef):
                info = classes[node.name] = ClassInfo.of(node)
                nodes[id(node)] = info
                assigns.pop(node.name, None)
                continue
            if isinstance(node, ast.Assign) and len(node.targets) == 1:
                target, value = node.targets[0], node.value
            elif isinstance(node, ast.AnnAssign):
                target, value = node.target, node.value
            if isinstance(target, ast.Name) and isinstance(
                value, ast.Name | ast.Attribute | ast.Call
            ):
                if isinstance(value, ast.Call):
                    value = ast.Call(func=value.func, args=[], keywords=[])
                assigns[target.id] = value
                classes.pop(target.id, None)
        return cls(name, imports, classes, assigns, nodes if keep_nodes else {})


def _top_level(body: list[ast.stmt]) -> list[ast.stmt]:
    """Flatten the statements of a body, descending into ``if`` and ``try`` blocks.

    Args:
        body: A module or class body.

    Returns:
        The statements, nested blocks expanded.
    """
    found: list[ast.stmt] = []
    for node in body:
        if isinstance(node, ast.If):
            found.extend(_top_level(node.body))
            found.extend(_top_level(node.orelse))
        elif isinstance(node, ast.Try):
            found.extend(_top_level(node.body))
            for handler in node.handlers:
                found.extend(_top_level(handler.body))
            found.extend(_top_level(node.orelse))
        else:
            found.append(node)
    return found


#: Parsed project modules by absolute file path (``None``: unreadable).
_SCOPES: dict[str, ModuleScope | None] = {}
#: Projects by (root, source roots, extra bases).
_PROJECTS: dict[tuple[object, ...], Project] = {}
_STATS = {"parsed": 0, "lookups": 0}


def stats() -> dict[str, int]:
    """Report the work done by the resolver in this process.

    Returns:
        ``parsed``: project files parsed from disk; ``cached``: modules held in
        the cache (including linted modules registered from their own tree);
        ``lookups``: qualified-name resolutions that were not memoised.
    """
    return {
        "parsed": _STATS["parsed"],
        "cached": len(_SCOPES),
        "lookups": _STATS["lookups"],
    }


def clear_cache() -> None:
    """Forget every parsed module and project (for tests and long-lived processes)."""
    _SCOPES.clear()
    _PROJECTS.clear()
    _STATS["parsed"] = 0
    _STATS["lookups"] = 0


class Project:
    """The project modules reachable from one run directory, parsed lazily.

    Attributes:
        root: The absolute run directory.
        config: The run's configuration.
        bases: The import roots: the run directory and each source root.
    """

    def __init__(self, config: Config) -> None:
        """Prepare lookups for a configuration.

        Args:
            config: The run's configuration.
        """
        self.root = str(Path(config.root).resolve())
        self.config = config
        root = Path(self.root)
        self.bases = [root, *(root / src.strip("/") for src in config.source_roots)]
        self._tops: dict[str, bool] = {}
        self._files: dict[str, str | None] = {}
        self._qualified: dict[str, frozenset[str] | None] = {}
        self._active: set[object] = set()

    def is_project(self, dotted: str) -> bool:
        """Tell whether a dotted module name belongs to the project.

        Args:
            dotted: A module or object name such as ``apps.core.views``.

        Returns:
            True when its top-level package is a folder or ``.py`` file under the
            run directory or a source root (never for Django or DRF).
        """
        top = dotted.split(".", 1)[0]
        if top in self._tops:
            return self._tops[top]
        found = (
            top.isidentifier()
            and top not in THIRD_PARTY
            and any(
                (base / top).is_dir() or (base / f"{top}.py").is_file()
                for base in self.bases
            )
        )
        self._tops[top] = found
        return found

    def module_file(self, dotted: str) -> str | None:
        """Locate the source file of a project module.

        Args:
            dotted: The module name.

        Returns:
            The absolute path of ``a/b.py`` or ``a/b/__init__.py``, or ``None``.
        """
        if dotted in self._files:
            return self._files[dotted]
        found: str | None = None
        if self.is_project(dotted):
            parts = dotted.split(".")
            for base in self.bases:
                stem = base.joinpath(*parts)
                for candidate in (
                    stem.with_name(f"{parts[-1]}.py"),
                    stem / "__init__.py",
                ):
                    if candidate.is_file():
                        found = str(candidate)
                        break
                if found:
                    break
        self._files[dotted] = found
        return found

    def scope(self, dotted: str) -> ModuleScope | None:
        """Return the parsed scope of a project module (parsed once per process).

        Args:
            dotted: The module name.

        Returns:
            The scope, or ``None`` when the module is not a readable project file.
        """
        path = self.module_file(dotted)
        if path is None:
            return None
        if path not in _SCOPES:
            _SCOPES[path] = _parse(path, dotted)
        return _SCOPES[path]

    def register(self, ctx: Context) -> ModuleScope:
        """Return the scope of the module being linted, registering it when new.

        The linted tree is reused so that a project module that later imports it
        does not parse it again.

        Args:
            ctx: The module's context.

        Returns:
            The scope built from ``ctx.tree``.
        """
        scope = ModuleScope.build(ctx.tree, ctx.module, ctx.imports, keep_nodes=True)
        path = str(Path(self.root, ctx.path))
        if (
            ctx.module is not None
            and path.endswith(".py")
            and path not in _SCOPES
            and self.module_file(ctx.module) == path
        ):
            _SCOPES[path] = scope
        return scope

    def configured(self, qualified: str) -> frozenset[str]:
        """Return the kinds the configuration assigns to a qualified name.

        Args:
            qualified: A dotted class name.

        Returns:
            The configured kinds (possibly empty).
        """
        config = self.config
        extra: set[str] = set()
        if qualified in config.view_bases:
            extra.add(DRF_VIEW)
        if qualified in config.serializer_bases:
            extra.add(DRF_SERIALIZER)
        if qualified in config.model_bases:
            extra.add(MODEL)
        return frozenset(extra)

    def lookup(self, qualified: str, depth: int = 0) -> Target:
        """Find what a qualified name stands for.

        Args:
            qualified: A dotted name such as ``apps.core.views.BaseApi``.
            depth: Re-export hops followed so far (cycle guard).

        Returns:
            ``(scope, class)`` for a class defined in a project module, the
            qualified name itself when it is not a project name, or ``None``
            when it is a project name that cannot be resolved to a class.
        """
        if qualified in KNOWN or not self.is_project(qualified):
            return qualified
        if depth > _MAX_DEPTH:
            return None
        parts = qualified.split(".")
        for cut in range(len(parts) - 1, 0, -1):
            scope = self.scope(".".join(parts[:cut]))
            if scope is None:
                continue
            return self.member(scope, parts[cut:], depth + 1)
        return None

    def member(self, scope: ModuleScope, names: list[str], depth: int) -> Target:
        """Resolve ``names`` (``Class`` or ``Class.Inner``) inside a module.

        Args:
            scope: The module's scope.
            names: The attribute path below the module.
            depth: Re-export hops followed so far.

        Returns:
            The resolved target (see :meth:`lookup`).
        """
        first, rest = names[0], names[1:]
        if first in scope.classes:
            info: ClassInfo | None = scope.classes[first]
            for inner in rest:
                info = info.inner.get(inner) if info is not None else None
            return None if info is None else (scope, info)
        record = scope.imports.names.get(first)
        if record is not None:
            return self.lookup(".".join([record.qualified, *rest]), depth)
        value = scope.assigns.get(first)
        if (
            value is not None
            and not rest
            and isinstance(value, ast.Name | ast.Attribute)
        ):
            return self.expr_target(scope, value, depth)
        if scope.name is not None:
            # A submodule of a package: ``apps.core.views.Base`` via ``apps.core``.
            sub = self.scope(f"{scope.name}.{first}")
            if sub is not None and rest:
                return self.member(sub, rest, depth + 1)
        return None

    def expr_target(self, scope: ModuleScope, expr: ast.expr, depth: int = 0) -> Target:
        """Resolve a base-class expression in a module.

        Args:
            scope: The module whose code holds the expression.
            expr: A ``Name``/``Attribute`` (subscripts such as ``Generic[T]``
                are unwrapped).
            depth: Re-export hops followed so far.

        Returns:
            The resolved target (see :meth:`lookup`).
        """
        if isinstance(expr, ast.Subscript):
            expr = expr.value
        if isinstance(expr, ast.Name):
            if expr.id in scope.classes and expr.id not in scope.imports.names:
                return scope, scope.classes[expr.id]
            if expr.id not in scope.imports.names:
                value = scope.assigns.get(expr.id)
                if (
                    value is not None
                    and isinstance(value, ast.Name | ast.Attribute)
                    and depth < _MAX_DEPTH
                ):
                    return self.expr_target(scope, value, depth + 1)
                if expr.id in _BUILTIN_NAMES:
                    return f"builtins.{expr.id}"
                return None
        elif isinstance(expr, ast.Attribute):
            root = expr
            while isinstance(root, ast.Attribute):
                root = root.value
            if (
                isinstance(root, ast.Name)
                and root.id in scope.classes
                and root.id not in scope.imports.names
            ):
                names: list[str] = []
                node: ast.expr = expr
                while isinstance(node, ast.Attribute):
                    names.append(node.attr)
                    node = node.value
                return self.member(scope, [root.id, *reversed(names)], depth + 1)
        qualified = scope.imports.qualify(expr)
        if qualified is None or qualified.startswith("?."):
            return None
        return self.lookup(qualified, depth)

    def class_kinds(self, scope: ModuleScope, cls: ClassInfo) -> frozenset[str] | None:
        """Return the known kinds a class reaches.

        Args:
            scope: The module defining the class.
            cls: The class.

        Returns:
            The kinds; ``None`` when some base is unresolvable and nothing known
            was reached.
        """
        key = id(cls)
        if key in scope.memo:
            return scope.memo[key]
        if key in self._active:
            return None
        self._active.add(key)
        try:
            found: set[str] = set()
            unknown = False
            for base in cls.bases:
                kinds = self.target_kinds(self.expr_target(scope, base))
                if kinds is None:
                    unknown = True
                else:
                    found.update(kinds)
        finally:
            self._active.discard(key)
        result = frozenset(found) if found or not unknown else None
        scope.memo[key] = result
        return result

    def target_kinds(self, target: Target) -> frozenset[str] | None:
        """Return the kinds of a resolved target.

        Args:
            target: A project class, a qualified name or ``None``.

        Returns:
            The kinds, or ``None`` when unknown.
        """
        if target is None:
            return None
        if isinstance(target, str):
            return self.qualified_kinds(target)
        scope, cls = target
        configured = (
            self.configured(f"{scope.name}.{cls.name}") if scope.name else frozenset()
        )
        kinds = self.class_kinds(scope, cls)
        if configured:
            return configured | (kinds or frozenset())
        return kinds

    def qualified_kinds(self, qualified: str) -> frozenset[str] | None:
        """Return the known kinds of a class given by qualified name.

        Args:
            qualified: A dotted class name.

        Returns:
            The kinds, or ``None`` when unknown.
        """
        if qualified in KNOWN:
            return KNOWN[qualified]
        configured = self.configured(qualified)
        if qualified in self._qualified:
            return self._qualified[qualified]
        if qualified in self._active:
            return configured or None
        _STATS["lookups"] += 1
        self._active.add(qualified)
        try:
            result: frozenset[str] | None
            if (
                qualified.startswith("builtins.")
                or qualified.split(".", 1)[0] in _STDLIB
            ):
                result = frozenset()
            elif self.is_project(qualified):
                target = self.lookup(qualified)
                result = (
                    None
                    if isinstance(target, str) or target is None
                    else self.target_kinds(target)
                )
            else:
                result = None
        finally:
            self._active.discard(qualified)
        if configured:
            result = configured | (result or frozenset())
        self._qualified[qualified] = result
        return result

    def declares(
        self,
        scope: ModuleScope,
        cls: ClassInfo,
        attrs: frozenset[str],
        methods: frozenset[str],
        seen: set[int] | None = None,
    ) -> bool | None:
        """Tell whether a class or a project-defined ancestor declares something.

        Args:
            scope: The module defining the class.
            cls: The class.
            attrs: Attribute names whose assignment in a class body counts.
            methods: Method names whose definition counts.
            seen: Classes already visited (cycle guard).

        Returns:
            True when the class or a project ancestor (same file or another
            module) declares one of them; False when every ancestor is known
            and none does (classes of Django, DRF and the standard library
            never count); ``None`` when an ancestor cannot be resolved.
        """
        seen = set() if seen is None else seen
        if id(cls) in seen:
            return False
        seen.add(id(cls))
        if cls.declares(attrs, methods):
            return True
        unknown = False
        for base in cls.bases:
            target = self.expr_target(scope, base)
            if target is None:
                unknown = True
            elif isinstance(target, str):
                top = target.split(".", 1)[0]
                if not (
                    target in KNOWN
                    or top in THIRD_PARTY
                    or top in _STDLIB
                    or top == "builtins"
                ):
                    unknown = True
            else:
                answer = self.declares(target[0], target[1], attrs, methods, seen)
                if answer:
                    return True
                if answer is None:
                    unknown = True
        return None if unknown else False


def _flat_targets(targets: list[ast.expr]) -> list[ast.expr]:
    """Flatten tuple and list assignment targets.

    Args:
        targets: The targets of an assignment.

    Returns:
        The individual targets.
    """
    flat: list[ast.expr] = []
    for target in targets:
        if isinstance(target, ast.Tuple | ast.List):
            flat.extend(_flat_targets(list(target.elts)))
        else:
            flat.append(target)
    return flat


def _parse(path: str, dotted: str) -> ModuleScope | None:
    """Parse a project file into its scope (counted in :func:`stats`).

    Args:
        path: The absolute file path.
        dotted: The module name.

    Returns:
        The scope, or ``None`` when the file cannot be read or parsed.
    """
    try:
        source = files.read_bytes(path, files.default_root(path))
        tree = ast.parse(source, filename=path)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    _STATS["parsed"] += 1
    is_package = Path(path).name == "__init__.py"
    package = dotted if is_package else dotted.rpartition(".")[0]
    return ModuleScope.build(tree, dotted, ImportTable.build(tree, package))


def project_for(config: Config) -> Project:
    """Return the shared project of a configuration (one per process and root).

    Args:
        config: The run's configuration.

    Returns:
        The project, created on first use.
    """
    root = config.root
    key = (
        root if root.startswith("/") else str(Path(root).absolute()),
        config.source_roots,
        config.view_bases,
        config.serializer_bases,
        config.model_bases,
    )
    project = _PROJECTS.get(key)
    if project is None:
        project = _PROJECTS[key] = Project(config)
    return project


class ClassResolver:
    """Answers ancestry questions for the classes of one module.

    Attributes:
        ctx: The module's context.
        project: The shared project lookups.
        scope: The module's own top-level bindings.
        local: Top-level classes of the module by name.
    """

    def __init__(self, ctx: Context) -> None:
        """Bind the resolver to a module.

        Args:
            ctx: The module's context.
        """
        self.ctx = ctx
        self.project = project_for(ctx.config)
        self.scope = self.project.register(ctx)
        self.local: dict[str, ast.ClassDef] = {
            node.name: node
            for node in _top_level(ctx.tree.body)
            if isinstance(node, ast.ClassDef)
        }
        self._nested: dict[int, ClassInfo] = {}

    def info(self, cls: ast.ClassDef) -> ClassInfo:
        """Return the summary of a class statement of this module.

        Args:
            cls: A class defined in the module, at any depth.

        Returns:
            The shared summary for top-level classes, a fresh one otherwise.
        """
        key = id(cls)
        found = self.scope.nodes.get(key) or self._nested.get(key)
        if found is None:
            found = self._nested[key] = ClassInfo.of(cls)
        return found

    def kinds(self, cls: ast.ClassDef) -> frozenset[str] | None:
        """Return the known bases a class reaches.

        Args:
            cls: A class defined in the module (nested classes included).

        Returns:
            The set of known kinds (e.g. :data:`DRF_VIEW`); ``None`` when some
            base could not be resolved and nothing known was reached.
        """
        kinds = self.project.class_kinds(self.scope, self.info(cls))
        if self.scope.name is not None and self.local.get(cls.name) is cls:
            configured = self.project.configured(f"{self.scope.name}.{cls.name}")
            if configured:
                return configured | (kinds or frozenset())
        return kinds

    def expr_kinds(self, base: ast.expr) -> frozenset[str] | None:
        """Return the known kinds a base-class expression reaches.

        Args:
            base: An expression from a ``class`` statement's bases.

        Returns:
            The kinds, or ``None`` when the base is unresolvable.
        """
        return self.project.target_kinds(self.project.expr_target(self.scope, base))

    def qualified_kinds(self, qualified: str) -> frozenset[str] | None:
        """Return the known kinds of a class given by qualified name.

        Args:
            qualified: A dotted class name (project classes are read from source).

        Returns:
            The kinds, or ``None`` when unknown.
        """
        return self.project.qualified_kinds(qualified)

    def reaches(self, cls: ast.ClassDef, kind: str) -> bool | None:
        """Tell whether a class reaches a known kind.

        Args:
            cls: A class defined in the module.
            kind: One of the kind constants.

        Returns:
            True or False when decided; ``None`` when unknown.
        """
        kinds = self.kinds(cls)
        if kinds is None:
            return None
        return kind in kinds

    def is_kind(self, cls: ast.ClassDef, kind: str) -> bool:
        """Tell whether a class certainly reaches a known kind.

        Args:
            cls: A class defined in the module.
            kind: One of the kind constants.

        Returns:
            True only when the kind was reached.
        """
        return bool(self.reaches(cls, kind))

    def declares(
        self,
        cls: ast.ClassDef,
        attrs: frozenset[str] | set[str],
        methods: frozenset[str] | set[str] = frozenset(),
    ) -> bool | None:
        """Tell whether a class or a project-defined ancestor declares something.

        Args:
            cls: A class defined in the module.
            attrs: Attribute names whose plain or annotated assignment counts.
            methods: Method names whose definition counts.

        Returns:
            True, False, or ``None`` when an ancestor cannot be resolved (see
            :meth:`Project.declares`).
        """
        return self.project.declares(
            self.scope, self.info(cls), frozenset(attrs), frozenset(methods)
        )

    def imported_is_settings(self, qualified: str) -> bool | None:
        """Tell whether an imported project name is a ``BaseSettings`` subclass or instance.

        Args:
            qualified: The qualified name an import binds, e.g. ``config.env.env``.

        Returns:
            True for a project class reaching ``pydantic_settings.BaseSettings``
            or a module-level instance of one (``env = Settings()``); False when
            it is known to be something else (non-project names, including
            ``BaseSettings`` itself, are False); ``None`` when undecidable.
        """
        project = self.project
        if not project.is_project(qualified):
            return False
        parts = qualified.split(".")
        for cut in range(len(parts) - 1, 0, -1):
            scope = project.scope(".".join(parts[:cut]))
            if scope is None:
                continue
            return _settings_member(project, scope, parts[cut:], 0)
        return None


def _settings_member(
    project: Project, scope: ModuleScope, names: list[str], depth: int
) -> bool | None:
    """Tell whether a name in a project module is a ``BaseSettings`` class or instance.

    Args:
        project: The project lookups.
        scope: The module holding the name.
        names: The attribute path below the module.
        depth: Re-export hops followed so far.

    Returns:
        True, False, or ``None`` when undecidable.
    """
    if depth > _MAX_DEPTH:
        return None
    if len(names) == 1:
        name = names[0]
        value = scope.assigns.get(name)
        if (
            value is not None
            and name not in scope.imports.names
            and isinstance(value, ast.Call)
        ):
            kinds = project.target_kinds(project.expr_target(scope, value.func))
            return None if kinds is None else BASE_SETTINGS in kinds
        record = scope.imports.names.get(name)
        if (
            record is not None
            and name not in scope.classes
            and name not in scope.assigns
        ):
            if not project.is_project(record.qualified):
                return False
            parts = record.qualified.split(".")
            for cut in range(len(parts) - 1, 0, -1):
                inner = project.scope(".".join(parts[:cut]))
                if inner is not None:
                    return _settings_member(project, inner, parts[cut:], depth + 1)
            return None
    target = project.member(scope, names, depth + 1)
    if target is None or isinstance(target, str):
        return None if target is None else False
    kinds = project.class_kinds(*target)
    return None if kinds is None else BASE_SETTINGS in kinds


def resolver_for(ctx: Context) -> ClassResolver:
    """Create the resolver of a module.

    Args:
        ctx: The module's context.

    Returns:
        The resolver.
    """
    return ClassResolver(ctx)


__all__ = [
    "ABSTRACT_BASE_USER",
    "ABSTRACT_USER",
    "BASE_SETTINGS",
    "DRF_SERIALIZER",
    "DRF_VIEW",
    "FORM",
    "KNOWN",
    "MODEL",
    "PROTOCOL",
    "ClassResolver",
    "ModuleScope",
    "Project",
    "clear_cache",
    "project_for",
    "resolver_for",
    "stats",
]
