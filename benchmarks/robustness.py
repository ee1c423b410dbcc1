"""Lint every installed package with all DJA rules and fail on any plugin crash.

Usage::

    uv run python benchmarks/robustness.py [--limit N] [--package NAME ...]

Every ``.py`` file below the running interpreter's site-packages folders is
linted in-process through :func:`flake8_djarch.api.lint_source`, with its path
relative to its site-packages folder (so that roles such as ``models`` or
``tests`` apply) and that folder as the run directory. Any exception escaping
the plugin, and any DJA000 (a rule that raised), is a failure: the script
prints each one and exits with status 1. ``--limit`` bounds the number of
files per package (``django`` and ``rest_framework`` are always linted in
full).
"""

from __future__ import annotations

import argparse
import logging
import site
import sys
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from flake8_djarch import config as config_module
from flake8_djarch.api import lint_source

if TYPE_CHECKING:
    from collections.abc import Iterator

logger = logging.getLogger(__name__)

ALWAYS_FULL = frozenset({"django", "rest_framework"})
SKIP_PARTS = frozenset({"__pycache__"})
#: The type checker of our own CI gate: a fifth of the installed source by size,
#: swept only when asked for by name (``--package mypy``).
SKIP_UNLESS_NAMED = frozenset({"mypy", "mypyc"})


@dataclass
class Outcome:
    """What a sweep found.

    Attributes:
        files: Files linted (that could be read).
        lines: Their total line count.
        findings: DJA findings reported.
        failures: ``path: problem`` lines.
        seconds: Elapsed wall time.
    """

    files: int = 0
    lines: int = 0
    findings: int = 0
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0


def site_dirs() -> list[Path]:
    """Return the running interpreter's site-packages folders.

    Returns:
        The existing folders, without duplicates.
    """
    found: list[Path] = []
    for raw in [*site.getsitepackages(), site.getusersitepackages()]:
        path = Path(raw)
        if path.is_dir() and path not in found:
            found.append(path)
    return found


def package_files(
    root: Path, limit: int | None, packages: frozenset[str] | None
) -> Iterator[Path]:
    """Yield the Python files of every package in a site-packages folder.

    Args:
        root: The site-packages folder.
        limit: At most this many files per top-level entry (``None``: all);
            ``django`` and ``rest_framework`` are never limited.
        packages: Only these top-level names, when given.

    Yields:
        Each ``.py`` file, package by package in name order.
    """
    for entry in sorted(root.iterdir()):
        name = entry.name.removesuffix(".py")
        if packages is not None and name not in packages:
            continue
        if packages is None and name in SKIP_UNLESS_NAMED:
            continue
        if entry.is_file() and entry.suffix == ".py":
            yield entry
            continue
        if not entry.is_dir() or not name.isidentifier():
            continue
        files = sorted(
            path for path in entry.rglob("*.py") if not SKIP_PARTS & set(path.parts)
        )
        if limit is not None and name not in ALWAYS_FULL:
            files = files[:limit]
        yield from files


def lint_one(
    path: Path, root: Path, cfg: config_module.Config, outcome: Outcome
) -> None:
    """Lint one file and record what happened.

    Args:
        path: The file.
        root: Its site-packages folder (the run directory).
        cfg: The configuration for that folder.
        outcome: Updated in place.
    """
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return
    rel = path.relative_to(root).as_posix()
    outcome.files += 1
    outcome.lines += source.count("\n") + (not source.endswith("\n") and bool(source))
    try:
        findings = lint_source(source, rel, root=str(root), config=cfg)
    except Exception:  # every escape is the failure being looked for
        outcome.failures.append(f"{rel}: exception\n{traceback.format_exc()}")
        return
    outcome.findings += len(findings)
    outcome.failures.extend(
        f"{rel}:{f.line}:{f.col + 1}: {f.text}" for f in findings if f.code == "DJA000"
    )


def sweep(
    limit: int | None = None,
    packages: frozenset[str] | None = None,
    roots: list[Path] | None = None,
) -> Outcome:
    """Lint the installed packages.

    Args:
        limit: Files per package (``None``: all).
        packages: Only these top-level names, when given.
        roots: site-packages folders (default: the running interpreter's).

    Returns:
        The outcome.
    """
    outcome = Outcome()
    started = time.perf_counter()
    for root in roots if roots is not None else site_dirs():
        cfg = config_module.Config(root=str(root))
        for path in package_files(root, limit, packages):
            lint_one(path, root, cfg, outcome)
    outcome.seconds = time.perf_counter() - started
    return outcome


def main(argv: list[str] | None = None) -> int:
    """Run the sweep and report.

    Args:
        argv: Command-line arguments (default: ``sys.argv[1:]``).

    Returns:
        0 when nothing crashed, 1 otherwise.
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--limit",
        type=int,
        help="files per package (django and rest_framework stay complete)",
    )
    parser.add_argument(
        "--package", action="append", help="only this top-level package (repeatable)"
    )
    args = parser.parse_args(argv)
    outcome = sweep(args.limit, frozenset(args.package) if args.package else None)
    for failure in outcome.failures:
        sys.stdout.write(failure + "\n")
    rate = outcome.lines / outcome.seconds if outcome.seconds else 0.0
    sys.stdout.write(
        f"{outcome.files} files, {outcome.lines:,} lines, {outcome.findings:,} findings, "
        f"{len(outcome.failures)} failures in {outcome.seconds:.1f} s ({rate:,.0f} lines/s)\n"
    )
    return 1 if outcome.failures else 0


if __name__ == "__main__":
    sys.exit(main())
