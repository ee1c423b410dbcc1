"""``djarch check``'s Python half: parallel results and the findings cache."""

from __future__ import annotations

import json
import os
import shutil
import zlib
from pathlib import Path
from typing import Any

import pytest

from flake8_djarch import parallel_check
from flake8_djarch.parallel_check import (
    CheckOptions,
    Columns,
    Outcome,
    Row,
    _load,
    _store,
    default_cache_dir,
    lint_python_files,
)
from flake8_djarch.project.model import clear_cache
from flake8_djarch.project_check import iter_project_files, main_check
from tests.base_edit import BASE, PLAIN_BASE, SUBCLASS

PROJECTS = Path(__file__).parent / "fixtures" / "projects"


def _python_files(root: Path) -> list[str]:
    """List a project's Python files as ``djarch check`` does.

    Args:
        root: The project root.

    Returns:
        Relative paths.
    """
    return [rel for rel in iter_project_files(root) if rel.endswith(".py")]


def _read_cache(path: Path) -> tuple[dict[str, Any], bytes]:
    """Read a findings cache file.

    Args:
        path: The file.

    Returns:
        The JSON document and the columns stored after it.
    """
    raw = path.read_bytes()
    body, checksum = (
        raw[: -parallel_check.CHECKSUM_BYTES],
        raw[-parallel_check.CHECKSUM_BYTES :],
    )
    assert int(checksum, 16) == zlib.crc32(body)
    head, _, tail = body.partition(b"\n")
    return json.loads(head), tail


def _write_cache(path: Path, document: dict[str, Any], tail: bytes) -> None:
    """Write a findings cache file with a valid checksum (what it holds is tested).

    Args:
        path: The file.
        document: The JSON document.
        tail: The columns stored after it.
    """
    body = json.dumps(document).encode() + b"\n" + tail
    path.write_bytes(body + b"%08x" % zlib.crc32(body))


def _without(entry: dict[str, Any], *names: str) -> dict[str, Any]:
    """Copy a cache entry without some fields.

    Args:
        entry: The entry.
        *names: The fields.

    Returns:
        The copy.
    """
    return {key: value for key, value in entry.items() if key not in names}


def _codes(outcomes: dict[str, object], relative: str) -> set[str]:
    """Collect a file's finding codes.

    Args:
        outcomes: The result of :func:`lint_python_files`.
        relative: The file.

    Returns:
        The codes.
    """
    found = outcomes[relative]
    assert not isinstance(found, str), found
    return {item.code for item in found}  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", ["architecture", "drf", "settings_split"])
def test_parallel_results_equal_one_core(name: str, tmp_path: Path) -> None:
    """Two worker processes find exactly what one process finds.

    Args:
        name: A fixture project.
        tmp_path: Holds the cache of the cached run.
    """
    root = PROJECTS / name
    files = _python_files(root)
    assert len(files) >= 8  # enough to start workers
    clear_cache()
    serial = lint_python_files(root, files, CheckOptions(jobs=1, cache=False))
    clear_cache()
    parallel = lint_python_files(root, files, CheckOptions(jobs=2, cache=False))
    assert parallel == serial
    assert any(serial.values())
    cached = CheckOptions(jobs=2, cache_dir=tmp_path)
    assert lint_python_files(root, files, cached) == serial  # cold
    assert lint_python_files(root, files, cached) == serial  # warm


