"""Run every fixture project through the engine, flake8 on files, and flake8 on stdin.

Each folder under ``tests/fixtures/projects/`` is a mini project root: flake8
runs in it, so roles and project-local imports resolve exactly as for a user.
Expectations are inline ``# error: DJAnnn`` comments; findings must match them
both ways. The flake8 runs happen in a subprocess whose ``sys.path`` blocks
``django`` and ``rest_framework``, proving the plugin needs neither.
"""

from __future__ import annotations

import json
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
DRIVER = Path(__file__).parent / "support" / "flake8_runs.py"


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


def _flake8_args(project: Path) -> list[str]:
    """The flake8 arguments of every run in a fixture project.

    Args:
        project: The fixture project root.

    Returns:
        DJA selected, one job, and the project's own configuration if any.
    """
    config = project / ".flake8"
    base = ["--select=DJA", "--jobs=1"]
    return base + ([f"--config={config}"] if config.exists() else ["--isolated"])


@pytest.fixture(scope="module")
def flake8_output(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Run real flake8 in every fixture project, on its files and on stdin.

    All the runs share one driver process that forks a child per run once
    flake8 and the plugin are imported (``tests/support/flake8_runs.py``);
    the driver's ``sys.path`` blocks ``django`` and ``rest_framework``.

    Args:
        tmp_path_factory: Makes the folder of the job and result files.

    Returns:
        flake8's standard output by ``files:NAME`` and ``stdin:NAME``.
    """
    jobs, names = [], []
    for project in _projects():
        stdin_files = [
            path.relative_to(project).as_posix()
            for path in _files(project)
            if path.suffix == ".py"
        ]
        for mode, files, args in (
            ("files", None, ["."]),
            ("stdin", stdin_files, []),
        ):
            names.append(f"{mode}:{project.name}")
            jobs.append(
                {
                    "cwd": str(project),
                    "args": [*_flake8_args(project), *args],
                    "stdin_files": files,
                }
            )
    folder = tmp_path_factory.mktemp("flake8-runs")
    (folder / "jobs.json").write_text(json.dumps(jobs), encoding="utf-8")
    driver = subprocess.run(
        [
            sys.executable,
            str(DRIVER),
            str(folder / "jobs.json"),
            str(folder / "out.json"),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(BLOCKER)},
        check=False,
        timeout=600,
    )
    assert driver.returncode == 0, driver.stderr
    results = json.loads((folder / "out.json").read_text(encoding="utf-8"))
    output = {}
    for name, result in zip(names, results, strict=True):
        assert result["status"] in {0, 1}, (name, result["stderr"])
        assert "Traceback" not in result["stderr"], (name, result["stderr"])
        output[name] = result["stdout"]
    return output


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
def test_flake8_files(project: Path, flake8_output: dict[str, str]) -> None:
    """Real flake8 over the project's files reports exactly the expected findings.

    Args:
        project: The fixture project root.
        flake8_output: flake8's output per project and mode.
    """
    want, columns = _expectations(project)
    got = parse_output(flake8_output[f"files:{project.name}"])
    assert compare(want, columns, got) == []


@pytest.mark.parametrize("project", _projects(), ids=lambda path: path.name)
def test_flake8_stdin(project: Path, flake8_output: dict[str, str]) -> None:
    """Real flake8 over stdin with --stdin-display-name reports the same findings.

    Args:
        project: The fixture project root.
        flake8_output: flake8's output per project and mode.
    """
    want, columns = _expectations(project)
    got = parse_output(flake8_output[f"stdin:{project.name}"])
    assert compare(want, columns, got) == []
