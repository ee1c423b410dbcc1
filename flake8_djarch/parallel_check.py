"""The Python half of ``djarch check``: files linted in parallel, findings cached.

Each worker process keeps its own project model (the resolvers' per-process
parse caches), so results do not depend on how files are shared out: a file's
findings are a function of the project's files, never of what a worker linted
before. The findings cache works like Ruff's: one entry per file, keyed by the
file's content hash and the content hashes of every project file the
resolvers consulted while linting it, directly or through an answer memoised
for another file (recorded by :mod:`flake8_djarch.dependencies`), under a key
made of the tool version, the effective configuration and the list of Python
files (adding or removing a module can change how imports resolve, so it
starts over). Dependencies are interned: one table of paths with their
hashes, one table of groups of paths (a large shared answer such as the ORM
index is one group every file using it refers to), each file one group.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import queue
import stat
import sys
import tempfile
import threading
import time
import zlib
from array import array
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, TypeVar, cast

from djarch_hooks import settings_finder
from djarch_hooks.common import one_line

from flake8_djarch import __version__, dependencies
from flake8_djarch.api import lint_file
from flake8_djarch.checks import all_checkers
from flake8_djarch.config import Config, ConfigError
from flake8_djarch.engine import Finding
from flake8_djarch.project import files as file_access
from flake8_djarch.project import heap, orm
from flake8_djarch.project.facts import default_cache_dir, read_store
from flake8_djarch.project.model import (
    clear_cache,
    noting_unresolved,
    report_unresolved,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
    from multiprocessing.connection import Connection
    from multiprocessing.context import BaseContext

logger = logging.getLogger(__name__)

#: Bumped when the cache file layout changes.
CACHE_FORMAT = 4
#: Below this many files to lint, starting workers costs more than it saves.
SERIAL_BELOW = 8
#: Files a worker takes at once.
CHUNK = 4
#: A file's outcome: its findings, or the text of the error that stopped it.
Outcome = list[Finding] | str
#: A finding as the cache stores it: :class:`Finding`'s fields in order.
Row = tuple[int, int, str, str, int, int]
#: A file's outcome as rows (no :class:`Finding` objects on a warm run).
RowOutcome = list[Row] | str
#: A group of dependencies as a worker sends it: its serial in the worker,
#: the paths it holds (root-relative) and the serials of its inner groups.
GroupDefinition = tuple[int, list[str], list[int]]
#: What a file depended on: the worker's pid, the serial of the file's group
#: and the definitions of the groups this worker had not sent before.
Depends = tuple[int, int, list[GroupDefinition]]
#: A linted file's result: the file, its outcome, what it depended on and the
#: DRF-looking bases its rules could not resolve (first noted first).
Result = tuple[str, RowOutcome, Depends, list[str]]
Item = TypeVar("Item")


def as_rows(outcome: Outcome) -> RowOutcome:
    """Turn a file's findings into rows.

    Args:
        outcome: The findings, or the reason the file could not be linted.

    Returns:
        The same as rows.
    """
    if isinstance(outcome, str):
        return outcome
    return [
        (item.line, item.col, item.code, item.text, item.end_line, item.end_col)
        for item in outcome
    ]


def as_findings(outcome: RowOutcome | Columns) -> Outcome:
    """Turn a file's rows back into findings.

    Args:
        outcome: The rows (or columns), or the reason the file could not be
            linted.

    Returns:
        The same as :class:`Finding` objects.
    """
    if isinstance(outcome, str):
        return outcome
    if isinstance(outcome, Columns):
        outcome = outcome.rows()
    return [Finding(*row) for row in outcome]


#: Joins a file's codes, and its messages, into one cached string each: JSON
#: decodes one long string several times faster than thousands of short ones.
JOIN = "\x00"
#: Integers stored per finding in :attr:`Columns.at`.
AT_WIDTH = 4
#: The array type of the positions stored after the cache document.
INTS = "i"


class Columns(NamedTuple):
    """A file's findings column by column: how the cache stores and serves them.

    A warm run turns them into printable records without a Python-level step
    per finding (``djarch check`` prints 100k findings on a large project).

    Attributes:
        at: ``line, col, end_line, end_col`` of each finding in turn
            (:class:`Finding`'s values, flattened).
        codes: Each finding's code.
        messages: Each finding's text after its code, stripped (as printed).
        texts: Each finding's full text; ``None`` when every text is
            ``f"{code} {message}"``.
    """

    at: list[int] | array[int]
    codes: list[str]
    messages: list[str]
    texts: list[str] | None = None

    @classmethod
    def of(cls, rows: Sequence[Row]) -> Columns:
        """Turn a file's rows into columns.

        Args:
            rows: The findings as rows.

        Returns:
            The same findings, in the same order.
        """
        at: list[int] = []
        codes: list[str] = []
        messages: list[str] = []
        exact = True
        for line, col, code, text, end_line, end_col in rows:
            at += (line, col, end_line, end_col)
            message = text.removeprefix(code).strip()
            codes.append(code)
            messages.append(message)
            exact = exact and text == f"{code} {message}"
        return cls(at, codes, messages, None if exact else [row[3] for row in rows])

    def rows(self) -> list[Row]:
        """Turn the columns back into rows.

        Returns:
            The findings as :class:`Finding` field tuples, in order.
        """
        at = self.at
        texts = self.texts
        if texts is None:
            texts = [
                f"{code} {message}"
                for code, message in zip(self.codes, self.messages, strict=True)
            ]
        return list(
            zip(at[0::4], at[1::4], self.codes, texts, at[2::4], at[3::4], strict=True)
        )

    def encode(self) -> dict[str, object]:
        """Describe the columns as cache entry fields.

        Returns:
            ``at``, ``codes`` and ``messages`` (and ``texts`` when needed).
        """
        fields: dict[str, object] = {
            "at": self.at,
            "codes": _joined(self.codes),
            "messages": _joined(self.messages),
        }
        if self.texts is not None:
            fields["texts"] = self.texts
        return fields

    @classmethod
    def decode(cls, entry: dict[str, object]) -> Columns | None:
        """Read columns from a cache entry, checking every value's type.

        Args:
            entry: The stored entry.

        Returns:
            The columns; ``None`` when malformed.
        """
        at = entry.get("at")
        if isinstance(at, array):
            if at.typecode != INTS or len(at) % AT_WIDTH:
                return None
        elif not isinstance(at, list) or len(at) % AT_WIDTH or not _all(at, int):
            return None
        count = len(at) // AT_WIDTH
        codes = _split(entry.get("codes"), count)
        messages = _split(entry.get("messages"), count)
        if codes is None or messages is None:
            return None
        if "texts" not in entry:
            return cls(at, codes, messages)
        texts = _split(entry["texts"], count)
        return None if texts is None else cls(at, codes, messages, texts)


def _all(values: list[object], kind: type) -> bool:
    """Tell whether every value has exactly one type, without a Python loop.

    Args:
        values: The values.
        kind: The type (``bool`` is not ``int`` here).

    Returns:
        True when every value's type is ``kind``.
    """
    return set(map(type, values)) <= {kind}


def _joined(items: list[str]) -> str | list[str]:
    """Join strings for the cache when the separator leaves them recoverable.

    Args:
        items: The strings.

    Returns:
        One string, or the list itself when one of them holds the separator.
    """
    text = JOIN.join(items)
    return text if text.count(JOIN) == max(len(items) - 1, 0) else items


def _split(stored: object, count: int) -> list[str] | None:
    """Recover a column of strings stored by :func:`_joined`.

    Args:
        stored: The stored value.
        count: How many strings it must hold.

    Returns:
        The strings; ``None`` when malformed.
    """
    if isinstance(stored, str):
        items = stored.split(JOIN) if count else [] if not stored else None
    elif isinstance(stored, list) and _all(stored, str):
        items = stored
    else:
        return None
    return items if items is not None and len(items) == count else None


@dataclass(frozen=True)
class CheckOptions:
    """How ``djarch check`` lints the Python files.

    Attributes:
        jobs: Worker processes (``None``: one per available core).
        cache: Whether to read and write the findings cache.
        cache_dir: Where the cache lives (``None``: :func:`default_cache_dir`).
    """

    jobs: int | None = None
    cache: bool = True
    cache_dir: Path | None = None

    def workers(self) -> int:
        """Return the number of processes to use at most.

        Returns:
            ``jobs`` when positive, else the available cores.
        """
        return self.jobs if self.jobs and self.jobs > 0 else available_cores()


def available_cores() -> int:
    """Count the cores this process may run on.

    Returns:
        At least 1.
    """
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _digest(data: bytes) -> str:
    """Hash file contents.

    Args:
        data: The bytes.

    Returns:
        A short hex digest.
    """
    return hashlib.blake2b(data, digest_size=16).hexdigest()


#: A file's stamp: modification time (ns), size, inode and change time (ns):
#: the change time also moves when a writer puts the old modification time
#: and size back (``touch -r``), which no user can set.
Stamp = tuple[int, int, int, int]
#: A stamp this close to the run's start (ns) may hide a later edit within the
#: file system's timestamp granularity: such a file is hashed again next run.
RACY_NS = 2_000_000_000
#: A stored stamp row: mtime, size, inode, ctime, hash.
STAMP_ROW = 5
#: The most bytes of a findings cache file read (saleor's is 16 MB).
MAX_CACHE_BYTES = 1024 * 1024 * 1024
#: The cache file ends with the CRC-32 of everything before it, in hex.
CHECKSUM_BYTES = 8


class _Hashes:
    """Content hashes of project files, each file read at most once per run.

    Like Ruff's cache, a file whose stamp (``lstat``: mtime, size, inode)
    equals the one stored with its hash last run is not read again; any
    other file (touched, edited, replaced, a symlink) is read and hashed.
    """

    def __init__(self, root: Path, known: dict[str, object] | None = None) -> None:
        """Bind to a project root.

        Args:
            root: The absolute project root.
            known: ``[mtime, size, inode, hash]`` rows stored by the previous
                run (any other value is ignored).
        """
        self.root = root
        self._root_text = str(root)
        self._previous = known or {}
        self._known: dict[str, str] = {}
        #: ``[mtime, size, inode, hash]`` rows worth storing for the next run.
        self.stamped: dict[str, list[object]] = {}
        self._now = time.time_ns()
        self._read = False

    def of(self, relative: str) -> str:
        """Hash one file (``""`` when it cannot be read).

        Args:
            relative: A path relative to the root.

        Returns:
            The digest.
        """
        known = self._known.get(relative)
        if known is None:
            known = self._hash(relative)
            self._known[relative] = known
        return known

    def changed(self) -> bool:
        """Tell whether a file had to be read whose new stamp is worth storing.

        Returns:
            ``True`` when a file was hashed from its content and stamped.
        """
        return self._read

    def _hash(self, relative: str) -> str:
        """Hash one file, trusting an unchanged stamp.

        Args:
            relative: A path relative to the root.

        Returns:
            The digest (``""`` when it cannot be read).
        """
        # os.path, not pathlib: thousands of files per run.
        path = os.path.join(self._root_text, relative)  # noqa: PTH118
        try:
            info = os.lstat(path)
        except (FileNotFoundError, NotADirectoryError):
            return ""  # as unreadable: its creation changes the hash
        except (OSError, ValueError):
            info = None
        stamp: Stamp | None = None
        if info is not None and stat.S_ISREG(info.st_mode):
            stamp = (info.st_mtime_ns, info.st_size, info.st_ino, info.st_ctime_ns)
            previous = self._previous.get(relative)
            if (
                isinstance(previous, list)
                and len(previous) == STAMP_ROW
                and tuple(previous[:4]) == stamp
                and isinstance(previous[4], str)
            ):
                self.stamped[relative] = previous
                return previous[4]
        try:
            # The safe reader: a FIFO, a device or a link out of the
            # tree is never opened (the lint reports it).
            digest = _digest(file_access.read_bytes(path, self.root))
        except (file_access.FileAccessError, OSError, ValueError):
            return ""
        if stamp is not None and self._now - stamp[0] > RACY_NS:
            self.stamped[relative] = [*stamp, digest]
            self._read = True
        return digest


def _code_stamp() -> str:
    """Identify the code of this installation, for development installs too.

    The version alone does not change while rules are being edited; the size
    and modification time of every module of the package and the hooks do.

    Returns:
        A hex digest.
    """
    package = Path(__file__).resolve().parent
    parts = [__version__]
    for folder in (package, Path(settings_finder.__file__).resolve().parent):
        for path in sorted(folder.rglob("*.py")):
            try:
                info = path.stat()
            except OSError:
                continue
            parts.append(f"{path}:{info.st_size}:{info.st_mtime_ns}")
    return _digest("\n".join(parts).encode("utf-8", "surrogatepass"))


def _run_key(
    run: Run, relatives: Sequence[str], settings: Sequence[str], hashes: _Hashes
) -> str:
    """Key everything that invalidates the whole cache at once.

    Args:
        run: The run's root and configuration.
        relatives: The Python files of the run, sorted.
        settings: Configuration files of the tree (nested ``[tool.djarch]``
            tables apply to the files below them), sorted.
        hashes: Current hashes of project files.

    Returns:
        A hex digest of the tool version, effective configuration, the
        configuration files, interpreter version and the file list.
    """
    parts = [
        f"format={CACHE_FORMAT}",
        f"code={_code_stamp()}",
        f"python={sys.version_info[:2]}",
        f"root={run.root}",
        f"config={run.config!r}",
        *(f"{name}={hashes.of(name)}" for name in settings),
        *relatives,
    ]
    return _digest("\n".join(parts).encode("utf-8", "surrogatepass"))


def _cache_file(cache_dir: Path, root: Path, kind: str = "findings") -> Path:
    """Name a cache file of a project root.

    Args:
        cache_dir: The cache folder.
        root: The absolute project root.
        kind: What it holds.

    Returns:
        One JSON file per root and kind.
    """
    name = _digest(str(root).encode("utf-8", "surrogatepass"))
    return cache_dir / f"{name}.{kind}.json"


def _bottom_up(
    start: Item,
    inner: Callable[[Item], Iterable[Item]],
    done: Callable[[Item], bool],
    finish: Callable[[Item], object],
) -> None:
    """Finish every item reached from one, each after the items it refers to.

    Without recursion: a chain of groups (or of a tampered file's rows) may
    be longer than the interpreter's stack.

    Args:
        start: The first item.
        inner: The items an item refers to (no cycles).
        done: Whether an item is finished already.
        finish: Finishes an item.
    """
    stack: list[tuple[Item, bool]] = [(start, False)]
    while stack:
        item, expanded = stack.pop()
        if done(item):
            continue
        if expanded:
            finish(item)
            continue
        stack.append((item, True))
        stack.extend((sub, False) for sub in inner(item) if not done(sub))


class _Stored:
    """The dependency tables of a loaded cache, each row checked at most once.

    A group is current when every path it holds has the hash stored with it
    and every group it refers to (always an earlier one) is current.
    """

    def __init__(self, data: dict[str, object], hashes: _Hashes) -> None:
        """Take the tables of a cache document.

        Args:
            data: The document (malformed tables make every group stale).
            hashes: Current hashes of project files.
        """
        paths = data.get("paths")
        groups = data.get("groups")
        selections = data.get("selections")
        self.paths: list[object] = paths if isinstance(paths, list) else []
        self.groups: list[object] = groups if isinstance(groups, list) else []
        self.selections: list[object] = (
            selections if isinstance(selections, list) else []
        )
        self._hashes = hashes
        self._path_ok: dict[int, bool] = {}
        self._group_ok: dict[int, bool] = {}
        self._selection_ok: dict[tuple[int, int], bool] = {}

    def selection_is(self, index: object, selected: list[str] | None) -> bool:
        """Tell whether a stored selection is the one run on a file now.

        Args:
            index: The selection's index in the table.
            selected: The codes run now (``None``: all), one list object per
                distinct selection of the run (compared once per pair).

        Returns:
            True when they are equal.
        """
        if not isinstance(index, int) or not 0 <= index < len(self.selections):
            return False
        key = (index, id(selected))
        known = self._selection_ok.get(key)
        if known is None:
            known = self._selection_ok[key] = self.selections[index] == selected
        return known

    def path(self, index: object) -> str | None:
        """Return a stored path when it still has its stored hash.

        Args:
            index: The path's index in the table.

        Returns:
            The root-relative path; ``None`` when changed or malformed.
        """
        if not isinstance(index, int) or not 0 <= index < len(self.paths):
            return None
        row = self.paths[index]
        if not isinstance(row, list) or len(row) != _PATH_ROW:
            return None
        relative = row[0]
        if not isinstance(relative, str):
            return None
        known = self._path_ok.get(index)
        if known is None:
            known = self._path_ok[index] = self._hashes.of(relative) == row[1]
        return relative if known else None

    def group(self, index: object) -> tuple[list[object], list[int]] | None:
        """Return a well-formed group's paths and inner groups.

        Args:
            index: The group's index in the table.

        Returns:
            ``(path indices, earlier group indices)``, ``None`` when malformed.
        """
        if not isinstance(index, int) or not 0 <= index < len(self.groups):
            return None
        row = self.groups[index]
        if not isinstance(row, list) or len(row) != _GROUP_ROW:
            return None
        paths, inner = row
        if not isinstance(paths, list) or not isinstance(inner, list):
            return None
        if not all(isinstance(item, int) and 0 <= item < index for item in inner):
            return None  # only earlier groups: no cycle, even in a tampered file
        return paths, inner

    def current(self, index: object) -> bool:
        """Tell whether nothing a group holds changed.

        Args:
            index: The group's index in the table.

        Returns:
            True when every path and inner group is current.
        """
        if not isinstance(index, int):
            return False
        checked = self._group_ok
        known = checked.get(index)
        if known is not None:
            return known  # files share groups: most are checked already

        def finish(number: int) -> None:
            """Check a group whose inner groups are checked.

            Args:
                number: The group's index.
            """
            row = self.group(number)
            checked[number] = row is not None and (
                all(self.path(item) is not None for item in row[0])
                and all(checked.get(item, False) for item in row[1])
            )

        _bottom_up(index, self.inner, checked.__contains__, finish)
        return checked[index]

    def inner(self, index: int) -> list[int]:
        """Return the inner groups of a group (none when malformed).

        Args:
            index: The group's index in the table.

        Returns:
            Earlier group indices.
        """
        row = self.group(index)
        return row[1] if row is not None else []


#: A stored path row: ``[path, hash]``; a stored group row: ``[paths, groups]``;
#: an entry's span of the messages: ``[start, end]``.
_PATH_ROW = _GROUP_ROW = SPAN_ROW = 2


class _Tables:
    """The dependency tables written with the cache: each path and group once."""

    def __init__(self, hashes: _Hashes) -> None:
        """Start empty tables.

        Args:
            hashes: Current hashes of project files.
        """
        self._hashes = hashes
        self.paths: list[list[str]] = []
        self.groups: list[list[list[int]]] = []
        self.selections: list[list[str] | None] = []
        self._selection_index: dict[int, int] = {}
        self._path_index: dict[str, int] = {}
        self._group_index: dict[tuple[tuple[int, ...], tuple[int, ...]], int] = {}
        self._kept: dict[int, int] = {}
        self._received: dict[tuple[int, int], int] = {}

    def path(self, relative: str) -> int:
        """Intern a path with its current hash.

        Args:
            relative: The root-relative path.

        Returns:
            Its index.
        """
        index = self._path_index.get(relative)
        if index is None:
            index = self._path_index[relative] = len(self.paths)
            self.paths.append([relative, self._hashes.of(relative)])
        return index

    def selection(self, selected: list[str] | None) -> int:
        """Intern the codes run on a file.

        Args:
            selected: The codes (``None``: all), one list object per distinct
                selection of the run.

        Returns:
            Its index.
        """
        index = self._selection_index.get(id(selected))
        if index is None:
            index = self._selection_index[id(selected)] = len(self.selections)
            self.selections.append(selected)
        return index

    def group(self, paths: Iterable[int], inner: Iterable[int]) -> int:
        """Intern a group by content.

        Args:
            paths: Path indices.
            inner: Indices of the groups it refers to.

        Returns:
            Its index (after every inner group's).
        """
        key = (tuple(sorted(set(paths))), tuple(sorted(set(inner))))
        index = self._group_index.get(key)
        if index is None:
            index = self._group_index[key] = len(self.groups)
            self.groups.append([list(key[0]), list(key[1])])
        return index

    def keep(self, stored: _Stored, index: int) -> int:
        """Copy a current group of the loaded cache (and its inner groups).

        Args:
            stored: The loaded tables.
            index: The group's index there (checked current).

        Returns:
            Its index here.
        """
        kept = self._kept
        known = kept.get(index)
        if known is not None:
            return known

        def finish(number: int) -> None:
            """Copy a group whose inner groups are copied.

            Args:
                number: The group's index in the loaded cache.
            """
            row = stored.group(number)
            paths = [stored.path(item) for item in row[0]] if row else []
            kept[number] = self.group(
                (self.path(path) for path in paths if path is not None),
                [kept[item] for item in row[1]] if row else [],
            )

        _bottom_up(index, stored.inner, kept.__contains__, finish)
        return kept[index]

    def receive(self, depends: Depends) -> int | None:
        """Intern the group of a linted file and the new groups its worker sent.

        Args:
            depends: The worker's pid, the file's group and new definitions.

        Returns:
            The file group's index; ``None`` when a group it refers to never
            arrived (the file is not cached then).
        """
        pid, serial, fresh = depends
        for number, paths, inner in fresh:
            try:
                groups = [self._received[pid, item] for item in inner]
            except KeyError:
                continue  # an inner group lost with a dead worker
            self._received[pid, number] = self.group(
                (self.path(path) for path in paths), groups
            )
        return self._received.get((pid, serial))


def _load(path: Path) -> dict[str, object]:
    """Read the cache file: a JSON document, a newline, then the columns it spans.

    After the document come the entries' joined messages (UTF-8) and their
    positions (machine integers), each entry holding its spans of both, then
    the checksum of all of it (:data:`CHECKSUM_BYTES`).

    Args:
        path: The cache file.

    Returns:
        Its document, each entry's messages and positions back in place (an
        entry whose span does not fit keeps none, so it is stale); empty
        when absent or unreadable.
    """
    raw = read_store(path, MAX_CACHE_BYTES)
    # Any damaged byte (a disk error, a hand edit) discards the whole file:
    # a flipped position or message would otherwise be printed as found.
    if raw is None or len(raw) < CHECKSUM_BYTES:
        return {}
    size = len(raw) - CHECKSUM_BYTES
    try:
        checksum = int(raw[size:], 16)
    except ValueError:
        return {}
    if zlib.crc32(memoryview(raw)[:size]) != checksum:
        return {}
    end = raw.find(b"\n", 0, size)
    try:
        data = json.loads(raw[:size] if end < 0 else raw[:end])
    except (ValueError, UnicodeDecodeError, RecursionError):
        return {}
    if not isinstance(data, dict):
        return {}
    entries = data.get("files")
    if isinstance(entries, dict):
        # Views, not copies: each entry's messages are decoded from the file
        # bytes once (13 MB on a large project).
        tail = memoryview(raw)[end + 1 : size] if end >= 0 else memoryview(b"")
        text, ints = _sections(data.get("sections"), tail)
        for entry in entries.values():
            if isinstance(entry, dict):
                span = _span(entry.get("span"), len(text))
                messages = None if span is None else _decoded(text[span[0] : span[1]])
                if messages is not None:
                    entry["messages"] = messages
                span = _span(entry.get("at_span"), len(ints))
                if span is not None:
                    entry["at"] = ints[span[0] : span[1]]
    return data


def _sections(layout: object, tail: memoryview) -> tuple[memoryview, array[int]]:
    """Find what follows the cache document.

    Args:
        layout: The document's ``sections``: the messages' length in bytes,
            then the positions' count, item size and byte order.
        tail: The bytes after the document.

    Returns:
        The messages (UTF-8) and the positions; empty when malformed or
        written by a machine of another integer layout.
    """
    ints = array(INTS)
    if not (
        isinstance(layout, list)
        and layout[1:] == [ints.itemsize, sys.byteorder]
        and isinstance(layout[0], list)
        and len(layout[0]) == SPAN_ROW
        and _all(layout[0], int)
    ):
        return tail[:0], ints
    text_size, count = layout[0]
    if (
        not 0 <= text_size <= len(tail)
        or len(tail) - text_size != count * ints.itemsize
    ):
        return tail[:0], ints
    ints.frombytes(tail[text_size:])
    return tail[:text_size], ints


def _decoded(data: memoryview) -> str | None:
    """Decode an entry's stored messages.

    Args:
        data: Their bytes.

    Returns:
        The joined messages; ``None`` when not UTF-8 (the entry is stale).
    """
    try:
        return str(data, "utf-8", "surrogatepass")
    except UnicodeDecodeError:
        return None


def _span(span: object, size: int) -> tuple[int, int] | None:
    """Check a stored span.

    Args:
        span: The stored ``[start, end]``.
        size: The length of what it spans.

    Returns:
        The span; ``None`` when it does not fit.
    """
    if (
        isinstance(span, list)
        and len(span) == SPAN_ROW
        and _all(span, int)
        and 0 <= span[0] <= span[1] <= size
    ):
        return span[0], span[1]
    return None


def _entries(data: dict[str, object], key: str) -> dict[str, dict[str, object]]:
    """Return the findings entries of a run key.

    Args:
        data: The cache document.
        key: The run key they must have been written under.

    Returns:
        Entries per relative path; nothing when stale or malformed.
    """
    if data.get("key") != key:
        return {}
    entries = data.get("files")
    return entries if isinstance(entries, dict) else {}


def _stamps(data: dict[str, object]) -> dict[str, object]:
    """Return the stamps and hashes of the previous run (valid under any key).

    Args:
        data: The cache document.

    Returns:
        ``[mtime, size, inode, hash]`` per relative path, checked when used.
    """
    rows = data.get("stamps")
    return rows if isinstance(rows, dict) else {}


def _store(
    path: Path,
    key: str,
    entries: dict[str, dict[str, object]],
    stamps: dict[str, list[object]],
    hooks: dict[str, object] | None = None,
    *,
    tables: _Tables | None = None,
) -> None:
    """Write the cache atomically; a failure only costs the next run time.

    Args:
        path: The cache file.
        key: The run key.
        entries: Entries per relative path.
        stamps: Stamps and hashes of the files this run hashed.
        hooks: Cached hook results per name.
        tables: The dependency paths and groups the entries refer to.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        ignore = path.parent / ".gitignore"
        if not ignore.exists():
            ignore.write_text("*\n", encoding="utf-8")
        # Joined messages and positions go after the document, each entry
        # keeping its spans: JSON would scan 12 MB of text character by
        # character, and build 400k integers, on every load and store.
        messages: list[bytes] = []
        ints = array(INTS)
        offset = 0
        stored: dict[str, dict[str, object]] = {}
        for relative, entry in entries.items():
            row = dict(entry)
            row.pop("span", None)
            row.pop("at_span", None)
            joined = row.pop("messages", None)
            if isinstance(joined, str):
                data = joined.encode("utf-8", "surrogatepass")
                row["span"] = [offset, offset + len(data)]
                offset += len(data)
                messages.append(data)
            elif joined is not None:
                row["messages"] = joined
            at = row.pop("at", None)
            start = len(ints)
            try:
                if isinstance(at, array):
                    ints.extend(at)
                else:
                    ints.fromlist(at)  # type: ignore[arg-type]
                row["at_span"] = [start, len(ints)]
            except (OverflowError, TypeError):
                row["at"] = at  # out of the array's range: kept in the document
            stored[relative] = row
        text = b"".join(messages)
        document = {
            "key": key,
            "stamps": stamps,
            "paths": tables.paths if tables else [],
            "groups": tables.groups if tables else [],
            "selections": tables.selections if tables else [],
            "files": stored,
            "hooks": hooks or {},
            "sections": [[len(text), len(ints)], ints.itemsize, sys.byteorder],
        }
        # json.dumps, not json.dump: only the one-shot encoder runs in C
        # (ten times faster on 100k findings). Compact, it holds no newline.
        head = json.dumps(document, separators=(",", ":"))
        body = [head.encode("ascii"), b"\n", text, ints.tobytes()]
        checksum = 0
        for part in body:
            checksum = zlib.crc32(part, checksum)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(handle, "wb") as stream:
            stream.writelines(body)
            stream.write(b"%08x" % checksum)
        Path(temporary).replace(path)
    except OSError as exc:
        logger.debug("cannot write the findings cache %s: %s", path, exc)


def _fresh(
    entry: object, digest: str, selected: list[str] | None, stored: _Stored
) -> Columns | None:
    """Return a cache entry's findings when nothing it depended on changed.

    Args:
        entry: The stored entry.
        digest: The file's current content hash.
        selected: The codes run on the file now (``None``: all).
        stored: The loaded dependency and selection tables.

    Returns:
        The findings, or ``None`` when the entry is stale or malformed.
    """
    if not isinstance(entry, dict) or entry.get("hash") != digest:
        return None
    if not stored.selection_is(entry.get("enabled"), selected):
        return None
    if not stored.current(entry.get("deps")):
        return None
    return Columns.decode(entry)


def _unresolved(entry: object) -> list[str] | None:
    """Return the unresolved DRF-looking bases stored with a file's findings.

    Args:
        entry: The stored entry (most have none).

    Returns:
        The names, ``None`` when malformed (the file is linted again).
    """
    names = entry.get("unresolved", []) if isinstance(entry, dict) else []
    if isinstance(names, list) and all(isinstance(name, str) for name in names):
        return names
    return None


@dataclass(frozen=True)
class Run:
    """What every worker needs to lint a file (inherited through ``fork``).

    Attributes:
        root: The absolute project root.
        config: The run's configuration.
        enabled: The codes to run per root-relative path (``None``: all).
    """

    root: Path
    config: Config | None
    enabled: Callable[[str], frozenset[str] | None] | None


_WORKER: list[Run] = []
#: Root-relative form of each path recorded in this process (``resolve`` costs
#: a system call per path component; a project's files share few dependencies).
_RELATIVE: dict[str, str] = {}


def _relative_to(path: str, root: Path) -> str:
    """Express a recorded path relative to the run's root.

    Args:
        path: The path as recorded (absolute, or relative to the cwd).
        root: The absolute project root.

    Returns:
        The real path relative to the root, or the absolute real path
        outside it.
    """
    known = _RELATIVE.get(path)
    if known is None:
        real = Path(path).resolve()
        try:
            known = real.relative_to(root).as_posix()
        except ValueError:
            known = str(real)
        _RELATIVE[path] = known
    return known


#: Groups this process sent to the parent in this run: id -> (group, serial).
#: The group is kept so that its id is never reused.
_SENT: dict[int, tuple[dependencies.Group, int]] = {}
#: The process that owns :data:`_SENT` (a forked worker starts afresh) and
#: the next serial.
_SENDER: list[int] = [0, 0]


def _send(
    group: dependencies.Group,
    root: Path,
    fresh: list[GroupDefinition],
    *,
    keep: bool = True,
) -> int:
    """Give a group a serial, defining it and its new inner groups once.

    Args:
        group: The group.
        root: The absolute project root.
        fresh: Receives the definitions the parent has not seen.
        keep: Whether later files may refer to it (a file's own group is
            never shared, so it is not kept).

    Returns:
        Its serial in this process.
    """

    def define(item: dependencies.Group) -> int:
        """Define a group whose inner groups are sent.

        Args:
            item: The group.

        Returns:
            Its serial.
        """
        serial = _SENDER[1]
        _SENDER[1] += 1
        inner = [_SENT[id(sub)][1] for sub in item.groups]
        fresh.append((serial, [_relative_to(path, root) for path in item.reads], inner))
        return serial

    def finish(item: dependencies.Group) -> None:
        """Define a shared group once.

        Args:
            item: The group.
        """
        _SENT[id(item)] = (item, define(item))

    def sent(item: dependencies.Group) -> bool:
        """Tell whether a group was defined.

        Args:
            item: The group.

        Returns:
            True when the parent knows it.
        """
        return id(item) in _SENT

    for item in group.groups:
        _bottom_up(item, lambda each: each.groups, sent, finish)
    known = _SENT.get(id(group))
    if known is not None:
        return known[1]
    if keep:
        finish(group)
        return _SENT[id(group)][1]
    return define(group)


def _lint_one(relative: str) -> Result:
    """Lint one file in a worker (or in-process) and note what it read.

    Args:
        relative: The file, relative to the run's root.

    Returns:
        The file, its outcome as rows (an unusable file gives the one-line
        reason; rows pickle faster than findings), and the project files it
        depended on, those of every answer it reused from this process's
        memos included.
    """
    run = _WORKER[0]
    root = run.root
    if _SENDER[0] != os.getpid():
        _SENT.clear()
        _SENDER[:] = [os.getpid(), 0]
    # No collection re-traverses the file's tree while it is linted, nor
    # after it: djarch check's files leave almost no cycles (see settle).
    with (
        dependencies.Trace() as trace,
        heap.collector_paused(),
        noting_unresolved() as unresolved,
    ):
        try:
            outcome: Outcome = lint_file(
                root / relative,
                root,
                run.config,
                run.enabled(relative) if run.enabled else None,
            )
        except (file_access.FileAccessError, ConfigError) as exc:
            outcome = one_line(exc)
    # What survives a file (the model's parses and scopes) is long-lived: keep
    # the cycle collector from re-traversing it on every later collection.
    heap.settle(collect=False)
    fresh: list[GroupDefinition] = []
    serial = _send(trace.groups(), root, fresh, keep=False)
    return relative, as_rows(outcome), (_SENDER[0], serial, fresh), list(unresolved)


def _drained(results: list[Result]) -> Iterator[Result]:
    """Give a run's results in order, each dropped from the list once given.

    The rows of every file are alive until they are turned into columns:
    dropping each file's rows as soon as its columns exist lets the columns
    reuse their memory instead of growing the peak by a copy of 100k
    findings (saleor).

    Args:
        results: The results; emptied.

    Yields:
        Each result, in the list's order.
    """
    results.reverse()
    while results:
        yield results.pop()


def _lint_chunk(relatives: Sequence[str]) -> list[Result]:
    """Lint a few files in a worker (or in-process), in order.

    Args:
        relatives: The files, relative to the run's root.

    Returns:
        One result per file (see :func:`_lint_one`).
    """
    return [_lint_one(relative) for relative in relatives]


def _chunks(
    root: Path, relatives: Sequence[str], prefer: Collection[str]
) -> tuple[list[list[str]], int]:
    """Share files out: the first workers take chunks from the front, the last from the back.

    The list starts with the files the settings scan does not parse, largest
    first, so that no worker starts a big file last, and ends with those it
    parses, the largest last: the worker forked after the scan, which
    inherits its parses, takes them first, and the two ends meet among small
    files.

    Args:
        root: The absolute project root.
        relatives: The files to lint.
        prefer: The files the scan parses.

    Returns:
        The files in chunks of at most :data:`CHUNK`, and the index of the
        first chunk of preferred files only.
    """
    sizes = {relative: _size(root / relative) for relative in relatives}
    others = sorted(
        (relative for relative in relatives if relative not in prefer),
        key=lambda relative: -sizes[relative],
    )
    preferred = sorted(
        (relative for relative in relatives if relative in prefer),
        key=lambda relative: sizes[relative],
    )
    chunks = [others[start : start + CHUNK] for start in range(0, len(others), CHUNK)]
    first = len(chunks)
    chunks.extend(
        preferred[start : start + CHUNK] for start in range(0, len(preferred), CHUNK)
    )
    return chunks, first


def _lint_all(
    run: Run,
    relatives: Sequence[str],
    jobs: int,
    meanwhile: Callable[[], object] | None = None,
    prefer: Callable[[], Collection[str]] | None = None,
) -> list[Result]:
    """Lint files, in forked worker processes when there are enough of them.

    This process first answers the questions nearly every file asks (the
    workers inherit the answers). With ``meanwhile`` (the settings scan,
    which parses most non-test modules), ``jobs - 1`` workers lint the other
    files while it runs, and the last worker is forked after it, inheriting
    its parses, to lint the files it parsed, from the other end of the list:
    no module is parsed twice unless the two ends meet. A file's findings
    never depend on which process linted it: each process has its own
    project model, and a memoised answer carries the trace of the files it
    read into every file that reuses it (:mod:`flake8_djarch.dependencies`).

    Args:
        run: The run's root, configuration and selection.
        relatives: The files to lint.
        jobs: The number of processes to use at most.
        meanwhile: Work for this process while the workers lint (the
            settings scan); in a one-process run it runs first, so the
            lint reuses its parses.
        prefer: Gives the files ``meanwhile`` parses (asked before the
            workers start), left to the last worker.

    Returns:
        One result per file, in no particular order.
    """
    # Imported only when something is linted (a warm run lints nothing).
    import multiprocessing  # noqa: PLC0415

    if _WORKER[:1] != [run]:
        _RELATIVE.clear()
    _WORKER[:] = [run]
    # Serials start afresh with every run: the parent's tables are new.
    _SENDER[0] = 0
    root = run.root
    all_checkers()  # imported once here, inherited by forked workers
    methods = multiprocessing.get_all_start_methods()
    if jobs <= 1 or len(relatives) < SERIAL_BELOW or "fork" not in methods:
        # Without fork the selection callable cannot reach the workers.
        if meanwhile is not None:
            meanwhile()
        linted = [_lint_one(relative) for relative in relatives]
        # As in a parallel run's parent: this process only reports from now
        # on, and the parses it keeps would stay beside the findings, the
        # records and the stored cache at its peak (freed at exit anyway).
        clear_cache()
        return linted
    if run.config is not None:
        # Answered once here rather than once per worker; frozen, so that no
        # worker's collector traverses (and copies) the inherited objects.
        orm.build_shared(run.config)
        heap.settle(collect=False)
    chunks, first = _chunks(root, relatives, prefer() if prefer is not None else ())
    context = multiprocessing.get_context("fork")
    # Without a late worker, no chunk waits for one.
    claims = _Claims(context, len(chunks), len(chunks) if meanwhile is None else first)
    readers: list[Connection] = []
    workers: list[multiprocessing.process.BaseProcess] = []

    def start(*, late: bool) -> None:
        """Fork a worker with a pipe of its own.

        Args:
            late: The worker forked after ``meanwhile``, which takes the
                chunks from the back.
        """
        reader, writer = context.Pipe(duplex=False)
        worker = context.Process(
            target=_work, args=(chunks, claims, writer, late), daemon=True
        )
        worker.start()
        writer.close()  # the worker's end: its exit is this end's EOF
        readers.append(reader)
        workers.append(worker)

    for _ in range(jobs if meanwhile is None else jobs - 1):
        start(late=False)
    if meanwhile is not None:
        try:
            meanwhile()
            heap.settle(collect=False)
            start(late=True)
        finally:
            claims.open()  # the first workers never wait for a late one that failed
        # This process only collects results from now on: its peak stays
        # that of the scan.
        clear_cache()
    results: list[Result] = []
    while readers:
        _receive(readers, results)
    for worker in workers:
        worker.join()
    # A worker that died (killed, out of memory, a crash) lost the chunk it
    # was linting: this process lints it, where a crash at least names its file.
    done = {result[0] for result in results}
    results.extend(
        _lint_one(relative)
        for chunk in chunks
        for relative in chunk
        if relative not in done
    )
    return results


class _Claims:
    """The chunks not yet taken, from the front or from the back.

    Counters in shared memory, so that a worker never waits for its parent
    (busy with the settings scan) to hand it a task. The chunks the scan
    parses are closed to the first workers until the late worker that
    inherits its parses is forked: a first worker that reaches them waits
    rather than parse them too while the scan still runs.
    """

    def __init__(self, context: BaseContext, count: int, first: int) -> None:
        """Start with every chunk free.

        Args:
            context: The multiprocessing context of the workers.
            count: The number of chunks.
            first: The first chunk closed until :meth:`open`.
        """
        self._ends = context.Array("q", [0, count])
        self._first = first
        self._open = context.Event()

    def open(self) -> None:
        """Let the first workers take every chunk."""
        self._open.set()

    def front(self) -> int | None:
        """Take the first free chunk (waiting while it is closed).

        Returns:
            Its index, ``None`` when none is left.
        """
        ends = self._ends
        while True:
            with ends.get_lock():
                if ends[0] >= ends[1]:
                    return None
                if ends[0] < self._first or self._open.is_set():
                    ends[0] += 1
                    return int(ends[0] - 1)
            self._open.wait()

    def back(self) -> int | None:
        """Take the last free chunk.

        Returns:
            Its index, ``None`` when none is left.
        """
        ends = self._ends
        with ends.get_lock():
            if ends[0] >= ends[1]:
                return None
            ends[1] -= 1
            return int(ends[1])


def _work(
    chunks: Sequence[Sequence[str]],
    claims: _Claims,
    writer: Connection,
    late: bool,  # noqa: FBT001 - a process target's positional arguments
) -> None:
    """Lint chunks in a forked worker until none is left, sending each result.

    A thread sends, so that linting never waits for this worker's parent to
    read. An unexpected error ends the worker quietly: the parent lints what
    it did not receive and meets the same error itself.

    Args:
        chunks: Every chunk (inherited through ``fork``).
        claims: The shared counters.
        writer: This worker's end of its pipe to the parent.
        late: Take chunks from the back (the worker forked after the scan).
    """
    outbox: queue.SimpleQueue[list[Result] | None] = queue.SimpleQueue()

    def pump() -> None:
        """Send results until the last one."""
        while (item := outbox.get()) is not None:
            writer.send(item)

    sender = threading.Thread(target=pump, daemon=True)
    sender.start()
    try:
        take = claims.back if late else claims.front
        while (index := take()) is not None:
            outbox.put(_lint_chunk(chunks[index]))
    except Exception:  # the parent lints the chunk again (and meets the error)
        logger.debug("worker stopped", exc_info=True)
    finally:
        outbox.put(None)
        sender.join()
        writer.close()


def _receive(readers: list[Connection], results: list[Result]) -> None:
    """Wait for results from the workers and collect them.

    Args:
        readers: The open pipes (a finished worker's is closed and removed).
        results: Receives the results, each worker's in the order it sent them.
    """
    # Imported here: a warm run lints nothing and needs no pipes.
    from multiprocessing.connection import Connection, wait  # noqa: PLC0415

    for reader in wait(readers):
        assert isinstance(reader, Connection)  # noqa: S101 - only pipes are waited on
        try:
            results.extend(reader.recv())
        except (EOFError, OSError):
            readers.remove(reader)
            reader.close()


def _report(unresolved: dict[str, list[str]]) -> None:
    """Report the unresolved bases of a run's files as one process linting them would.

    Args:
        unresolved: The names of each file, first noted first.
    """
    report_unresolved(
        name for relative in sorted(unresolved) for name in unresolved[relative]
    )


def _size(path: Path) -> int:
    """Return a file's size for scheduling.

    Args:
        path: The file.

    Returns:
        Bytes, 0 when unknown.
    """
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _selected(
    run: Run,
    relative: str,
    known: dict[frozenset[str], list[str]],
) -> list[str] | None:
    """Return the codes run on a file, in a form a cache entry can hold.

    Args:
        run: The run's selection.
        relative: The file.
        known: The run's distinct selections so far (files share a few).

    Returns:
        The sorted codes, or ``None`` for all; the same list object for
        every file with the same selection.
    """
    if run.enabled is None:
        return None
    codes = run.enabled(relative)
    if codes is None:
        return None
    selected = known.get(codes)
    if selected is None:
        selected = known[codes] = sorted(codes)
    return selected


#: A cached hook's findings: rows of plain values (the hook's own record fields).
Rows = list[list[object]]


class FindingsCache:
    """The findings cache of one run: Python files and the hooks that read them.

    The cache file is read once and written at most once. Python files'
    entries are keyed as the module docstring says; a hook's entry (the
    settings scan reads every settings module of the project) is keyed the
    same way, by the hashes of the files it read.
    """

    def __init__(
        self,
        run: Run,
        files: Sequence[str],
        settings: Sequence[str],
        cache_dir: Path | None,
    ) -> None:
        """Load the cache of a run.

        Args:
            run: The run's root, configuration and selection.
            files: The run's Python files, sorted.
            settings: Configuration files of the tree, sorted.
            cache_dir: Where the cache lives (``None``: the default).
        """
        self.run = run
        self.path = _cache_file(cache_dir or default_cache_dir(), run.root)
        document = _load(self.path)
        self.hashes = _Hashes(run.root, _stamps(document))
        self.key = _run_key(run, files, settings, self.hashes)
        self.entries = _entries(document, self.key)
        self.stored = _Stored(document, self.hashes)
        self.tables = _Tables(self.hashes)
        hooks = document.get("hooks") if document.get("key") == self.key else None
        self._hooks: dict[str, object] = hooks if isinstance(hooks, dict) else {}
        self.kept: dict[str, dict[str, object]] = {}
        self.kept_hooks: dict[str, object] = {}
        self.dirty = False

    def _depends(self, reads: Iterable[str]) -> dict[str, str]:
        """Hash the files a computation read.

        Args:
            reads: Their paths as recorded (absolute or relative to the root).

        Returns:
            The current hash per root-relative path.
        """
        root = self.run.root
        found: dict[str, str] = {}
        for path in reads:
            try:
                relative = Path(root, path).resolve().relative_to(root).as_posix()
            except ValueError:
                relative = str(Path(path).resolve())
            found[relative] = self.hashes.of(relative)
        return found

    def hook(
        self, name: str, compute: Callable[[], Rows], reads: Sequence[str] = ()
    ) -> Rows:
        """Return a hook's findings, computed only when a file it read changed.

        Args:
            name: The hook's cache name, including anything else its result
                depends on (e.g. the root as printed).
            compute: Runs the hook; every project module it reads through the
                project model is recorded. An exception is never cached.
            reads: Other files it reads, relative to the root.

        Returns:
            Its findings.
        """
        entry = self._hooks.get(name)
        if isinstance(entry, dict):
            rows = entry.get("rows")
            depends = entry.get("deps")
            if (
                isinstance(rows, list)
                and isinstance(depends, dict)
                and all(
                    self.hashes.of(rel) == digest for rel, digest in depends.items()
                )
            ):
                self.kept_hooks[name] = entry
                return rows
        # The trace also reaches the files behind answers the model had
        # memoised before the hook ran (a recording sees only fresh reads).
        with dependencies.recording() as recorded, dependencies.Trace() as trace:
            rows = compute()
        traced, _ = trace.paths()
        paths = [path for path in traced if not path.startswith("\x00")]
        self.kept_hooks[name] = {
            "deps": self._depends([*recorded, *paths, *reads]),
            "rows": rows,
        }
        self.dirty = True
        return rows

    def lint(
        self,
        relatives: Sequence[str],
        jobs: int,
        meanwhile: Callable[[], object] | None = None,
        prefer: Callable[[], Collection[str]] | None = None,
    ) -> dict[str, Columns | str]:
        """Lint the Python files whose entries are stale, reuse the others.

        Args:
            relatives: The run's Python files, sorted.
            jobs: The number of processes to use at most.
            meanwhile: Work for this process while the workers lint.
            prefer: Gives the files ``meanwhile`` parses (see
                :func:`_lint_all`).

        Returns:
            Each file's findings, or the one-line reason it could not be
            linted.
        """
        run, hashes, entries, tables = self.run, self.hashes, self.entries, self.tables
        outcomes: dict[str, Columns | str] = {}
        selections: dict[str, list[str] | None] = {}
        known: dict[frozenset[str], list[str]] = {}
        todo: list[str] = []
        unresolved: dict[str, list[str]] = {}
        for relative in relatives:
            selections[relative] = selected = _selected(run, relative, known)
            entry = entries.get(relative)
            cached = _fresh(entry, hashes.of(relative), selected, self.stored)
            names = _unresolved(entry)
            if entry is None or cached is None or names is None:
                todo.append(relative)
                continue
            outcomes[relative] = cached
            unresolved[relative] = names
            self.kept[relative] = {
                **entry,
                "enabled": tables.selection(selected),
                # A fresh entry's deps is a current group's index.
                "deps": tables.keep(self.stored, cast("int", entry["deps"])),
            }
        if todo or len(entries) != len(relatives):
            self.dirty = True
        if not todo:
            if meanwhile is not None:
                meanwhile()
            _report(unresolved)
            return outcomes
        for relative, rows, depends, names in _drained(
            _lint_all(run, todo, jobs, meanwhile, prefer)
        ):
            columns = rows if isinstance(rows, str) else Columns.of(rows)
            outcomes[relative] = columns
            unresolved[relative] = names
            group = tables.receive(depends)
            if isinstance(columns, str) or group is None:
                continue  # an unusable file is reported again next time, never cached
            self.kept[relative] = {
                "hash": hashes.of(relative),
                "enabled": tables.selection(selections[relative]),
                "deps": group,
                **columns.encode(),
            }
            if names:
                self.kept[relative]["unresolved"] = names
        _report(unresolved)
        return outcomes

    def save(self) -> None:
        """Write the cache when anything in it changed (new entries or stamps)."""
        if self.dirty or self.hashes.changed():
            _store(
                self.path,
                self.key,
                self.kept,
                self.hashes.stamped,
                self.kept_hooks,
                tables=self.tables,
            )


def lint_columns(
    run: Run,
    relatives: Sequence[str],
    jobs: int,
    meanwhile: Callable[[], object] | None = None,
    prefer: Callable[[], Collection[str]] | None = None,
) -> dict[str, Columns | str]:
    """Lint files without the cache (``djarch check --no-cache``).

    Args:
        run: The run's root, configuration and selection.
        relatives: The files, relative to the root.
        jobs: The number of processes to use at most.
        meanwhile: Work for this process while the workers lint.
        prefer: Gives the files ``meanwhile`` parses (see :func:`_lint_all`).

    Returns:
        Each file's findings, or the one-line reason it could not be linted.
    """
    results = _lint_all(run, relatives, jobs, meanwhile, prefer)
    _report({result[0]: result[3] for result in results})
    return {
        result[0]: result[1] if isinstance(result[1], str) else Columns.of(result[1])
        for result in _drained(results)
    }


def lint_python_files(
    root: Path,
    relatives: Sequence[str],
    options: CheckOptions | None = None,
    *,
    config: Config | None = None,
    enabled: Callable[[str], frozenset[str] | None] | None = None,
    settings: Sequence[str] = (),
    meanwhile: Callable[[], object] | None = None,
) -> dict[str, Outcome]:
    """Lint a project's Python files: cached, then in parallel.

    Args:
        root: The project root.
        relatives: The files, relative to the root.
        options: Parallelism and cache settings (default: all cores, cache on).
        config: The run's configuration (default: loaded per file).
        enabled: The codes to run per root-relative path (default: all).
        settings: Configuration files of the tree, relative to the root
            (their contents are part of the cache key).
        meanwhile: Work for this process while the workers lint.

    Returns:
        Each file's findings, or the one-line reason it could not be linted.
    """
    options = options or CheckOptions()
    run = Run(root.resolve(), config, enabled)
    files = sorted(relatives)
    jobs = options.workers()
    if not options.cache:
        return {
            rel: as_findings(rows)
            for rel, rows in lint_columns(run, files, jobs, meanwhile).items()
        }
    cache = FindingsCache(run, files, sorted(settings), options.cache_dir)
    outcomes = cache.lint(files, jobs, meanwhile)
    cache.save()
    return {rel: as_findings(outcome) for rel, outcome in outcomes.items()}
