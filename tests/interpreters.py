"""Find a local CPython of one minor version, and the environment to hand it to uv.

uv downloads a missing interpreter by default; on a machine without network
that is a DNS error deep in a test. The reference project needs Python 3.12
while the suite may run on 3.11, so the tests look for a 3.12 themselves (on
``PATH``, in pyenv's versions folder, then ``uv python find``), probe that it
really starts (a pyenv shim of an unselected version does not), and give uv
its absolute path with downloads switched off.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

#: Variables the reference project's tools may need; everything else, such as
#: ``DJANGO_ALLOW_ASYNC_UNSAFE`` set by some test, stays out.
PASSED_NAMES = frozenset(
    {
        "PATH",
        "HOME",
        "LANG",
        "LC_ALL",
        "LC_CTYPE",
        "TMPDIR",
        "XDG_CACHE_HOME",
        "XDG_DATA_HOME",
        "SSL_CERT_FILE",
        "SSL_CERT_DIR",
        "REQUESTS_CA_BUNDLE",
        "CURL_CA_BUNDLE",
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "NO_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
        "no_proxy",
        "DATABASE_URL",
        "REDIS_URL",
    }
)
#: uv settings of the caller (index, cache, ...) pass, except the interpreter
#: choice, which is ours.
PASSED_PREFIX = "UV_"
OWN_UV_NAMES = frozenset({"UV_PYTHON", "UV_PYTHON_DOWNLOADS", "UV_PROJECT_ENVIRONMENT"})


def _version_of(python: str) -> str | None:
    """Ask an interpreter for its ``major.minor`` version.

    Args:
        python: The interpreter's path.

    Returns:
        ``"3.12"`` and the like, or ``None`` when it does not start.
    """
    try:
        probe = subprocess.run(
            [python, "-I", "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
            env={"PATH": os.environ.get("PATH", os.defpath)},
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return probe.stdout.strip() if probe.returncode == 0 else None


def _pyenv_versions() -> Path | None:
    """Locate pyenv's versions folder without selecting any version.

    Returns:
        The folder, or ``None`` without pyenv.
    """
    root = os.environ.get("PYENV_ROOT")
    if not root and shutil.which("pyenv"):
        try:
            found = subprocess.run(
                ["pyenv", "root"],
                capture_output=True,
                text=True,
                check=False,
                timeout=60,
            )
        except (OSError, subprocess.TimeoutExpired):
            found = None
        root = found.stdout.strip() if found and found.returncode == 0 else None
    folder = Path(root or Path.home() / ".pyenv") / "versions"
    return folder if folder.is_dir() else None


def _release(path: Path) -> tuple[int, ...]:
    """Sort key of a pyenv version folder such as ``3.12.10``.

    Args:
        path: The folder.

    Returns:
        Its numeric parts.
    """
    return tuple(int(part) for part in re.findall(r"\d+", path.name))


def _uv_find(version: str) -> str | None:
    """Ask uv for an installed interpreter, never downloading one.

    Args:
        version: ``major.minor``.

    Returns:
        Its path, or ``None``.
    """
    uv = uv_executable()
    if uv is None:
        return None
    try:
        found = subprocess.run(
            [uv, "python", "find", "--no-project", version],
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
            env={**os.environ, "UV_PYTHON_DOWNLOADS": "never", "UV_OFFLINE": "1"},
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    path = found.stdout.strip()
    return path if found.returncode == 0 and path else None


def uv_executable() -> str | None:
    """Find uv: ``$UV``, the one beside this interpreter, then ``PATH``.

    Returns:
        Its path, or ``None``.
    """
    bindir = str(Path(sys.executable).parent)
    return os.environ.get("UV") or shutil.which("uv", path=bindir) or shutil.which("uv")


def candidates(version: str) -> list[str]:
    """List the places where an interpreter of one version may live, best first.

    Args:
        version: ``major.minor``, e.g. ``"3.12"``.

    Returns:
        Paths to probe (the first ones are cheap; ``uv python find`` comes last).
    """
    found: list[str] = []
    if "{}.{}".format(*sys.version_info[:2]) == version:
        # The interpreter behind this venv: uv builds the sub-project's own venv on it.
        found.append(getattr(sys, "_base_executable", sys.executable))
    on_path = shutil.which(f"python{version}")
    if on_path:
        found.append(on_path)
    versions = _pyenv_versions()
    if versions is not None:
        # The real binaries, not pyenv's shims: a shim refuses to start when
        # the version is installed but not selected.
        found += [
            str(folder / "bin" / f"python{version}")
            for folder in sorted(
                versions.glob(f"{version}.*"), key=_release, reverse=True
            )
            if re.fullmatch(rf"{re.escape(version)}\.\d+", folder.name)
        ]
    return found


@functools.cache
def find_python(version: str) -> str | None:
    """Find a working CPython of one minor version on this machine.

    Args:
        version: ``major.minor``, e.g. ``"3.12"``.

    Returns:
        The interpreter's path, or ``None`` when none starts.
    """
    for candidate in candidates(version):
        if _version_of(candidate) == version:
            return candidate
    from_uv = _uv_find(version)
    if from_uv and _version_of(from_uv) == version:
        return from_uv
    return None


def missing_message(version: str, purpose: str) -> str:
    """Say in one line what to install when no interpreter is found.

    Args:
        version: ``major.minor``.
        purpose: What needs it.

    Returns:
        The message.
    """
    return (
        f"{purpose} needs Python {version}, found neither python{version} on PATH, "
        f"nor pyenv's versions/{version}.*, nor `uv python find {version}`: install "
        f"it (`pyenv install {version}`, or your system's python{version} package)"
    )


def uv_environment(python: str, base: dict[str, str] | None = None) -> dict[str, str]:
    """Build the explicit, minimal environment of a ``uv`` run for a sub-project.

    Args:
        python: The interpreter uv must use.
        base: The environment to pick from (default: this process's).

    Returns:
        The allow-listed variables, plus ``UV_PYTHON`` pointing at ``python``
        and interpreter downloads switched off.
    """
    source = os.environ if base is None else base
    env = {
        name: value
        for name, value in source.items()
        if name in PASSED_NAMES
        or (name.startswith(PASSED_PREFIX) and name not in OWN_UV_NAMES)
    }
    env.setdefault("PATH", os.defpath)
    env["UV_PYTHON"] = python
    env["UV_PYTHON_DOWNLOADS"] = "never"
    return env
