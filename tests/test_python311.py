"""The plugin runs on Python 3.11 too: same findings over every fixture project."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROJECTS = ROOT / "tests" / "fixtures" / "projects"


def _python311() -> str | None:
    """Find a Python 3.11 interpreter that really starts.

    Returns:
        Its path, or ``None``.
    """
    candidates = [shutil.which("python3.11")]
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    if pyenv.is_dir():
        candidates += [
            str(path / "bin" / "python3.11") for path in sorted(pyenv.glob("3.11.*"))
        ]
    for candidate in candidates:
        if not candidate:
            continue
        probe = subprocess.run(
            [candidate, "-c", "import sys; print(sys.version_info[:2])"],
            capture_output=True,
            text=True,
            check=False,
        )
        if probe.returncode == 0 and probe.stdout.strip() == "(3, 11)":
            return candidate
    return None


def _run(python: str, project: Path) -> list[str]:
    """Run flake8 with the plugin over one fixture project.

    Args:
        python: The interpreter of the environment holding the plugin.
        project: The fixture project root.

    Returns:
        The sorted DJA output lines.
    """
    config = project / ".flake8"
    args = [f"--config={config}"] if config.exists() else ["--isolated"]
    result = subprocess.run(
        [python, "-m", "flake8", "--select=DJA", "--jobs=1", *args, "."],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert "Traceback" not in result.stderr, result.stderr
    return sorted(line for line in result.stdout.splitlines() if " DJA" in line)


@pytest.mark.slow
def test_same_findings_on_python311(tmp_path: Path) -> None:
    """Install the package into a 3.11 venv and compare flake8 output with this interpreter's.

    Args:
        tmp_path: A temporary directory.
    """
    python311 = _python311()
    bindir = str(Path(sys.executable).parent)
    uv = os.environ.get("UV") or shutil.which("uv", path=bindir) or shutil.which("uv")
    if python311 is None or uv is None:
        pytest.skip("no working Python 3.11 interpreter or uv on this machine")
    venv = tmp_path / "py311"
    subprocess.run(
        [uv, "venv", "--quiet", "--python", python311, str(venv)],
        check=True,
        timeout=300,
    )
    python = str(venv / "bin" / "python")
    subprocess.run(
        [uv, "pip", "install", "--quiet", "--python", python, str(ROOT)],
        check=True,
        timeout=600,
    )
    version = subprocess.run(
        [python, "-m", "flake8", "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "flake8-djarch" in version.stdout
    assert "CPython 3.11" in version.stdout
    for project in sorted(path for path in PROJECTS.iterdir() if path.is_dir()):
        assert _run(python, project) == _run(sys.executable, project), project.name
