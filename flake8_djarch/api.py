"""Lint Python source without flake8: used by the CLI, hooks and tests."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import TYPE_CHECKING

from flake8_djarch import config as config_module
from flake8_djarch.checks import all_checkers
from flake8_djarch.engine import Context, Finding, relative_path, run

if TYPE_CHECKING:
    from collections.abc import Sequence

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
    root = root or str(Path.cwd())
    cfg = config or config_module.load(root)
    if cfg.root != root:
        cfg = cfg.with_overrides(root=root)
    try:
        tree = ast.parse(source, filename=path, type_comments=False)
    except (SyntaxError, ValueError):
        return []
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


def lint_file(path: Path, root: Path) -> list[Finding]:
    """Lint one file on disk.

    Args:
        path: The file.
        root: The directory roles and imports are resolved against.

    Returns:
        The findings; unreadable files give none.
    """
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    return lint_source(source, str(path), root=str(root))