def test_base_class_edit_relints_subclass(tmp_path: Path) -> None:
    """Editing a base class in another module changes the cached subclass findings.

    Args:
        tmp_path: The project and its cache.
    """
    root = tmp_path / "project"
    (root / "apps" / "core").mkdir(parents=True)
    (root / "apps" / "__init__.py").write_text("", encoding="utf-8")
    (root / "apps" / "core" / "__init__.py").write_text("", encoding="utf-8")
    bases = root / "apps" / "core" / "bases.py"
    bases.write_text(BASE, encoding="utf-8")
    (root / "apps" / "core" / "serializers.py").write_text(SUBCLASS, encoding="utf-8")
    # A second subclass linted later in the same process: its resolution may
    # come from the model's memo, and must still record the base module.
    (root / "apps" / "core" / "zzz_serializers.py").write_text(
        SUBCLASS, encoding="utf-8"
    )
    files = _python_files(root)
    options = CheckOptions(jobs=1, cache_dir=tmp_path / "cache")
    target = "apps/core/serializers.py"

    clear_cache()
    before = _codes(lint_python_files(root, files, options), target)
    assert "DJA012" in before  # fields = "__all__" in a DRF subclass
    clear_cache()  # a new process: only the cache remembers
    assert _codes(lint_python_files(root, files, options), target) == before

    assert "DJA012" in _codes(
        lint_python_files(root, files, options), "apps/core/zzz_serializers.py"
    )

    bases.write_text(PLAIN_BASE, encoding="utf-8")
    clear_cache()
    outcomes = lint_python_files(root, files, options)
    after = _codes(outcomes, target)
    assert "DJA012" not in after
    assert "DJA012" not in _codes(outcomes, "apps/core/zzz_serializers.py")
    assert after == _codes(
        lint_python_files(root, files, CheckOptions(jobs=1, cache=False)), target
    )


def test_cache_stays_out_of_the_tree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """By default the cache goes to XDG_CACHE_HOME, never into the linted tree.

    Args:
        tmp_path: The project copy and the cache home.
        monkeypatch: Points XDG_CACHE_HOME at a temporary folder.
    """
    root = tmp_path / "project"
    shutil.copytree(PROJECTS / "placeholders", root)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    before = sorted(path for path in root.rglob("*"))
    lint_python_files(root, _python_files(root), CheckOptions(jobs=1))
    assert sorted(path for path in root.rglob("*")) == before
    assert default_cache_dir() == tmp_path / "xdg" / "djarch"
    assert list(default_cache_dir().glob("*.json"))
    assert (default_cache_dir() / ".gitignore").read_text(encoding="utf-8") == "*\n"


def test_cli_options_give_the_same_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--jobs``, ``--no-cache`` and ``--cache-dir`` change speed, not findings.

    Args:
        tmp_path: Holds the project-local cache folder.
        capsys: Captures the reports.
    """
    root = str(PROJECTS / "drf")
    reports = []
    cache = tmp_path / ".djarch_cache"
    for extra in (
        ["--no-cache", "--jobs", "1"],
        ["--jobs", "2", "--cache-dir", str(cache)],
        ["--cache-dir", str(cache)],
    ):
        clear_cache()
        status = main_check([root, *extra])
        reports.append((status, capsys.readouterr().out))
    assert reports[0][0] == 1
    assert reports[0] == reports[1] == reports[2]
    assert list(cache.glob("*.findings.json"))


GRAND_BASE = '''"""Bases."""

from rest_framework import serializers


class GrandBase(serializers.ModelSerializer):
    """A DRF serializer base."""
'''
MIDDLE = '''"""The middle of the hierarchy."""

from apps.core.bases import GrandBase


class Middle(GrandBase):
    """Inherits its kind from the grandparent."""
'''
GRANDCHILD = '''"""Serializers."""

from apps.core.middle import Middle


class ThingSerializer(Middle):
    """A serializer."""

    class Meta:
        """Options."""

        fields = "__all__"
'''
MANAGER_MODELS = '''"""Models."""

from django.db import models


class Order(models.Model):
    """An order."""

    active = models.Manager()
'''
MANAGER_VIEW = '''"""Views."""

from apps.core.models import Order


def listing() -> list[Order]:
    """List the open orders.

    Returns:
        The orders.
    """
    return list(Order.active.filter(closed=False))
'''


@pytest.mark.parametrize("jobs", [1, 2])
def test_reused_answers_are_dependencies_of_every_file(
    jobs: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file that reuses an answer computed for another file depends on its files.

    Several files share a grandparent base and a models module's custom
    manager: after the first of them (per worker), the kind of the base and
    the ORM index are served from the worker's memo. Editing the grandparent
    or the manager must change every one of their cached findings.

    Args:
        jobs: Worker processes.
        tmp_path: The project and its cache.
        capsys: Captures the reports.
    """
    root = tmp_path / "project"
    apps = _reuse_project(root)
    cache = ["--jobs", str(jobs), "--cache-dir", str(tmp_path / "cache")]

    def report(*extra: str) -> set[str]:
        return _reuse_report(root, capsys, *extra)

    cold = report(*cache)
    for app in apps:
        assert f"DJA012 apps/{app}/serializers.py" in cold
        assert f"DJA004 apps/{app}/views.py" in cold
    assert report(*cache) == cold  # warm

    _reuse_edit(root)
    edited = report(*cache)
    assert edited == report("--no-cache", "--jobs", str(jobs))
    assert not edited, edited


