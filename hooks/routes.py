"""The project's URL routes, read statically: is ``api/health/`` routed (DJA103)?

The main settings module is found through :func:`main_settings_file`, the one
place the hooks ask "which module is the main settings"; its ``ROOT_URLCONF``
names the root URLconf, whose ``path()`` / ``re_path()`` / ``url()`` patterns
are followed through ``include()`` of project URLconfs and pattern lists.
"""

from __future__ import annotations

import ast
import configparser
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from djarch_hooks.common import UnusableInputError, read_text
from djarch_hooks.settings_finder import dotted, project_model
from djarch_hooks.sources import (
    find_module,
    import_table,
    module_of,
    parse,
    source_roots,
    string,
)

DEFAULT_SETTINGS = "config.settings"
DEFAULT_URLCONF = "config.urls"
HEALTH_ROUTE = "api/health/"
HEALTH_ROUTES = frozenset({HEALTH_ROUTE, "api/health/?"})
PATTERN_FUNCTIONS = frozenset({"path", "re_path", "url"})
ENTRY_SCRIPTS = ("manage.py", "asgi.py", "wsgi.py")
INI_FILES = ("pytest.ini", "setup.cfg", "tox.ini")
DS_OPTION = re.compile(r"--ds[= ](\S+)")
MAX_DEPTH = 8
MAX_STAR_DEPTH = 4


def _setdefault_module(tree: ast.Module) -> str | None:
    """Find ``os.environ.setdefault("DJANGO_SETTINGS_MODULE", "...")`` in a script.

    Args:
        tree: The parsed script.

    Returns:
        The settings module it names, or ``None``.
    """
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and dotted(node.func).endswith("environ.setdefault")
            and len(node.args) == 2
            and string(node.args[0]) == "DJANGO_SETTINGS_MODULE"
        ):
            return string(node.args[1])
    return None


def _configured_module(root: Path) -> str | None:
    """Find ``DJANGO_SETTINGS_MODULE`` in the pytest configuration of a folder.

    Args:
        root: The folder.

    Returns:
        The settings module, or ``None``.
    """
    pyproject = root / "pyproject.toml"
    if pyproject.is_file():
        try:
            data = tomllib.loads(read_text(pyproject, root))
        except (UnusableInputError, tomllib.TOMLDecodeError):
            data = {}
        options = data.get("tool", {}).get("pytest", {}).get("ini_options", {})
        if isinstance(options, dict):
            value = options.get("DJANGO_SETTINGS_MODULE")
            if isinstance(value, str):
                return value
            addopts = options.get("addopts", "")
            text = addopts if isinstance(addopts, str) else " ".join(map(str, addopts))
            match = DS_OPTION.search(text)
            if match:
                return match.group(1)
    for name in INI_FILES:
        path = root / name
        if not path.is_file():
            continue
        parser = configparser.ConfigParser(interpolation=None, strict=False)
        try:
            parser.read_string(read_text(path, root))
        except (UnusableInputError, configparser.Error):
            continue
        for section in ("pytest", "tool:pytest"):
            if parser.has_option(section, "DJANGO_SETTINGS_MODULE"):
                return parser.get(section, "DJANGO_SETTINGS_MODULE").strip()
            if parser.has_option(section, "addopts"):
                match = DS_OPTION.search(parser.get(section, "addopts"))
                if match:
                    return match.group(1)
    return None


def main_settings_file(root: Path) -> Path | None:
    """Find the main settings module of a project (RULES.md R6).

    Args:
        root: The project root.

    Returns:
        The file of the first module the project model finds named by
        ``DJANGO_SETTINGS_MODULE`` (entry scripts, then the pytest
        configuration), else of ``config.settings``; ``None`` when not found.
    """
    try:
        model = project_model(root)
        named = model.main_settings()
        found = model.module_file(named[0]) if named else None
    except (OSError, ValueError):
        found = None
    if found is not None:
        return Path(found)
    # The model knows packages; a namespace-package layout is still found here.
    roots = source_roots(root)
    named_here: str | None = None
    for base in roots:
        for script in (
            base / "manage.py",
            *(base / "config" / name for name in ENTRY_SCRIPTS),
        ):
            tree = parse(script, root)
            named_here = _setdefault_module(tree) if tree is not None else None
            if named_here:
                return find_module(roots, named_here)
    return find_module(roots, _configured_module(root) or DEFAULT_SETTINGS)


def _root_urlconf(roots: list[Path], settings: Path | None) -> str | None:
    """Read ``ROOT_URLCONF`` from the main settings module and its star imports.

    Args:
        roots: The source roots (the project root first).
        settings: The main settings file, if found.

    Returns:
        The dotted URLconf (``config.urls`` when the settings do not set it),
        or ``None`` when it is set to something that is not a literal.
    """
    todo: list[tuple[Path | None, int]] = (
        [(settings, 0)] if settings is not None else []
    )
    while todo:
        path, depth = todo.pop(0)
        tree = parse(path, roots[0]) if path is not None else None
        if tree is None:
            continue
        value: str | None = None
        assigned = False
        for stmt in tree.body:
            if isinstance(stmt, ast.Assign) and any(
                isinstance(target, ast.Name) and target.id == "ROOT_URLCONF"
                for target in stmt.targets
            ):
                assigned = True
                value = string(stmt.value)
        if assigned:
            return value
        located = module_of(roots, path) if path is not None else None
        package = ""
        if located is not None:
            package = located[0] if located[1] else located[0].rpartition(".")[0]
        for stmt in tree.body:
            if depth >= MAX_STAR_DEPTH or not isinstance(stmt, ast.ImportFrom):
                continue
            if not any(alias.name == "*" for alias in stmt.names):
                continue
            target = stmt.module or ""
            if stmt.level:
                anchor = package.split(".") if package else []
                anchor = (
                    anchor[: len(anchor) - (stmt.level - 1)]
                    if stmt.level > 1
                    else anchor
                )
                target = ".".join([*anchor, target] if target else anchor)
            todo.append((find_module(roots, target), depth + 1))
    return DEFAULT_URLCONF


