"""Settings and configuration rules DJA070–DJA079 (RULES.md §8).

A *main settings module* is a settings-role module that assigns
``INSTALLED_APPS`` (a fresh assignment; ``INSTALLED_APPS += [...]`` or
``INSTALLED_APPS = [*INSTALLED_APPS, ...]`` in an override module only extends
it). The presence checks run on main settings modules only; names that such a
module star-imports from a project module count as present, and a star import
that cannot be resolved from source makes them stay silent. Project modules
are parsed from source below the run directory, never imported.
"""

from __future__ import annotations

import ast
import builtins
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from flake8_djarch import roles
from flake8_djarch.checks.async_rules import (
    add_finding,
    allow_async_unsafe_write,
    module_assignments,
)
from flake8_djarch.engine import Checker, Context
from flake8_djarch.imports import (
    ImportRecord,
    ImportTable,
    dotted_text,
    resolve_relative,
)
from flake8_djarch.orm import describe
from flake8_djarch.project import files
from flake8_djarch.resolve import BASE_SETTINGS
from flake8_djarch.violations.config import (
    AuthUserModel,
    DebugLiteral,
    DirectEnvRead,
    HardCodedSecret,
    JsonLogging,
    OpenAllowedHosts,
    RestFrameworkBaseline,
    SecuritySetting,
    SettingsWithoutPydantic,
    ThrottleScopes,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

BASE_SETTINGS_NAMES = frozenset({BASE_SETTINGS, "pydantic_settings.main.BaseSettings"})
ENV_READ_CALLS = frozenset({"os.environ.get", "os.getenv", "decouple.config"})
SECRET_EXACT = frozenset({"SECRET_KEY", "SECRET", "TOKEN", "PASSWORD"})
SECRET_SUFFIXES = ("PASSWORD", "_SECRET", "_TOKEN", "API_KEY")
SECRET_WRAPPERS = frozenset({"Field", "SecretStr"})
HSTS_SECONDS = 31536000
BOOLEAN_SETTINGS = (
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_CONTENT_TYPE_NOSNIFF",
)
PROXY_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURITY_SETTINGS: dict[str, str] = {
    "SECURE_HSTS_SECONDS": str(HSTS_SECONDS),
    **dict.fromkeys(BOOLEAN_SETTINGS, "True"),
    "X_FRAME_OPTIONS": '"DENY"',
    "SECURE_PROXY_SSL_HEADER": '("HTTP_X_FORWARDED_PROTO", "https")',
}
REST_FRAMEWORK_KEYS = (
    "DEFAULT_AUTHENTICATION_CLASSES",
    "DEFAULT_PERMISSION_CLASSES",
    "DEFAULT_PAGINATION_CLASS",
    "PAGE_SIZE",
    "DEFAULT_THROTTLE_CLASSES",
    "DEFAULT_THROTTLE_RATES",
    "DEFAULT_SCHEMA_CLASS",
    "EXCEPTION_HANDLER",
    "DEFAULT_RENDERER_CLASSES",
)
THROTTLE_SCOPES = {"AnonRateThrottle": "anon", "UserRateThrottle": "user"}
MAX_DEPTH = 6
BUILTIN_NAMES = frozenset(dir(builtins))


def _string(node: ast.AST | None) -> str | None:
    """Return the text of a string literal.

    Args:
        node: Any node, or ``None``.

    Returns:
        The string, or ``None`` when the node is not a ``str`` constant.
    """
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def is_secret_name(name: str) -> bool:
    """Tell whether a name holds a secret by the DJA072 naming rule.

    Args:
        name: An identifier or dict key.

    Returns:
        True for ``SECRET_KEY``, ``DB_PASSWORD``, ``stripe_api_key`` and the
        like; False for ``TOKEN_TTL`` or ``PASSWORD_HASHERS``.
    """
    upper = name.upper()
    return upper in SECRET_EXACT or upper.endswith(SECRET_SUFFIXES)


def secret_literal(value: ast.AST | None) -> ast.Constant | None:
    """Return the non-empty string literal a value assigns, through pydantic wrappers.

    Args:
        value: The assigned expression.

    Returns:
        The literal for ``"x"``, ``SecretStr("x")``, ``Field("x")`` or
        ``Field(default="x")``; ``None`` for anything else.
    """
    for _ in range(MAX_DEPTH):
        if isinstance(value, ast.Call):
            name = dotted_text(value.func)
            if name is None or name.rsplit(".", 1)[-1] not in SECRET_WRAPPERS:
                return None
            defaults = [
                keyword.value for keyword in value.keywords if keyword.arg == "default"
            ]
            value = defaults[0] if defaults else (value.args[0] if value.args else None)
            continue
        if (
            isinstance(value, ast.Constant)
            and isinstance(value.value, str)
            and value.value
        ):
            return value
        return None
    return None


def _last_part(node: ast.AST) -> str | None:
    """Return the last dotted part of a class reference.

    Args:
        node: A string literal (``"rest_framework.permissions.AllowAny"``) or a
            dotted name (``permissions.AllowAny``).

    Returns:
        ``AllowAny`` for both examples; ``None`` for anything else.
    """
    text = _string(node)
    if text is None:
        text = dotted_text(node)
    return None if text is None else text.rsplit(".", 1)[-1]


def _dict_items(node: ast.Dict) -> Iterator[tuple[str, ast.expr, ast.expr]]:
    """Iterate over the string-keyed entries of a dict literal.

    Args:
        node: The dict literal.

    Yields:
        ``(key, key node, value node)`` per entry with a string-literal key.
    """
    for key, value in zip(node.keys, node.values, strict=True):
        text = _string(key)
        if text is not None and key is not None:
            yield text, key, value


def _dict_is_open(node: ast.Dict) -> bool:
    """Tell whether a dict literal may hold keys we cannot see.

    Args:
        node: The dict literal.

    Returns:
        True when it unpacks another mapping or has a non-literal key.
    """
    return any(_string(key) is None for key in node.keys)


@dataclass
class ModuleView:
    """What the settings rules need to know about one module.

    Attributes:
        tree: The parsed module.
        package: Its package, for relative imports.
        imports: Its import table.
        assigned: Names bound at module level and their statements.
    """

    tree: ast.Module
    package: str | None
    imports: ImportTable
    assigned: dict[str, list[ast.stmt]] = field(default_factory=dict)

    @classmethod
    def build(
        cls, tree: ast.Module, package: str | None, imports: ImportTable | None = None
    ) -> ModuleView:
        """Index a module.

        Args:
            tree: The parsed module.
            package: Its package name.
            imports: An import table already built for it.

        Returns:
            The view.
        """
        table = imports if imports is not None else ImportTable.build(tree, package)
        return cls(tree, package, table, module_assignments(tree))

    def definition(self, name: str) -> ast.stmt | None:
        """Return the last module-level statement defining a name.

        Args:
            name: The name.

        Returns:
            A class, function or assignment statement, or ``None``.
        """
        found: ast.stmt | None = None
        for stmt in self.tree.body:
            defines = (
                isinstance(stmt, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
                and stmt.name == name
            )
            assigns = isinstance(
                stmt, ast.Assign | ast.AnnAssign | ast.AugAssign
            ) and stmt in self.assigned.get(name, ())
            if defines or assigns:
                found = stmt
        return found

    def star_modules(self) -> list[str | None]:
        """Return the modules this module star-imports, resolved.

        Returns:
            Dotted names; ``None`` for one that cannot be resolved.
        """
        return [
            resolve_relative(node.module, node.level, self.package)
            for node in ast.walk(self.tree)
            if isinstance(node, ast.ImportFrom)
            and any(alias.name == "*" for alias in node.names)
        ]


@lru_cache(maxsize=512)
def _parse(path: Path, stamp: tuple[int, int]) -> ast.Module | None:
    """Parse a project file once per process and version.

    Args:
        path: The file.
        stamp: Its modification time and size; part of the cache key only.

    Returns:
        The module, or ``None`` when it cannot be read or parsed.
    """
    del stamp
    try:
        source = files.read_source(path, files.default_root(path))
        return ast.parse(source, filename=str(path))
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


class ProjectModules:
    """Project modules read from source below the run directory (parse cache per process)."""

    def __init__(self, ctx: Context) -> None:
        """Bind the loader to a run.

        Modules are searched below the run directory, the configured source
        roots and every folder above the linted file (for projects linted from
        a parent directory, e.g. ``backend/config/settings.py`` importing
        ``config.env``).

        Args:
            ctx: The module being linted (for the root, source roots and path).
        """
        root = Path(ctx.config.root).resolve()
        folders = PurePosixPath(ctx.path).parents
        self.bases = [
            root,
            *(root / folder for folder in ctx.config.source_roots),
            *(root / folder for folder in reversed(folders) if str(folder) != "."),
        ]
        self._views: dict[str, ModuleView | None] = {}

    def find(self, dotted: str) -> tuple[Path, bool] | None:
        """Locate a project module's file.

        Args:
            dotted: The module's dotted name.

        Returns:
            ``(path, is_package)``, or ``None`` when no such file exists.
        """
        parts = dotted.split(".")
        for base in self.bases:
            stem = base.joinpath(*parts)
            module = stem.with_name(stem.name + ".py")
            if module.is_file():
                return module, False
            init = stem / "__init__.py"
            if init.is_file():
                return init, True
        return None

    def is_project(self, dotted: str) -> bool:
        """Tell whether a dotted module name belongs to the project.

        Args:
            dotted: The module's dotted name.

        Returns:
            True when its top-level package or module exists below the run
            directory or a source root.
        """
        top = dotted.split(".", 1)[0]
        if not top.isidentifier():
            return False
        return any(
            (base / top).is_dir() or (base / f"{top}.py").is_file()
            for base in self.bases
        )

    def view(self, dotted: str) -> ModuleView | None:
        """Parse and index a project module.

        Args:
            dotted: The module's dotted name.

        Returns:
            The view, or ``None`` when the module is missing or does not parse.
        """
        if dotted not in self._views:
            view: ModuleView | None = None
            located = self.find(dotted)
            if located is not None:
                path, is_package = located
                try:
                    info = path.stat()
                    tree = _parse(path, (info.st_mtime_ns, info.st_size))
                except OSError:
                    tree = None
                if tree is not None:
                    package = dotted if is_package else dotted.rpartition(".")[0]
                    view = ModuleView.build(tree, package)
            self._views[dotted] = view
        return self._views[dotted]


class SettingsResolver:
    """Answers "is this a pydantic-settings class, instance or factory" across modules."""

    def __init__(self, modules: ProjectModules) -> None:
        """Bind the resolver to the project.

        Args:
            modules: The project module loader.
        """
        self.modules = modules

    def class_reaches(
        self, view: ModuleView, cls: ast.ClassDef, depth: int = 0
    ) -> bool | None:
        """Tell whether a class derives from ``pydantic_settings.BaseSettings``.

        Args:
            view: The module defining the class.
            cls: The class.
            depth: The recursion depth so far.

        Returns:
            True or False when decided, ``None`` when some base is unknown.
        """
        unknown = False
        for base in cls.bases:
            verdict = self.expr_is_class(view, base, depth + 1)
            if verdict:
                return True
            if verdict is None:
                unknown = True
        return None if unknown else False

    def expr_is_class(
        self, view: ModuleView, expr: ast.expr, depth: int
    ) -> bool | None:
        """Tell whether an expression names a settings class.

        Args:
            view: The module the expression stands in.
            expr: A name or dotted attribute.
            depth: The recursion depth so far.

        Returns:
            True, False, or ``None`` when it cannot be decided.
        """
        if depth > MAX_DEPTH:
            return None
        if isinstance(expr, ast.Subscript):
            expr = expr.value
        if isinstance(expr, ast.Name) and expr.id not in view.imports.names:
            stmt = view.definition(expr.id)
            if isinstance(stmt, ast.ClassDef):
                return self.class_reaches(view, stmt, depth)
            if stmt is not None:
                return None
            return False if expr.id in BUILTIN_NAMES else None
        qualified = view.imports.qualify(expr)
        if qualified is None:
            return None
        if qualified in BASE_SETTINGS_NAMES:
            return True
        module, _, name = qualified.rpartition(".")
        if module and self.modules.is_project(module):
            return self.name_kind(module, name, depth + 1, want_class=True)
        return (
            None if qualified.split(".", 1)[0] in {"pydantic_settings", "?"} else False
        )

    def name_kind(
        self, module: str, name: str, depth: int, *, want_class: bool = False
    ) -> bool | None:
        """Tell whether a project module's name is a settings class (or instance / factory).

        Args:
            module: The dotted project module.
            name: The name looked up in it.
            depth: The recursion depth so far.
            want_class: Accept classes only.

        Returns:
            True, False, or ``None`` when it cannot be decided.
        """
        if depth > MAX_DEPTH:
            return None
        view = self.modules.view(module)
        submodule = f"{module}.{name}"
        if view is None:
            if not want_class and self.modules.find(submodule) is not None:
                return self.module_provides(submodule, depth + 1)
            return None if self.modules.is_project(module) else False
        stmt = view.definition(name)
        if isinstance(stmt, ast.ClassDef):
            return self.class_reaches(view, stmt, depth)
        if stmt is None:
            record = view.imports.names.get(name)
            if record is not None and record.module is not None:
                original = record.qualified.rpartition(".")[2]
                if self.modules.is_project(record.module):
                    return self.name_kind(
                        record.module, original, depth + 1, want_class=want_class
                    )
                return record.qualified in BASE_SETTINGS_NAMES if want_class else False
            if not want_class and self.modules.find(submodule) is not None:
                return self.module_provides(submodule, depth + 1)
            return False
        if want_class:
            return False
        return self.stmt_makes_instance(view, stmt, depth)

    def stmt_makes_instance(
        self, view: ModuleView, stmt: ast.stmt, depth: int
    ) -> bool | None:
        """Tell whether a statement binds a settings instance or factory.

        Args:
            view: The module holding the statement.
            stmt: An assignment or function definition.
            depth: The recursion depth so far.

        Returns:
            True, False, or ``None`` when it cannot be decided.
        """
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef):
            return (
                self.expr_is_class(view, stmt.returns, depth + 1)
                if stmt.returns is not None
                else None
            )
        value = getattr(stmt, "value", None)
        annotation = getattr(stmt, "annotation", None)
        if annotation is not None and self.expr_is_class(view, annotation, depth + 1):
            return True
        if isinstance(value, ast.Call):
            func = value.func
            verdict = self.expr_is_class(view, func, depth + 1)
            if verdict:
                return True
            if isinstance(func, ast.Name):
                target = view.definition(func.id)
                if (
                    isinstance(target, ast.FunctionDef | ast.AsyncFunctionDef)
                    and target.returns is not None
                ):
                    return self.expr_is_class(view, target.returns, depth + 1)
            return verdict
        return False

    def module_provides(self, module: str, depth: int) -> bool | None:
        """Tell whether a project module defines a settings class or instance.

        Args:
            module: The dotted project module.
            depth: The recursion depth so far.

        Returns:
            True, False, or ``None`` when it cannot be decided.
        """
        view = self.modules.view(module)
        if view is None or depth > MAX_DEPTH:
            return None
        unknown = False
        for stmt in view.tree.body:
            if isinstance(stmt, ast.ClassDef):
                verdict = self.class_reaches(view, stmt, depth)
            elif isinstance(stmt, ast.Assign | ast.AnnAssign):
                verdict = self.stmt_makes_instance(view, stmt, depth)
            else:
                continue
            if verdict:
                return True
            unknown = unknown or verdict is None
        return None if unknown else False


@dataclass
class SettingsFacts:
    """The names a main settings module provides, star imports included.

    Attributes:
        names: Every name bound, directly or through resolved star imports.
        unknown: True when a star import could not be resolved from source.
        star_views: The resolved star-imported project modules.
    """

    names: set[str] = field(default_factory=set)
    unknown: bool = False
    star_views: list[ModuleView] = field(default_factory=list)


class SettingsChecker(Checker):
    """DJA071, DJA073–DJA079: the settings-role modules."""

    violations = (
        SettingsWithoutPydantic,
        SecuritySetting,
        RestFrameworkBaseline,
        ThrottleScopes,
        AuthUserModel,
        DebugLiteral,
        OpenAllowedHosts,
        JsonLogging,
    )
    only_roles = frozenset({roles.SETTINGS})

    def begin(self) -> None:
        """Judge the module as a whole: main-module presence checks and dict settings."""
        ctx = self.ctx
        self.view = ModuleView.build(ctx.tree, ctx.package, ctx.imports)
        self.modules = ProjectModules(ctx)
        rest = self._top_level_dict("REST_FRAMEWORK")
        if rest is not None:
            self._check_throttles(rest[1])
        if not self._is_main():
            return
        facts = self._facts()
        self._check_pydantic(facts)
        if rest is not None:
            self._check_rest_framework(*rest)
        if facts.unknown:
            return
        for setting, value in SECURITY_SETTINGS.items():
            if setting not in facts.names:
                add_finding(
                    ctx,
                    (1, 0),
                    SecuritySetting,
                    setting=setting,
                    problem="is missing",
                    value=value,
                )
        if "REST_FRAMEWORK" not in facts.names:
            add_finding(
                ctx,
                (1, 0),
                RestFrameworkBaseline,
                problem="REST_FRAMEWORK is missing; define it with the baseline keys",
            )
        if "AUTH_USER_MODEL" not in facts.names:
            add_finding(ctx, (1, 0), AuthUserModel)
        if "LOGGING" not in facts.names:
            add_finding(ctx, (1, 0), JsonLogging, problem="LOGGING is missing")
        else:
            self._check_logging()

    def _is_main(self) -> bool:
        """Tell whether the module is a main settings module.

        Returns:
            True when it assigns ``INSTALLED_APPS`` afresh (not ``+=`` and not
            from a previous value such as ``base.INSTALLED_APPS``).
        """
        for stmt in self.view.assigned.get("INSTALLED_APPS", ()):
            if not isinstance(stmt, ast.Assign | ast.AnnAssign) or stmt.value is None:
                continue
            if not any(
                (isinstance(node, ast.Name) and node.id == "INSTALLED_APPS")
                or (isinstance(node, ast.Attribute) and node.attr == "INSTALLED_APPS")
                for node in ast.walk(stmt.value)
            ):
                return True
        return False

    def _facts(self) -> SettingsFacts:
        """Collect the names the module provides, through star imports.

        Returns:
            The names, the resolved star-imported modules, and whether some
            star import could not be resolved.
        """
        facts = SettingsFacts(names=set(self.view.assigned))
        todo: list[tuple[ModuleView, int]] = [(self.view, 0)]
        seen: set[str] = set()
        while todo:
            view, depth = todo.pop()
            for module in view.star_modules():
                if module is None or depth >= MAX_DEPTH:
                    facts.unknown = True
                    continue
                if module in seen:
                    continue
                seen.add(module)
                star = self.modules.view(module)
                if star is None:
                    facts.unknown = True
                    continue
                facts.star_views.append(star)
                facts.names.update(
                    name for name in star.assigned if not name.startswith("_")
                )
                todo.append((star, depth + 1))
        return facts

    def _extended(self, name: str) -> bool:
        """Tell whether a module-level dict is changed after its assignment.

        Args:
            name: The setting name.

        Returns:
            True for ``NAME["key"] = ...``, ``NAME.update(...)``, ``NAME |= ...``
            and similar uses.
        """
        for node in ast.walk(self.ctx.tree):
            if (
                isinstance(node, ast.AugAssign)
                and isinstance(node.target, ast.Name)
                and node.target.id == name
            ):
                return True
            if not isinstance(node, ast.Subscript | ast.Attribute):
                continue
            base: ast.expr = node
            while isinstance(base, ast.Subscript | ast.Attribute):
                base = base.value
            if not (isinstance(base, ast.Name) and base.id == name):
                continue
            if isinstance(node, ast.Attribute) or isinstance(
                node.ctx, ast.Store | ast.Del
            ):
                return True
        return False

    def _top_level_dict(self, name: str) -> tuple[ast.stmt, ast.Dict] | None:
        """Return the dict literal a setting is assigned, when it is decidable.

        Args:
            name: The setting name.

        Returns:
            ``(statement, dict)`` when every assignment is a top-level statement
            and the last one assigns a dict literal; ``None`` otherwise.
        """
        statements = self.view.assigned.get(name)
        if not statements or any(stmt not in self.ctx.tree.body for stmt in statements):
            return None
        last = statements[-1]
        value = getattr(last, "value", None)
        if isinstance(last, ast.Assign | ast.AnnAssign) and isinstance(value, ast.Dict):
            return last, value
        return None

    def _check_pydantic(self, facts: SettingsFacts) -> None:
        """DJA071: require a pydantic-settings class, instance or factory.

        Args:
            facts: The module's names, star imports included.
        """
        ctx = self.ctx
        resolver = SettingsResolver(self.modules)
        unknown = facts.unknown
        for stmt in self.ctx.tree.body:
            if isinstance(stmt, ast.ClassDef):
                verdict = ctx.classes.reaches(stmt, BASE_SETTINGS)
                if not verdict:
                    verdict = resolver.class_reaches(self.view, stmt)
                if verdict:
                    return
                unknown = unknown or verdict is None
        shared = getattr(ctx.classes, "imported_is_settings", None)
        for record in ctx.imports.records:
            if record.module is None:
                # ``import config.env as env_module``: the module itself is used.
                verdict = self._imported_module_provides(resolver, record)
                if verdict:
                    return
                unknown = unknown or verdict is None
                continue
            if not self.modules.is_project(record.module):
                continue
            name = record.qualified.rpartition(".")[2]
            verdict = resolver.name_kind(record.module, name, 1)
            if not verdict and shared is not None:
                # The shared resolver may know more; it only overrides "unknown"
                # or confirms a settings name, never silences a decided False.
                other = shared(record.qualified)
                verdict = True if other else verdict
            if verdict:
                return
            unknown = unknown or verdict is None
        for star in facts.star_views:
            for stmt in star.tree.body:
                if isinstance(stmt, ast.ClassDef) and resolver.class_reaches(
                    star, stmt
                ):
                    return
        if not unknown:
            add_finding(ctx, (1, 0), SettingsWithoutPydantic)

    def _imported_module_provides(
        self, resolver: SettingsResolver, record: ImportRecord
    ) -> bool | None:
        """Tell whether a plain ``import`` brings in a project settings module.

        Args:
            resolver: The cross-module settings resolver.
            record: A record of an ``import a.b`` / ``import a.b as c`` statement.

        Returns:
            True when an imported project module defines a settings class or
            instance, ``None`` when that cannot be decided, else False.
        """
        if not isinstance(record.node, ast.Import):
            return False
        unknown = False
        for alias in record.node.names:
            local = alias.asname or alias.name.split(".", 1)[0]
            if local != record.local or self.modules.find(alias.name) is None:
                continue
            verdict = resolver.module_provides(alias.name, 1)
            if verdict:
                return True
            unknown = unknown or verdict is None
        return None if unknown else False

    def _check_rest_framework(self, stmt: ast.stmt, rest: ast.Dict) -> None:
        """DJA074: missing baseline keys and ``AllowAny`` as the default.

        Args:
            stmt: The ``REST_FRAMEWORK =`` statement.
            rest: Its dict literal.
        """
        ctx = self.ctx
        items = {key: (key_node, value) for key, key_node, value in _dict_items(rest)}
        permissions = items.get("DEFAULT_PERMISSION_CLASSES")
        if (
            permissions is not None
            and isinstance(permissions[1], ast.List | ast.Tuple | ast.Set)
            and any(
                _last_part(element) == "AllowAny" for element in permissions[1].elts
            )
        ):
            ctx.report(
                permissions[0],
                RestFrameworkBaseline,
                problem="REST_FRAMEWORK DEFAULT_PERMISSION_CLASSES contains AllowAny; "
                "default to IsAuthenticated and open single views explicitly",
            )
        if _dict_is_open(rest) or self._extended("REST_FRAMEWORK"):
            return
        for key in REST_FRAMEWORK_KEYS:
            if key not in items:
                add_finding(
                    ctx,
                    (stmt.lineno, stmt.col_offset),
                    RestFrameworkBaseline,
                    problem=f"REST_FRAMEWORK lacks {key}; add it as in the baseline",
                )

    def _check_throttles(self, rest: ast.Dict) -> None:
        """DJA075: every default rate-throttle class needs the rate of its scope.

        Args:
            rest: The ``REST_FRAMEWORK`` dict literal.
        """
        items = {key: (key_node, value) for key, key_node, value in _dict_items(rest)}
        classes = items.get("DEFAULT_THROTTLE_CLASSES")
        if classes is None or not isinstance(classes[1], ast.List | ast.Tuple):
            return
        needed = {
            THROTTLE_SCOPES[part]: part
            for part in (_last_part(element) for element in classes[1].elts)
            if part in THROTTLE_SCOPES
        }
        if not needed:
            return
        rates = items.get("DEFAULT_THROTTLE_RATES")
        if rates is None:
            if _dict_is_open(rest) or self._extended("REST_FRAMEWORK"):
                return
            scopes: set[str] = set()
        elif isinstance(rates[1], ast.Dict) and not _dict_is_open(rates[1]):
            scopes = {key for key, _, _ in _dict_items(rates[1])}
        else:
            return
        missing = [scope for scope in needed if scope not in scopes]
        if missing:
            self.ctx.report(
                classes[0],
                ThrottleScopes,
                throttles=" and ".join(needed[scope] for scope in missing),
                scopes=" and ".join(f'an "{scope}" rate' for scope in missing),
            )

    def _check_logging(self) -> None:
        """DJA079: the ``LOGGING`` formatters must reference a JSON formatter."""
        found = self._top_level_dict("LOGGING")
        if found is None:
            return
        logging = found[1]
        formatters = {key: value for key, _, value in _dict_items(logging)}.get(
            "formatters"
        )
        if formatters is None:
            if _dict_is_open(logging) or self._extended("LOGGING"):
                return
            add_finding(
                self.ctx, (1, 0), JsonLogging, problem="LOGGING has no formatters"
            )
            return
        if not isinstance(formatters, ast.Dict):
            return
        unknown = _dict_is_open(formatters) or self._extended("LOGGING")
        for formatter in formatters.values:
            if not isinstance(formatter, ast.Dict):
                unknown = True
                continue
            unknown = unknown or _dict_is_open(formatter)
            for key, _, value in _dict_items(formatter):
                if key in {"()", "class"}:
                    text = _string(value) or self.ctx.imports.dotted(value)
                    if text is None:
                        unknown = True
                    elif "json" in text.lower():
                        return
        if not unknown:
            add_finding(
                self.ctx,
                (1, 0),
                JsonLogging,
                problem="LOGGING formatters reference no JSON formatter",
            )

    def visit_Assign(self, node: ast.Assign) -> None:
        """Judge a module-level settings assignment.

        Args:
            node: The assignment.
        """
        for target in node.targets:
            if isinstance(target, ast.Name):
                self._judge(target.id, node.value)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        """Judge a module-level annotated settings assignment.

        Args:
            node: The assignment.
        """
        if isinstance(node.target, ast.Name) and node.value is not None:
            self._judge(node.target.id, node.value)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        """Judge ``ALLOWED_HOSTS += [...]``.

        Args:
            node: The augmented assignment.
        """
        if (
            not self.ctx.scopes
            and isinstance(node.target, ast.Name)
            and node.target.id == "ALLOWED_HOSTS"
        ):
            self._check_hosts(node.value)

    def _judge(self, name: str, value: ast.expr) -> None:
        """Judge one module-level setting's value (DJA073, DJA077, DJA078).

        Args:
            name: The assigned name.
            value: The assigned expression.
        """
        ctx = self.ctx
        if ctx.scopes:
            return
        if name == "DEBUG" and isinstance(value, ast.Constant) and value.value is True:
            ctx.report(value, DebugLiteral)
        elif name == "ALLOWED_HOSTS":
            self._check_hosts(value)
        elif name in SECURITY_SETTINGS and ctx.parent() is ctx.tree:
            weak = self._weak(name, value)
            if weak is not None:
                ctx.report(
                    value,
                    SecuritySetting,
                    setting=name,
                    problem=f"= {weak} is weaker than the seed",
                    value=SECURITY_SETTINGS[name],
                )

    def _check_hosts(self, value: ast.expr) -> None:
        """DJA078: report an ``ALLOWED_HOSTS`` literal holding ``"*"``.

        Args:
            value: The assigned expression.
        """
        if isinstance(value, ast.List | ast.Tuple | ast.Set):
            if any(_string(element) == "*" for element in value.elts):
                self.ctx.report(value, OpenAllowedHosts)
        elif _string(value) == "*":
            self.ctx.report(value, OpenAllowedHosts)

    @staticmethod
    def _weak(name: str, value: ast.expr) -> str | None:
        """Return the text of a literal weaker than the seed, if it is one.

        Args:
            name: The security setting.
            value: Its assigned expression.

        Returns:
            The offending literal as source text, or ``None`` when the value is
            as strong as the seed or not a literal.
        """
        try:
            literal = ast.literal_eval(value) if _is_literal(value) else _NOT_LITERAL
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            return None
        if literal is _NOT_LITERAL:
            return None
        text = ast.unparse(value)
        if name == "SECURE_HSTS_SECONDS":
            weak = (
                isinstance(literal, int | float)
                and not isinstance(literal, bool)
                and literal < HSTS_SECONDS
            )
        elif name in BOOLEAN_SETTINGS:
            weak = literal is False
        elif name == "X_FRAME_OPTIONS":
            weak = isinstance(literal, str) and literal.upper() != "DENY"
        else:
            weak = literal is None or (
                isinstance(literal, tuple | list) and tuple(literal) != PROXY_HEADER
            )
        return text if weak else None


_NOT_LITERAL = object()


def _is_literal(node: ast.expr) -> bool:
    """Tell whether a value is a literal DJA073 may judge.

    Args:
        node: The assigned expression.

    Returns:
        True for constants, signed numbers and tuples / lists of constants;
        False for anything computed.
    """
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        return isinstance(node.operand, ast.Constant)
    if isinstance(node, ast.Tuple | ast.List):
        return all(isinstance(element, ast.Constant) for element in node.elts)
    return False


ENUM_BASES = frozenset(
    {
        "Enum",
        "StrEnum",
        "IntEnum",
        "Flag",
        "IntFlag",
        "Choices",
        "TextChoices",
        "IntegerChoices",
    }
)


def _is_enumeration(cls: ast.AST) -> bool:
    """Tell whether a class is an enumeration, whose members label values.

    Args:
        cls: The class definition.

    Returns:
        True when a base's last dotted part is an ``enum`` or Django choices class.
    """
    if not isinstance(cls, ast.ClassDef):
        return False
    for base in cls.bases:
        text = dotted_text(base)
        if text is not None and text.rsplit(".", 1)[-1] in ENUM_BASES:
            return True
    return False


class EnvironmentChecker(Checker):
    """DJA070 and DJA072: direct environment reads and hard-coded secrets outside tests."""

    violations = (DirectEnvRead, HardCodedSecret)

    @classmethod
    def applies(cls, ctx: Context) -> bool:
        """Skip modules of the tests role.

        Args:
            ctx: The module's context.

        Returns:
            True when the module is not a test module and a rule is selected.
        """
        return not ctx.has_role(roles.TESTS) and super().applies(ctx)

    def visit_Subscript(self, node: ast.Subscript) -> None:
        """Report ``os.environ[...]`` (but not the DJA031 write).

        Args:
            node: The subscript.
        """
        ctx = self.ctx
        if (
            ctx.qualify(node.value) == "os.environ"
            and allow_async_unsafe_write(ctx, node) is None
        ):
            ctx.report(node, DirectEnvRead, call=f"{describe(node.value)}[...]")

    def visit_Call(self, node: ast.Call) -> None:
        """Report ``os.environ.get``, ``os.getenv``, ``environ.Env`` and ``decouple.config``.

        Args:
            node: The call.
        """
        ctx = self.ctx
        qualified = ctx.qualify(node.func)
        if qualified is None:
            return
        if qualified == "os.environ.setdefault":
            key = _string(node.args[0]) if node.args else None
            if (
                key == "DJANGO_SETTINGS_MODULE"
                or allow_async_unsafe_write(ctx, node) is not None
            ):
                return
        elif not (
            qualified in ENV_READ_CALLS
            or qualified == "environ.Env"
            or qualified.startswith("environ.Env.")
        ):
            return
        ctx.report(node, DirectEnvRead, call=f"{qualified}()")

    def visit_Assign(self, node: ast.Assign) -> None:
        """Report a secret literal assigned at module level or in a class body.

        Args:
            node: The assignment.
        """
        for target in node.targets:
            if isinstance(target, ast.Name):
                self._secret(target.id, node.value)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        """Report a secret literal as an annotated assignment or field default.

        Args:
            node: The assignment.
        """
        if isinstance(node.target, ast.Name):
            self._secret(node.target.id, node.value)

    def visit_Dict(self, node: ast.Dict) -> None:
        """Report a string literal under the key ``"PASSWORD"`` on the key's line.

        Args:
            node: The dict literal.
        """
        for key, key_node, value in _dict_items(node):
            if key == "PASSWORD" and secret_literal(value) is not None:
                self.ctx.report(key_node, HardCodedSecret, target='"PASSWORD"')

    def _secret(self, name: str, value: ast.expr | None) -> None:
        """DJA072: report a secret literal bound at module level or in a class body.

        Args:
            name: The assigned name.
            value: The assigned expression, if any.
        """
        scopes = self.ctx.scopes
        if scopes and not isinstance(scopes[-1], ast.ClassDef):
            return
        if not is_secret_name(name):
            return
        if scopes and _is_enumeration(scopes[-1]):
            # ``class TokenKind(StrEnum): ACCESS_TOKEN = "access"`` labels a kind.
            return
        literal = secret_literal(value)
        if literal is not None:
            self.ctx.report(literal, HardCodedSecret, target=name)


CHECKERS: tuple[type[Checker], ...] = (SettingsChecker, EnvironmentChecker)
