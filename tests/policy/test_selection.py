"""One selection: ``djarch check`` counts equal flake8's under any flake8 config."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from flake8_djarch.config import from_table
from flake8_djarch.policy import selection

from .conftest import check_findings, flake8_findings, write_project

if TYPE_CHECKING:
    from pathlib import Path

CONFIGS = {
    "none": None,
    "extend-ignore": ("setup.cfg", "[flake8]\nextend-ignore = DJA06\n"),
    "select-other": ("tox.ini", "[flake8]\nselect = E,W\n"),
    "select-prefix": (".flake8", "[flake8]\nselect = DJA0\nignore = DJA05\n"),
    "longest-prefix": (".flake8", "[flake8]\nignore = DJA0\nextend-select = DJA05\n"),
    "explicit-beats-implicit": (
        "setup.cfg",
        "[flake8]\nextend-select = DJA060\nignore = DJA06,E\n",
    ),
    "per-file": (
        "setup.cfg",
        "[flake8]\nper-file-ignores =\n"
        "    apps/users/views.py:DJA010,DJA06\n"
        "    services.py:DJA05\n",
    ),
    "per-file-longest-wins": (
        "setup.cfg",
        "[flake8]\nper-file-ignores =\n    apps/*:DJA06\n    apps/users/*.py:DJA050\n",
    ),
    "underscored-names": ("setup.cfg", "[flake8]\nextend_ignore = DJA010\n"),
    "setup-cfg-without-section": ("setup.cfg", "[metadata]\nname = x\n"),
}


@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_check_equals_flake8(tmp_path: Path, name: str) -> None:
    """Check: the Python findings of ``djarch check`` are exactly flake8's.

    Args:
        tmp_path: A fresh temporary directory.
        name: The flake8 configuration to try.
    """
    write_project(tmp_path)
    config = CONFIGS[name]
    if config is not None:
        (tmp_path / config[0]).write_text(config[1], encoding="utf-8")
    from_flake8 = flake8_findings(tmp_path)
    assert from_flake8 == check_findings(tmp_path)
    if name == "none":
        assert {code for _, _, code in from_flake8} >= {"DJA010", "DJA050", "DJA060"}


def test_tool_djarch_selection_applies_to_both(tmp_path: Path) -> None:
    """Check: ``[tool.djarch]`` select/ignore/per-file-ignores narrow flake8 and check alike.

    Args:
        tmp_path: A fresh temporary directory.
    """
    write_project(tmp_path)
    (tmp_path / "pyproject.toml").write_text(
        "[tool.djarch]\nignore = ['DJA06']\n"
        "[tool.djarch.per-file-ignores]\n'apps/users/views.py' = ['DJA01']\n",
        encoding="utf-8",
    )
    from_flake8 = flake8_findings(tmp_path, "--select=DJA")
    codes = {code for _, _, code in from_flake8}
    assert "DJA060" not in codes
    assert not any(code.startswith("DJA01") for code in codes)
    assert "DJA050" in codes
    assert from_flake8 == check_findings(tmp_path)


def test_selection_unit(tmp_path: Path) -> None:
    """Check: both filters must select; per-file globs are relative to the config.

    Args:
        tmp_path: A fresh temporary directory.
    """
    (tmp_path / "setup.cfg").write_text(
        "[flake8]\nextend-ignore = DJA07\n", encoding="utf-8"
    )
    config = from_table(
        {"select": ["DJA0"], "per-file-ignores": {"tests/*": ["DJA05"]}},
        root=str(tmp_path),
    ).with_overrides(config_dir=str(tmp_path))
    chosen = selection.from_config(tmp_path, config, under_flake8=False)
    assert chosen.enabled("DJA050", "apps/x.py")
    assert not chosen.enabled("DJA050", "tests/test_x.py")
    assert not chosen.enabled("DJA070", "apps/x.py")
    assert not chosen.enabled("DJA110", "Dockerfile")
    under = selection.from_config(tmp_path, config, under_flake8=True)
    assert under.enabled("DJA070", "apps/x.py")
