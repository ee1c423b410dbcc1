"""What an app's tests import, read statically (DJA105 untested modules, DJA106 factories)."""

from __future__ import annotations

import ast
import os
from pathlib import Path
from typing import TYPE_CHECKING

from djarch_hooks.sources import find_module, parse

if TYPE_CHECKING:
    from collections.abc import Iterator

LAYERS = ("services", "selectors")
FACTORY_MODULES = frozenset({"factory", "pytest_factoryboy"})
MAX_HOPS = 3
SKIP_DIRS = frozenset({"__pycache__", "migrations"})


def _python_files(folder: Path) -> Iterator[Path]:
    """Walk the ``.py`` files below a folder, sorted, skipping hidden folders.

    Args:
        folder: The folder.

    Yields:
        The files.
    """
    for directory, dirs, files in os.walk(folder):
        dirs[:] = sorted(
            name for name in dirs if name not in SKIP_DIRS and not name.startswith(".")
        )
        for name in sorted(files):
            if name.endswith(".py"):
                yield Path(directory) / name


def _dotted(root: Path, path: Path) -> tuple[str, bool]:
    """Name a file below the root as a module.

    Args:
        root: The project root.
        path: The file.

    Returns:
        ``(dotted name, is package)``.
    """
    parts = list(path.relative_to(root).with_suffix("").parts)
    is_package = parts[-1] == "__init__"
    return ".".join(parts[:-1] if is_package else parts), is_package


def imported_modules(tree: ast.Module, module: str, *, is_package: bool) -> set[str]:
    """List the modules an import statement of a module may load.

    Args:
        tree: The parsed module.
        module: Its dotted name.
        is_package: Whether it is an ``__init__.py``.

    Returns:
        Dotted names: ``import a.b`` gives ``a.b``; ``from a import b`` gives
        ``a`` and ``a.b`` (``b`` may be a submodule); relative imports are
        resolved against the module's package.
    """
    package = module if is_package else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".") if package else []
                if node.level > 1:
                    anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            if base:
                found.add(base)
            found.update(
                f"{base}.{alias.name}" if base else alias.name
                for alias in node.names
                if alias.name != "*"
            )
    return found


def layer_modules(root: Path, app: Path) -> list[tuple[str, Path]]:
    """List an app's services and selectors modules.

    Args:
        root: The project root.
        app: The app folder.

    Returns:
        ``(dotted name, file)`` per ``services.py`` / ``selectors.py`` and per
        module of a ``services/`` / ``selectors/`` package (``__init__.py``
        excluded), sorted.
    """
    found: list[tuple[str, Path]] = []
    for layer in LAYERS:
        single = app / f"{layer}.py"
        if single.is_file():
            found.append((_dotted(root, single)[0], single))
        elif (app / layer).is_dir():
            found.extend(
                (_dotted(root, path)[0], path)
                for path in _python_files(app / layer)
                if path.name != "__init__.py"
            )
    return found


class TestImports:
    """What the modules under one app's ``tests/`` import."""

    __test__ = False

    def __init__(self, root: Path, tests: Path) -> None:
        """Parse the app's test modules.

        Args:
            root: The project root.
            tests: The app's ``tests/`` folder.
        """
        self.root = root
        self.modules: set[str] = set()
        self.test_modules = 0
        self.trees: list[tuple[ast.Module, str, bool]] = []
        for path in _python_files(tests):
            name = path.name
            if name.startswith("test_") or name.endswith("_test.py"):
                self.test_modules += 1
            tree = parse(path, root)
            if tree is None:
                continue
            module, is_package = _dotted(root, path)
            self.trees.append((tree, module, is_package))
            self.modules |= imported_modules(tree, module, is_package=is_package)

    def imports(self, module: str) -> bool:
        """Tell whether a test module imports a module.

        Args:
            module: The dotted module.

        Returns:
            True when some import loads it.
        """
        return module in self.modules

    def uses_factories(self) -> bool:
        """Tell whether factory-boy is imported directly or through project modules.

        Returns:
            True when some test module, or a project module one of them
            imports (up to three hops), imports ``factory``.
        """
        seen: set[str] = set()
        frontier = set(self.modules)
        for _ in range(MAX_HOPS + 1):
            if any(name.split(".", 1)[0] in FACTORY_MODULES for name in frontier):
                return True
            following: set[str] = set()
            for name in sorted(frontier - seen):
                seen.add(name)
                path = find_module([self.root], name)
                tree = parse(path, self.root) if path is not None else None
                if tree is None or path is None:
                    continue
                module, is_package = _dotted(self.root, path)
                following |= imported_modules(tree, module, is_package=is_package)
            frontier = following - seen
        return False
