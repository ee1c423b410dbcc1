"""Lint a code snippet in a test, with expectations written inline as in fixtures.

``assert_snippet`` is the one helper for unit tests of rules::

    assert_snippet(
        '''
        async def view():
            Order.objects.get(pk=1)  # error: DJA030
            await Order.objects.aget(pk=1)
        ''',
        "apps/shop/views.py",
        codes={"DJA030"},
    )

Markers use the fixture syntax of :mod:`tests.expectations` (``# error: DJA001``,
several comma-separated, ``DJA050@12`` pins the 1-based column) and are
compared both ways: a missing and an unexpected finding both fail, with the
differences listed. ``lint_snippet`` returns the findings for tests that need
the texts or other shapes.
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

from flake8_djarch.api import lint_source
from flake8_djarch.config import Config
from tests.expectations import compare, expected_in_text

if TYPE_CHECKING:
    from collections.abc import Iterable

    from flake8_djarch.engine import Finding


def lint_snippet(
    source: str,
    path: str = "apps/shop/services.py",
    *,
    codes: Iterable[str] | None = None,
    root: Path | str = ".",
    files: dict[str, str] | None = None,
    config: Config | None = None,
) -> list[Finding]:
    """Lint one dedented module as it would be at ``path`` in a project.

    Args:
        source: The module text (dedented here, line numbers kept).
        path: Its path relative to ``root``; decides the roles.
        codes: The codes to run and keep (default: all).
        root: The project root (``tmp_path`` when ``files`` are given).
        files: Other project files to write below ``root`` first, dedented.
        config: The configuration (default: defaults, not ``root``'s pyproject).

    Returns:
        The findings, in the engine's order.
    """
    for name, text in (files or {}).items():
        target = Path(root) / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text), encoding="utf-8")
    enabled = frozenset(codes) if codes is not None else None
    cfg = (config or Config()).with_overrides(root=str(root))
    findings = lint_source(
        textwrap.dedent(source), path, root=str(root), config=cfg, enabled=enabled
    )
    # An internal error (DJA000) always shows: a crashing checker fails the test.
    return [
        finding
        for finding in findings
        if enabled is None or finding.code in enabled or finding.code == "DJA000"
    ]


def assert_snippet(
    source: str,
    path: str = "apps/shop/services.py",
    *,
    codes: Iterable[str] | None = None,
    root: Path | str = ".",
    files: dict[str, str] | None = None,
    config: Config | None = None,
) -> list[Finding]:
    """Lint a snippet and compare its findings with its ``# error:`` markers.

    Args:
        source: The module text with inline markers (dedented here).
        path: Its path relative to ``root``; decides the roles.
        codes: The codes to run and compare (default: all).
        root: The project root.
        files: Other project files to write below ``root`` first.
        config: The configuration.

    Returns:
        The findings, for further checks on their texts.
    """
    text = textwrap.dedent(source)
    findings = lint_snippet(
        text, path, codes=codes, root=root, files=files, config=config
    )
    want, columns = expected_in_text(text, path)
    got = [
        (path, finding.line, finding.col + 1, finding.code, finding.text)
        for finding in findings
    ]
    problems = compare(want, columns, got)
    assert not problems, "\n".join(problems)
    return findings
