"""The persisted project index: exact invalidation, safe on a tampered cache."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from typing import TYPE_CHECKING

import pytest

from flake8_djarch import config as config_module
from flake8_djarch.api import lint_file, lint_source
from flake8_djarch.project import facts, model
from flake8_djarch.project.modules import cached_stamps
from flake8_djarch.project.orm import index_for
from tests.base_edit import BASE, PLAIN_BASE

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

SUBCLASS = '''"""Serializers."""

from apps.core.bases import Base
from apps.core.extra import Extra


class ThingSerializer(Base):
    """A serializer."""

    class Meta:
        """Options."""

        fields = "__all__"


class OtherSerializer(Extra):
    """A serializer whose base lives in a module that may not exist."""

    class Meta:
        """Options."""

        fields = "__all__"
'''
EXTRA = '''"""A module added later."""

from rest_framework import serializers


class Extra(serializers.Serializer):
    """Another DRF base."""
'''
MODELS = '''"""Models."""

from django.db import models


class Order(models.Model):
    """An order."""

    active = models.Manager()
'''
SERVICE = '''"""Services."""

from apps.core.models import Order


def close_all():
    """Close every order."""
    Order.active.update(closed=True)


def raw_orders():
    """Read orders with SQL: DJA021 asks the ORM index whether active is a manager."""
    return Order.active.raw("SELECT * FROM core_order")
'''


def _age(*paths: Path, seconds: float = 60.0) -> None:
    """Move modification times into the past (out of the racy window).

    Args:
        *paths: The files.
        seconds: How far back.
    """
    when = time.time() - seconds
    for path in paths:
        os.utime(path, (when, when))


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Write a small project and point the cache at a private folder.

    Args:
        tmp_path: Holds the project and the cache.
        monkeypatch: Sets XDG_CACHE_HOME.

    Yields:
        The project root.
    """
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv(facts.OFF_VARIABLE, raising=False)
    facts.configure()
    root = tmp_path / "project"
    core = root / "apps" / "core"
    core.mkdir(parents=True)
    files = {
        root / "apps" / "__init__.py": "",
        core / "__init__.py": "",
        core / "bases.py": BASE,
        core / "serializers.py": SUBCLASS,
        core / "models.py": MODELS,
        core / "services.py": SERVICE,
    }
    for path, text in files.items():
        path.write_text(text, encoding="utf-8")
    _age(*files, root / "apps", core, root)
    model.clear_cache()
    yield root
    model.clear_cache()
    facts.configure()


def _codes(root: Path, relative: str) -> list[tuple[int, str]]:
    """Lint one file as a new process would (only the persisted index remembers).

    Args:
        root: The project root.
        relative: The file.

    Returns:
        ``(line, code)`` of each finding, sorted.
    """
    model.clear_cache()
    config = config_module.load(str(root))
    found = lint_file(root / relative, root, config)
    facts.flush()  # what a process does when it exits
    return sorted((item.line, item.code) for item in found)


def _store_files() -> list[Path]:
    """List the persisted index files.

    Returns:
        The store files in the cache folder.
    """
    return sorted(facts.default_cache_dir().glob(f"*{facts.SUFFIX}"))


def _uncached(root: Path, relative: str) -> list[tuple[int, str]]:
    """Lint with the index off.

    Args:
        root: The project root.
        relative: The file.

    Returns:
        See :func:`_codes`.
    """
    facts.configure(enabled=False)
    try:
        return _codes(root, relative)
    finally:
        facts.configure()


def test_warm_run_reuses_answers_and_equals_cold(project: Path) -> None:
    """A second process answers from the index without parsing the base module.

    Args:
        project: The project root.
    """
    target = "apps/core/serializers.py"
    cold = _codes(project, target)
    assert (13, "DJA012") in cold
    assert _store_files()
    warm = _codes(project, target)
    assert warm == cold == _uncached(project, target)
    model.clear_cache()
    _ = lint_file(project / target, project, config_module.load(str(project)))
    assert str(project / "apps" / "core" / "bases.py") not in cached_stamps()


def test_base_edit_changes_subclass_finding_in_a_fresh_process(project: Path) -> None:
    """Editing a base class in another module invalidates what depended on it.

    A real ``flake8`` process each time, as an editor runs it.

    Args:
        project: The project root.
    """

    def flake8() -> str:
        """Run flake8 with the DJA rules on the subclass module.

        Returns:
            Its output.
        """
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "flake8",
                "--select=DJA012",
                "apps/core/serializers.py",
            ],
            cwd=project,
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        )
        return done.stdout

    assert "serializers.py:13:" in flake8()
    assert _store_files()
    assert "serializers.py:13:" in flake8()
    bases = project / "apps" / "core" / "bases.py"
    bases.write_text(PLAIN_BASE, encoding="utf-8")
    _age(bases, seconds=30.0)
    assert "DJA012" not in flake8()


