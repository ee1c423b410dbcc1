"""The findings cache's fast paths never return stale findings.

Files are aged first: a stamp (mtime, size, inode) is trusted only when the
file is older than the run by more than the racy window, so fresh test files
would always be hashed and the fast path never taken.
"""

from __future__ import annotations

import os
import time
from typing import TYPE_CHECKING

import pytest

from flake8_djarch import parallel_check
from flake8_djarch.project import files as file_access
from flake8_djarch.project.model import clear_cache
from flake8_djarch.project_check import main_check
from tests.base_edit import BASE, PLAIN_BASE, SUBCLASS

if TYPE_CHECKING:
    from pathlib import Path

SETTINGS = '''"""Settings."""

import pydantic_settings as ps


class Settings(ps.BaseSettings):
    """The service's settings."""

    log_level: str = "INFO"
'''
#: Seconds back in time the aged files are set to.
AGE = 1000


def _age(root: Path, seconds: int = AGE) -> None:
    """Move every file's modification time into the past.

    Args:
        root: The project.
        seconds: How far back.
    """
    stamp = time.time_ns() - seconds * 1_000_000_000
    for path in root.rglob("*"):
        if path.is_file():
            os.utime(path, ns=(stamp, stamp))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """Write a project: a DRF base, a subclass, settings and ``.env.example``.

    Args:
        tmp_path: The folder.

    Returns:
        The aged project root.
    """
    root = tmp_path / "project"
    core = root / "apps" / "core"
    core.mkdir(parents=True)
    (root / "apps" / "__init__.py").write_text("", encoding="utf-8")
    (core / "__init__.py").write_text("", encoding="utf-8")
    (core / "bases.py").write_text(BASE, encoding="utf-8")
    (core / "serializers.py").write_text(SUBCLASS, encoding="utf-8")
    (root / "config").mkdir()
    (root / "config" / "__init__.py").write_text("", encoding="utf-8")
    (root / "config" / "env.py").write_text(SETTINGS, encoding="utf-8")
    (root / ".env.example").write_text("LOG_LEVEL=INFO\n", encoding="utf-8")
    _age(root)
    return root