@dataclass
class RouteSearch:
    """The state of one search for the health route.

    Attributes:
        roots: The source roots, the project root first.
        found: True once a pattern reaches ``api/health/``.
        unknown: True when some route on the way could not be read.
    """

    roots: list[Path]
    found: bool = False
    unknown: bool = False

    def module(self, name: str, prefix: str, seen: frozenset[str]) -> None:
        """Follow the patterns of a URLconf module.

        Args:
            name: The dotted module.
            prefix: The route prefix its patterns sit under.
            seen: Modules already on the way (cycles end the chase).
        """
        path = find_module(self.roots, name)
        if path is None:
            # A third-party URLconf mounted exactly at the health route serves it.
            self.found = self.found or prefix in HEALTH_ROUTES
            return
        tree = parse(path, self.roots[0])
        if tree is None or len(seen) > MAX_DEPTH:
            self.unknown = True
            return
        located = module_of(self.roots, path)
        imports = (
            import_table(tree, located[0], is_package=located[1]) if located else {}
        )
        nested: set[int] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _is_include(node):
                nested.update(id(inner) for arg in node.args for inner in ast.walk(arg))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and id(node) not in nested
                and _is_pattern(node)
            ):
                self.pattern(node, prefix, imports, seen | {name})

    def pattern(
        self,
        node: ast.Call,
        prefix: str,
        imports: dict[str, str],
        seen: frozenset[str],
    ) -> None:
        """Judge one ``path()`` / ``re_path()`` / ``url()`` call.

        Args:
            node: The call.
            prefix: The route prefix it sits under.
            imports: Its module's import table.
            seen: Modules already on the way.
        """
        route_node = node.args[0] if node.args else _keyword(node, "route", "regex")
        view = node.args[1] if len(node.args) > 1 else _keyword(node, "view")
        route = string(route_node)
        if route is None:
            # A computed route (``settings.ADMIN_URL``) matters only if it
            # could lead to the health view.
            is_include = isinstance(view, ast.Call) and _is_include(view)
            mentions_health = view is not None and any(
                "health" in text.lower()
                for inner in ast.walk(view)
                for text in (
                    getattr(inner, "id", ""),
                    getattr(inner, "attr", ""),
                    string(inner) or "",
                )
            )
            self.unknown = self.unknown or is_include or mentions_health
            return
        full = prefix + route.lstrip("^").rstrip("$")
        if not (isinstance(view, ast.Call) and _is_include(view)):
            self.found = self.found or full in HEALTH_ROUTES
            return
        if not HEALTH_ROUTE.startswith(full):
            return
        target = view.args[0] if view.args else _keyword(view, "arg")
        if isinstance(target, ast.Tuple) and target.elts:
            target = target.elts[0]
        if isinstance(target, ast.List | ast.Tuple):
            for inner in target.elts:
                if isinstance(inner, ast.Call) and _is_pattern(inner):
                    self.pattern(inner, full, imports, seen)
            return
        name = string(target)
        if name is None and isinstance(target, ast.Name | ast.Attribute):
            text = dotted(target)
            head, _, rest = text.partition(".")
            resolved = imports.get(head)
            name = f"{resolved}.{rest}" if resolved and rest else resolved
            if name is None or find_module(self.roots, name) is None:
                self.unknown = True
                return
        if name is None:
            self.unknown = True
            return
        if name not in seen:
            self.module(name, full, seen)


def _keyword(node: ast.Call, *names: str) -> ast.expr | None:
    """Return a keyword argument of a call.

    Args:
        node: The call.
        *names: Accepted keyword names.

    Returns:
        Its value, or ``None``.
    """
    for keyword in node.keywords:
        if keyword.arg in names:
            return keyword.value
    return None


def _is_pattern(node: ast.Call) -> bool:
    """Tell whether a call is ``path()``, ``re_path()`` or ``url()``.

    Args:
        node: The call.

    Returns:
        True for those names, bare or dotted.
    """
    return dotted(node.func).rpartition(".")[2] in PATTERN_FUNCTIONS


def _is_include(node: ast.Call) -> bool:
    """Tell whether a call is ``include()``.

    Args:
        node: The call.

    Returns:
        True for ``include`` bare or dotted.
    """
    return dotted(node.func).rpartition(".")[2] == "include"


def health_route_missing(root: Path) -> Path | None:
    """Tell whether the root URLconf routes nothing to ``api/health/``.

    Args:
        root: The project root.

    Returns:
        The root URLconf's file when it certainly routes nothing there;
        ``None`` when it does, when it is not found, or when a route on the
        way cannot be read statically.
    """
    roots = source_roots(root)
    urlconf = _root_urlconf(roots, main_settings_file(root))
    if urlconf is None:
        return None
    path = find_module(roots, urlconf)
    if path is None:
        return None
    search = RouteSearch(roots)
    search.module(urlconf, "", frozenset())
    if search.found or search.unknown:
        return None
    return path