def test_adding_a_module_invalidates(project: Path) -> None:
    """A module that appears is found: unresolved bases and the ORM index change.

    Args:
        project: The project root.
    """
    target = "apps/core/serializers.py"
    before = _codes(project, target)
    assert (22, "DJA012") not in before  # Extra cannot be resolved yet
    assert _codes(project, target) == before
    extra = project / "apps" / "core" / "extra.py"
    extra.write_text(EXTRA, encoding="utf-8")
    _age(extra)
    after = _codes(project, target)
    assert (22, "DJA012") in after
    assert after == _uncached(project, target)

    other = project / "apps" / "billing"
    other.mkdir()
    (other / "__init__.py").write_text("", encoding="utf-8")
    (other / "models.py").write_text(
        MODELS.replace("Order", "Invoice").replace("active", "pending"),
        encoding="utf-8",
    )
    _age(other / "__init__.py", other / "models.py")
    model.clear_cache()
    index = index_for(config_module.load(str(project)))
    assert "Invoice" in index.managers
    assert "pending" in index.managers["Invoice"]


def test_models_edit_changes_the_orm_index(project: Path) -> None:
    """A custom manager renamed in a models module changes the served index.

    Args:
        project: The project root.
    """
    model.clear_cache()
    assert "active" in index_for(config_module.load(str(project))).managers["Order"]
    model.clear_cache()
    assert "active" in index_for(config_module.load(str(project))).managers["Order"]
    models = project / "apps" / "core" / "models.py"
    models.write_text(MODELS.replace("active", "current"), encoding="utf-8")
    _age(models, seconds=30.0)
    model.clear_cache()
    managers = index_for(config_module.load(str(project))).managers["Order"]
    assert "current" in managers
    assert "active" not in managers


def test_editing_the_linted_file_keeps_other_answers(project: Path) -> None:
    """The editor loop: the linted file changes, answers about other modules stay.

    Args:
        project: The project root.
    """
    target = project / "apps" / "core" / "serializers.py"
    _codes(project, "apps/core/serializers.py")
    target.write_text(SUBCLASS + "\n\nX = 1\n", encoding="utf-8")
    model.clear_cache()
    found = lint_file(target, project, config_module.load(str(project)))
    assert (13, "DJA012") in [(item.line, item.code) for item in found]
    assert str(project / "apps" / "core" / "bases.py") not in cached_stamps()
    assert str(project / "apps" / "core" / "models.py") not in cached_stamps()


def test_configuration_change_is_another_index(project: Path) -> None:
    """Another configuration never reads the answers of the first.

    Args:
        project: The project root.
    """
    target = "apps/core/serializers.py"
    plain = project / "apps" / "core" / "bases.py"
    plain.write_text(PLAIN_BASE, encoding="utf-8")
    _age(plain)
    assert (13, "DJA012") not in _codes(project, target)
    (project / "pyproject.toml").write_text(
        '[tool.djarch]\nserializer-bases = ["apps.core.bases.Base"]\n',
        encoding="utf-8",
    )
    assert (13, "DJA012") in _codes(project, target)
    assert len(_store_files()) == 2


def test_long_lived_process_sees_edits(project: Path) -> None:
    """An in-process host (an editor's flake8) notices a changed base module.

    Args:
        project: The project root.
    """
    target = project / "apps" / "core" / "serializers.py"
    config = config_module.load(str(project))
    model.clear_cache()
    first = lint_file(target, project, config)
    assert (13, "DJA012") in [(item.line, item.code) for item in first]
    bases = project / "apps" / "core" / "bases.py"
    bases.write_text(PLAIN_BASE, encoding="utf-8")
    _age(bases, seconds=30.0)
    model._CHECKED[0] = 0.0  # the once-per-second revalidation is due
    second = lint_file(target, project, config)
    assert (13, "DJA012") not in [(item.line, item.code) for item in second]


def test_long_lived_process_sees_edits_of_reused_answers(project: Path) -> None:
    """An answer served from the index is checked again in a long-lived process.

    Args:
        project: The project root.
    """
    target = project / "apps" / "core" / "services.py"
    _codes(project, "apps/core/services.py")
    config = config_module.load(str(project))
    model.clear_cache()
    lint_file(target, project, config)
    assert "active" in index_for(config).managers["Order"]
    models = project / "apps" / "core" / "models.py"
    assert str(models) not in cached_stamps()  # served from the index
    models.write_text(MODELS.replace("active", "current"), encoding="utf-8")
    _age(models, seconds=30.0)
    model._CHECKED[0] = 0.0
    lint_file(target, project, config)
    assert "current" in index_for(config).managers["Order"]


def test_unwritable_cache_dir_is_skipped(project: Path, tmp_path: Path) -> None:
    """A cache folder that cannot be created costs time, never a finding.

    Args:
        project: The project root.
        tmp_path: Holds a regular file standing where the folder should be.
    """
    blocker = tmp_path / "blocker"
    blocker.write_text("not a folder", encoding="utf-8")
    facts.configure(cache_dir=blocker / "djarch")
    target = "apps/core/serializers.py"
    assert _codes(project, target) == _codes(project, target)
    facts.configure()
    assert _codes(project, target) == _uncached(project, target)


