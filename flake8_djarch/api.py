"""Lint Python source without flake8: used by the CLI, hooks and tests."""

from __future__ import annotations

import ast
import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING

from flake8_djarch import config as config_module
from flake8_djarch.checks import all_checkers
from flake8_djarch.engine import Context, Finding, relative_path, run
from flake8_djarch.project import files

if TYPE_CHECKING:
    from collections.abc import Sequence

logger = logging.getLogger(__name__)
NOQA_RE = re.compile(
    r"#\s*noqa(?::[\s]?(?P<codes>[A-Z][0-9]+(?:[,\s]+[A-Z][0-9]+)*))?", re.IGNORECASE
)


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
    ctx = Context(tree, relative_path(path, root), lines, cfg)
    ctx.enabled = enabled
    return [
        finding for finding in run(ctx, all_checkers()) if not _silenced(finding, lines)
    ]


def _silenced(finding: Finding, lines: Sequence[str]) -> bool:
    """Tell whether a ``# noqa`` comment on the finding's line silences it.

    Args:
        finding: The finding.
        lines: The module's source lines.

    Returns:
        True for a bare ``# noqa`` or one listing a prefix of the code.
    """
    if finding.line > len(lines):
        return False
    match = NOQA_RE.search(lines[finding.line - 1])
    if match is None:
        return False
    codes = match.group("codes")
    if not codes:
        return True
    return any(
        finding.code.startswith(code.upper())
        for code in re.split(r"[,\s]+", codes)
        if code
    )


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
    path: Path, root: Path, config: config_module.Config | None = None
) -> list[Finding]:
    """Lint one file on disk, read through the safe file-access layer.

    Args:
        path: The file.
        root: The directory roles and imports are resolved against; the file
            must stay inside it.
        config: The configuration (default: loaded from ``root``).

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
        tree = ast.parse(source, filename=str(path), type_comments=False)
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
    return _lint_tree(
        tree, source, str(path), root=str(root), config=config, enabled=None
    )
