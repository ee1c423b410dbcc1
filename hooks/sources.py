"""Project Python sources for the project-wide hooks, through the one project model.

Parsing, source-root detection (RULES.md R1) and import tables are the
project model's (:mod:`flake8_djarch.project`, :mod:`flake8_djarch.imports`):
this module only adapts them to the hooks' ``Path`` arguments. A file that
cannot be read or parsed is simply unknown to the rules that ask.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from djarch_hooks.settings_finder import project_model

from flake8_djarch.imports import ImportTable
from flake8_djarch.project import files as project_files
from flake8_djarch.project.modules import parse_file

if TYPE_CHECKING:
    from pathlib import Path


def parse(path: Path, root: Path) -> ast.Module | None:
    """Parse a Python file of the project through the shared parse cache.

    Args:
        path: The file.
        root: The project root it must stay inside (after symlinks).

    Returns:
        The module, or ``None`` for anything that is not a readable,
        parseable regular file inside the root within the size cap.
    """
    if not project_files.is_readable_file(path, root):
        return None
    return parse_file(path, root)


def source_roots(root: Path) -> list[Path]:
    """List the folders dotted module names are resolved against.

    Args:
        root: The project root.

    Returns:
        The project model's import roots: the root first, then the configured
        or detected source roots (RULES.md R1).
    """
    return [root, *(root / folder for folder in project_model(root).source_roots)]


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
        Local name to dotted target, from the shared import table.
    """
    package = module if is_package else module.rpartition(".")[0]
    table = ImportTable.build(tree, package)
    return {local: record.qualified for local, record in table.names.items()}
