"""The suite's own hygiene: fixture trees stay data, interpreters are found locally."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests import interpreters
from tests.interpreters import find_python, missing_message

ROOT = Path(__file__).resolve().parent.parent

#: Collect the whole suite the way the README's command does, then list the
#: modules imported from data trees and the async guard variable.
COLLECT = """
import json, os, sys
import pytest

code = pytest.main(["--collect-only", "-q", "-p", "no:cacheprovider"])
data = {data!r}
loaded = sorted(
    name
    for name, module in list(sys.modules.items())
    if any(str(getattr(module, "__file__", None) or "").startswith(d) for d in data)
)
print("\\n" + json.dumps({{
    "code": int(code),
    "loaded": loaded,
    "async_unsafe": os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE"),
}}))
"""


def test_collection_imports_no_fixture_conftest() -> None:
    """Collecting the suite imports nothing from the fixture trees.

    ``tests/fixtures/projects/async_orm/.../conftest.py`` sets
    ``DJANGO_ALLOW_ASYNC_UNSAFE``; imported, it would leak into every subprocess.
    """
    data = [
        ROOT / "tests" / "fixtures",
        ROOT / "tests" / "hooks" / "fixtures",
        ROOT / "tests" / "robustness",
        ROOT / "reference_project",
    ]
    assert (
        ROOT / "tests/fixtures/projects/async_orm/apps/shop/tests/conftest.py"
    ).is_file()
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("PYTEST_") and name != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            COLLECT.format(data=[f"{path}{os.sep}" for path in data]),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
        env=env,
    )
    report = json.loads(result.stdout.splitlines()[-1])
    assert report["code"] == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert report["loaded"] == []
    assert report["async_unsafe"] is None


def _fake_python(path: Path, version: str) -> str:
    """Write an executable that answers the version probe like a real CPython.

    Args:
        path: Where to write it.
        version: The ``major.minor`` it claims, or ``""`` to fail like a pyenv
            shim of an unselected version.

    Returns:
        Its path.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    body = f"echo {version}" if version else "echo 'pyenv: not selected' >&2; exit 127"
    path.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return str(path)


@pytest.fixture
def bare_machine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A PATH and a pyenv root with nothing in them, and a uv that finds nothing.

    Args:
        tmp_path: A temporary directory.
        monkeypatch: pytest's monkeypatch fixture.

    Returns:
        The pyenv root.
    """
    (tmp_path / "bin").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    monkeypatch.setenv("PYENV_ROOT", str(tmp_path / "pyenv"))
    uv = tmp_path / "uv" / "uv"
    uv.parent.mkdir()
    uv.write_text("#!/bin/sh\nexit 2\n", encoding="utf-8")
    uv.chmod(0o755)
    monkeypatch.setenv("UV", str(uv))
    monkeypatch.setattr(interpreters, "find_python", find_python.__wrapped__)
    return tmp_path / "pyenv"


def test_pyenv_real_binary_wins_over_unselected_shim(
    bare_machine: Path, tmp_path: Path
) -> None:
    shim = _fake_python(tmp_path / "bin" / "python3.99", "")
    old = _fake_python(bare_machine / "versions/3.99.2/bin/python3.99", "3.99")
    new = _fake_python(bare_machine / "versions/3.99.10/bin/python3.99", "3.99")
    _fake_python(bare_machine / "versions/3.99.0a1/bin/python3.99", "3.99")
    assert interpreters.candidates("3.99") == [shim, new, old]
    assert interpreters.find_python("3.99") == new


def test_no_interpreter_is_one_line_saying_what_to_install(
    bare_machine: Path,
) -> None:
    assert not bare_machine.exists()
    assert interpreters.find_python("3.99") is None
    message = missing_message("3.99", "reference_project/")
    assert "\n" not in message
    assert "install" in message
    assert "python3.99" in message
