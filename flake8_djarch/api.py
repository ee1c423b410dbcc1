"""Lint Python source without flake8: used by the CLI, hooks and tests."""

from __future__ import annotations

import ast
import logging
from pathlib import Path

from flake8_djarch import config as config_module
from flake8_djarch.checks import all_checkers
from flake8_djarch.engine import Context, Finding, relative_path, run
from flake8_djarch.policy import noqa
from flake8_djarch.project import files
from flake8_djarch.project.modules import cached_tree

logger = logging.getLogger(__name__)


def lint_source(
    source: str,
    path: str,
    root: str | None = None,
    config: config_module.Config | None = None,
    enabled: frozenset[str] | None = None,
) -> list[Finding]:
    """Lint one module's source as flake8 with this plugin would.

    Args:
        source: The module text.
        path: Its path (relative to ``root`` or absolute); decides the roles.
        root: The directory the run pretends to be in (default: the cwd).
        config: The configuration (default: loaded from ``root``).
        enabled: Codes to run (default: all).

    Returns:
        The findings, without those silenced by ``# noqa``; a file that does
        not parse gives no findings (flake8 reports E999 for it).
    """
    try:
        tree = ast.parse(source, filename=path, type_comments=False)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return []
    return _lint_tree(tree, source, path, root=root, config=config, enabled=enabled)


def _lint_tree(
    tree: ast.Module,
    source: str,
    path: str,
    *,
    root: str | None,
    config: config_module.Config | None,
    enabled: frozenset[str] | None,
) -> list[Finding]:
    """Run the checkers over a parsed module.

    Args:
        tree: The module.
        source: Its text.
        path: Its path.
        root: The run directory (default: the cwd).
        config: The configuration (default: loaded from ``root``).
        enabled: Codes to run (default: all).

    Returns:
        The findings that are not silenced.
    """
    root = root or str(Path.cwd())
    cfg = config or config_module.load(root)
    if cfg.root != root:
        cfg = cfg.with_overrides(root=root)
    lines = source.splitlines(keepends=True)
    if noqa.file_is_skipped(lines):
        return []
    ctx = Context(tree, relative_path(path, root), lines, cfg)
    ctx.enabled = enabled
    comments = noqa.PythonNoqa(lines, tree)
    return [
        finding
        for finding in run(ctx, all_checkers())
        if not comments.silences(finding.code, finding.line)
    ]


def syntax_error(error: SyntaxError) -> Finding:
    """Report a module the linting interpreter cannot parse as flake8 does.

    Args:
        error: The parser's error.

    Returns:
        ``E999 SyntaxError: <message>`` at the error's position (RULES R11).
    """
    message = files.shown(str(error.msg or "invalid syntax").splitlines()[0])
    return Finding(
        error.lineno or 1,
        max(error.offset or 0, 0),
        "E999",
        f"E999 SyntaxError: {message}",
    )


def lint_file(
    path: Path,
    root: Path,
    config: config_module.Config | None = None,
    enabled: frozenset[str] | None = None,
) -> list[Finding]:
    """Lint one file on disk, read through the safe file-access layer.

    Args:
        path: The file.
        root: The run's root; the file must stay inside it. Roles and
            imports resolve against the nearest ``[tool.djarch]`` folder
            between the file and the root, else against the root.
        config: The run's configuration (default: loaded from ``root``).
        enabled: Codes to run (default: all).

    Returns:
        The findings; a file that cannot be decoded or parsed gives one
        ``E999`` finding.

    Raises:
        files.FileAccessError: When the file cannot be read safely (outside
            the root, not a regular file, too large).
    """
    data = files.read_bytes(path, root)
    try:
        source = files.decode_source(data)
        # A file the project model already parsed as another module's
        # dependency is not parsed twice.
        tree = cached_tree(path) or ast.parse(
            source, filename=str(path), type_comments=False
        )
    except files.SourceDecodeError as exc:
        try:
            ast.parse(data, filename=str(path))
        except SyntaxError as error:
            return [syntax_error(error)]
        except (ValueError, RecursionError, MemoryError):
            logger.debug("no interpreter message for %s", path)
        return [Finding(exc.lineno, 0, "E999", f"E999 SyntaxError: {exc}")]
    except SyntaxError as error:
        return [syntax_error(error)]
    except (ValueError, RecursionError, MemoryError) as error:
        message = (
            "too deeply nested" if isinstance(error, RecursionError) else str(error)
        )
        return [
            Finding(
                1, 0, "E999", f"E999 {type(error).__name__}: {files.shown(message)}"
            )
        ]
    cfg = config_module.for_file(
        path, config or config_module.load(str(root)), stop=root
    )
    return _lint_tree(
        tree, source, str(path), root=cfg.root, config=cfg, enabled=enabled
    )
