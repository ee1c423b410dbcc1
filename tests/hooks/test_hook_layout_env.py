"""djarch-layout (DJA100-DJA102) and djarch-env (DJA170-DJA171)."""

from __future__ import annotations

import shutil
import subprocess
from typing import TYPE_CHECKING

import pytest
from djarch_hooks.common import UnusableInputError
from djarch_hooks.envfile import check_env, is_placeholder
from djarch_hooks.envfile import main as env_main
from djarch_hooks.layout import check_layout
from djarch_hooks.layout import main as layout_main
from djarch_hooks.settings_finder import project_env_fields
from hooks_testlib import FIXTURES, GOOD_SETTINGS, codes, script, write_good_project

if TYPE_CHECKING:
    from pathlib import Path


def test_layout_good_project(tmp_path: Path) -> None:
    write_good_project(tmp_path)
    assert check_layout(tmp_path, ".") == []
    assert layout_main(["--root", str(tmp_path)]) == 0


def test_dja100_missing_paths(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_good_project(tmp_path)
    (tmp_path / "apps" / "core" / "healthcheck.py").unlink()
    shutil.rmtree(tmp_path / "nginx")
    (tmp_path / "docker-compose.yml").rename(tmp_path / "compose.yaml")
    found = check_layout(tmp_path, "proj")
    assert [(item.code, item.path, item.line, item.col) for item in found] == [
        ("DJA100", "proj/apps/core/healthcheck.py", 1, 1),
        ("DJA100", "proj/nginx", 1, 1),
    ]
    assert layout_main(["--root", str(tmp_path)]) == 1
    assert f"{tmp_path}/nginx:1:1: DJA100" in capsys.readouterr().out


def test_dja101_app_pieces(tmp_path: Path) -> None:
    write_good_project(tmp_path)
    shop = tmp_path / "apps" / "shop"
    shop.mkdir()
    (shop / "models.py").write_text("", encoding="utf-8")
    (shop / "selectors").mkdir()
    found = check_layout(tmp_path, ".")
    assert sorted((item.code, item.path) for item in found) == [
        ("DJA101", "apps/shop/services.py"),
        ("DJA101", "apps/shop/tests"),
    ]
    (tmp_path / "apps" / "blog").mkdir()
    assert len(check_layout(tmp_path, ".")) == 2


@pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")
def test_dja102_tracked_env(tmp_path: Path) -> None:
    write_good_project(tmp_path)
    (tmp_path / ".env").write_text("DJANGO_SECRET_KEY=real\n", encoding="utf-8")
    (tmp_path / "config" / ".env.local").write_text("X=1\n", encoding="utf-8")
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run(
        ["git", "add", "-f", ".env", "config/.env.local", ".env.example"],
        cwd=tmp_path,
        check=True,
    )
    found = check_layout(tmp_path, ".")
    assert sorted((item.code, item.path) for item in found) == [
        ("DJA102", ".env"),
        ("DJA102", "config/.env.local"),
    ]
    subprocess.run(
        ["git", "rm", "-q", "--cached", ".env", "config/.env.local"],
        cwd=tmp_path,
        check=True,
    )
    assert check_layout(tmp_path, ".") == []


def test_layout_bad_root(capsys: pytest.CaptureFixture[str]) -> None:
    assert layout_main(["--root", "/nonexistent/project"]) == 2
    assert env_main(["--root", "/nonexistent/project"]) == 2
    assert "Traceback" not in capsys.readouterr().err


def write_settings(root: Path, source: str, env_example: str | None) -> None:
    """Write settings.

    Args:
        root: The project root.
        source: The settings module source.
        env_example: The .env.example text or None.
    """
    (root / "config").mkdir(exist_ok=True)
    (root / "config" / "settings.py").write_text(source, encoding="utf-8")
    if env_example is not None:
        (root / ".env.example").write_text(env_example, encoding="utf-8")


def test_env_good_fixture(tmp_path: Path) -> None:
    source = GOOD_SETTINGS + (
        "\n\nclass RedisSettings(BaseModel):\n    url: str = ''\n\n\n"
        "class App(Settings):\n    model_config = SettingsConfigDict(env_prefix='DJANGO_', env_nested_delimiter='__')\n"
        "    redis: RedisSettings = RedisSettings()\n"
        "    database: str = Field(default='', validation_alias=AliasChoices('DATABASE_URL', 'DB_URL'))\n"
    ).replace(
        "class RedisSettings",
        "from pydantic import AliasChoices, BaseModel, Field\n\n\nclass RedisSettings",
    )
    write_settings(tmp_path, source, None)
    shutil.copyfile(
        FIXTURES / "env" / "good" / "env.example", tmp_path / ".env.example"
    )
    assert codes(check_env(tmp_path, ".")) == []
    assert env_main(["--root", str(tmp_path)]) == 0


def test_dja170_field_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_settings(tmp_path, GOOD_SETTINGS, "DJANGO_SECRET_KEY=change-me\n")
    found = check_env(tmp_path, ".")
    assert [(item.code, item.path, item.line) for item in found] == [
        ("DJA170", ".env.example", 1)
    ]
    assert "DJANGO_DEBUG" in found[0].text
    assert env_main(["--root", str(tmp_path)]) == 1
    assert ".env.example:1:1: DJA170 DJANGO_DEBUG" in capsys.readouterr().out


def test_dja170_case_insensitive_and_missing_file(tmp_path: Path) -> None:
    write_settings(tmp_path, GOOD_SETTINGS, "django_secret_key=\nDjango_Debug=0\n")
    assert check_env(tmp_path, ".") == []
    (tmp_path / ".env.example").unlink()
    assert codes(check_env(tmp_path, ".")) == ["DJA170", "DJA170"]


def test_dja170_inheritance_across_modules(tmp_path: Path) -> None:
    (tmp_path / "core").mkdir()
    (tmp_path / "core" / "__init__.py").write_text("", encoding="utf-8")
    (tmp_path / "core" / "base.py").write_text(
        "import pydantic_settings as ps\n\n\nclass Base(ps.BaseSettings):\n"
        "    class Config:\n        env_prefix = 'APP_'\n\n    log_level: str = 'INFO'\n",
        encoding="utf-8",
    )
    write_settings(
        tmp_path,
        "from typing import ClassVar\n\nfrom core.base import Base\nfrom pydantic import Field\n\n\n"
        "class Settings(Base):\n    token: str = Field(alias='SERVICE_TOKEN')\n    _private: int = 0\n"
        "    names: ClassVar[list[str]] = []\n",
        "APP_LOG_LEVEL=INFO\n",
    )
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_x.py").write_text(
        "from pydantic_settings import BaseSettings\n\n\nclass T(BaseSettings):\n    only_in_tests: str\n",
        encoding="utf-8",
    )
    fields = project_env_fields(tmp_path)
    assert sorted(name.upper() for item in fields for name in item.names) == [
        "APP_LOG_LEVEL",
        "SERVICE_TOKEN",
    ]
    found = check_env(tmp_path, ".")
    assert codes(found) == ["DJA170"]
    assert "SERVICE_TOKEN" in found[0].text


