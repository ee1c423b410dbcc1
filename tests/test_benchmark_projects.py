"""The real-project benchmark measures what its table says, on a tiny project."""

from __future__ import annotations

import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

from benchmarks import projects

if TYPE_CHECKING:
    from pathlib import Path


def _tiny_project(root: Path) -> None:
    (root / "app").mkdir(parents=True)
    (root / "app" / "__init__.py").write_text("", encoding="utf-8")
    (root / "app" / "tests").mkdir()
    (root / "app" / "tests" / "test_views.py").write_text(
        "def test_one() -> None:\n    assert [x for x in range(3)]\n",
        encoding="utf-8",
    )
    (root / "app" / "broken.py").write_text("def broken(:\n", encoding="utf-8")


@pytest.mark.parametrize("script", [projects.PARSE_SCRIPT, projects.FLOOR_SCRIPT])
def test_reference_scripts_count_the_files_python_cannot_parse(
    tmp_path: Path, script: str
) -> None:
    """Parse and floor read the same listing and agree on E999 files.

    Args:
        tmp_path: The project.
        script: The reference script.
    """
    _tiny_project(tmp_path)
    listing = tmp_path / "files.txt"
    listing.write_text(
        "app/__init__.py\napp/tests/test_views.py\napp/broken.py\n", encoding="utf-8"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(listing)],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    )
    assert result.stdout.strip() == "1"


@pytest.mark.slow
def test_measure_project_times_every_configuration(tmp_path: Path) -> None:
    """Every configuration of the table runs once per repeat on a copy.

    Args:
        tmp_path: Holds the project, which must stay unchanged.
    """
    project = tmp_path / "tiny"
    _tiny_project(project)
    before = (project / "app" / "tests" / "test_views.py").read_bytes()
    result = projects.measure_project(project, 1)
    assert set(result.timed) == {
        "parse",
        "floor",
        "cold-1",
        f"cold-{projects.cores()}",
        "warm",
        "leaf",
    }
    assert all(len(timed.seconds) == 1 for timed in result.timed.values())
    assert (result.files, result.unparsable, result.leaf) == (
        3,
        1,
        "app/tests/test_views.py",
    )
    assert (project / "app" / "tests" / "test_views.py").read_bytes() == before
    table = projects.report_projects([result], None, 1)
    assert "| `floor` |" in table
