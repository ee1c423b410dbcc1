"""djarch-pyproject: DJA150-DJA152, TOML line numbers, noqa, exit codes."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from djarch_hooks.common import UnusableInputError, drop_silenced
from djarch_hooks.pyproject import check_pyproject, main, normalise_name
from hooks_testlib import FIXTURES, codes, script

if TYPE_CHECKING:
    from pathlib import Path

GOOD_PATH = FIXTURES / "pyproject" / "good" / "pyproject.toml"
GOOD = GOOD_PATH.read_text(encoding="utf-8")
GOOD_LOCK = (GOOD_PATH.parent / "uv.lock").read_text(encoding="utf-8")
# DJA153 / DJA154 judge the files beside pyproject.toml; their tests are in
# test_hook_lockfile.py, so the text-only checks here leave them out.
BESIDE = frozenset({"DJA153", "DJA154"})
BAD = (FIXTURES / "pyproject" / "bad" / "pyproject.toml").read_text(encoding="utf-8")


def check(text: str) -> list[str]:
    """Check.

    Args:
        text: The input text.

    Returns:
        The result.
    """
    return [
        code
        for code in codes(check_pyproject(text, "pyproject.toml"))
        if code not in BESIDE
    ]


def test_good_fixture_is_clean() -> None:
    assert check(GOOD) == []


def test_bad_fixture() -> None:
    found = check_pyproject(BAD, "pyproject.toml")
    ruff = [(item.line, item.text) for item in found if item.code == "DJA150"]
    assert len(ruff) == 5
    assert any(line == 10 and "line-length = 120" in text for line, text in ruff)
    assert any(line == 11 and "py311" in text for line, text in ruff)
    assert any(line == 17 and "ANN401" in text for line, text in ruff)
    assert any(line == 1 and "FBT" in text for line, text in ruff)
    assert codes(found).count("DJA151") == 3
    assert codes(found).count("DJA152") == 7


def test_dja150_tc_accepted_and_all() -> None:
    assert "DJA150" not in check(GOOD.replace('"TC",', '"TCH",'))
    assert "DJA150" not in check(GOOD.replace("select = [", 'select = ["ALL", '))
    assert check(GOOD.replace('"PERF", ', "")) == ["DJA150"]
    assert check(GOOD.replace('"COM812", ', '"COM812", "B008", "S", ')) == [
        "DJA150",
        "DJA150",
    ]
    assert check(
        GOOD.replace('target-version = "py312"', 'target-version = "py313"')
    ) == ["DJA150"]


def test_dja150_missing_target_version_uses_requires_python() -> None:
    assert check(GOOD.replace('target-version = "py312"\n', "")) == []
    text = GOOD.replace('target-version = "py312"\n', "").replace(">=3.12", ">=3.11")
    assert check(text) == ["DJA150"]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('DJANGO_SETTINGS_MODULE = "config.settings"\n', ""),
        ("--strict-markers ", ""),
        ("--cov=apps ", ""),
        ("--cov-fail-under=85", "--cov-fail-under=79"),
        ("--cov-fail-under=85", ""),
    ],
)
def test_dja151_one_per_deviation(old: str, new: str) -> None:
    assert check(GOOD.replace(old, new)) == ["DJA151"]


def test_dja151_separate_option_values() -> None:
    text = GOOD.replace("--cov=apps", "--cov apps").replace(
        "--cov-fail-under=85", "--cov-fail-under 90"
    )
    assert check(text) == []


@pytest.mark.parametrize(
    ("option", "expected"),
    [
        ("--ds=config.settings ", []),
        ("--ds config.settings ", []),
        ("--ds= ", ["DJA151"]),
    ],
)
def test_dja151_accepts_ds_option(option: str, expected: list[str]) -> None:
    """pytest-django's ``--ds=`` in addopts names the settings module (R6).

    Args:
        option: The ``--ds`` option added to addopts.
        expected: The findings.
    """
    text = GOOD.replace('DJANGO_SETTINGS_MODULE = "config.settings"\n', "").replace(
        "--strict-markers ", f"--strict-markers {option}"
    )
    assert check(text) == expected


def test_dja152_normalised_names_and_groups() -> None:
    assert normalise_name("Pydantic_Settings[dotenv]>=2") == "pydantic-settings"
    assert normalise_name("factory.boy ; python_version>'3'") == "factory-boy"
    found = [
        item
        for item in check_pyproject(
            GOOD.replace('    "gunicorn>=23.0",\n', ""), "pyproject.toml"
        )
        if item.code not in BESIDE
    ]
    assert codes(found) == ["DJA152"]
    assert "gunicorn" in found[0].text
    uv_dev = GOOD.split("[dependency-groups]")[0] + (
        '[tool.uv]\ndev-dependencies = ["pytest_django", "Factory-Boy", "pytest-cov", "ruff"]\n'
        + "[tool.ruff]"
        + GOOD.split("[tool.ruff]", 1)[1]
    )
    assert check(uv_dev) == []
    assert check(uv_dev.replace('"ruff"', '"black"')) == ["DJA152"]


@pytest.mark.parametrize("text", ["[tool.ruff\n", "a = = 1\n", 'x = "unterminated\n'])
def test_invalid_toml(text: str) -> None:
    with pytest.raises(UnusableInputError):
        check_pyproject(text, "pyproject.toml")


def test_noqa() -> None:
    text = GOOD.replace("line-length = 88", "line-length = 100  # noqa: DJA150")
    assert codes(drop_silenced(check_pyproject(text, str(GOOD_PATH)), text)) == []


def test_main_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "good").mkdir()
    good = tmp_path / "good" / "pyproject.toml"
    good.write_text(GOOD, encoding="utf-8")
    (good.parent / "uv.lock").write_text(GOOD_LOCK, encoding="utf-8")
    assert main([str(good)]) == 0
    bad = tmp_path / "pyproject.toml"
    bad.write_text(BAD, encoding="utf-8")
    assert main([str(bad)]) == 1
    (tmp_path / "broken").mkdir()
    broken = tmp_path / "broken" / "pyproject.toml"
    broken.write_text("[tool.ruff\n", encoding="utf-8")
    assert main([str(broken)]) == 2
    err = capsys.readouterr().err
    assert "invalid TOML" in err
    assert "Traceback" not in err


def test_console_script() -> None:
    result = script(
        "djarch-pyproject", str(FIXTURES / "pyproject" / "bad" / "pyproject.toml")
    )
    assert result.returncode == 1
    assert "DJA151" in result.stdout
