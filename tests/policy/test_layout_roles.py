"""The layout hook honours the project's role globs for relocatable modules."""

from __future__ import annotations

from typing import TYPE_CHECKING

from djarch_hooks.layout import missing_layout

if TYPE_CHECKING:
    from pathlib import Path


def test_settings_module_found_by_role_globs(tmp_path: Path) -> None:
    """Check: config/django/base.py counts as the settings module once declared.

    Args:
        tmp_path: A fresh temporary directory.
    """
    (tmp_path / "config" / "django").mkdir(parents=True)
    (tmp_path / "config" / "django" / "base.py").write_text(
        "DEBUG = False\n", encoding="utf-8"
    )
    (tmp_path / "gunicorn.conf.py").write_text("workers = 2\n", encoding="utf-8")
    missing = missing_layout(tmp_path)
    assert "config/settings.py" in missing
    assert "config/gunicorn.conf.py" not in missing  # default gunicorn globs: any depth
    (tmp_path / "pyproject.toml").write_text(
        '[tool.djarch.roles]\nsettings = ["config/django/*.py"]\n', encoding="utf-8"
    )
    assert "config/settings.py" not in missing_layout(tmp_path)