def test_the_late_worker_records_what_the_scan_answered(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A worker forked after the settings scan depends on the files behind its answers.

    The scan resolves every project class's kind before the last worker is
    forked; that worker lints every file here (the first one takes none) from
    the inherited answers, which must still name the grandparent base and
    the models module.

    Args:
        tmp_path: The project and its cache.
        capsys: Captures the reports.
        monkeypatch: Keeps the first worker idle.
    """
    root = tmp_path / "project"
    _reuse_project(root)
    monkeypatch.setattr(parallel_check._Claims, "front", lambda _self: None)
    cache = ["--jobs", "2", "--cache-dir", str(tmp_path / "cache")]
    cold = _reuse_report(root, capsys, *cache)
    assert len(cold) == 12, cold
    _reuse_edit(root)
    assert not _reuse_report(root, capsys, *cache)


def _reuse_project(root: Path) -> list[str]:
    """Lay out apps whose files share a grandparent base and a custom manager.

    Args:
        root: The project folder to create.

    Returns:
        The apps' names.
    """
    core = root / "apps" / "core"
    core.mkdir(parents=True)
    (root / "apps" / "__init__.py").write_text("", encoding="utf-8")
    (core / "__init__.py").write_text("", encoding="utf-8")
    (core / "bases.py").write_text(GRAND_BASE, encoding="utf-8")
    (core / "middle.py").write_text(MIDDLE, encoding="utf-8")
    (core / "models.py").write_text(MANAGER_MODELS, encoding="utf-8")
    apps = [f"app{number}" for number in range(6)]
    for app in apps:
        folder = root / "apps" / app
        folder.mkdir()
        (folder / "__init__.py").write_text("", encoding="utf-8")
        (folder / "serializers.py").write_text(GRANDCHILD, encoding="utf-8")
        (folder / "views.py").write_text(MANAGER_VIEW, encoding="utf-8")
    return apps


def _reuse_edit(root: Path) -> None:
    """Edit the grandparent base and the manager: every finding goes.

    Args:
        root: The project of :func:`_reuse_project`.
    """
    core = root / "apps" / "core"
    (core / "bases.py").write_text(
        GRAND_BASE.replace("serializers.ModelSerializer", "object"), encoding="utf-8"
    )
    (core / "models.py").write_text(
        MANAGER_MODELS.replace("active", "current"), encoding="utf-8"
    )


def _reuse_report(
    root: Path, capsys: pytest.CaptureFixture[str], *options: str
) -> set[str]:
    """Run ``djarch check`` as a new process would; keep DJA004 and DJA012.

    Args:
        root: The project of :func:`_reuse_project`.
        capsys: Captures the report.
        *options: Command-line options.

    Returns:
        ``"CODE path"`` per finding.
    """
    clear_cache()  # a new process: only the caches remember
    main_check([str(root), *options])
    found = set()
    for line in capsys.readouterr().out.splitlines():
        where, _, text = line.partition(": ")
        code = text.split(" ", 1)[0]
        if code in {"DJA004", "DJA012"} and where.startswith(str(root)):
            path = Path(where.split(":", 1)[0]).relative_to(root).as_posix()
            found.add(f"{code} {path}")
    return found


def _primed_cache(
    tmp_path: Path,
) -> tuple[Path, list[str], CheckOptions, dict[str, Outcome], Path]:
    """Copy the DRF fixture project and fill a findings cache for it.

    Args:
        tmp_path: Holds the copy and the cache.

    Returns:
        The copy, its Python files, the cached run's options, the uncached
        findings and the cache file.
    """
    root = tmp_path / "project"
    shutil.copytree(PROJECTS / "drf", root)
    files = _python_files(root)
    options = CheckOptions(jobs=1, cache_dir=tmp_path / "cache")
    clear_cache()
    expected = lint_python_files(root, files, CheckOptions(jobs=1, cache=False))
    clear_cache()
    assert lint_python_files(root, files, options) == expected
    (stored,) = (tmp_path / "cache").glob("*.findings.json")
    return root, files, options, expected, stored


def test_tampered_dependency_tables_relint(tmp_path: Path) -> None:
    """Malformed, cyclic or very deep dependency tables make entries stale, never crash.

    Args:
        tmp_path: The project copy and its cache.
    """
    root, files, options, expected, stored = _primed_cache(tmp_path)
    document, messages = _read_cache(stored)
    # Each dependency path is stored once, each file refers to one group.
    names = [row[0] for row in document["paths"]]
    assert len(names) == len(set(names))
    assert all(isinstance(entry["deps"], int) for entry in document["files"].values())
    deep = 50_000
    tampered = [
        {
            **document,
            "groups": [
                [[], [index - 1]] if index else [[], []] for index in range(deep)
            ],
        },
        {**document, "groups": [[[0], [0]]] * len(document["groups"])},
        {**document, "paths": [["x", None]] * len(document["paths"])},
        {**document, "groups": "nope", "paths": {}},
        # Another selection than the one run now: the entry must not be served.
        {**document, "selections": [["DJA001"]] * len(document["selections"])},
    ]
    for variant in tampered:
        chain = len(variant["groups"]) == deep
        variant["files"] = {
            relative: {
                **(entry if chain else _without(entry, "span", "at_span")),
                "deps": deep - 1 if chain else 0,
                # A served stale entry would show: no findings at all.
                **({} if chain else {"at": [], "codes": "", "messages": ""}),
            }
            for relative, entry in document["files"].items()
        }
        _write_cache(stored, variant, messages)
        clear_cache()
        assert lint_python_files(root, files, options) == expected


UNRESOLVED_VIEW = '''"""A view on a base the project does not define."""

from vendor.api import Base{number}ViewSet


class Thing{number}(Base{number}ViewSet):
    """A view whose ancestry is unknown."""
'''


def test_unresolved_bases_note_is_the_same_in_every_mode(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Workers and the findings cache report the bases one process reports.

    Args:
        tmp_path: The project and its cache.
        capsys: Captures the note.
    """
    root = tmp_path / "project"
    app = root / "app"
    app.mkdir(parents=True)
    (app / "__init__.py").write_text("", encoding="utf-8")
    for number in range(9):  # enough files to start workers
        (app / f"views{number}.py").write_text(
            UNRESOLVED_VIEW.format(number=number), encoding="utf-8"
        )
    cache = ["--cache-dir", str(tmp_path / "cache")]

    def note(*options: str) -> str:
        clear_cache()  # a new process: only the caches remember
        main_check([str(root), *options])
        return capsys.readouterr().err

    one = note("--no-cache", "--jobs", "1")
    assert one.startswith(
        "djarch: note: could not resolve DRF-looking bases vendor.api.Base0ViewSet, "
        "vendor.api.Base1ViewSet, vendor.api.Base2ViewSet, "
        "vendor.api.Base3ViewSet, vendor.api.Base4ViewSet and 4 more;"
    ), one
    assert note("--no-cache", "--jobs", "2") == one
    assert note("--jobs", "2", *cache) == one  # cold: every file linted
    assert note("--jobs", "2", *cache) == one  # warm: no file linted
    assert note("--jobs", "1", *cache) == one

    # An edited file is linted again: its names change, the others' come
    # from the cache, in the same order.
    (app / "views0.py").write_text(
        UNRESOLVED_VIEW.format(number=0).replace("Base0ViewSet", "Other0ViewSet"),
        encoding="utf-8",
    )
    edited = note("--jobs", "2", *cache)
    assert edited.startswith(
        "djarch: note: could not resolve DRF-looking bases vendor.api.Other0ViewSet, "
        "vendor.api.Base1ViewSet,"
    ), edited
    assert edited == note("--no-cache", "--jobs", "1")


#: Cache entries whose findings are malformed, by what is wrong.
MALFORMED_COLUMNS = {
    "at not whole findings": {"at": [1, 0, 0], "codes": "", "messages": ""},
    "a string among the ints": {"at": [1, "0", 0, 0], "codes": "X", "messages": "m"},
    "a bool among the ints": {"at": [1, True, 0, 0], "codes": "X", "messages": "m"},
    "fewer codes than findings": {
        "at": [1, 0, 0, 0] * 2,
        "codes": "X",
        "messages": "m\x00n",
    },
    "fewer messages than findings": {"at": [1, 0, 0, 0], "codes": "X", "messages": []},
    "a number among the messages": {"at": [1, 0, 0, 0], "codes": "X", "messages": [1]},
    "texts of another length": {
        "at": [1, 0, 0, 0],
        "codes": "X",
        "messages": "m",
        "texts": ["X m", "X n"],
    },
    "no columns": {},
    # The messages after the document, at a span that does not fit.
    "a span past the end": {"at": [1, 0, 0, 0], "codes": "X", "span": [0, 10**9]},
    "a span backwards": {"at": [1, 0, 0, 0], "codes": "X", "span": [1, 0]},
    "a span of strings": {"at": [1, 0, 0, 0], "codes": "X", "span": ["0", "1"]},
    "positions past the end": {"at_span": [0, 10**9], "codes": "X", "messages": "m"},
    "positions backwards": {"at_span": [4, 0], "codes": "X", "messages": "m"},
}


def test_malformed_columns_relint(tmp_path: Path) -> None:
    """A cache entry with malformed findings is linted again, never served.

    Args:
        tmp_path: The project copy and its cache.
    """
    root, files, options, expected, stored = _primed_cache(tmp_path)
    document, messages = _read_cache(stored)
    for columns in MALFORMED_COLUMNS.values():
        variant = {
            **document,
            "files": {
                relative: {
                    **{
                        key: value
                        for key, value in entry.items()
                        if key
                        not in {"at", "codes", "messages", "texts", "span", "at_span"}
                    },
                    **columns,
                }
                for relative, entry in document["files"].items()
            },
        }
        _write_cache(stored, variant, messages)
        clear_cache()
        assert lint_python_files(root, files, options) == expected
    # What follows the document cut short, or not UTF-8: every entry is stale.
    for tail in (messages[:-3], b"\xff" + messages[1:]):
        _write_cache(stored, document, tail)
        clear_cache()
        assert lint_python_files(root, files, options) == expected


@pytest.mark.parametrize(
    "rows",
    [
        [],
        [(1, 0, "DJA001", "DJA001 plain", 0, 0), (2, 4, "DJA002", "DJA002 x", 3, 7)],
        # A text that is not "CODE message" is kept whole.
        [(1, 0, "DJA001", "DJA001  padded ", 0, 0), (1, 0, "E999", "E999", 0, 0)],
        [(5, 1, "DJA003", "no code prefix", 5, 2)],
        # The separator inside a message or a code: stored as a list.
        [(1, 0, "DJA001", "DJA001 a\x00b", 0, 0), (2, 0, "DJA\x00", "DJA\x00 c", 0, 0)],
        [(1, 0, "DJA001", "DJA001 ", 0, 0)],
    ],
)
def test_columns_round_trip(rows: list[Row]) -> None:
    """Findings stored as columns come back exactly, through JSON.

    Args:
        rows: A file's findings.
    """
    columns = Columns.of(rows)
    assert columns.rows() == rows
    stored = json.loads(json.dumps(columns.encode()))
    assert Columns.decode(stored) == columns
    assert Columns.decode(stored).rows() == rows  # type: ignore[union-attr]


def test_messages_after_the_document_round_trip(tmp_path: Path) -> None:
    """Messages stored after the JSON document come back exactly, any text.

    Args:
        tmp_path: Holds the cache file.
    """
    texts = ["new\nline", "é and 中", "lone \udcff surrogate", "", "x" * 5000]
    entries: dict[str, dict[str, object]] = {
        f"m{index}.py": {
            "hash": "h",
            **Columns.of(
                [
                    (1, 0, "DJA001", f"DJA001 {text}".strip(), 0, 0),
                    (2, 0, "DJA002", "DJA002 b", 0, 0),
                ]
            ).encode(),
        }
        for index, text in enumerate(texts)
    }
    path = tmp_path / "cache.json"
    _store(path, "key", entries, {})
    loaded = _load(path)["files"]
    assert isinstance(loaded, dict)
    assert {
        name: {**_without(entry, "span", "at_span"), "at": list(entry["at"])}
        for name, entry in loaded.items()
    } == entries
    assert b"\n" not in path.read_bytes().partition(b"\n")[0]


def test_a_damaged_cache_file_is_discarded(tmp_path: Path) -> None:
    """A flipped byte anywhere, a cut, a FIFO or a link: linted again, never served.

    Args:
        tmp_path: The project copy and its cache.
    """
    root, files, options, expected, stored = _primed_cache(tmp_path)
    raw = stored.read_bytes()
    size = len(raw) - parallel_check.CHECKSUM_BYTES
    # A flip in a message, in a position, in the document and in the sum.
    places = (size - 40, size - 3, 10, size + 2)
    for place in places:
        damaged = bytearray(raw)
        damaged[place] ^= 0x5A
        stored.write_bytes(bytes(damaged))
        clear_cache()
        assert lint_python_files(root, files, options) == expected
        # The relint stored a sound file again.
        _read_cache(stored)
    stored.write_bytes(raw[:-1])
    clear_cache()
    assert lint_python_files(root, files, options) == expected
    outside = tmp_path / "outside.json"
    outside.write_bytes(raw)
    for make in (
        os.mkfifo,
        lambda path: path.symlink_to(outside),
        lambda path: path.symlink_to("/dev/zero"),
    ):
        stored.unlink()
        make(stored)
        clear_cache()
        assert lint_python_files(root, files, options) == expected


def test_an_edit_that_restores_mtime_and_size_is_seen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The change time catches an in-place edit behind the old mtime and size.

    Args:
        tmp_path: The project copy and its cache.
        monkeypatch: Trusts fresh stamps (the copy is seconds old).
    """
    monkeypatch.setattr(parallel_check, "RACY_NS", -1)
    root, files, options, expected, stored = _primed_cache(tmp_path)
    assert _read_cache(stored)[0]["stamps"]
    target = root / "apps" / "shop" / "apis.py"
    old = target.stat()
    text = target.read_text(encoding="utf-8")
    # Same size, findings gone: the module's classes become comments.
    edited = "\n".join(
        "#" + line[1:] if line.startswith("class ") else line
        for line in text.split("\n")
    )
    target.write_text(edited, encoding="utf-8")
    os.utime(target, ns=(old.st_atime_ns, old.st_mtime_ns))
    assert (target.stat().st_size, target.stat().st_mtime_ns, target.stat().st_ino) == (
        old.st_size,
        old.st_mtime_ns,
        old.st_ino,
    )
    clear_cache()
    fresh = lint_python_files(root, files, CheckOptions(jobs=1, cache=False))
    assert fresh != expected
    clear_cache()
    assert lint_python_files(root, files, options) == fresh
