"""Run the hooks on a documentation example made of ``# path:`` files."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from djarch_hooks import (
    compose,
    compose_files,
    dockerfile,
    envfile,
    ignorefiles,
    layout,
    nginx,
    pyproject,
)
from djarch_hooks.common import HookFinding, UnusableInputError, check_path

PATH_RE = re.compile(r"^#\s*path:\s*(\S+)\s*$")
LAYOUT_HINTS = ("apps/", "config/", "manage.py", ".env")


def split_block(block: str) -> dict[str, str]:
    """Split an example block into files.

    Args:
        block: The block text (fence lines, if present, are dropped); each
            file starts with a ``# path: <relative path>`` line.

    Returns:
        File contents by relative path (a path ending in ``/`` is a folder).
    """
    files: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in block.splitlines():
        if line.lstrip().startswith("```"):
            continue
        match = PATH_RE.match(line.strip())
        if match:
            current = files.setdefault(match.group(1), [])
            continue
        if current is not None:
            current.append(line)
    return {
        name: "\n".join(lines).strip("\n") + "\n" if any(lines) else ""
        for name, lines in files.items()
    }


def materialise(files: dict[str, str], root: Path) -> None:
    """Write example files below a directory.

    Args:
        files: Contents by relative path.
        root: The directory.
    """
    for name, content in files.items():
        target = root / name
        if name.endswith("/"):
            target.mkdir(parents=True, exist_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")


def _git_track(root: Path) -> None:
    """Make the directory a git repository with every file tracked.

    Args:
        root: The directory.
    """
    git = shutil.which("git")
    if git is None:
        return
    for argv in ([git, "init", "-q"], [git, "add", "-A"]):
        subprocess.run(argv, cwd=root, capture_output=True, check=False, timeout=60)  # noqa: S603 - fixed argv


def run_hooks_on(root: Path, names: list[str]) -> list[HookFinding]:
    """Run every hook that applies to the given files under a root.

    Args:
        root: The materialised project.
        names: The relative paths written there.

    Returns:
        The findings of all hooks; unusable files give none.
    """
    found: list[HookFinding] = []
    file_hooks = (
        (dockerfile.is_dockerfile, dockerfile.check_file),
        (
            compose_files.is_compose_file,
            lambda path: check_path(path, compose.check_compose),
        ),
        (
            ignorefiles.is_ignore_file,
            lambda path: check_path(path, ignorefiles.check_ignore_file),
        ),
        (
            pyproject.is_pyproject,
            lambda path: check_path(path, pyproject.check_pyproject),
        ),
        (nginx.is_nginx_conf, lambda path: check_path(path, nginx.check_conf)),
    )
    for name in names:
        for accepts, check in file_hooks:
            if name.endswith("/") or not accepts(name):
                continue
            try:
                found.extend(check(str(root / name)))
            except UnusableInputError:
                continue
    if any(name.startswith(LAYOUT_HINTS) for name in names):
        _git_track(root)
        found.extend(layout.check_layout(root, str(root)))
    if any(name == envfile.ENV_EXAMPLE or name.endswith(".py") for name in names):
        try:
            found.extend(envfile.check_env(root, str(root)))
        except UnusableInputError:
            return found
    return found


def example_codes(block: str) -> set[str]:
    """Materialise an example block and return the codes the hooks report.

    Args:
        block: The fenced block of a rule's ``Example`` or ``Use instead``
            section: files, each introduced by ``# path: <relative path>``.

    Returns:
        The set of codes found.
    """
    files = split_block(block)
    with tempfile.TemporaryDirectory(prefix="djarch-example-") as directory:
        root = Path(directory)
        materialise(files, root)
        return {item.code for item in run_hooks_on(root, list(files))}
