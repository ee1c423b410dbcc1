"""End to end: ``pre-commit try-repo`` runs every hook of this repository."""

from __future__ import annotations

import re
import shutil
import subprocess
from typing import TYPE_CHECKING

import pytest
from hooks_testlib import BIN, FIXTURES, REPO_ROOT, copy_fixture

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = pytest.mark.slow

CASES = {
    "djarch-layout": "DJA100",
    "djarch-dockerfile": "DJA110",
    "djarch-compose": "DJA130",
    "djarch-ignorefiles": "DJA142",
    "djarch-pyproject": "DJA152",
    "djarch-nginx": "DJA161",
    "djarch-env": "DJA171",
    "djarch": "DJA",
}


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Commit a snapshot of this repository's working tree.

    ``try-repo`` only sees tracked files; a committed copy also keeps pip's
    in-tree ``build/`` folder out of the real checkout.

    Args:
        tmp_path_factory: Creates module-scoped temporary directories.

    Returns:
        The snapshot repository.
    """
    if shutil.which("git") is None:
        pytest.skip("git not installed")
    copy = tmp_path_factory.mktemp("hook-repo") / "repo"
    shutil.copytree(
        REPO_ROOT,
        copy,
        ignore=shutil.ignore_patterns(
            ".git",
            ".venv",
            "build",
            "*.egg-info",
            "__pycache__",
            ".*_cache",
            # Hypothesis' database changes under the other xdist worker.
            ".hypothesis",
            "reference_project",
        ),
    )
    git = [
        "git",
        "-c",
        "user.name=djarch-tests",
        "-c",
        "user.email=tests@example.invalid",
    ]
    for argv in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "snapshot"]):
        subprocess.run([*git, *argv], cwd=copy, check=True)
    return copy


@pytest.fixture(scope="module")
def bad_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Bad repo.

    Args:
        tmp_path_factory: Creates module-scoped temporary directories.

    Returns:
        The result.
    """
    if shutil.which("git") is None:
        pytest.skip("git not installed")
    root = tmp_path_factory.mktemp("bad-repo")
    (root / "Dockerfile").write_text("FROM python:3.12-slim\n", encoding="utf-8")
    (root / "docker-compose.yml").write_text(
        "services:\n  app:\n    build: .\n", encoding="utf-8"
    )
    copy_fixture("ignore", "bad", "gitignore", root, ".gitignore")
    (root / "pyproject.toml").write_text(
        '[project]\nname = "x"\nversion = "0"\n', encoding="utf-8"
    )
    (root / "nginx").mkdir()
    shutil.copyfile(
        FIXTURES / "nginx" / "bad" / "nginx.conf", root / "nginx" / "nginx.conf"
    )
    (root / ".env.example").write_text(
        "DJANGO_SECRET_KEY=k9#fq2vL!x8Rz0pWb3Nc7TdY\n", encoding="utf-8"
    )
    (root / "views.py").write_text(
        "from django.contrib.auth.models import User\n", encoding="utf-8"
    )
    for argv in (["git", "init", "-q"], ["git", "add", "-A"]):
        subprocess.run(argv, cwd=root, check=True)
    return root


@pytest.fixture(scope="module")
def try_repo_output(hook_repo: Path, bad_repo: Path) -> dict[str, str]:
    """Run every hook of the snapshot once through ``pre-commit try-repo``.

    One run installs the hook environment once; a run per hook installed it
    eight times and was most of the suite's time.

    Args:
        hook_repo: The snapshot of this repository.
        bad_repo: The repository the hooks check.

    Returns:
        Each hook id's verbose section of the output.
    """
    pre_commit = BIN / "pre-commit"
    if not pre_commit.exists():
        pytest.skip("pre-commit not installed")
    result = subprocess.run(
        [str(pre_commit), "try-repo", str(hook_repo), "--all-files", "--verbose"],
        cwd=bad_repo,
        capture_output=True,
        text=True,
        check=False,
        timeout=1800,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    sections = re.split(r"^- hook id: ", result.stdout, flags=re.MULTILINE)[1:]
    return {section.split("\n", 1)[0].strip(): section for section in sections}


@pytest.mark.parametrize(("hook", "code"), sorted(CASES.items()))
def test_try_repo(try_repo_output: dict[str, str], hook: str, code: str) -> None:
    assert hook in try_repo_output, sorted(try_repo_output)
    section = try_repo_output[hook]
    assert "- exit code: 1" in section, section
    assert code in section, section
