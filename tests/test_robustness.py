"""Robustness: installed packages, generated programs and Python 3.12 syntax.

No input may make the plugin raise or report DJA000 (a rule that crashed).
"""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks import robustness
from flake8_djarch.api import lint_source
from flake8_djarch.config import Config
from tests.expectations import Key, expected, parse_output

ROOT = Path(__file__).parent / "robustness"
PY312 = ROOT / "py312"
REPO = Path(__file__).parent.parent
#: Paths under which generated code is linted, so that role-bound rules run too.
ROLE_PATHS = (
    "apps/shop/views.py",
    "apps/shop/services.py",
    "apps/shop/models.py",
    "apps/shop/serializers.py",
    "config/settings.py",
    "apps/shop/tests/test_shop.py",
    "tool.py",
)
needs_312 = pytest.mark.skipif(
    sys.version_info < (3, 12), reason="PEP 695/701 syntax needs Python 3.12"
)


def _internal_errors(source: str, path: str) -> list[str]:
    """Lint source and return the DJA000 findings as text.

    Args:
        source: Module text.
        path: The path it pretends to have.

    Returns:
        ``line:col text`` of every DJA000.
    """
    findings = lint_source(source, path, root=str(ROOT), config=Config(root=str(ROOT)))
    return [
        f"{path}:{f.line}:{f.col + 1} {f.text}" for f in findings if f.code == "DJA000"
    ]


@pytest.mark.slow
def test_installed_packages_never_crash_the_plugin() -> None:
    """Every file of every installed package lints without exception or DJA000."""
    outcome = robustness.sweep()
    assert outcome.files > 1000, outcome
    assert not outcome.failures, "\n".join(outcome.failures[:20])


@pytest.mark.slow
def test_robustness_script_exit_status() -> None:
    """The command-line sweep reports its totals and exits 0 on a clean package."""
    result = subprocess.run(
        [
            sys.executable,
            str(REPO / "benchmarks" / "robustness.py"),
            "--package",
            "rest_framework",
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert " files, " in result.stdout
    assert "0 failures" in result.stdout


@pytest.mark.slow
def test_benchmark_quick(tmp_path: Path) -> None:
    """The benchmark's quick mode runs end to end and writes its table.

    Args:
        tmp_path: Where the table goes.
    """
    output = tmp_path / "performance.md"
    result = subprocess.run(
        [
            sys.executable,
            str(REPO / "benchmarks" / "run.py"),
            "--quick",
            "--output",
            str(output),
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    text = output.read_text(encoding="utf-8")
    assert "## Results" in text
    assert "default+DJA" in text


@pytest.mark.slow
@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
@given(source=st.data())
def test_generated_programs(source: st.DataObject) -> None:
    """Grammar-generated programs (hypothesmith) never crash a rule.

    Args:
        source: Hypothesis's interactive draw.
    """
    hypothesmith = pytest.importorskip("hypothesmith")
    code = source.draw(st.one_of(hypothesmith.from_grammar(), hypothesmith.from_node()))
    path = source.draw(st.sampled_from(ROLE_PATHS))
    assert _internal_errors(code, path) == []


def _expectations() -> Counter[Key]:
    """Collect the ``# error:`` expectations of the 3.12 fixtures.

    Returns:
        The expected ``(rel, line, code)`` multiset.
    """
    want: Counter[Key] = Counter()
    for path in sorted(PY312.glob("*.py")):
        want.update(expected(path, path.relative_to(ROOT).as_posix())[0])
    return want


@needs_312
def test_py312_syntax_in_process() -> None:
    """PEP 695 generics, ``type``, ``match`` and PEP 701 f-strings lint cleanly in-process."""
    got: Counter[Key] = Counter()
    for path in sorted(PY312.glob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        source = path.read_text(encoding="utf-8")
        for role_path in ROLE_PATHS:
            assert _internal_errors(source, role_path) == []
        for finding in lint_source(
            source, rel, root=str(ROOT), config=Config(root=str(ROOT))
        ):
            got[rel, finding.line, finding.code] += 1
    assert got == _expectations()


@needs_312
def test_py312_syntax_under_flake8() -> None:
    """The same files through flake8 (its tokens, its AST) give the same findings."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "flake8",
            "--isolated",
            "--select=DJA",
            "--jobs=1",
            "py312",
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        timeout=300,
    )
    assert result.returncode in {0, 1}, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    got = Counter(
        (path.removeprefix("./"), line, code)
        for path, line, _, code, _ in parse_output(result.stdout)
    )
    assert got == _expectations()
