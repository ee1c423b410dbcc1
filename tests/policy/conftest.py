"""Shared helpers of the policy tests: a small project with known findings."""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

from flake8_djarch.project_check import main_check
from flake8_djarch.violations import all_violations

PYTHON_CODES = frozenset(v.code for v in all_violations() if v.tool == "flake8")
BIN = Path(sys.executable).parent

VIEWS = '''\
"""Views of the users app."""

from rest_framework.views import APIView


class UserApi(APIView):
    def get(self, request):
        return None
'''

SERVICES = '''\
"""Services of the users app."""


def create_user(name):
    return name
'''


def write_project(root: Path) -> None:
    """Write a project whose Python files have findings of several codes.

    Args:
        root: The directory to fill.
    """
    (root / "apps" / "users").mkdir(parents=True)
    (root / "apps" / "__init__.py").write_text("", encoding="utf-8")
    (root / "apps" / "users" / "__init__.py").write_text("", encoding="utf-8")
    (root / "apps" / "users" / "views.py").write_text(VIEWS, encoding="utf-8")
    (root / "apps" / "users" / "services.py").write_text(SERVICES, encoding="utf-8")


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run a console script of this environment.

    Args:
        args: The script and its arguments.
        cwd: The working directory.

    Returns:
        The finished process.
    """
    return subprocess.run(
        [str(BIN / args[0]), *args[1:]],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


def flake8_findings(root: Path, *args: str) -> Counter[tuple[str, int, str]]:
    """Run flake8 in a project and collect its DJA findings.

    Args:
        root: The project root.
        *args: Extra flake8 arguments.

    Returns:
        ``(path, line, code)`` counts.
    """
    result = run(["flake8", *args, "."], root)
    assert result.returncode in {0, 1}, result.stderr
    found: Counter[tuple[str, int, str]] = Counter()
    for line in result.stdout.splitlines():
        path, number, _col, text = line.split(":", 3)
        code = text.split()[0]
        if code.startswith("DJA"):
            found[(path.removeprefix("./"), int(number), code)] += 1
    return found


def check_findings(root: Path, *args: str) -> Counter[tuple[str, int, str]]:
    """Run ``djarch check --format json`` in-process and collect its Python findings.

    Args:
        root: The project root.
        *args: Extra arguments.

    Returns:
        ``(path, line, code)`` counts of flake8-plugin codes, paths relative
        to the root.
    """
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = main_check([str(root), "--format", "json", *args])
    assert status in {0, 1}, out.getvalue()
    payload = json.loads(out.getvalue())
    prefix = f"{root}/"
    return Counter(
        (item["path"].removeprefix(prefix), item["line"], item["code"])
        for item in payload["findings"]
        if item["code"] in PYTHON_CODES
    )
