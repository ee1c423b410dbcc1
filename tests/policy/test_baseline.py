"""Baselines, ``--add-noqa`` and ``warn``: adopting on an existing code base."""

from __future__ import annotations

import ast
import json
from typing import TYPE_CHECKING

from flake8_djarch.policy import baseline

from .conftest import VIEWS, check_findings, flake8_findings, run, write_project

if TYPE_CHECKING:
    from pathlib import Path

NEW_VIEW = """

class OtherApi(APIView):
    def get(self, request):
        return None
"""


def test_fingerprints_survive_moves_and_count_copies() -> None:
    """Check: a moved or re-indented line keeps its fingerprint; a copy is new."""
    first = baseline.fingerprints("a.py", [("DJA080", "    print(x)")])
    moved = baseline.fingerprints("a.py", [("DJA080", "print(x)  ")])
    assert first == moved
    twice = baseline.fingerprints(
        "a.py", [("DJA080", "print(x)"), ("DJA080", "print(x)")]
    )
    assert twice[0] == first[0]
    assert twice[1] != first[0]
    assert baseline.fingerprints("b.py", [("DJA080", "print(x)")]) != first


def test_baseline_reports_only_new_findings(tmp_path: Path) -> None:
    """Check: written baseline, moved lines, one new violation, one fixed entry.

    Args:
        tmp_path: A fresh temporary directory.
    """
    write_project(tmp_path)
    written = run(
        ["djarch", "check", ".", "--write-baseline", ".djarch-baseline.json"], tmp_path
    )
    assert written.returncode == 0, written.stderr
    data = json.loads((tmp_path / ".djarch-baseline.json").read_text(encoding="utf-8"))
    assert data["version"] == 1
    assert data["entries"]
    (tmp_path / "pyproject.toml").write_text(
        '[tool.djarch]\nbaseline = ".djarch-baseline.json"\n', encoding="utf-8"
    )
    (tmp_path / ".gitignore").write_text("", encoding="utf-8")
    views = tmp_path / "apps" / "users" / "views.py"
    views.write_text('"""Moved."""\n\n' + VIEWS + NEW_VIEW, encoding="utf-8")
    services = tmp_path / "apps" / "users" / "services.py"
    services.write_text(
        '"""Services of the users app."""\n\n\n'
        "def create_user(name: str) -> str:\n"
        '    """Create a user.\n\n    Args:\n        name: The name.\n\n'
        '    Returns:\n        The name.\n    """\n    return name\n',
        encoding="utf-8",
    )
    result = run(["djarch", "check", ".", "--format", "json"], tmp_path)
    payload = json.loads(result.stdout)
    lines = {(item["path"], item["line"]) for item in payload["findings"]}
    python = {item for item in lines if item[0].endswith(".py")}
    assert python, result.stdout
    assert all(path == "apps/users/views.py" and line >= 12 for path, line in python)
    # fixed: services.py's docstring and two annotations, the missing
    # .gitignore and pyproject.toml (DJA100)
    assert payload["baseline"]["stale"] == 5
    assert result.returncode == 1
    assert check_findings(tmp_path) == flake8_findings(tmp_path, "--select=DJA")
    text = run(["djarch", "check", "."], tmp_path).stdout.splitlines()[-1]
    assert "stale" in text


def test_warn_never_fails(tmp_path: Path) -> None:
    """Check: warn-only codes are printed but the exit status stays 0.

    Args:
        tmp_path: A fresh temporary directory.
    """
    write_project(tmp_path)
    assert (
        run(["djarch", "check", ".", "--write-baseline", "b.json"], tmp_path).returncode
        == 0
    )
    (tmp_path / "apps" / "users" / "views.py").write_text(
        VIEWS + NEW_VIEW, encoding="utf-8"
    )
    (tmp_path / "pyproject.toml").write_text(
        '[tool.djarch]\nbaseline = "b.json"\nwarn = ["DJA0", "DJA1"]\n',
        encoding="utf-8",
    )
    result = run(["djarch", "check", "."], tmp_path)
    assert "(warning)" in result.stdout
    assert result.returncode == 0, result.stdout
    (tmp_path / "pyproject.toml").write_text(
        '[tool.djarch]\nbaseline = "b.json"\nwarn = ["DJA06", "DJA1"]\n',
        encoding="utf-8",
    )
    assert run(["djarch", "check", "."], tmp_path).returncode == 1


def test_add_noqa_silences_and_changes_nothing_else(tmp_path: Path) -> None:
    """Check: ``--add-noqa`` adds comments only; the ASTs stay equal; a re-run is clean.

    Args:
        tmp_path: A fresh temporary directory.
    """
    write_project(tmp_path)
    views = tmp_path / "apps" / "users" / "views.py"
    views.write_text(
        VIEWS + '\n\ndef helper(value):\n    print("""a\nb""")\n', encoding="utf-8"
    )
    before = ast.dump(ast.parse(views.read_text(encoding="utf-8")))
    result = run(["djarch", "check", ".", "--add-noqa=legacy"], tmp_path)
    assert result.returncode == 0, result.stderr
    after_text = views.read_text(encoding="utf-8")
    assert ast.dump(ast.parse(after_text)) == before
    assert '"""a\nb""")  # noqa: DJA080 legacy' in after_text
    assert (
        "class UserApi(APIView):  # noqa: DJA010, DJA011, DJA060 legacy" in after_text
    )
    assert check_findings(tmp_path) == {}
    assert flake8_findings(tmp_path, "--select=DJA") == {}
