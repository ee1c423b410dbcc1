"""Configuration: [tool.djarch], flake8 options, role globs and error lines."""

from __future__ import annotations

import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

from flake8_djarch.config import ConfigError, from_table, load, parse_role_items
from flake8_djarch.roles import DEFAULT_GLOBS, roles_of

if TYPE_CHECKING:
    from pathlib import Path

UNSAFE = 'import os\n\nos.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"\n'


def _flake8(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run flake8 with only DJA031 selected in a project root.

    Args:
        root: The project root.
        *args: Extra flake8 arguments.

    Returns:
        The finished process.
    """
    return subprocess.run(
        [sys.executable, "-m", "flake8", "--select=DJA031", *args, "."],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """Create a project whose local settings set DJANGO_ALLOW_ASYNC_UNSAFE.

    Args:
        tmp_path: A temporary directory.

    Returns:
        The project root.
    """
    (tmp_path / "config" / "settings").mkdir(parents=True)
    (tmp_path / "config" / "settings" / "local.py").write_text(UNSAFE, encoding="utf-8")
    (tmp_path / "apps" / "shop").mkdir(parents=True)
    (tmp_path / "apps" / "shop" / "test_unsafe.py").write_text(UNSAFE, encoding="utf-8")
    return tmp_path


def test_defaults_match_rules_md() -> None:
    """Default roles follow RULES.md §0."""
    assert roles_of("apps/orders/apis.py") == {"views"}
    assert roles_of("apps/orders/views/detail.py") == {"views"}
    assert roles_of("./config/settings/base.py") == {"settings"}
    assert roles_of("config/gunicorn_conf.py") == {"gunicorn"}
    assert roles_of("apps/orders/tests/factories.py") == {"tests"}
    assert roles_of("apps/orders/order_test.py") == {"tests"}
    assert roles_of("apps/orders/migrations/0001_initial.py") == {"migrations"}
    assert roles_of("apps/orders/viewsx.py") == frozenset()


def test_roles_replace_and_extend() -> None:
    """`roles` replaces a role's globs, `extend-roles` adds to the defaults."""
    cfg = from_table(
        {
            "roles": {"settings": ["config/django/*.py"]},
            "extend-roles": {"tests": ["config/settings/local.py"]},
        }
    )
    assert cfg.roles["settings"] == ("config/django/*.py",)
    assert cfg.roles["tests"] == (*DEFAULT_GLOBS["tests"], "config/settings/local.py")
    assert roles_of("config/django/base.py", cfg.roles) == {"settings"}
    assert roles_of("config/settings/local.py", cfg.roles) == {"tests"}
    # The tests role wins over every layer role (RULES.md R5).
    assert roles_of(
        "config/settings/local.py",
        from_table({"extend-roles": {"tests": ["config/settings/local.py"]}}).roles,
    ) == {"tests"}


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"bogus": 1}, "unknown key 'bogus'"),
        ({"roles": {"controllers": ["x.py"]}}, "unknown role 'controllers'"),
        ({"roles": ["x"]}, "expected a table"),
        ({"source-roots": 3}, "expected a list of strings"),
    ],
)
def test_bad_tables_raise(table: dict[str, object], message: str) -> None:
    """Malformed tables raise one readable error.

    Args:
        table: The [tool.djarch] table.
        message: Part of the expected error.
    """
    with pytest.raises(ConfigError, match=message):
        from_table(table)


def test_role_items() -> None:
    """`--djarch-role` items parse, and malformed ones are rejected."""
    assert parse_role_items(["settings=a/*.py", "settings=b.py"]) == {
        "settings": ("a/*.py", "b.py")
    }
    with pytest.raises(ConfigError, match="ROLE=GLOB"):
        parse_role_items(["settings"])


def test_pyproject_extend_roles_through_flake8(project: Path) -> None:
    """[tool.djarch.extend-roles] moves local.py into the tests role; test files stay tests.

    Args:
        project: The project root.
    """
    assert (
        "config/settings/local.py:3:1: DJA031" in _flake8(project, "--isolated").stdout
    )
    (project / "pyproject.toml").write_text(
        '[tool.djarch.extend-roles]\ntests = ["config/settings/local.py"]\n',
        encoding="utf-8",
    )
    load.cache_clear()
    result = _flake8(project, "--isolated")
    assert result.returncode == 0, result.stdout


def test_flake8_options_win(project: Path) -> None:
    """flake8's --djarch-role replaces the pyproject roles.

    Args:
        project: The project root.
    """
    (project / "pyproject.toml").write_text(
        '[tool.djarch.extend-roles]\ntests = ["config/settings/local.py"]\n',
        encoding="utf-8",
    )
    (project / ".flake8").write_text(
        "[flake8]\ndjarch-role = tests=nothing/*.py\n", encoding="utf-8"
    )
    out = _flake8(project).stdout
    assert "config/settings/local.py:3:1: DJA031" in out
    assert "apps/shop/test_unsafe.py:3:1: DJA031" in out


def test_config_error_is_one_line(project: Path) -> None:
    """An unknown key stops flake8 with exit 2 and one line, no traceback.

    Args:
        project: The project root.
    """
    (project / "pyproject.toml").write_text(
        "[tool.djarch]\nbogus = 1\n", encoding="utf-8"
    )
    result = _flake8(project, "--isolated")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        "flake8-djarch: configuration error: [tool.djarch] unknown key 'bogus'; known keys: "
        "roles, extend-roles, source-roots, exempt-receivers, side-effect-calls, view-bases, "
        "serializer-bases, model-bases, select, ignore, warn, per-file-ignores, baseline"
    ]