@pytest.mark.parametrize(
    ("value", "placeholder"),
    [
        ("", True),
        ("change-me", True),
        ("CHANGEME", True),
        ("<your-secret>", True),
        ("example-secret", True),
        ("placeholder", True),
        ("xxx-xxx", True),
        ("your-api-key", True),
        ("${SECRET}", True),
        ("secret", True),
        ("k9#fq2vL!x8Rz0pWb3Nc7TdY", False),
        ("django-insecure-8a7sd6f5a7s6df5", False),
        ("sk_live_51HxYz", False),
    ],
)
def test_dja171_placeholders(value: str, *, placeholder: bool) -> None:
    assert is_placeholder(value, "SECRET_KEY") is placeholder


def test_dja171_real_secret(tmp_path: Path) -> None:
    write_settings(tmp_path, "", None)
    shutil.copyfile(FIXTURES / "env" / "bad" / "env.example", tmp_path / ".env.example")
    found = check_env(tmp_path, ".")
    assert [(item.code, item.line) for item in found] == [("DJA171", 1), ("DJA171", 2)]
    (tmp_path / ".env.example").write_text(
        "POSTGRES_PASSWORD=Sup3rS3cret!  # noqa: DJA171\n", encoding="utf-8"
    )
    assert check_env(tmp_path, ".") == []


def test_env_unusable(tmp_path: Path) -> None:
    write_settings(tmp_path, "", "this is not dotenv\n")
    with pytest.raises(UnusableInputError):
        check_env(tmp_path, ".")
    assert env_main(["--root", str(tmp_path)]) == 2
    (tmp_path / ".env.example").write_bytes(b"\x00\x00binary")
    assert env_main(["--root", str(tmp_path)]) == 2


def test_console_scripts(tmp_path: Path) -> None:
    write_settings(tmp_path, GOOD_SETTINGS, "DJANGO_SECRET_KEY=hunter2hunter2\n")
    env = script("djarch-env", "--root", str(tmp_path))
    assert env.returncode == 1
    assert "DJA170" in env.stdout
    assert "DJA171" in env.stdout
    layout = script("djarch-layout", "--root", str(tmp_path))
    assert layout.returncode == 1
    assert "DJA100" in layout.stdout
