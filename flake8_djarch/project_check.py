"""``djarch check [ROOT]``: every hook and every flake8 rule over one project."""

from __future__ import annotations

import json
import logging
import os
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from djarch_hooks import (
    compose,
    dockerfile,
    envfile,
    ignorefiles,
    layout,
    nginx,
    pyproject,
)
from djarch_hooks.common import (
    HookArgumentParser,
    HookFinding,
    UnusableInputError,
    check_path,
    display_join,
    guarded,
    one_line,
    silence_broken_pipe,
)

from flake8_djarch import config as config_module
from flake8_djarch.api import lint_file
from flake8_djarch.config import Config, ConfigError
from flake8_djarch.project import files

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence

logger = logging.getLogger(__name__)

SKIP_DIRS = frozenset({".venv", "venv", "node_modules", "__pycache__", "site-packages"})


def _nginx_path(relative: str) -> bool:
    """Tell whether a project path is an nginx configuration file.

    Args:
        relative: A path relative to the project root.

    Returns:
        ``True`` for ``*.conf`` files below a folder or with a name containing ``nginx``.
    """
    parts = relative.split("/")
    return nginx.is_nginx_conf(relative) and any(
        "nginx" in part.lower() for part in parts
    )


FILE_HOOKS: tuple[
    tuple[Callable[[str], bool], Callable[[str, Path], list[HookFinding]]], ...
] = (
    (dockerfile.is_dockerfile, dockerfile.check_file),
    (
        compose.is_compose_file,
        lambda path, root: check_path(path, compose.check_compose, root),
    ),
    (
        ignorefiles.is_ignore_file,
        lambda path, root: check_path(path, ignorefiles.check_ignore_file, root),
    ),
    (
        pyproject.is_pyproject,
        lambda path, root: check_path(path, pyproject.check_pyproject, root),
    ),
    (_nginx_path, nginx.check_path_in),
)


def iter_project_files(root: Path) -> Iterator[str]:
    """Walk a project, skipping virtualenvs, hidden folders and git-ignored paths.

    Args:
        root: The project root.

    Yields:
        POSIX paths relative to the root, sorted.
    """
    ignore_file = root / ".gitignore"
    lines: list[str] = []
    if ignore_file.exists():
        # An unreadable .gitignore is reported by the ignore-file hook.
        try:
            lines = files.read_text(ignore_file, root).splitlines()
        except files.FileAccessError as exc:
            logger.debug("cannot read %s: %s", ignore_file, exc)
    spec = ignorefiles.compile_lines(lines)
    for directory, dirs, names in os.walk(root):
        relative_dir = Path(directory).relative_to(root).as_posix()
        prefix = "" if relative_dir == "." else f"{relative_dir}/"
        dirs[:] = sorted(
            name
            for name in dirs
            if name not in SKIP_DIRS
            and not name.startswith(".")
            and not spec.match_file(f"{prefix}{name}/")
        )
        for name in sorted(names):
            relative = f"{prefix}{name}"
            if name.startswith(".") and name not in {".gitignore", ".dockerignore"}:
                continue
            if not spec.match_file(relative):
                yield relative


def collect(
    root: Path, display_root: str, config: Config | None = None
) -> tuple[list[HookFinding], list[str]]:
    """Run every hook and the flake8 rules over a project.

    Args:
        root: The project root.
        display_root: The root as typed, for printing paths.
        config: The configuration (default: loaded from the root only).

    Returns:
        The findings and the error lines of unusable inputs (escaped, one
        line each).
    """
    absolute_root = root.resolve()
    cfg = config or config_module.load(str(absolute_root), confined=True)
    found: list[HookFinding] = list(layout.check_layout(root, display_root))
    errors: list[str] = []
    try:
        found.extend(guarded(lambda: envfile.check_env(root, display_root)))
    except UnusableInputError as exc:
        errors.append(_error(display_join(display_root, envfile.ENV_EXAMPLE), exc))
    for relative in iter_project_files(root):
        shown = display_join(display_root, relative)
        if relative.endswith(".py"):
            try:
                python_findings = lint_file(
                    absolute_root / relative, absolute_root, cfg
                )
            except files.FileAccessError as exc:
                errors.append(_error(shown, exc))
                continue
            found.extend(
                HookFinding(shown, item.line, item.col + 1, item.code, item.text)
                for item in python_findings
            )
            continue
        for accepts, check in FILE_HOOKS:
            if not accepts(relative):
                continue
            try:
                found.extend(
                    HookFinding(shown, item.line, item.col, item.code, item.text)
                    for item in check(str(root / relative), root)
                )
            except UnusableInputError as exc:
                errors.append(_error(shown, exc))
    return sorted(set(found)), errors


