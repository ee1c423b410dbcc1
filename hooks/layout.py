"""djarch-layout: the canonical project layout of seed §1."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from djarch_hooks.app_tests import TestImports, layer_modules
from djarch_hooks.common import (
    HookArgumentParser,
    HookFinding,
    display_join,
    error_line,
    finding,
    guard_broken_pipe,
    write_report,
)
from djarch_hooks.routes import health_route_missing

from flake8_djarch import config as config_module
from flake8_djarch import roles
from flake8_djarch.project import files
from flake8_djarch.violations import project as rules

if TYPE_CHECKING:
    from collections.abc import Sequence

logger = logging.getLogger(__name__)

LAYOUT = (
    "apps/",
    "apps/__init__.py",
    "apps/core/",
    "apps/core/__init__.py",
    "apps/core/exceptions.py",
    "apps/core/pagination.py",
    "apps/core/permissions.py",
    "apps/core/middleware.py",
    "apps/core/healthcheck.py",
    "apps/core/tests/",
    "apps/core/tests/__init__.py",
    "apps/users/",
    "apps/users/__init__.py",
    "apps/users/admin.py",
    "apps/users/apps.py",
    "apps/users/models.py",
    "apps/users/serializers.py",
    "apps/users/views.py",
    "apps/users/urls.py",
    "apps/users/permissions.py",
    "apps/users/services.py",
    "apps/users/selectors.py",
    "apps/users/tests/",
    "apps/users/tests/__init__.py",
    "apps/users/tests/factories.py",
    "apps/users/tests/test_models.py",
    "apps/users/tests/test_views.py",
    "apps/users/tests/test_services.py",
    "config/",
    "config/__init__.py",
    "config/settings.py",
    "config/urls.py",
    "config/asgi.py",
    "config/wsgi.py",
    "config/gunicorn.conf.py",
    "tests/",
    "tests/conftest.py",
    "nginx/",
    "nginx/nginx.conf",
    "pyproject.toml",
    "uv.lock",
    "Dockerfile",
    "docker-compose.yml",
    "manage.py",
    ".env.example",
    ".gitignore",
    ".dockerignore",
)
ALTERNATIVES = {
    "docker-compose.yml": (
        "docker-compose.yml",
        "docker-compose.yaml",
        "compose.yml",
        "compose.yaml",
    ),
}
# Entries a project may place elsewhere: any file of the role counts, by the
# role globs of [tool.djarch] (e.g. settings = ["config/django/*.py"]).
ROLE_ENTRIES = {
    "config/settings.py": roles.SETTINGS,
    "config/gunicorn.conf.py": roles.GUNICORN,
}
ROLE_SCAN_DEPTH = 4
ROLE_SCAN_FILES = 5000
SKIP_DIRS = frozenset({"node_modules", "__pycache__", "venv", "site-packages"})
ENV_TEMPLATES = frozenset({"example", "sample", "template", "dist", "defaults", "tmpl"})


def _exists(root: Path, entry: str) -> bool:
    """Tell whether a layout entry (or an accepted alternative) exists.

    Args:
        root: The directory.
        entry: The ignore entry.

    Returns:
        ``True`` when present.
    """
    if entry.endswith("/"):
        return (root / entry).is_dir()
    return any((root / name).is_file() for name in ALTERNATIVES.get(entry, (entry,)))


def _role_globs(root: Path) -> dict[str, tuple[str, ...]]:
    """Read the project's role globs.

    Args:
        root: The project root.

    Returns:
        Globs per role; the defaults when the configuration is unusable
        (``djarch check`` and flake8 report that error themselves).
    """
    try:
        return config_module.load(str(root.resolve())).roles
    except config_module.ConfigError:
        return dict(roles.DEFAULT_GLOBS)


def _role_present(root: Path, globs: tuple[str, ...]) -> bool:
    """Tell whether a Python file of a role exists (bounded walk).

    Args:
        root: The project root.
        globs: The role's globs.

    Returns:
        True when a file within a few folder levels matches.
    """
    seen = 0
    for directory, dirs, names in os.walk(root):
        relative_dir = Path(directory).relative_to(root)
        depth = len(relative_dir.parts)
        dirs[:] = (
            []
            if depth >= ROLE_SCAN_DEPTH
            else sorted(d for d in dirs if not d.startswith(".") and d not in SKIP_DIRS)
        )
        for name in names:
            seen += 1
            if seen > ROLE_SCAN_FILES:
                return False
            if name.endswith(".py") and roles.matches(
                (relative_dir / name).as_posix(), globs
            ):
                return True
    return False


def missing_layout(root: Path) -> list[str]:
    """List the canonical layout paths missing under a root.

    Args:
        root: The project root.

    Returns:
        Relative paths (folders end in ``/``); inside a missing folder only
        the folder is listed. A settings or gunicorn module placed where the
        project's role globs say does not count as missing.
    """
    missing: list[str] = []
    role_globs: dict[str, tuple[str, ...]] | None = None
    for entry in LAYOUT:
        if any(entry.startswith(folder) for folder in missing if folder.endswith("/")):
            continue
        if _exists(root, entry):
            continue
        if entry in ROLE_ENTRIES:
            role_globs = role_globs or _role_globs(root)
            if _role_present(root, role_globs.get(ROLE_ENTRIES[entry], ())):
                continue
        missing.append(entry)
    return missing


def missing_app_pieces(root: Path) -> list[tuple[str, str]]:
    """List the services/selectors/tests missing from apps with models.

    Args:
        root: The project root.

    Returns:
        ``(app, missing relative path)`` pairs.
    """
    apps = root / "apps"
    if not apps.is_dir():
        return []
    result: list[tuple[str, str]] = []
    for app in sorted(
        child
        for child in apps.iterdir()
        if child.is_dir() and not child.name.startswith((".", "_"))
    ):
        if not ((app / "models.py").is_file() or (app / "models").is_dir()):
            continue
        for piece in ("services.py", "selectors.py", "tests/"):
            stem = piece.removesuffix(".py").rstrip("/")
            present = (
                (app / piece).is_dir()
                if piece.endswith("/")
                else (app / piece).is_file() or (app / stem).is_dir()
            )
            if not present:
                result.append((app.name, f"apps/{app.name}/{piece}"))
    return result


#: ``-c`` settings that neutralise everything in the linted repository's git
#: configuration that could run a command or write: fsmonitor hooks, hooks,
#: the untracked cache, a pager.
NEUTRAL_GIT_CONFIG = (
    "core.fsmonitor=",
    "core.hooksPath=/dev/null",
    "core.untrackedCache=false",
    "core.pager=cat",
)


def git_ls_files(root: Path) -> subprocess.CompletedProcess[bytes] | None:
    """Run ``git ls-files`` under a root without running anything the repo configures.

    git reads the repository's own ``.git/config``, which may name commands
    (``core.fsmonitor`` runs one on every index read); the ``-c`` overrides
    of :data:`NEUTRAL_GIT_CONFIG` win over it, system and global
    configuration are not read, and inherited ``GIT_*`` variables (a
    ``GIT_DIR`` pointing elsewhere) are dropped. A ``git`` executable inside
    the project is never used.

    Args:
        root: The project root.

    Returns:
        The completed process, or ``None`` when git is missing or failed to start.
    """
    git = shutil.which("git")
    if git is None or files.inside(git, root):
        return None
    env = {
        key: value for key, value in os.environ.items() if not key.startswith("GIT_")
    }
    env.update(
        GIT_CONFIG_NOSYSTEM="1",
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_OPTIONAL_LOCKS="0",
        GIT_TERMINAL_PROMPT="0",
    )
    argv = [git, "--no-pager"]
    for setting in NEUTRAL_GIT_CONFIG:
        argv += ["-c", setting]
    argv += ["-C", str(root), "ls-files", "-z", "--", "."]
    try:
        return subprocess.run(  # noqa: S603 - fixed argv, no shell, neutral config
            argv, capture_output=True, check=False, timeout=60, env=env
        )
    except (OSError, subprocess.SubprocessError) as exc:
        logger.debug("git ls-files failed: %s", exc)
        return None


def tracked_env_files(root: Path) -> list[str]:
    """List ``.env`` files (not templates) that git tracks under a root.

    Args:
        root: The project root.

    Returns:
        Their paths relative to the root; empty outside a git work tree.
    """
    completed = git_ls_files(root)
    if completed is None:
        return []
    if completed.returncode != 0:
        return []
    result: list[str] = []
    for raw in completed.stdout.split(b"\0"):
        name = raw.decode("utf-8", "replace")
        if not name:
            continue
        base = PurePosixPath(name).name
        if base == ".env" or (
            base.startswith(".env.")
            and base.split(".")[-1].lower() not in ENV_TEMPLATES
        ):
            result.append(name)
    return result


def check_layout(root: Path, display_root: str) -> list[HookFinding]:
    """Judge a project root's layout (DJA100–DJA102).

    Args:
        root: The project root.
        display_root: The root as the user typed it, for printing.

    Returns:
        The findings.
    """
    missing = missing_layout(root)
    found = [
        finding(
            display_join(display_root, entry.rstrip("/")),
            1,
            rules.LayoutPathMissing,
            kind="folder" if entry.endswith("/") else "file",
            path=entry,
        )
        for entry in missing
    ]
    reported = {entry.rstrip("/") for entry in missing}
    for app, piece in missing_app_pieces(root):
        if piece.rstrip("/") in reported:
            continue
        found.append(
            finding(
                display_join(display_root, piece.rstrip("/")),
                1,
                rules.AppPieceMissing,
                app=app,
                piece=piece,
            )
        )
    found.extend(
        finding(display_join(display_root, name), 1, rules.EnvFileTracked, path=name)
        for name in tracked_env_files(root)
    )
    found.extend(fidelity_findings(root, display_root))
    return found


def _relative(root: Path, path: Path) -> str:
    """Express a path below the root as POSIX text.

    Args:
        root: The project root.
        path: A path below it.

    Returns:
        The relative path.
    """
    return path.relative_to(root).as_posix()


def fidelity_findings(root: Path, display_root: str) -> list[HookFinding]:
    """Judge the health route, the user migration and the apps' tests (DJA103-DJA106).

    Args:
        root: The project root.
        display_root: The root as the user typed it, for printing.

    Returns:
        The findings.
    """
    found: list[HookFinding] = []
    urlconf = health_route_missing(root)
    if urlconf is not None:
        name = _relative(root, urlconf)
        found.append(
            finding(
                display_join(display_root, name),
                1,
                rules.HealthRouteMissing,
                urlconf=name,
            )
        )
    users = root / "apps" / "users"
    migrations = users / "migrations"
    if (users / "models.py").is_file() and not (
        migrations.is_dir() and any(migrations.glob("0001_*.py"))
    ):
        found.append(
            finding(
                display_join(display_root, "apps/users/migrations/0001_initial.py"),
                1,
                rules.InitialUserMigrationMissing,
            )
        )
    apps = root / "apps"
    if not apps.is_dir():
        return found
    for app in sorted(
        child
        for child in apps.iterdir()
        if child.is_dir()
        and not child.is_symlink()
        and not child.name.startswith((".", "_"))
    ):
        tests = app / "tests"
        if not tests.is_dir() or tests.is_symlink():
            continue
        imports = TestImports(root, tests)
        tests_name = _relative(root, tests)
        for module, path in layer_modules(root, app):
            if not imports.imports(module):
                name = _relative(root, path)
                found.append(
                    finding(
                        display_join(display_root, name),
                        1,
                        rules.UntestedModule,
                        module=name,
                        tests=f"{tests_name}/",
                    )
                )
        has_models = (app / "models.py").is_file() or (app / "models").is_dir()
        if has_models and imports.test_modules and not imports.uses_factories():
            found.append(
                finding(
                    display_join(display_root, tests_name),
                    1,
                    rules.TestsWithoutFactories,
                    tests=f"{tests_name}/",
                )
            )
    return found


def root_argument(argv: Sequence[str] | None, prog: str, description: str) -> str:
    """Parse the ``--root`` option of the project-wide hooks.

    Args:
        argv: The arguments (default: ``sys.argv[1:]``).
        prog: The console script's name.
        description: Its ``--help`` text.

    Returns:
        The root as given.
    """
    parser = HookArgumentParser(prog=prog, description=description)
    parser.add_argument(
        "--root", default=".", help="the Django project root (default: .)"
    )
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    return str(args.root)


@guard_broken_pipe
def main(argv: Sequence[str] | None = None) -> int:
    """Run the layout hook on ``--root``.

    Args:
        argv: Command-line arguments (default: ``sys.argv[1:]``).

    Returns:
        0 when clean, 1 with findings, 2 when the root is not a directory.
    """
    root = root_argument(
        argv,
        "djarch-layout",
        "Check the project layout against seed §1, §2, §4.3 and §9 (DJA100-DJA106).",
    )
    if not Path(root).is_dir():
        error_line(root, NotADirectoryError("project root is not a directory"))
        return 2
    return 1 if write_report(check_layout(Path(root), root)) else 0