@pytest.mark.parametrize(
    "content",
    [
        b"\x00\xff not json",
        b"[1, 2, 3]",
        b"[" * 100_000,
        b'{"format": 1, "key": 5, "facts": []}',
    ],
)
def test_corrupt_store_is_rebuilt(project: Path, content: bytes) -> None:
    """Garbage in a store file is ignored, then replaced.

    Args:
        project: The project root.
        content: What the store file holds.
    """
    target = "apps/core/serializers.py"
    expected = _codes(project, target)
    for path in _store_files():
        path.write_bytes(content)
    assert _codes(project, target) == expected
    assert _codes(project, target) == expected
    assert json.loads(_store_files()[0].read_bytes())["format"] == facts.FORMAT


def test_tampered_shapes_fail_closed(project: Path) -> None:
    """Well-formed JSON with wrong shapes is a miss: the answer is computed again.

    Args:
        project: The project root.
    """
    target = "apps/core/services.py"
    expected = _codes(project, target)
    (store,) = _store_files()
    data = json.loads(store.read_text(encoding="utf-8"))
    assert {"modules\x00", "orm\x00"} <= set(data["facts"])
    for name, fact in data["facts"].items():
        kind = name.split("\x00", 1)[0]
        fact["v"] = {"kinds": 3, "orm": [1], "modules": [[1, 2, 3]]}.get(kind, "x")
    data["listing"]["files"] = ["__import__('os').system('false')"]
    store.write_text(json.dumps(data), encoding="utf-8")
    assert _codes(project, target) == expected
    data = json.loads(store.read_text(encoding="utf-8"))
    for fact in data["facts"].values():
        fact["d"] = {"/etc/passwd": "stamp"}
    store.write_text(json.dumps(data), encoding="utf-8")
    assert _codes(project, target) == expected


def test_store_that_is_not_a_regular_file(project: Path) -> None:
    """A FIFO or a link to a device where the store should be never blocks.

    Args:
        project: The project root.
    """
    target = "apps/core/serializers.py"
    expected = _codes(project, target)
    (store,) = _store_files()
    store.unlink()
    os.mkfifo(store)
    assert _codes(project, target) == expected
    store.unlink(missing_ok=True)
    store.symlink_to("/dev/zero")
    assert _codes(project, target) == expected


def test_off_switch(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``DJARCH_NO_CACHE=1`` neither reads nor writes the index.

    Args:
        project: The project root.
        monkeypatch: Sets the variable.
    """
    monkeypatch.setenv(facts.OFF_VARIABLE, "1")
    facts.configure()
    _codes(project, "apps/core/serializers.py")
    assert not _store_files()
    assert not facts.is_enabled()
    facts.configure(enabled=True)
    assert facts.is_enabled()


def test_cycle_cut_answers_are_not_stored(project: Path) -> None:
    """An answer a cycle guard shaped is not persisted (it depends on the order).

    Args:
        project: The project root.
    """
    core = project / "apps" / "core"
    (core / "left.py").write_text(
        "from apps.core.right import Right\n\n\nclass Left(Right):\n    pass\n",
        encoding="utf-8",
    )
    (core / "right.py").write_text(
        "from apps.core.left import Left\n\n\nclass Right(Left):\n    pass\n",
        encoding="utf-8",
    )
    _age(core / "left.py", core / "right.py", core)
    (core / "views.py").write_text(
        "from apps.core.bases import Base\nfrom apps.core.left import Left\n\n\n"
        "class V(Left):\n    pass\n\n\nclass W(Base):\n    pass\n",
        encoding="utf-8",
    )
    _age(core / "views.py")
    _codes(project, "apps/core/views.py")
    (store,) = _store_files()
    names = json.loads(store.read_text(encoding="utf-8"))["facts"]
    assert "kinds\x00apps.core.left.Left" not in names
    assert "kinds\x00apps.core.bases.Base" in names


ALPHA = '''"""Alpha."""

from apps.core.beta import Middle


class Base:
    """Plain on disk."""


class Thing(Middle):
    """A subclass through another module."""

    class Meta:
        """Options."""

        fields = "__all__"
'''
BETA = '''"""Beta."""

from apps.core.alpha import Base


class Middle(Base):
    """In between."""
'''


def test_unsaved_buffer_answers_are_not_stored(project: Path) -> None:
    """What was learnt from an editor's unsaved buffer never outlives the process.

    Args:
        project: The project root.
    """
    core = project / "apps" / "core"
    (core / "alpha.py").write_text(ALPHA, encoding="utf-8")
    (core / "beta.py").write_text(BETA, encoding="utf-8")
    _age(core / "alpha.py", core / "beta.py", core)
    buffer = ALPHA.replace(
        '"""Alpha."""\n',
        '"""Alpha."""\n\nfrom rest_framework import serializers\n',
    ).replace("class Base:", "class Base(serializers.ModelSerializer):")
    model.clear_cache()
    config = config_module.load(str(project))
    found = lint_source(buffer, "apps/core/alpha.py", str(project), config)
    assert "DJA012" in [item.code for item in found]
    facts.flush()
    assert "DJA012" not in [code for _, code in _codes(project, "apps/core/alpha.py")]