class Counter:
    """Counts lints and content reads of one run."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Wrap the lint and the safe reader.

        Args:
            monkeypatch: Installs the wrappers.
        """
        self.linted: list[str] = []
        self.read: list[str] = []
        lint, read = parallel_check.lint_file, file_access.read_bytes

        def counted_lint(path: Path, *args: object) -> object:
            self.linted.append(path.name)
            return lint(path, *args)  # type: ignore[arg-type]

        def counted_read(path: object, *args: object, **kwargs: object) -> bytes:
            self.read.append(os.path.basename(str(path)))  # noqa: PTH119
            return read(path, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(parallel_check, "lint_file", counted_lint)
        monkeypatch.setattr(file_access, "read_bytes", counted_read)

    def clear(self) -> None:
        """Forget the previous run."""
        self.linted.clear()
        self.read.clear()


def _check(
    root: Path, cache: Path, capsys: pytest.CaptureFixture[str], counter: Counter
) -> str:
    """Run ``djarch check`` as a new process would (model cleared), one core.

    Args:
        root: The project.
        cache: The cache folder.
        capsys: Captures the report.
        counter: Reset before the run.

    Returns:
        The concise report.
    """
    clear_cache()
    counter.clear()
    main_check([str(root), "--jobs", "1", "--cache-dir", str(cache)])
    return capsys.readouterr().out


def _uncached(root: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """Run ``djarch check --no-cache``.

    Args:
        root: The project.
        capsys: Captures the report.

    Returns:
        The concise report.
    """
    clear_cache()
    main_check([str(root), "--jobs", "1", "--no-cache"])
    return capsys.readouterr().out


def test_unchanged_files_are_neither_linted_nor_read(
    project: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A warm run trusts stamps: nothing is linted, no Python file is read.

    Args:
        project: The aged project.
        tmp_path: Holds the cache.
        capsys: Captures reports.
        monkeypatch: Counts lints and reads.
    """
    counter = Counter(monkeypatch)
    cache = tmp_path / "cache"
    first = _check(project, cache, capsys, counter)
    assert "DJA012" in first
    assert "serializers.py" in counter.linted
    assert _check(project, cache, capsys, counter) == first
    assert counter.linted == []
    assert not {"bases.py", "serializers.py", "env.py", "__init__.py"} & set(
        counter.read
    ), counter.read
    assert first == _uncached(project, capsys)


def test_touch_without_change_rehashes_but_does_not_relint(
    project: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A new mtime with the same content costs one read, no lint; then none.

    Args:
        project: The aged project.
        tmp_path: Holds the cache.
        capsys: Captures reports.
        monkeypatch: Counts lints and reads.
    """
    counter = Counter(monkeypatch)
    cache = tmp_path / "cache"
    first = _check(project, cache, capsys, counter)
    bases = project / "apps" / "core" / "bases.py"
    stamp = time.time_ns() - AGE // 2 * 1_000_000_000
    os.utime(bases, ns=(stamp, stamp))
    assert _check(project, cache, capsys, counter) == first
    assert counter.linted == []
    assert "bases.py" in counter.read
    assert _check(project, cache, capsys, counter) == first
    assert "bases.py" not in counter.read


def test_same_mtime_different_size_is_seen(
    project: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A base class edited behind an unchanged mtime still re-lints its subclass.

    Args:
        project: The aged project.
        tmp_path: Holds the cache.
        capsys: Captures reports.
        monkeypatch: Counts lints.
    """
    counter = Counter(monkeypatch)
    cache = tmp_path / "cache"
    assert "DJA012" in _check(project, cache, capsys, counter)
    bases = project / "apps" / "core" / "bases.py"
    info = bases.stat()
    bases.write_text(PLAIN_BASE, encoding="utf-8")
    os.utime(bases, ns=(info.st_atime_ns, info.st_mtime_ns))
    after = _check(project, cache, capsys, counter)
    assert "serializers.py" in counter.linted
    assert "DJA012" not in after
    assert after == _uncached(project, capsys)


def test_same_size_and_mtime_new_inode_is_seen(
    project: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A file replaced by one of the same size and mtime is read again.

    Args:
        project: The aged project.
        tmp_path: Holds the cache.
        capsys: Captures reports.
        monkeypatch: Counts lints.
    """
    counter = Counter(monkeypatch)
    cache = tmp_path / "cache"
    _check(project, cache, capsys, counter)
    target = project / "apps" / "core" / "serializers.py"
    info = target.stat()
    edited = SUBCLASS.replace('"__all__"', '"__xyz__"')
    assert len(edited) == len(SUBCLASS)
    replacement = project / "replacement.tmp"
    replacement.write_text(edited, encoding="utf-8")
    replacement.replace(target)
    os.utime(target, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert target.stat().st_ino != info.st_ino
    after = _check(project, cache, capsys, counter)
    assert counter.linted == ["serializers.py"]
    assert after == _uncached(project, capsys)


def test_config_change_relints(
    project: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A ``[tool.djarch]`` change that only the rules see invalidates the cache.

    Args:
        project: The aged project.
        tmp_path: Holds the cache.
        capsys: Captures reports.
        monkeypatch: Counts lints.
    """
    counter = Counter(monkeypatch)
    cache = tmp_path / "cache"
    (project / "apps" / "core" / "bases.py").write_text(PLAIN_BASE, encoding="utf-8")
    _age(project)
    assert "DJA012" not in _check(project, cache, capsys, counter)
    (project / "pyproject.toml").write_text(
        '[tool.djarch]\nserializer-bases = ["apps.core.bases.Base"]\n',
        encoding="utf-8",
    )
    _age(project)
    after = _check(project, cache, capsys, counter)
    assert "DJA012" in after
    assert after == _uncached(project, capsys)


def test_settings_scan_is_cached_on_what_it_read(
    project: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The ``.env.example`` check is redone when a settings module or the file changes.

    Args:
        project: The aged project.
        tmp_path: Holds the cache.
        capsys: Captures reports.
        monkeypatch: Counts reads.
    """
    counter = Counter(monkeypatch)
    cache = tmp_path / "cache"
    assert "DJA170" not in _check(project, cache, capsys, counter)
    assert "DJA170" not in _check(project, cache, capsys, counter)
    assert "env.py" not in counter.read  # the scan came from the cache
    env = project / "config" / "env.py"
    env.write_text(SETTINGS + "    api_token: str = ''\n", encoding="utf-8")
    _age(project)
    after = _check(project, cache, capsys, counter)
    assert "DJA170" in after
    assert "API_TOKEN" in after
    assert after == _uncached(project, capsys)
    (project / ".env.example").write_text(
        "LOG_LEVEL=INFO\nAPI_TOKEN=change-me\n", encoding="utf-8"
    )
    _age(project)
    fixed = _check(project, cache, capsys, counter)
    assert "DJA170" not in fixed
    assert fixed == _uncached(project, capsys)


def test_settings_base_in_another_module_invalidates_the_scan(
    project: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A field added to a settings base class in another module is seen warm.

    Args:
        project: The aged project.
        tmp_path: Holds the cache.
        capsys: Captures reports.
        monkeypatch: Counts reads.
    """
    counter = Counter(monkeypatch)
    cache = tmp_path / "cache"
    (project / "core").mkdir()
    (project / "core" / "__init__.py").write_text("", encoding="utf-8")
    base = project / "core" / "base.py"
    base_text = (
        "import pydantic_settings as ps\n\n\nclass Base(ps.BaseSettings):\n"
        "    log_level: str = 'INFO'\n"
    )
    base.write_text(base_text, encoding="utf-8")
    (project / "config" / "env.py").write_text(
        "from core.base import Base\n\n\nclass Settings(Base):\n    region: str = ''\n",
        encoding="utf-8",
    )
    _age(project)
    first = _check(project, cache, capsys, counter)
    assert "REGION" in first
    assert "API_TOKEN" not in first
    base.write_text(base_text + "    api_token: str = ''\n", encoding="utf-8")
    _age(project)
    after = _check(project, cache, capsys, counter)
    uncached = _uncached(project, capsys)
    assert "API_TOKEN" in uncached
    assert after == uncached
