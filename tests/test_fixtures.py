"""Run every fixture project through the engine, flake8 on files, and flake8 on stdin.

Each folder under ``tests/fixtures/projects/`` is a mini project root: flake8
runs in it, so roles and project-local imports resolve exactly as for a user.
Expectations are inline ``# error: DJAnnn`` comments; findings must match them
both ways. The flake8 runs happen in a subprocess whose ``sys.path`` blocks
``django`` and ``rest_framework``, proving the plugin needs neither.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from flake8_djarch.api import lint_source
from flake8_djarch.config import load
from tests.expectations import Key, compare, expected, parse_output

PROJECTS = Path(__file__).parent / "fixtures" / "projects"
BLOCKER = Path(__file__).parent / "support" / "block_django"
STDIN_DRIVER = Path(__file__).parent / "support" / "flake8_stdin.py"


def _projects() -> list[Path]:
    """List the fixture projects.

    Returns:
        Their root folders, sorted.
    """
    return sorted(path for path in PROJECTS.iterdir() if path.is_dir())


def _files(project: Path) -> list[Path]:
    """List the Python files of a fixture project.

    Args:
        project: The fixture project root.

    Returns:
        Its ``.py`` and ``.pyi`` files.
    """
    return sorted(
        path for path in project.rglob("*.py") if "__pycache__" not in path.parts
    ) + sorted(project.rglob("*.pyi"))


def _expectations(project: Path) -> tuple[Counter[Key], dict[Key, int]]:
    """Collect the inline expectations of a fixture project.

    Args:
        project: The fixture project root.

    Returns:
        The expected findings and pinned columns.
    """
    want: Counter[Key] = Counter()
    columns: dict[Key, int] = {}
    for path in _files(project):
        rel = path.relative_to(project).as_posix()
        found, cols = expected(path, rel)
        want.update(found)
        columns.update(cols)
    return want, columns


def _flake8(
    project: Path, *args: str, stdin: str | None = None, files: list[str] | None = None
) -> str:
    """Run real flake8 with only DJA selected in a fixture project.

    Args:
        project: The fixture project root (the working directory).
        *args: Extra flake8 arguments.
        stdin: Text to feed on standard input.
        files: Project-relative files to feed one by one on flake8's stdin
            (``--stdin-display-name=FILE -`` each), in one process.

    Returns:
        flake8's standard output.
    """
    env = {**os.environ, "PYTHONPATH": str(BLOCKER)}
    config = project / ".flake8"
    command = [sys.executable, "-m", "flake8"]
    if files is not None:
        command = [sys.executable, str(STDIN_DRIVER)]
    base = [*command, "--select=DJA", "--jobs=1"]
    base += [f"--config={config}"] if config.exists() else ["--isolated"]
    if files is not None:
        args = (*args, "--", *files)
    result = subprocess.run(
        [*base, *args],
        cwd=project,
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=300,
    )
    assert result.returncode in {0, 1}, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    return result.stdout


@pytest.mark.parametrize("project", _projects(), ids=lambda path: path.name)
def test_engine(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The engine in-process reports exactly the expected findings.

    Args:
        project: The fixture project root.
        monkeypatch: pytest's monkeypatch fixture.
    """
    monkeypatch.chdir(project)
    load.cache_clear()
    want, columns = _expectations(project)
    got = [
        (
            path.relative_to(project).as_posix(),
            finding.line,
            finding.col + 1,
            finding.code,
            finding.text,
        )
        for path in _files(project)
        for finding in lint_source(
            path.read_text(encoding="utf-8"),
            path.relative_to(project).as_posix(),
            root=str(project),
        )
    ]
    assert not [row for row in got if row[3] == "DJA000"], got
    assert compare(want, columns, got) == []


@pytest.mark.parametrize("project", _projects(), ids=lambda path: path.name)
def test_flake8_files(project: Path) -> None:
    """Real flake8 over the project's files reports exactly the expected findings.

    Args:
        project: The fixture project root.
    """
    want, columns = _expectations(project)
    got = parse_output(_flake8(project, "."))
    assert compare(want, columns, got) == []


@pytest.mark.parametrize("project", _projects(), ids=lambda path: path.name)
def test_flake8_stdin(project: Path) -> None:
    """Real flake8 over stdin with --stdin-display-name reports the same findings.

    Args:
        project: The fixture project root.
    """
    want, columns = _expectations(project)
    files = [
        path.relative_to(project).as_posix()
        for path in _files(project)
        if path.suffix == ".py"
    ]
    got = parse_output(_flake8(project, files=files))
    assert compare(want, columns, got) == []
