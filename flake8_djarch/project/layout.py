"""Where a project's code lives: source roots (R1), files, settings modules (R6).

Everything here is read from the tree, never executed: ``manage.py`` and the
pytest / tox configuration files are scanned as text for the
``DJANGO_SETTINGS_MODULE`` they name.
"""

from __future__ import annotations

import ast
import os
import re
import tomllib
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from flake8_djarch.imports import resolve_relative
from flake8_djarch.project.modules import parse_file, read_source

if TYPE_CHECKING:
    from collections.abc import Iterator

#: Folders never searched for project code (R1: hidden ones are skipped too).
SKIP_DIRS = frozenset(
    {
        "node_modules",
        "site-packages",
        "__pycache__",
        "venv",
        "env",
        "virtualenv",
        ".venv",
    }
)
SOURCE_ROOT_DEPTH = 3
ENTRY_FILES = ("manage.py", "asgi.py", "wsgi.py")
INI_FILES = ("pytest.ini", "setup.cfg", "tox.ini")
SETTINGS_VARIABLE = "DJANGO_SETTINGS_MODULE"
_DS_OPTION = re.compile(r"--ds(?:=|\s+)([\w.]+)")
_INI_ASSIGN = re.compile(
    r"^\s*DJANGO_SETTINGS_MODULE\s*[=:]\s*([A-Za-z_][\w.]*)\s*$", re.MULTILINE
)


def _skipped(name: str) -> bool:
    """Tell whether a folder is never searched for project code.

    Args:
        name: The folder name.

    Returns:
        True for hidden folders, ``node_modules``, virtualenvs and ``site-packages``.
    """
    return name.startswith(".") or name in SKIP_DIRS


def _is_virtualenv(path: Path) -> bool:
    """Tell whether a folder is a virtualenv whatever its name.

    Args:
        path: The folder.

    Returns:
        True when it holds a ``pyvenv.cfg``.
    """
    return (path / "pyvenv.cfg").is_file()


def detect_source_roots(root: Path) -> tuple[str, ...]:
    """Find the source roots of a tree with no configuration (R1, R12).

    Args:
        root: The run directory (depth 0).

    Returns:
        Relative POSIX folders, sorted: each folder at depth 1 to 3 holding a
        ``manage.py``, and a top-level ``src/``. The run directory itself is
        always an import root and is not listed.
    """
    found: set[str] = set()
    if (root / "src").is_dir():
        found.add("src")
    frontier = [root]
    for _ in range(SOURCE_ROOT_DEPTH):
        deeper: list[Path] = []
        for folder in frontier:
            try:
                children = sorted(os.scandir(folder), key=lambda entry: entry.name)
            except OSError:
                continue
            for entry in children:
                if _skipped(entry.name) or not entry.is_dir(follow_symlinks=False):
                    continue
                child = Path(entry.path)
                if _is_virtualenv(child):
                    continue
                if (child / "manage.py").is_file():
                    found.add(child.relative_to(root).as_posix())
                deeper.append(child)
        frontier = deeper
    return tuple(sorted(found))


def iter_python_files(root: Path, walked: list[str] | None = None) -> Iterator[Path]:
    """Walk the project's Python files, skipping hidden folders and virtualenvs.

    Args:
        root: The run directory.
        walked: Receives every folder listed (for the persisted file list).

    Yields:
        The ``.py`` files, in sorted order.
    """
    for directory, dirs, files in os.walk(root):
        if walked is not None:
            walked.append(directory)
        here = Path(directory)
        dirs[:] = sorted(
            name
            for name in dirs
            if not _skipped(name) and not _is_virtualenv(here / name)
        )
        for name in sorted(files):
            if name.endswith(".py"):
                yield here / name


def _setdefault_value(tree: ast.Module) -> str | None:
    """Return the module an entry file sets ``DJANGO_SETTINGS_MODULE`` to.

    Args:
        tree: A parsed entry file.

    Returns:
        The literal of ``os.environ.setdefault(...)`` or of an assignment to
        ``os.environ[...]``; ``None`` when the file sets none as a literal.
    """
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Subscript)
            and isinstance(node.targets[0].slice, ast.Constant)
            and node.targets[0].slice.value == SETTINGS_VARIABLE
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            # ``os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"``
            return node.value.value
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "setdefault"
            and len(node.args) >= 2
            and isinstance(node.args[0], ast.Constant)
            and node.args[0].value == SETTINGS_VARIABLE
            and isinstance(node.args[1], ast.Constant)
            and isinstance(node.args[1].value, str)
        ):
            return node.args[1].value
    return None


