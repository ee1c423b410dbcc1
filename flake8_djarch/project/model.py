"""The project model: one answer per question about the project's code.

Every rule, hook and ``djarch check`` asks this model (never another parser)
which modules the project has and where (source roots, R1), which names a
module binds (star imports, R2), what a constant holds (R3), which known
Django/DRF/pydantic classes a class reaches and what it declares (R4), and
which modules are settings modules (R6). The model is built lazily, once per
process and configuration; parses are cached per file version (path, mtime,
size), and a long-lived process that lints again sees edited files anew. The
answers that cost parses of other modules (the file list with roles, the
settings layout, the ORM index, imported classes' kinds and declarations) are
also kept between processes by :mod:`~flake8_djarch.project.facts`, keyed on
the trace of files each one depended on.

Why plain :mod:`ast` rather than astroid: these questions need no inference,
only import tables and class statements. A cached ``ast.parse`` is several
times faster than astroid's module builder (building the 73 modules of
``rest_framework`` took astroid 4.85 s against 0.06 s), and only ``.py``
files below the project roots are ever read, never imported.
"""

from __future__ import annotations

import ast
import builtins
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from flake8_djarch import dependencies
from flake8_djarch import roles as role_names
from flake8_djarch.imports import ImportTable, module_name
from flake8_djarch.project import facts, layout
from flake8_djarch.project.modules import (
    STATS as PARSE_STATS,
)
from flake8_djarch.project.modules import (
    ClassInfo,
    ModuleScope,
    cached_stamps,
    forget_trees,
    package_of,
    parse_file,
    read_source,
    stamp_of,
    top_level,
)
from flake8_djarch.project.values import (
    API_SETTINGS,
    BASE_SETTINGS,
    DRF_SERIALIZER,
    DRF_VIEW,
    KNOWN,
    MODEL,
    THIRD_PARTY,
    ApiDefault,
    Unknown,
    evaluate,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from flake8_djarch.config import Config
    from flake8_djarch.engine import Context

T = TypeVar("T")
_BUILTIN_NAMES = frozenset(dir(builtins))
_STDLIB = frozenset(getattr(sys, "stdlib_module_names", ())) - {"typing"}
_MAX_DEPTH = 64
_SETTINGS_DEPTH = 8
#: Classes followed at once at most (each costs a few stack frames).
_MAX_ACTIVE = 150
#: Seconds between two checks of the cached files' stamps in one process.
REVALIDATE_SECONDS = 1.0

Target = tuple[ModuleScope, ClassInfo] | str | None
"""A resolved class: a project class, a non-project qualified name, or unknown."""


#: Scopes of project modules by absolute file path: ``(stamp, scope)``.
_SCOPES: dict[str, tuple[object, ModuleScope | None]] = {}
#: Models by (root, configuration fields that change answers).
_MODELS: dict[tuple[object, ...], ProjectModel] = {}
_STATS = {"lookups": 0}
#: DRF-looking bases no rule could resolve in this process, first seen first.
_UNRESOLVED: dict[str, None] = {}
#: The open notings of unresolved bases (:func:`noting_unresolved`), innermost last.
_NOTING: list[dict[str, None]] = []
_CHECKED = [0.0]
#: (root, path) of every file linted in this process.
_LINTED: set[tuple[str, str]] = set()


def stats() -> dict[str, int]:
    """Report the work done by the model in this process.

    Returns:
        ``parsed``: project files parsed from disk; ``cached``: module scopes
        held (including linted modules registered from their own tree);
        ``lookups``: qualified-name resolutions that were not memoised;
        ``reparsed``: files parsed again because they changed.
    """
    return {
        "parsed": PARSE_STATS["parsed"],
        "cached": len(_SCOPES),
        "lookups": _STATS["lookups"],
        "reparsed": PARSE_STATS["reparsed"],
    }


def clear_cache() -> None:
    """Forget every parsed module and model (for tests and explicit resets).

    The persisted project index stays on disk: the next question behaves as
    in a new process.
    """
    facts.forget()
    _SCOPES.clear()
    _MODELS.clear()
    _UNRESOLVED.clear()
    _LINTED.clear()
    forget_trees()
    _STATS["lookups"] = 0
    _CHECKED[0] = 0.0


def unresolved_bases() -> list[str]:
    """Return the DRF-looking bases that could not be resolved in this process.

    Returns:
        The names as written (qualified when imported), first seen first.
    """
    return list(_UNRESOLVED)


@contextmanager
def noting_unresolved() -> Iterator[dict[str, None]]:
    """Collect the unresolved DRF-looking bases noted while the block runs.

    ``djarch check`` notes them per linted file, so that a file linted in a
    worker process or served from the findings cache reports its own.

    Yields:
        The names noted, first seen first (complete when the block ends).
    """
    noted: dict[str, None] = {}
    _NOTING.append(noted)
    try:
        yield noted
    finally:
        _NOTING.pop()


def report_unresolved(names: Iterable[str]) -> None:
    """Make :func:`unresolved_bases` tell the names of a whole run.

    Args:
        names: The names of the run's files, in the order to report them.
    """
    _UNRESOLVED.clear()
    _UNRESOLVED.update(dict.fromkeys(names))


def _revalidate(*, force: bool = False) -> None:
    """Drop the models when a file they read has changed (long-lived processes).

    Checked at most once per :data:`REVALIDATE_SECONDS`, so an editor linting
    on every keystroke costs one pass of ``stat`` calls per second at most.

    Args:
        force: Check even when the last check is recent.
    """
    now = time.monotonic()
    if not force and now - _CHECKED[0] < REVALIDATE_SECONDS:
        return
    _CHECKED[0] = now
    facts.new_epoch()
    stamps: dict[str, object] = dict(cached_stamps())
    stamps.update(
        (path, stamp) for path, (stamp, _scope) in _SCOPES.items() if stamp is not None
    )
    if (
        any(stamp_of(path) != stamp for path, stamp in stamps.items())
        or any(model.listing_changed() for model in _MODELS.values())
        or any(facts.changed(model.root) for model in _MODELS.values())
    ):
        # Scopes memoise answers that depend on other files: drop them all;
        # the parses of unchanged files stay cached by their stamps, and the
        # persisted answers by the stamps of what they read.
        _SCOPES.clear()
        _MODELS.clear()


@dataclass(frozen=True)
class ModuleInfo:
    """One Python file of the project.

    Attributes:
        path: The path relative to the run directory (POSIX).
        file: The absolute path.
        name: The dotted module name under the source roots (``None`` if none).
        roles: The file's roles (path globs, plus settings by R6).
    """

    path: str
    file: str
    name: str | None
    roles: frozenset[str]


def _encode_modules(found: list[ModuleInfo]) -> list[list[object]]:
    """Turn an enumeration into plain data for the persisted index.

    Args:
        found: The files.

    Returns:
        ``[[path, name, [roles]], ...]``.
    """
    return [[info.path, info.name, sorted(info.roles)] for info in found]


def _encode_settings(found: tuple[frozenset[str], tuple[str, ...]]) -> list[list[str]]:
    """Turn the settings layout into plain data.

    Args:
        found: ``(every settings module, main settings modules)``.

    Returns:
        ``[sorted every, main in order]``.
    """
    return [sorted(found[0]), list(found[1])]


def _decode_settings(data: object) -> tuple[frozenset[str], tuple[str, ...]]:
    """Read a stored settings layout back.

    Args:
        data: ``[every, main]`` lists of strings.

    Returns:
        The layout.

    Raises:
        TypeError: When malformed.
    """
    if not (
        isinstance(data, list)
        and len(data) == 2
        and all(
            isinstance(part, list) and all(isinstance(item, str) for item in part)
            for part in data
        )
    ):
        raise TypeError(data)
    return frozenset(data[0]), tuple(data[1])


def _encode_kinds(kinds: frozenset[str] | None) -> list[str] | None:
    """Turn kinds into plain data.

    Args:
        kinds: The kinds, or ``None``.

    Returns:
        A sorted list, or ``None``.
    """
    return None if kinds is None else sorted(kinds)


def _decode_kinds(data: object) -> frozenset[str] | None:
    """Read stored kinds back.

    Args:
        data: A list of strings, or ``None``.

    Returns:
        The kinds.

    Raises:
        TypeError: When malformed.
    """
    if data is None:
        return None
    if not isinstance(data, list) or not all(isinstance(item, str) for item in data):
        raise TypeError(data)
    return frozenset(data)


def _decode_verdict(data: object) -> bool | None:
    """Read a stored three-way verdict back.

    Args:
        data: ``true``, ``false`` or ``null``.

    Returns:
        The verdict.

    Raises:
        TypeError: When malformed.
    """
    if data is not None and not isinstance(data, bool):
        raise TypeError(data)
    return data


def _same(value: T) -> T:
    """Return plain data as it is (JSON-ready answers).

    Args:
        value: The value.

    Returns:
        The value.
    """
    return value


@dataclass
class Namespace:
    """The names a module binds at top level after following star imports (R2).

    Attributes:
        names: Each bound name and the scope that defines it.
        open: True when names may be missing: a star import could not be
            followed, or module code binds names dynamically.
        modules: The project modules reached through star imports, in order.
    """

    names: dict[str, ModuleScope] = field(default_factory=dict)
    open: bool = False
    modules: list[str] = field(default_factory=list)


@dataclass
class _SubclassIndex:
    """The reverse inheritance edges of the project (built on demand).

    Attributes:
        defined: The classes each file defines (nested ones included), by
            absolute path.
        children: ``(file, class)`` of each direct project subclass, by the id
            of the base's summary (the summaries stay alive in ``defined``).
    """

    defined: dict[str, list[ClassInfo]] = field(default_factory=dict)
    children: dict[int, list[tuple[str, ClassInfo]]] = field(default_factory=dict)


class ProjectModel:
    """The project below one run directory, read lazily from source.

    Attributes:
        root: The absolute run directory.
        config: The run's configuration.
    """

    def __init__(self, config: Config) -> None:
        """Prepare the model of a configuration (nothing is read yet).

        Args:
            config: The run's configuration.
        """
        self.root = str(Path(config.root).resolve())
        self.config = config
        self._source_roots: tuple[str, ...] | None = None
        self._bases: list[Path] | None = None
        self._tops: dict[str, bool] = {}
        self._files: dict[str, str | None] = {}
        self._qualified: dict[str, frozenset[str] | None] = {}
        self._qualified_trace: dict[str, dependencies.Trace] = {}
        self._active: set[object] = set()
        self._namespaces: dict[
            int, tuple[ModuleScope, Namespace, dependencies.Trace]
        ] = {}
        self._settings: tuple[frozenset[str], tuple[str, ...]] | None = None
        self._settings_reads: tuple[str, ...] = ()
        self._settings_trace = dependencies.Trace()
        self._modules: list[ModuleInfo] | None = None
        self._listing_files: list[str] | None = None
        self._modules_trace = dependencies.Trace()
        self._subclasses: _SubclassIndex | None = None
        self._store: list[facts._Store | None] = []
        #: Traces of the memoised answers below (replayed on each hit).
        self._tops_trace: dict[str, dependencies.Trace] = {}
        self._files_trace: dict[str, dependencies.Trace] = {}
        self._declaring: set[str] = set()

    # -- layout (R1) -------------------------------------------------------

    @property
    def source_roots(self) -> tuple[str, ...]:
        """The source roots: configured ones, else those detected (R1)."""
        if self._source_roots is None:
            configured = tuple(src.strip("/") for src in self.config.source_roots)
            self._source_roots = configured or layout.detect_source_roots(
                Path(self.root)
            )
        return self._source_roots

    @property
    def bases(self) -> list[Path]:
        """The import roots: the run directory and each source root."""
        if self._bases is None:
            root = Path(self.root)
            self._bases = [root, *(root / src for src in self.source_roots)]
        return self._bases

    @property
    def store(self) -> facts._Store | None:
        """The persisted answers of this model's key (``None``: store off)."""
        if not self._store or (self._store[0] is None and facts.is_enabled()):
            config = self.config
            self._store[:] = [
                facts.store_for(
                    self.root,
                    (
                        config.source_roots,
                        self.source_roots,
                        config.view_bases,
                        config.serializer_bases,
                        config.model_bases,
                        tuple(sorted(config.roles.items())),
                    ),
                )
            ]
        return self._store[0] if facts.is_enabled() else None

    def listing_changed(self) -> bool:
        """Tell whether the project's list of files changed since it was enumerated.

        Returns:
            True when a module was added or removed (long-lived processes).
        """
        if self._listing_files is None or self.store is None:
            return False
        return facts.listing(self.store, self.root) != self._listing_files

    def module_name(self, path: str) -> str | None:
        """Return the dotted name of a file relative to the run directory.

        Args:
            path: A normalised relative POSIX path.

        Returns:
            The module name under the longest matching source root, or ``None``.
        """
        return module_name(path, self.source_roots)

    def is_project(self, dotted: str) -> bool:
        """Tell whether a dotted module name belongs to the project.

        Args:
            dotted: A module or object name such as ``apps.core.views``.

        Returns:
            True when its top-level name is a package (a folder with
            ``__init__.py``) or a ``.py`` module under the run directory or a
            source root; never for Django or DRF. A bare folder named like a
            third-party package (``saleor/graphql`` seen from ``saleor/``)
            does not make ``graphql`` a project module.
        """
        top = dotted.split(".", 1)[0]
        if top in self._tops:
            dependencies.replay(self._tops_trace[top])
            return self._tops[top]
        probes: list[str] = []
        found = False
        if top.isidentifier() and top not in THIRD_PARTY:
            for base in self.bases:
                for candidate in (base / top / "__init__.py", base / f"{top}.py"):
                    probes.append(str(candidate))
                    if candidate.is_file():
                        found = True
                        break
                if found:
                    break
        self._tops[top] = found
        trace = self._tops_trace[top] = dependencies.Trace(probes)
        dependencies.replay(trace)
        return found

    def module_file(self, dotted: str) -> str | None:
        """Locate the source file of a project module.

        Args:
            dotted: The module name.

        Returns:
            The absolute path of ``a/b.py`` or ``a/b/__init__.py``, or ``None``.
        """
        if dotted in self._files:
            dependencies.replay(self._files_trace[dotted])
            return self._files[dotted]
        found: str | None = None
        with dependencies.Trace() as trace:
            if self.is_project(dotted):
                parts = dotted.split(".")
                for base in self.bases:
                    stem = base.joinpath(*parts)
                    for candidate in (
                        stem.with_name(f"{parts[-1]}.py"),
                        stem / "__init__.py",
                    ):
                        dependencies.probe(str(candidate))
                        if candidate.is_file():
                            found = str(candidate)
                            break
                    if found:
                        break
        self._files[dotted] = found
        self._files_trace[dotted] = trace
        return found

    def modules(self, role: str | None = None) -> list[ModuleInfo]:
        """Enumerate the project's Python files (hidden folders and venvs skipped).

        Args:
            role: Keep only files with this role (e.g. ``"models"``).

        Returns:
            The files in sorted path order, with module names and roles.
        """
        if self._modules is None:
            with dependencies.Trace() as trace:
                self._modules = facts.answer(
                    self.store,
                    self.root,
                    ("modules", ""),
                    self._enumerate,
                    encode=_encode_modules,
                    decode=self._decode_modules,
                )
            self._modules_trace = trace
            self._listing_files = facts.listing(self.store, self.root)
        else:
            dependencies.replay(self._modules_trace)
        if role is None:
            return list(self._modules)
        return [info for info in self._modules if role in info.roles]

    def _enumerate(self) -> list[ModuleInfo]:
        """Walk the project's Python files and give each its module name and roles.

        Returns:
            The files in walk order (see :meth:`modules`).
        """
        root = Path(self.root)
        found: list[ModuleInfo] = []
        listed = facts.listing(self.store, self.root)
        paths = (
            layout.iter_python_files(root)
            if listed is None
            else (root / rel for rel in listed)
        )
        for path in paths:
            rel = path.relative_to(root).as_posix()
            name = self.module_name(rel)
            found.append(ModuleInfo(rel, str(path), name, self.roles_of(rel, name)))
        return found

    def _decode_modules(self, data: object) -> list[ModuleInfo]:
        """Read the stored enumeration back (see :meth:`modules`).

        Args:
            data: ``[[path, name, [roles]], ...]``.

        Returns:
            The files.

        Raises:
            TypeError: When the data is malformed.
        """
        if not isinstance(data, list):
            raise TypeError(data)
        root = Path(self.root)
        found: list[ModuleInfo] = []
        for item in data:
            if not (
                isinstance(item, list)
                and len(item) == 3
                and isinstance(item[0], str)
                and (item[1] is None or isinstance(item[1], str))
                and isinstance(item[2], list)
                and all(isinstance(role, str) for role in item[2])
            ):
                raise TypeError(item)
            found.append(
                ModuleInfo(item[0], str(root / item[0]), item[1], frozenset(item[2]))
            )
        return found

    def tree(self, path: str) -> ast.Module | None:
        """Return the parse of a project file (shared cache, one parse per version).

        Args:
            path: The file, absolute or relative to the run directory.

        Returns:
            The module, or ``None`` when it cannot be read or parsed.
        """
        return parse_file(Path(self.root, path), self.root)

    def scope(self, dotted: str) -> ModuleScope | None:
        """Return the top-level bindings of a project module (parsed once per version).

        Args:
            dotted: The module name.

        Returns:
            The scope, or ``None`` when the module is not a readable project file.
        """
        path = self.module_file(dotted)
        if path is None:
            return None
        dependencies.record(path)
        cached = _SCOPES.get(path)
        if cached is not None:
            return cached[1]
        tree = parse_file(path, self.root)
        scope = None
        if tree is not None:
            package = package_of(dotted, path)
            scope = ModuleScope.build(tree, dotted, ImportTable.build(tree, package))
        _SCOPES[path] = (stamp_of(path), scope)
        return scope

    def file_scope(self, module: ModuleInfo) -> ModuleScope | None:
        """Return the scope of an enumerated file, even when no import reaches it.

        Args:
            module: A file from :meth:`modules` with a module name.

        Returns:
            The scope, or ``None`` when the file does not parse.
        """
        if module.name is None:
            return None
        if self.module_file(module.name) == module.file:
            return self.scope(module.name)
        dependencies.record(module.file)
        cached = _SCOPES.get(module.file)
        if cached is not None:
            return cached[1]
        tree = parse_file(module.file, self.root)
        scope = None
        if tree is not None:
            package = package_of(module.name, module.file)
            scope = ModuleScope.build(
                tree, module.name, ImportTable.build(tree, package)
            )
        _SCOPES[module.file] = (stamp_of(module.file), scope)
        return scope

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
            # The disk stamp: the scope is dropped once the file is saved anew.
            _SCOPES[path] = (stamp_of(path), scope)
            facts.linted(path, ctx.lines)
        return scope

    # -- namespaces (R2) ---------------------------------------------------

    def namespace(self, module: str | ModuleScope) -> Namespace:
        """Return the names a module binds after following its star imports (R2).

        Args:
            module: A dotted project module name, or a module's scope.

        Returns:
            The names and their defining scopes. A star import of a module
            that is not a project file opens the namespace (``open``), unless
            it is optional (inside ``try: ... except ImportError``): then it
            binds nothing, as does a missing module of a project package.
            Cycles end the chase.
        """
        scope = self.scope(module) if isinstance(module, str) else module
        if scope is None:
            return Namespace(open=True)
        return self._namespace(scope, set())

    def _namespace(self, scope: ModuleScope, active: set[int]) -> Namespace:
        """Compute a namespace with a cycle guard.

        Args:
            scope: The module's scope.
            active: Scopes whose namespace is being computed.

        Returns:
            The namespace (memoised once complete).
        """
        key = id(scope)
        if key in self._namespaces:
            dependencies.replay(self._namespaces[key][2])
            return self._namespaces[key][1]
        with dependencies.Trace() as trace:
            space = self._compute_namespace(scope, active)
        # The scope is kept with its namespace so that its id is never reused.
        self._namespaces[key] = (scope, space, trace)
        return space

    def _compute_namespace(self, scope: ModuleScope, active: set[int]) -> Namespace:
        """Compute a namespace (see :meth:`_namespace`).

        Args:
            scope: The module's scope.
            active: Scopes whose namespace is being computed.

        Returns:
            The namespace.
        """
        key = id(scope)
        active.add(key)
        space = Namespace(dict.fromkeys(scope.bound, scope), open=scope.dynamic)
        for star in scope.stars:
            target = None if star.module is None else self.scope(star.module)
            if target is None:
                # A missing module binds nothing when the import is optional,
                # or when it would be a project module (``hc.local_settings``
                # behind ``if path.exists()``): it does not exist in this tree.
                missing = (
                    star.module is not None and self.module_file(star.module) is None
                )
                if not (
                    missing and (star.optional or self.is_project(star.module or ""))
                ):
                    space.open = True
                continue
            if id(target) in active:
                dependencies.probe(dependencies.CUT)
                continue
            inner = self._namespace(target, active)
            space.modules.append(target.name or "")
            space.modules.extend(name for name in inner.modules if name)
            space.open = space.open or inner.open
            exported = (
                target.all_names
                if target.all_names is not None
                else [name for name in inner.names if not name.startswith("_")]
            )
            for name in exported:
                origin = inner.names.get(name)
                if origin is not None:
                    space.names.setdefault(name, origin)
        active.discard(key)
        space.modules = list(dict.fromkeys(space.modules))
        return space

    def origin(self, scope: ModuleScope, name: str) -> ModuleScope | None:
        """Return the scope that defines a name a module binds through star imports.

        Args:
            scope: The module using the name.
            name: A top-level name it does not bind itself.

        Returns:
            The defining scope, or ``None``.
        """
        if not scope.stars:
            return None
        found = self._namespace(scope, set()).names.get(name)
        return None if found is scope else found

    # -- settings (R6) -----------------------------------------------------

    def _settings_layout(self) -> tuple[frozenset[str], tuple[str, ...]]:
        """Compute the settings modules and the main ones.

        Returns:
            ``(every settings module, main settings modules)``.
        """
        if self._settings is None:
            with dependencies.recording() as reads, dependencies.Trace() as trace:
                self._settings = facts.answer(
                    self.store,
                    self.root,
                    ("settings", ""),
                    self._compute_settings_layout,
                    encode=_encode_settings,
                    decode=_decode_settings,
                )
            # Every caller depends on these files, not only the first one.
            self._settings_reads = tuple(sorted(reads))
            self._settings_trace = trace
        else:
            dependencies.replay(self._settings_trace)
        for path in self._settings_reads:
            dependencies.record(path)
        return self._settings

    def _compute_settings_layout(self) -> tuple[frozenset[str], tuple[str, ...]]:
        """Find the settings modules and the main ones (see :meth:`_settings_layout`).

        Returns:
            ``(every settings module, main settings modules)``.
        """
        # The entry files are looked for in every package folder: a new one
        # changes the list of the project's files.
        dependencies.probe(dependencies.LISTING)
        named = [
            name
            for name in layout.settings_module_names(Path(self.root), self.source_roots)
            if self.module_file(name) is not None
        ]
        every: dict[str, None] = dict.fromkeys(named)
        todo = list(named)
        while todo:
            name = todo.pop()
            path = self.module_file(name)
            source = None if path is None else read_source(path, self.root)
            if path is None or source is None:
                continue
            for target in layout.star_imported(source, package_of(name, path)):
                if target not in every and self.module_file(target) is not None:
                    every[target] = None
                    todo.append(target)
        return (frozenset(every), tuple(named))

    def settings_modules(self) -> frozenset[str]:
        """Return the modules that get the settings role by R6.

        Returns:
            Every project module named by ``DJANGO_SETTINGS_MODULE`` and every
            project module those star-import, transitively.
        """
        return self._settings_layout()[0]

    def main_settings(self) -> tuple[str, ...]:
        """Return the main settings modules named by ``DJANGO_SETTINGS_MODULE`` (R6).

        Returns:
            Dotted names of existing project modules, in discovery order
            (``manage.py`` / ``asgi.py`` / ``wsgi.py`` first, then pytest
            configuration). Modules that assign ``INSTALLED_APPS`` afresh are
            main settings modules too; see :meth:`is_main_settings`.
        """
        return self._settings_layout()[1]

    def is_main_settings(self, dotted: str | None) -> bool:
        """Tell whether a module is named by ``DJANGO_SETTINGS_MODULE``.

        Args:
            dotted: The module name.

        Returns:
            True for a module of :meth:`main_settings`.
        """
        return dotted is not None and dotted in self._settings_layout()[1]

    def roles_of(self, path: str, name: str | None = None) -> frozenset[str]:
        """Return the roles of a project file: path globs, plus settings by R6.

        Args:
            path: The path relative to the run directory.
            name: Its dotted module name, when known.

        Returns:
            The roles; the tests role wins over the settings role.
        """
        found = role_names.roles_of(path, self.config.roles)
        if role_names.TESTS in found:
            return found - {role_names.SETTINGS}
        dotted = name if name is not None else self.module_name(path)
        if (
            dotted is not None
            and role_names.SETTINGS not in found
            and role_names.TESTS not in found
            and dotted in self.settings_modules()
        ):
            found = found | {role_names.SETTINGS}
        return found

    def reads_base_settings(self, scope: ModuleScope) -> bool:
        """Tell whether a settings module reads pydantic-settings (the DJA071 question).

        Args:
            scope: The settings module's scope.

        Returns:
            True when a name of its namespace (R2) is a class reaching
            ``pydantic_settings.BaseSettings``, an instance of one, a function
            annotated to return one, or a project module that defines one
            (``import config.env``). Other project imports answer nothing.
        """
        space = self._namespace(scope, set())
        return any(
            self._settings_name(origin, name, 0) for name, origin in space.names.items()
        )

    def _settings_name(self, scope: ModuleScope, name: str, depth: int) -> bool:
        """Tell whether a module-level name is a settings class, instance or factory.

        Args:
            scope: The module binding the name.
            name: The name.
            depth: Hops followed so far.

        Returns:
            True only when decided so.
        """
        if depth > _SETTINGS_DEPTH:
            return False
        record = scope.imports.names.get(name)
        if record is not None:
            if isinstance(record.node, ast.Import):
                return any(
                    self._module_provides(alias.name, depth + 1)
                    for alias in record.node.names
                    if (alias.asname or alias.name.split(".", 1)[0]) == name
                )
            qualified = record.qualified
            if not self.is_project(qualified):
                return False
            module, _, member = qualified.rpartition(".")
            inner = self.scope(module) if module else None
            if inner is not None and member in inner.bound:
                return self._settings_name(inner, member, depth + 1)
            if inner is not None and member not in inner.bound:
                origin = self.origin(inner, member)
                if origin is not None:
                    return self._settings_name(origin, member, depth + 1)
            return self._module_provides(qualified, depth + 1)
        if name in scope.classes:
            return self._is_settings_class(scope, ast.Name(id=name))
        function = scope.functions.get(name)
        if function is not None:
            return function.returns is not None and self._is_settings_class(
                scope, function.returns
            )
        value = scope.assigns.get(name)
        if isinstance(value, ast.Call):
            func = value.func
            if isinstance(func, ast.Name) and func.id in scope.functions:
                return self._settings_name(scope, func.id, depth + 1)
            return self._is_settings_class(scope, func)
        return False

    def _is_settings_class(self, scope: ModuleScope, expr: ast.expr) -> bool:
        """Tell whether an expression names a class reaching ``BaseSettings``.

        Args:
            scope: The module holding the expression.
            expr: A name, dotted name or subscript of one.

        Returns:
            True when decided so.
        """
        kinds = self.target_kinds(self.expr_target(scope, expr))
        return kinds is not None and BASE_SETTINGS in kinds

    def _module_provides(self, dotted: str, depth: int) -> bool:
        """Tell whether a project module defines a settings class, instance or factory.

        Args:
            dotted: The module name.
            depth: Hops followed so far.

        Returns:
            True when one of its own top-level names is one.
        """
        inner = self.scope(dotted) if depth <= _SETTINGS_DEPTH else None
        if inner is None:
            return False
        return any(
            self._settings_name(inner, name, depth + 1)
            for name in (*inner.classes, *inner.functions, *inner.assigns)
        )

    # -- constants (R3) ----------------------------------------------------

    def constant(self, scope: ModuleScope, expr: ast.expr) -> object:
        """Return the literal value of an expression through project constants (R3).

        Args:
            scope: The module holding the expression.
            expr: The expression (a literal, a name, ``A + B``, ``[*A, B]``...).

        Returns:
            The value (tuples, lists, strings, numbers, ``None``, or an
            :class:`~flake8_djarch.project.values.ApiDefault` for
            ``api_settings.DEFAULT_*`` under any alias).

        Raises:
            Unknown: When the value cannot be decided statically.
        """
        return evaluate(scope, expr, self._follow)

    def _follow(
        self, scope: ModuleScope, expr: ast.expr
    ) -> tuple[ModuleScope, ast.expr] | str | None:
        """Find the defining scope and value of a name used in a module.

        Args:
            scope: The module using the name.
            expr: A ``Name`` or dotted ``Attribute``.

        Returns:
            ``(scope, value)`` of a project constant, the qualified name of a
            non-project object, or ``None``.
        """
        if isinstance(expr, ast.Name):
            if expr.id in scope.constants and expr.id not in scope.imports.names:
                return scope, scope.constants[expr.id]
            record = scope.imports.names.get(expr.id)
            if record is not None:
                return self._follow_qualified(record.qualified, 0)
            origin = self.origin(scope, expr.id)
            if origin is not None:
                return self._follow(origin, expr)
            return None
        if isinstance(expr, ast.Attribute):
            qualified = scope.imports.qualify(expr)
            if qualified is not None:
                return self._follow_qualified(qualified, 0)
            return None
        return None

    def _follow_qualified(
        self, qualified: str, depth: int
    ) -> tuple[ModuleScope, ast.expr] | str | None:
        """Find a constant by qualified name.

        Args:
            qualified: A dotted name such as ``apps.api.defaults.PERMISSIONS``.
            depth: Re-export hops followed so far.

        Returns:
            See :meth:`_follow`.
        """
        if not self.is_project(qualified):
            return qualified
        if depth > _MAX_DEPTH:
            return None
        module, _, name = qualified.rpartition(".")
        scope = self.scope(module) if module else None
        if scope is None:
            return None
        if name in scope.constants and name not in scope.imports.names:
            return scope, scope.constants[name]
        record = scope.imports.names.get(name)
        if record is not None:
            return self._follow_qualified(record.qualified, depth + 1)
        origin = self.origin(scope, name)
        if origin is not None and origin.name is not None:
            return self._follow_qualified(f"{origin.name}.{name}", depth + 1)
        return None

    def restates_default(self, scope: ModuleScope, expr: ast.expr) -> bool:
        """Tell whether a class attribute's value is not a declaration (R4, R12).

        Args:
            scope: The module holding the value.
            expr: The assigned value.

        Returns:
            True for ``None`` and ``api_settings.DEFAULT_*`` (any alias of
            ``api_settings``), directly or through a constant.
        """
        try:
            value = self.constant(scope, expr)
        except Unknown:
            return False
        return value is None or isinstance(value, ApiDefault)

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
        if first not in scope.bound:
            origin = self.origin(scope, first)
            if origin is not None:
                return self.member(origin, names, depth + 1)
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
        target, qualified = self._split(scope, expr, depth)
        return target if qualified is None else self.lookup(qualified, depth)

    def _split(
        self, scope: ModuleScope, expr: ast.expr, depth: int
    ) -> tuple[Target, str | None]:
        """Resolve a base-class expression within its module, or name its import.

        Args:
            scope: The module whose code holds the expression.
            expr: The expression (see :meth:`expr_target`).
            depth: Re-export hops followed so far.

        Returns:
            ``(target, None)`` when resolved here; ``(None, qualified)`` when
            the expression names an import, to resolve with :meth:`lookup`.
        """
        if isinstance(expr, ast.Subscript):
            expr = expr.value
        if isinstance(expr, ast.Name):
            if expr.id in scope.classes and expr.id not in scope.imports.names:
                return (scope, scope.classes[expr.id]), None
            if expr.id not in scope.imports.names:
                value = scope.assigns.get(expr.id)
                if (
                    value is not None
                    and isinstance(value, ast.Name | ast.Attribute)
                    and depth < _MAX_DEPTH
                ):
                    return self.expr_target(scope, value, depth + 1), None
                if expr.id not in scope.bound and depth < _MAX_DEPTH:
                    origin = self.origin(scope, expr.id)
                    if origin is not None:
                        return self.member(origin, [expr.id], depth + 1), None
                if expr.id in _BUILTIN_NAMES:
                    return f"builtins.{expr.id}", None
                return None, None
        elif isinstance(expr, ast.Attribute):
            root: ast.expr = expr
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
                return self.member(scope, [root.id, *reversed(names)], depth + 1), None
        qualified = scope.imports.qualify(expr)
        if qualified is None or qualified.startswith("?."):
            return None, None
        return None, qualified

    def base_kinds(self, scope: ModuleScope, expr: ast.expr) -> frozenset[str] | None:
        """Return the known kinds a base-class expression reaches.

        The same answer as ``target_kinds(expr_target(scope, expr))``; an
        imported project class is answered from the persisted index when
        nothing it depended on changed.

        Args:
            scope: The module whose code holds the expression.
            expr: The expression.

        Returns:
            The kinds, or ``None`` when unknown.
        """
        target, qualified = self._split(scope, expr, 0)
        if qualified is None:
            return self.target_kinds(target)
        return self.imported_kinds(qualified)

    def imported_kinds(self, qualified: str) -> frozenset[str] | None:
        """Return ``target_kinds(lookup(qualified))``, persisted for project classes.

        Args:
            qualified: A qualified class name, as imported.

        Returns:
            The kinds, or ``None`` when unknown.
        """
        if qualified in KNOWN or not self.is_project(qualified):
            return self.target_kinds(qualified)
        return facts.answer(
            self.store,
            self.root,
            ("kinds", qualified),
            lambda: self.target_kinds(self.lookup(qualified)),
            encode=_encode_kinds,
            decode=_decode_kinds,
        )

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
            memo, trace = scope.memo[key]
            dependencies.replay(trace)
            return memo
        if key in self._active or len(self._active) > _MAX_ACTIVE:
            # A cycle, or a chain of bases too long to follow on the stack.
            dependencies.probe(dependencies.CUT)
            return None
        self._active.add(key)
        try:
            found: set[str] = set()
            unknown = False
            with dependencies.Trace() as traced:
                for base in cls.bases:
                    kinds = self.base_kinds(scope, base)
                    if kinds is None:
                        unknown = True
                    else:
                        found.update(kinds)
        finally:
            self._active.discard(key)
        result = frozenset(found) if found or not unknown else None
        scope.memo[key] = (result, traced)
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
            dependencies.replay(self._qualified_trace[qualified])
            return self._qualified[qualified]
        if qualified in self._active:
            dependencies.probe(dependencies.CUT)
            return configured or None
        with dependencies.Trace() as trace:
            result = self._compute_qualified_kinds(qualified, configured)
        self._qualified[qualified] = result
        self._qualified_trace[qualified] = trace
        return result

    def _compute_qualified_kinds(
        self, qualified: str, configured: frozenset[str]
    ) -> frozenset[str] | None:
        """Compute the kinds of a qualified class (see :meth:`qualified_kinds`).

        Args:
            qualified: A dotted class name.
            configured: The kinds the configuration assigns to it.

        Returns:
            The kinds, or ``None`` when unknown.
        """
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
            dependencies.probe(dependencies.CUT)
            return False
        if len(seen) > _MAX_ACTIVE:
            dependencies.probe(dependencies.CUT)
            return None
        seen.add(id(cls))
        if any(self._project_decorator(scope, item) for item in cls.decorators):
            # A project decorator may set the attributes: not visible statically.
            return True
        own = cls.assigned & attrs
        if cls.declares(attrs - own, methods):
            return True
        if own:
            if not all(
                name in cls.values and self.restates_default(scope, cls.values[name])
                for name in own
            ):
                return True
            # ``= None`` / ``= api_settings.DEFAULT_*`` restates the default and
            # shadows what the bases assign; only their methods still count.
            attrs = frozenset()
        unknown = False
        for base in cls.bases:
            target, qualified = self._split(scope, base, 0)
            if qualified is not None:
                answer = self._declared_by(qualified, attrs, methods)
            else:
                answer = self._target_declares(target, attrs, methods, seen)
            if answer:
                return True
            if answer is None:
                unknown = True
        return None if unknown else False

    def _target_declares(
        self,
        target: Target,
        attrs: frozenset[str],
        methods: frozenset[str],
        seen: set[int],
    ) -> bool | None:
        """Tell whether a resolved base declares something (see :meth:`declares`).

        Args:
            target: The resolved base.
            attrs: Attribute names whose assignment counts.
            methods: Method names whose definition counts.
            seen: Classes already visited (cycle guard).

        Returns:
            True, False, or ``None`` when unknown.
        """
        if target is None:
            return None
        if isinstance(target, str):
            top = target.split(".", 1)[0]
            known = (
                target in KNOWN
                or top in THIRD_PARTY
                or top in _STDLIB
                or top == "builtins"
            )
            return False if known else None
        return self.declares(target[0], target[1], attrs, methods, seen)

    def _declared_by(
        self, qualified: str, attrs: frozenset[str], methods: frozenset[str]
    ) -> bool | None:
        """Tell whether an imported base declares something (persisted answer).

        Args:
            qualified: The base's qualified name, as imported.
            attrs: Attribute names whose assignment counts.
            methods: Method names whose definition counts.

        Returns:
            What :meth:`declares` answers for the class it names.
        """
        if qualified in KNOWN or not self.is_project(qualified):
            return self._target_declares(qualified, attrs, methods, set())
        key = f"{qualified}|{','.join(sorted(attrs))}|{','.join(sorted(methods))}"
        if key in self._declaring:
            # A cycle back to a class being judged adds nothing new.
            dependencies.probe(dependencies.CUT)
            return False

        def compute() -> bool | None:
            """Resolve the base and judge it (the uncached path).

            Returns:
                The verdict.
            """
            self._declaring.add(key)
            try:
                return self._target_declares(
                    self.lookup(qualified), attrs, methods, set()
                )
            finally:
                self._declaring.discard(key)

        return facts.answer(
            self.store,
            self.root,
            ("declares", key),
            compute,
            encode=_same,
            decode=_decode_verdict,
        )

    def bases_of(self, scope: ModuleScope, cls: ClassInfo) -> list[Target]:
        """Resolve the bases a class statement names.

        Args:
            scope: The module defining the class.
            cls: The class.

        Returns:
            One target per base, in order: ``(scope, class)`` for a project
            class, the qualified name of a non-project class, or ``None``.
        """
        return [self.expr_target(scope, base) for base in cls.bases]

    # -- reverse edges ----------------------------------------------------

    def dependents(self, changed: Iterable[str]) -> list[str]:
        """Return the project files whose classes inherit from classes of changed files.

        Class-level findings (DJA002, DJA008, DJA010-DJA014) of a subclass
        depend on what its project ancestors declare, so a change to a mixin
        can create or clear findings in files that did not change. Only
        inheritance counts: importing a name does not make a module's findings
        depend on the imported module. Bases are resolved as the rules resolve
        them (re-exports and star imports included, R2), transitively, class by
        class: a file is a dependent only when one of its classes reaches a
        class defined in a changed file.

        Args:
            changed: Changed files, absolute or relative to the run directory.

        Returns:
            The absolute paths of the dependent project files, sorted; the
            changed files themselves are left out.
        """
        wanted = {str(Path(self.root, path).resolve()) for path in changed}
        if not any(
            (scope := self.file_scope(module)) is not None and scope.classes
            for module in self.modules()
            if module.file in wanted
        ):
            # No class changed: skip building the index over the whole project.
            return []
        index = self._subclass_index()
        queue = [cls for path in wanted for cls in index.defined.get(path, ())]
        seen = {id(cls) for cls in queue}
        found: set[str] = set()
        while queue:
            for file, sub in index.children.get(id(queue.pop()), ()):
                if id(sub) not in seen:
                    seen.add(id(sub))
                    found.add(file)
                    queue.append(sub)
        return sorted(found - wanted)

    def _subclass_index(self) -> _SubclassIndex:
        """Build, once per model, the index from each project class to its subclasses.

        One pass over the class statements (nested ones included) of every
        module but migrations; each base is resolved once.

        Returns:
            The index.
        """
        if self._subclasses is not None:
            return self._subclasses
        index = _SubclassIndex()
        pending: list[tuple[str, ModuleScope, ClassInfo]] = []
        for module in self.modules():
            # Migrations are never reported and no project class inherits
            # from theirs: skipping them saves a sixth of the parses.
            if role_names.MIGRATIONS in module.roles:
                continue
            scope = self.file_scope(module)
            if scope is None:
                continue
            stack = list(scope.classes.values())
            while stack:
                cls = stack.pop()
                index.defined.setdefault(module.file, []).append(cls)
                pending.append((module.file, scope, cls))
                stack.extend(cls.inner.values())
        for file, scope, cls in pending:
            for target in self.bases_of(scope, cls):
                # Non-project bases (strings) and unresolvable ones (None) have
                # no file of the project to change.
                if isinstance(target, tuple) and target[1] is not cls:
                    index.children.setdefault(id(target[1]), []).append((file, cls))
        self._subclasses = index
        return index

    def _project_decorator(self, scope: ModuleScope, expr: ast.expr) -> bool:
        """Tell whether a class decorator is defined in the project.

        Args:
            scope: The module holding the decorated class.
            expr: The decorator expression (called or not).

        Returns:
            True for a function of the same module or a name imported from a
            project module.
        """
        if isinstance(expr, ast.Call):
            expr = expr.func
        if isinstance(expr, ast.Name) and expr.id not in scope.imports.names:
            return expr.id in scope.functions or expr.id in scope.classes
        qualified = scope.imports.qualify(expr)
        return qualified is not None and self.is_project(qualified)

    @staticmethod
    def note_unresolved(name: str) -> None:
        """Record a DRF-looking base that could not be resolved (for ``djarch check``).

        Args:
            name: The base as written or qualified.
        """
        _UNRESOLVED.setdefault(name, None)
        if _NOTING:
            _NOTING[-1].setdefault(name, None)


def model_for(
    config: Config, linted: str | None = None, *, refresh: bool = False
) -> ProjectModel:
    """Return the shared model of a configuration (one per process and root).

    Args:
        config: The run's configuration.
        linted: The file about to be linted. Linting a file a second time in
            one process (an editor running flake8 in-process) makes the model
            check whether the files it read changed; a one-pass run over a
            tree never pays for that.
        refresh: Check now whether the files it read changed (a hook asked
            twice in one process, e.g. before and after ``djarch answer``
            lays files over a project).

    Returns:
        The model, created on first use (and again after a file it read changed).
    """
    if refresh:
        _revalidate(force=True)
    elif linted is not None:
        facts.flush_soon()
        seen = (config.root, linted)
        if seen in _LINTED:
            _revalidate()
        else:
            _LINTED.add(seen)
    root = config.root
    key = (
        root if root.startswith("/") else str(Path(root).absolute()),
        config.source_roots,
        config.view_bases,
        config.serializer_bases,
        config.model_bases,
        tuple(sorted(config.roles.items())),
    )
    model = _MODELS.get(key)
    if model is None:
        model = _MODELS[key] = ProjectModel(config)
    return model


class ClassResolver:
    """The project model seen from one linted module (``ctx.classes``).

    Attributes:
        project: The shared project model.
        scope: The module's own top-level bindings.
        local: Top-level classes of the module by name.
    """

    def __init__(self, ctx: Context) -> None:
        """Bind the resolver to a module.

        Args:
            ctx: The module's context.
        """
        # The context is not kept: it caches this resolver, and the cycle
        # would keep the linted tree alive (djarch check collects no cycles).
        self.project = model_for(ctx.config)
        self.scope = self.project.register(ctx)
        self.local: dict[str, ast.ClassDef] = {
            node.name: node
            for node in top_level(ctx.tree.body)
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
        return self.project.base_kinds(self.scope, base)

    def bases_of(self, cls: ast.ClassDef) -> list[Target]:
        """Resolve the bases of a class of this module.

        Args:
            cls: A class defined in the module.

        Returns:
            See :meth:`ProjectModel.bases_of`.
        """
        return self.project.bases_of(self.scope, self.info(cls))

    def constant(self, expr: ast.expr) -> object:
        """Return the literal value of an expression of this module (R3).

        Args:
            expr: The expression.

        Returns:
            See :meth:`ProjectModel.constant`.

        Raises:
            Unknown: When it cannot be decided.
        """
        return self.project.constant(self.scope, expr)

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
            :meth:`ProjectModel.declares`).
        """
        return self.project.declares(
            self.scope, self.info(cls), frozenset(attrs), frozenset(methods)
        )


def resolver_for(ctx: Context) -> ClassResolver:
    """Create the resolver of a module.

    Args:
        ctx: The module's context.

    Returns:
        The resolver.
    """
    return ClassResolver(ctx)


__all__ = [
    "API_SETTINGS",
    "BASE_SETTINGS",
    "DRF_SERIALIZER",
    "DRF_VIEW",
    "MODEL",
    "ClassResolver",
    "ModuleInfo",
    "Namespace",
    "ProjectModel",
    "clear_cache",
    "model_for",
    "noting_unresolved",
    "report_unresolved",
    "resolver_for",
    "stats",
    "unresolved_bases",
]
