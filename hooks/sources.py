"""Project Python sources for the project-wide hooks: safe reads, one parse each, module lookup.

Every file goes through :mod:`flake8_djarch.project.files` (regular files
inside the root, bounded in size); a file that cannot be read or parsed is
simply unknown to the rules that ask.
"""

from __future__ import annotations

import ast
import os
from functools import lru_cache
from pathlib import Path

from flake8_djarch.project import files as project_files

MANAGE_DEPTH = 3
SKIP_DIRS = frozenset({"node_modules", "venv", "site-packages", "__pycache__"})


@lru_cache(maxsize=1024)
def _parse_cached(path: Path, root: Path, stamp: tuple[int, int]) -> ast.Module | None:
    """Parse a file once per process and version.

    Args:
        path: The file.
        root: The project root it must stay inside.
        stamp: Its modification time and size; part of the cache key only.

    Returns:
        The module, or ``None`` when it cannot be read or parsed.
    """
    del stamp
    try:
        data = project_files.read_source_bytes(path, root)
        return ast.parse(data, filename=str(path))
    except (project_files.FileAccessError, SyntaxError, ValueError, RecursionError):
        return None


def parse(path: Path, root: Path) -> ast.Module | None:
    """Parse a Python file of the project, safely.

    Args:
        path: The file.
        root: The project root it must stay inside (after symlinks).

    Returns:
        The module, or ``None`` for anything that is not a readable,
        parseable regular file inside the root within the size cap.
    """
    if not project_files.is_readable_file(path, root):
        return None
    try:
        info = path.stat()
    except OSError:
        return None
    return _parse_cached(path, root, (info.st_mtime_ns, info.st_size))


def source_roots(root: Path) -> list[Path]:
    """List the folders dotted module names are resolved against.

    Args:
        root: The project root.

    Returns:
        The root, a top-level ``src/``, and every folder down to three levels
        that holds a ``manage.py`` (RULES.md R1).
    """
    found = [root]
    if (root / "src").is_dir():
        found.append(root / "src")
    for directory, dirs, files in os.walk(root):
        depth = len(Path(directory).relative_to(root).parts)
        dirs[:] = sorted(
            name
            for name in dirs
            if depth < MANAGE_DEPTH
            and name not in SKIP_DIRS
            and not name.startswith(".")
        )
        here = Path(directory)
        if "manage.py" in files and here not in found:
            found.append(here)
    return found


def find_module(roots: list[Path], dotted: str) -> Path | None:
    """Locate a project module's file.

    Args:
        roots: The source roots.
        dotted: The dotted module name.

    Returns:
        ``<name>.py`` or ``<name>/__init__.py`` below the first root that has
        it, or ``None``.
    """
    parts = dotted.split(".")
    if not all(part.isidentifier() for part in parts):
        return None
    for base in roots:
        stem = base.joinpath(*parts)
        for candidate in (stem.with_name(stem.name + ".py"), stem / "__init__.py"):
            if candidate.is_file():
                return candidate
    return None


def module_of(roots: list[Path], path: Path) -> tuple[str, bool] | None:
    """Name the module a file is, relative to the first root holding it.

    Args:
        roots: The source roots.
        path: A ``.py`` file.

    Returns:
        ``(dotted name, is package)``, or ``None`` outside every root.
    """
    for base in sorted(roots, key=lambda item: len(item.parts), reverse=True):
        try:
            relative = path.relative_to(base)
        except ValueError:
            continue
        parts = list(relative.with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts = parts[:-1]
        return ".".join(parts), is_package
    return None


def string(node: ast.AST | None) -> str | None:
    """Return the text of a string literal.

    Args:
        node: Any node.

    Returns:
        The string, or ``None``.
    """
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


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