def _error(path: str, error: BaseException) -> str:
    """Format the one error line of an unusable input.

    Args:
        path: The path as printed.
        error: The reason.

    Returns:
        ``path: error: reason``, escaped to one line.
    """
    return f"{files.shown(path)}: error: {one_line(error)}"


def summary(found: list[HookFinding]) -> str:
    """Summarise findings by code.

    Args:
        found: The findings.

    Returns:
        ``no findings`` or e.g. ``3 findings: DJA041 x2, DJA110 x1``.
    """
    if not found:
        return "no findings"
    counts = Counter(item.code for item in found)
    noun = "finding" if len(found) == 1 else "findings"
    parts = ", ".join(f"{code} x{counts[code]}" for code in sorted(counts))
    return f"{len(found)} {noun}: {parts}"


def main_check(argv: Sequence[str]) -> int:
    """Run ``djarch check``: all hooks and flake8 rules over a project root.

    Args:
        argv: The arguments after ``check``: ``[ROOT] [--format text|json]``.

    Returns:
        0 when clean, 1 with findings, 2 on unusable input.
    """
    parser = HookArgumentParser(
        prog="djarch check",
        description="Run every djarch hook and flake8 rule over a Django project.",
    )
    parser.add_argument(
        "root", nargs="?", default=".", help="the project root (default: .)"
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")
    args = parser.parse_args(list(argv))
    root = Path(args.root)
    if not root.is_dir():
        sys.stderr.write(
            f"{files.shown(args.root)}: error: project root is not a directory\n"
        )
        return 2
    try:
        cfg = config_module.load(str(root.resolve()), confined=True)
    except ConfigError as exc:
        # Once per run: the configuration is shared by every file.
        message = files.shown(str(exc).splitlines()[0] if str(exc) else "invalid")
        sys.stderr.write(f"djarch check: configuration error: {message}\n")
        return 2
    found, errors = collect(root, str(args.root), cfg)
    try:
        _write(found, errors, str(args.root), json_format=args.format == "json")
    except BrokenPipeError:
        silence_broken_pipe()
    for line in errors:
        sys.stderr.write(line + "\n")
    if errors:
        return 2
    return 1 if found else 0


def _write(
    found: list[HookFinding], errors: list[str], root: str, *, json_format: bool
) -> None:
    """Print the findings (text or JSON) on stdout.

    Args:
        found: The findings.
        errors: Error lines of unusable inputs (listed in the JSON payload).
        root: The root as typed.
        json_format: Whether to print JSON instead of text.
    """
    if json_format:
        counts = Counter(item.code for item in found)
        payload = {
            "root": files.shown(root),
            "findings": [
                {
                    "path": files.shown(item.path),
                    "line": item.line,
                    "col": item.col,
                    "code": item.code,
                    "message": item.text.removeprefix(item.code).strip(),
                }
                for item in found
            ],
            "summary": {
                "total": len(found),
                "by_code": dict(sorted(counts.items())),
                "text": summary(found),
            },
            "errors": errors,
        }
        sys.stdout.write(json.dumps(payload, indent=2) + "\n")
    else:
        for item in found:
            sys.stdout.write(item.render() + "\n")
        sys.stdout.write(summary(found) + "\n")
    sys.stdout.flush()
