"""Config per file: the nearest ``[tool.djarch]`` governs, re-read when it changes."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from flake8_djarch import config as config_module
from flake8_djarch.api import lint_file

from .conftest import check_findings, flake8_findings, run

if TYPE_CHECKING:
    from pathlib import Path

UNSAFE = 'import os\n\nos.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"\n'
LOCAL = "backend/config/settings/local.py"
EXTEND = '[tool.djarch.extend-roles]\ntests = ["config/settings/local.py"]\n'


def _monorepo(root: Path) -> Path:
    """Write a repository whose Django project lives in ``backend/``.

    Args:
        root: The repository root.

    Returns:
        The settings module that sets DJANGO_ALLOW_ASYNC_UNSAFE (DJA031).
    """
    module = root / LOCAL
    module.parent.mkdir(parents=True)
    module.write_text(UNSAFE, encoding="utf-8")
    (root / "pyproject.toml").write_text('[project]\nname = "repo"\n', encoding="utf-8")
    return module


def test_backend_pyproject_applies_from_the_repository_root(tmp_path: Path) -> None:
    """Check: flake8 (files and stdin) and djarch check honour backend/pyproject.toml.

    Args:
        tmp_path: A fresh temporary directory.
    """
    _monorepo(tmp_path)
    assert ("backend/config/settings/local.py", 3, "DJA031") in flake8_findings(
        tmp_path
    )
    assert ("backend/config/settings/local.py", 3, "DJA031") in check_findings(tmp_path)
    (tmp_path / "backend" / "pyproject.toml").write_text(EXTEND, encoding="utf-8")
    assert ("backend/config/settings/local.py", 3, "DJA031") not in flake8_findings(
        tmp_path
    )
    assert ("backend/config/settings/local.py", 3, "DJA031") not in check_findings(
        tmp_path
    )
    stdin = run(
        ["flake8", "--select=DJA031", f"--stdin-display-name={LOCAL}", "-"],
        tmp_path,
    )
    assert stdin.stdout == ""


def test_changed_config_is_noticed_in_process(tmp_path: Path) -> None:
    """Check: a long-lived process sees a new or edited [tool.djarch] (stat-keyed cache).

    Args:
        tmp_path: A fresh temporary directory.
    """
    module = _monorepo(tmp_path)
    codes = {finding.code for finding in lint_file(module, tmp_path)}
    assert "DJA031" in codes
    backend = tmp_path / "backend" / "pyproject.toml"
    backend.write_text(EXTEND, encoding="utf-8")
    assert "DJA031" not in {finding.code for finding in lint_file(module, tmp_path)}
    backend.write_text(EXTEND.replace("local.py", "other.py"), encoding="utf-8")
    stat = backend.stat()
    os.utime(backend, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert "DJA031" in {finding.code for finding in lint_file(module, tmp_path)}
    run_config = config_module.load(str(tmp_path))
    assert config_module.for_file(module, run_config).root == str(tmp_path / "backend")


def test_check_root_is_the_boundary(tmp_path: Path) -> None:
    """Check: linting ``djarch check backend/config`` does not read backend/pyproject.toml.

    Args:
        tmp_path: A fresh temporary directory.
    """
    module = _monorepo(tmp_path)
    (tmp_path / "backend" / "pyproject.toml").write_text(EXTEND, encoding="utf-8")
    inner = tmp_path / "backend" / "config"
    assert config_module.nearest_table(module, stop=inner) is None
    assert (
        config_module.nearest_table(module, stop=tmp_path)
        == tmp_path / "backend" / "pyproject.toml"
    )