def _ini_values(text: str) -> list[str]:
    """Read settings modules named in an ini-style pytest / tox file.

    Args:
        text: The file's text.

    Returns:
        Every ``DJANGO_SETTINGS_MODULE = x`` value and ``--ds=x`` option.
    """
    return [*_INI_ASSIGN.findall(text), *_DS_OPTION.findall(text)]


def _pyproject_values(data: bytes) -> list[str]:
    """Read settings modules named in ``[tool.pytest.ini_options]``.

    Args:
        data: The ``pyproject.toml`` bytes.

    Returns:
        ``DJANGO_SETTINGS_MODULE`` and ``--ds=`` values of ``addopts``.
    """
    try:
        table = tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        return []
    options = table.get("tool", {}).get("pytest", {}).get("ini_options", {})
    if not isinstance(options, dict):
        return []
    found: list[str] = []
    value = options.get(SETTINGS_VARIABLE)
    if isinstance(value, str):
        found.append(value)
    addopts = options.get("addopts")
    if isinstance(addopts, list):
        addopts = " ".join(str(item) for item in addopts)
    if isinstance(addopts, str):
        found.extend(_DS_OPTION.findall(addopts))
    return found


def settings_module_names(root: Path, source_roots: tuple[str, ...]) -> tuple[str, ...]:
    """Find every module named by ``DJANGO_SETTINGS_MODULE`` (R6).

    Args:
        root: The run directory.
        source_roots: The source roots (relative folders).

    Returns:
        Dotted module names, in discovery order, without duplicates: from the
        ``os.environ.setdefault`` of ``manage.py`` / ``asgi.py`` / ``wsgi.py``
        (in the run directory, the source roots and their packages), then from
        pytest configuration (``pyproject.toml``, ``pytest.ini``,
        ``setup.cfg``, ``tox.ini``, ``--ds=`` in ``addopts``).
    """
    names: list[str] = []
    folders = [root, *(root / PurePosixPath(src) for src in source_roots)]
    entries: list[Path] = []
    for folder in folders:
        entries.extend(folder / name for name in ENTRY_FILES)
        try:
            packages = sorted(
                entry.path
                for entry in os.scandir(folder)
                if entry.is_dir(follow_symlinks=False) and not _skipped(entry.name)
            )
        except OSError:
            packages = []
        for package in packages:
            entries.extend(Path(package) / name for name in ENTRY_FILES[1:])
            entries.append(Path(package) / "asgi" / "__init__.py")
    for path in entries:
        tree = parse_file(path, root)
        value = None if tree is None else _setdefault_value(tree)
        if value:
            names.append(value)
    for folder in folders:
        data = read_source(folder / "pyproject.toml", root)
        if data is not None:
            names.extend(_pyproject_values(data))
        for name in INI_FILES:
            data = read_source(folder / name, root)
            if data is not None:
                names.extend(_ini_values(data.decode("utf-8", "replace")))
    return tuple(dict.fromkeys(name for name in names if _is_dotted(name)))


_STAR_LINE = re.compile(
    rb"^[ \t]*from[ \t]+(\.*)[ \t]*([\w.]*)[ \t]+import[ \t]+\*", re.MULTILINE
)


def star_imported(source: bytes, package: str | None) -> list[str]:
    """List the modules a module star-imports, from its text (no parse needed).

    The settings role passes through star imports (R6) for every file linted,
    so this runs once per process before any rule: a line scan is enough
    (star imports are module-level statements) and keeps the editor case
    from parsing a large settings module it may never need.

    Args:
        source: The module's bytes.
        package: The module's package, for relative imports.

    Returns:
        The resolved dotted modules, in order.
    """
    found: list[str] = []
    for dots, name in _STAR_LINE.findall(source):
        module = resolve_relative(
            name.decode("ascii", "replace") or None, len(dots), package
        )
        if module:
            found.append(module)
    return found


def _is_dotted(name: str) -> bool:
    """Tell whether a text is a dotted module name.

    Args:
        name: The text.

    Returns:
        True for ``a.b.c`` made of identifiers.
    """
    return all(part.isidentifier() for part in name.split("."))


__all__ = [
    "SKIP_DIRS",
    "detect_source_roots",
    "iter_python_files",
    "settings_module_names",
    "star_imported",
]
