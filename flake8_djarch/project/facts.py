"""The persisted project index: the model's answers kept between processes.

An editor runs one flake8 process per file; without this, every process
would enumerate the tree, build the ORM index and resolve the linted file's
bases through the project's modules again. The model asks :func:`answer`
instead of computing directly: an answer stored by an earlier process is
served when every file its trace recorded (:mod:`flake8_djarch.dependencies`:
files read, files looked for whether found or not, the list of the project's
files) still has the stamp it had; otherwise the model computes it as always
and the answer is stored with its new trace. This is a cache of the one
model's answers, never a second resolver: with the store off, the same code
computes the same answers.

Exactness: a dependency is its ``(mtime_ns, size, ctime_ns)`` (``None``: absent); an
answer that read a file modified less than :data:`RACY_SECONDS` ago, that
read a linted buffer rather than the disk (:func:`linted`), or that a cycle
guard cut short (:data:`~flake8_djarch.dependencies.CUT`) is not stored. The
list of the project's files is validated by the ``mtime_ns`` of every folder
walked: a changed folder is listed again, and answers that used the list
stay valid when it did not change (an editor's swap file does not matter).

Safety: one JSON file per project root and model key in the user cache
folder (:func:`default_cache_dir`, never the linted tree), read only when it
is a regular file below :data:`MAX_STORE_BYTES`; shapes are validated and a
malformed entry is a miss. Data only, never executed. Writes are atomic and
silently skipped when the folder is unwritable. ``DJARCH_NO_CACHE=1`` (or
:func:`configure`) turns the store off.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import logging
import os
import stat
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Final, TypeVar

from flake8_djarch import __version__, dependencies
from flake8_djarch.project import files
from flake8_djarch.project.modules import read_stamp

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

    from flake8_djarch.project.modules import Stamp

T = TypeVar("T")
logger = logging.getLogger(__name__)

FORMAT: Final = 2
#: Fields of a stored stamp (``Stamp``: mtime, size, ctime).
STAMP_WIDTH: Final = 3
#: Answers kept per store; the least recently stored go first.
MAX_FACTS: Final = 20_000
#: A store file larger than this is ignored (and replaced).
MAX_STORE_BYTES: Final = 64 * 1024 * 1024
#: Store files kept in the cache folder (one per root and model key).
MAX_STORES: Final = 32
#: Files modified this recently may change again within one mtime tick.
RACY_SECONDS: Final = 2.0
#: Seconds between two writes of a dirty store in one process.
FLUSH_SECONDS: Final = 2.0
#: The environment switch that turns the store off (any value but ``0``).
OFF_VARIABLE: Final = "DJARCH_NO_CACHE"
SUFFIX: Final = ".model.json"

_SETTINGS: dict[str, object] = {"enabled": None, "cache_dir": None, "env": None}
#: Open stores by key.
_STORES: dict[str, _Store] = {}
#: Stamps already taken in this epoch, by path.
_STAMPS: dict[str, Stamp | None] = {}
#: Linted files registered from flake8's lines, by path: the lines, and
#: whether they equal the file on disk (``None``: not compared yet).
_LINTED: dict[str, list[object]] = {}
_EPOCH = [0]
_CODE: list[str] = []
_LAST_FLUSH = [0.0]
#: The process that registered its exit flush (``0``: none yet).
_HOOKED = [0]


def default_cache_dir() -> Path:
    """Return the user cache folder (never inside the linted tree).

    Returns:
        ``$XDG_CACHE_HOME/djarch``, else ``~/.cache/djarch``.
    """
    # The XDG base-directory convention of a CLI, not an application setting.
    base = os.environ.get("XDG_CACHE_HOME", "").strip()  # noqa: DJA070
    if base and Path(base).is_absolute():
        return Path(base) / "djarch"
    return Path.home() / ".cache" / "djarch"


def configure(*, enabled: bool | None = None, cache_dir: Path | None = None) -> None:
    """Set the store's switch and folder for this process.

    Args:
        enabled: ``False`` turns the store off (``--no-cache``); ``None``
            follows :data:`OFF_VARIABLE` (read again after each call).
        cache_dir: The folder (``None``: :func:`default_cache_dir`).
    """
    _SETTINGS["enabled"] = enabled
    _SETTINGS["cache_dir"] = cache_dir
    _SETTINGS["env"] = None


def is_enabled() -> bool:
    """Tell whether answers are read from and written to the store.

    Returns:
        False when turned off by :func:`configure` or :data:`OFF_VARIABLE`.
    """
    if _SETTINGS["enabled"] is not None:
        return bool(_SETTINGS["enabled"])
    if _SETTINGS["env"] is None:
        # Read once per configuration: the model asks on every question.
        value = os.environ.get(OFF_VARIABLE, "").strip()  # noqa: DJA070
        _SETTINGS["env"] = value in {"", "0"}
    return bool(_SETTINGS["env"])


def new_epoch() -> None:
    """Forget the stamps taken so far (files may have changed since)."""
    _STAMPS.clear()
    _EPOCH[0] += 1


def forget() -> None:
    """Drop the open stores after writing them (tests: a new process)."""
    flush()
    _STORES.clear()
    _LINTED.clear()
    new_epoch()


def linted(path: str, lines: Sequence[str]) -> None:
    """Note that a file's scope was built from the linted lines, not from disk.

    An editor may lint an unsaved buffer (flake8 on stdin): an answer that
    read it is stored only when the lines equal the file on disk.

    Args:
        path: The absolute path of the linted file.
        lines: The lines flake8 parsed.
    """
    _LINTED[path] = [lines, None]


def _from_disk(path: str) -> bool:
    """Tell whether a linted file's lines are the file on disk.

    Args:
        path: A path noted by :func:`linted`.

    Returns:
        True when the disk bytes decode (UTF-8) to exactly the lines.
    """
    entry = _LINTED[path]
    if entry[1] is None:
        try:
            # The safe reader: never a FIFO or device, bounded in size.
            disk = files.read_bytes(path, None)
            entry[1] = disk.decode("utf-8") == "".join(entry[0])  # type: ignore[arg-type]
        except (files.FileAccessError, OSError, UnicodeDecodeError, TypeError):
            entry[1] = False
    return bool(entry[1])


def _digest(text: str) -> str:
    """Hash a text.

    Args:
        text: The text.

    Returns:
        A short hex digest.
    """
    return hashlib.blake2b(
        text.encode("utf-8", "surrogatepass"), digest_size=16
    ).hexdigest()


def _stamp(path: str) -> Stamp | None:
    """Return a file's stamp, once per epoch.

    Args:
        path: The file.

    Returns:
        ``(mtime_ns, size, ctime_ns)`` of a regular file, else ``None``.
    """
    if path in _STAMPS:
        return _STAMPS[path]
    try:
        info = os.stat(path)  # noqa: PTH116 - hot path: no Path object per file
    except (OSError, ValueError):
        found = None
    else:
        found = (
            (info.st_mtime_ns, info.st_size, info.st_ctime_ns)
            if stat.S_ISREG(info.st_mode)
            else None
        )
    _STAMPS[path] = found
    return found


def _file_stamp(path: Path) -> Stamp | None:
    """Stat a store file now (another process may have written it meanwhile).

    Args:
        path: The store file.

    Returns:
        ``(mtime_ns, size, ctime_ns)``, or ``None`` when absent.
    """
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size, info.st_ctime_ns


def _folder_stamp(path: str) -> int | None:
    """Return a folder's ``mtime_ns`` (it changes when an entry is added or removed).

    Args:
        path: The folder.

    Returns:
        The stamp, or ``None`` when it is not a folder.
    """
    try:
        info = os.stat(path)  # noqa: PTH116 - hot path: no Path object per folder
    except (OSError, ValueError):
        return None
    return info.st_mtime_ns if stat.S_ISDIR(info.st_mode) else None


def code_stamp() -> str:
    """Identify this installation's code (development installs included).

    Returns:
        A digest of the version and the size and ``mtime_ns`` of every
        module of the package.
    """
    if not _CODE:
        parts = [__version__, sys.version]
        package = Path(__file__).resolve().parent.parent
        folders = [str(package)]
        while folders:
            folder = folders.pop()
            try:
                entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
            except OSError:
                continue
            for entry in entries:
                if entry.name.endswith(".py"):
                    info = entry.stat()
                    parts.append(f"{entry.path}:{info.st_size}:{info.st_mtime_ns}")
                elif entry.is_dir() and entry.name != "__pycache__":
                    folders.append(entry.path)
        _CODE.append(_digest("\n".join(parts)))
    return _CODE[0]


@dataclass
class _Fact:
    """One stored answer.

    Attributes:
        value: The JSON-encoded answer.
        deps: The stamp of each file of its trace (``None``: absent).
        reads: The trace's files the findings cache records as read.
        listing: The file-list digest it used, or ``None``.
        epoch: The epoch in which it was last found valid (``-1``: never).
        trace: Its files as a trace, made on first reuse.
    """

    value: object
    deps: dict[str, Stamp | None]
    reads: list[str]
    listing: str | None
    epoch: int = -1
    trace: dependencies.Trace | None = None

    def encode(self) -> dict[str, object]:
        """Return the JSON form.

        Returns:
            A plain dictionary.
        """
        return {
            "v": self.value,
            "d": {
                path: list(stamp) if stamp else None
                for path, stamp in self.deps.items()
            },
            "r": self.reads,
            "l": self.listing,
        }

    @classmethod
    def decode(cls, data: object) -> _Fact | None:
        """Read the JSON form, validating every shape.

        Args:
            data: What the store file holds for one answer.

        Returns:
            The fact, or ``None`` when malformed.
        """
        if not isinstance(data, dict):
            return None
        deps = data.get("d")
        reads = data.get("r")
        listing = data.get("l")
        if not isinstance(deps, dict) or not isinstance(reads, list):
            return None
        if listing is not None and not isinstance(listing, str):
            return None
        stamps: dict[str, Stamp | None] = {}
        for path, value in deps.items():
            if value is None:
                stamps[path] = None
            elif (
                isinstance(value, list)
                and len(value) == STAMP_WIDTH
                and all(type(item) is int for item in value)
            ):
                stamps[path] = (value[0], value[1], value[2])
            else:
                return None
        if not all(isinstance(path, str) and path in stamps for path in reads):
            return None
        return cls(data.get("v"), stamps, reads, listing)


@dataclass
class _Listing:
    """The project's Python files and the folders walked to find them.

    Attributes:
        folders: ``mtime_ns`` of every folder walked, by path.
        files: The files, relative to the root, in walk order.
        digest: A digest of ``files``.
        epoch: The epoch in which it was last found valid.
    """

    folders: dict[str, int]
    files: list[str]
    digest: str
    epoch: int = -1


@dataclass
class _Store:
    """The answers of one project root and model key.

    Attributes:
        path: The store file, or ``None`` when it cannot be named.
        key: The model key the answers were computed under.
        facts: The answers, by ``kind`` and question.
        listing: The last file list.
        dirty: Whether anything changed since the last write.
        loaded: The store file's stamp when read (``None``: absent).
    """

    path: Path | None
    key: str
    facts: dict[str, _Fact] = field(default_factory=dict)
    listing: _Listing | None = None
    dirty: bool = False
    loaded: Stamp | None = None

    def load(self) -> None:
        """Read the store file; anything unusable leaves the store empty."""
        data = _read_json(self.path) if self.path is not None else None
        if self.path is not None:
            self.loaded = _file_stamp(self.path)
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return
        if data.get("key") != self.key:
            return
        facts = data.get("facts")
        if isinstance(facts, dict):
            for name, value in list(facts.items())[-MAX_FACTS:]:
                fact = _Fact.decode(value)
                if isinstance(name, str) and fact is not None:
                    self.facts[name] = fact
        self.listing = _decode_listing(data.get("listing"))

    def valid(self, fact: _Fact, root: str) -> bool:
        """Tell whether nothing a stored answer depended on changed.

        Args:
            fact: The answer.
            root: The project root (for the file list).

        Returns:
            True when every dependency has its recorded stamp.
        """
        if fact.epoch == _EPOCH[0]:
            return True
        if fact.listing is not None and fact.listing != self.current_listing(root)[1]:
            return False
        if any(_stamp(path) != stamp for path, stamp in fact.deps.items()):
            return False
        fact.epoch = _EPOCH[0]
        return True

    def current_listing(self, root: str) -> tuple[list[str], str]:
        """Return the project's Python files, walking only when a folder changed.

        Args:
            root: The absolute project root.

        Returns:
            ``(relative files in walk order, their digest)``.
        """
        listing = self.listing
        if listing is not None and (
            listing.epoch == _EPOCH[0]
            or all(
                _folder_stamp(path) == stamp for path, stamp in listing.folders.items()
            )
        ):
            listing.epoch = _EPOCH[0]
            return listing.files, listing.digest
        # Imported here: most runs find every folder unchanged.
        from flake8_djarch.project.layout import (  # noqa: PLC0415
            iter_python_files,
        )

        walked: list[str] = []
        base = Path(root)
        files = [
            path.relative_to(base).as_posix()
            for path in iter_python_files(base, walked)
        ]
        # A folder changed in the racy window may have changed again after it
        # was listed within one mtime tick: its stamp never matches, so the
        # next run lists it again (and keeps the answers if nothing moved).
        racy = time.time_ns() - int(RACY_SECONDS * 1e9)
        folders: dict[str, int] = {}
        for folder in walked:
            stamp = _folder_stamp(folder)
            if stamp is not None:
                folders[folder] = stamp if stamp < racy else -1
        digest = _digest("\n".join(files))
        changed = listing is None or listing.digest != digest
        self.listing = _Listing(folders, files, digest, _EPOCH[0])
        if changed or listing is None or listing.folders != self.listing.folders:
            self.dirty = True
        return files, digest

    def flush(self) -> None:
        """Write the store if it changed (merging answers another process wrote)."""
        if not self.dirty or self.path is None:
            return
        self.dirty = False
        if _file_stamp(self.path) != self.loaded:
            other = _Store(self.path, self.key)
            other.load()
            for name, fact in other.facts.items():
                self.facts.setdefault(name, fact)
        while len(self.facts) > MAX_FACTS:
            del self.facts[next(iter(self.facts))]
        listing = self.listing
        data = {
            "format": FORMAT,
            "key": self.key,
            "listing": None
            if listing is None
            else {
                "folders": listing.folders,
                "files": listing.files,
                "digest": listing.digest,
            },
            "facts": {name: fact.encode() for name, fact in self.facts.items()},
        }
        _write_json(self.path, data)
        self.loaded = _file_stamp(self.path)


def _decode_listing(data: object) -> _Listing | None:
    """Read a stored file list, validating its shape.

    Args:
        data: The stored form.

    Returns:
        The listing, or ``None``.
    """
    if not isinstance(data, dict):
        return None
    folders, files, digest = data.get("folders"), data.get("files"), data.get("digest")
    if not (
        isinstance(folders, dict)
        and isinstance(files, list)
        and isinstance(digest, str)
        and all(isinstance(name, str) for name in files)
        and all(
            isinstance(path, str) and type(stamp) is int
            for path, stamp in folders.items()
        )
    ):
        return None
    if _digest("\n".join(files)) != digest:
        return None
    return _Listing(dict(folders), list(files), digest)


def read_store(path: Path, limit: int) -> bytes | None:
    """Read a cache file: a regular file (no link, FIFO or device), bounded.

    A cache folder may sit inside a linted tree (``--cache-dir``), so its
    files are as untrusted as the tree: nothing is followed or waited on.

    Args:
        path: The file.
        limit: The most bytes accepted.

    Returns:
        Its bytes, or ``None`` when absent, of another kind or too large.
    """
    try:
        handle = os.open(
            path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0)
        )
    except OSError:
        return None
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        with os.fdopen(handle, "rb", closefd=False) as stream:
            raw = stream.read(limit + 1)
    except OSError:
        return None
    finally:
        os.close(handle)
    return raw if len(raw) <= limit else None


def _read_json(path: Path) -> object:
    """Read a store file: a regular file, bounded in size, JSON only.

    Args:
        path: The file.

    Returns:
        The decoded data, or ``None``.
    """
    raw = read_store(path, MAX_STORE_BYTES)
    if raw is None:
        return None
    try:
        return json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError):
        return None


def _write_json(path: Path, data: object) -> None:
    """Write a store file atomically; any failure only costs time later.

    Args:
        path: The file.
        data: Plain data.
    """
    try:
        folder = path.parent
        folder.mkdir(parents=True, exist_ok=True)
        ignore = folder / ".gitignore"
        if not ignore.exists():
            ignore.write_text("*\n", encoding="utf-8")
        # Imported here: only a run that learnt something writes.
        import tempfile  # noqa: PLC0415

        handle, temporary = tempfile.mkstemp(dir=folder, suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                json.dump(data, stream, separators=(",", ":"))
            Path(temporary).replace(path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        _prune(folder)
    except (OSError, ValueError, TypeError) as exc:
        logger.debug("cannot write the project index %s: %s", path, exc)


def _prune(folder: Path) -> None:
    """Keep at most :data:`MAX_STORES` store files, the most recent ones.

    Args:
        folder: The cache folder.
    """
    stores = [entry for entry in os.scandir(folder) if entry.name.endswith(SUFFIX)]
    if len(stores) <= MAX_STORES:
        return
    stores.sort(key=lambda entry: entry.stat().st_mtime_ns)
    for entry in stores[: len(stores) - MAX_STORES]:
        Path(entry.path).unlink(missing_ok=True)


def store_for(root: str, parts: Iterable[object]) -> _Store | None:
    """Open the store of a project root and model key.

    Args:
        root: The absolute project root.
        parts: Everything the model's answers depend on besides files:
            configuration fields, detected source roots.

    Returns:
        The store, or ``None`` when the store is off.
    """
    if not is_enabled():
        return None
    key = _digest(
        "\n".join([f"format={FORMAT}", code_stamp(), root, *map(repr, parts)])
    )
    found = _STORES.get(key)
    if found is None:
        folder = _SETTINGS["cache_dir"]
        base = folder if isinstance(folder, Path) else default_cache_dir()
        path = base / f"{_digest(root + chr(0) + key)}{SUFFIX}"
        found = _STORES[key] = _Store(path, key)
        found.load()
    _hook_exit()
    return found


def _hook_exit() -> None:
    """Write the stores when this process ends, worker processes included.

    A forked worker (flake8 ``--jobs``, ``djarch check``) ends through
    ``os._exit``, which skips ``atexit`` but runs ``multiprocessing``'s
    finalizers; a fork does not inherit either registration.
    """
    pid = os.getpid()
    if _HOOKED[0] == pid:
        return
    _HOOKED[0] = pid
    atexit.register(flush)
    # Imported here: only a process that opens a store needs it (and flake8
    # has already imported multiprocessing).
    from multiprocessing import util  # noqa: PLC0415

    util.Finalize(None, flush, exitpriority=1)


def _trace_stamps(trace: set[str]) -> dict[str, Stamp | None] | None:
    """Stamp the files of a trace, or refuse an answer that must not be stored.

    Args:
        trace: Files and markers of the answer.

    Returns:
        The stamps, or ``None`` when the answer was cut short, read a
        linted buffer, or read a file modified too recently.
    """
    if dependencies.CUT in trace:
        return None
    if any(path in _LINTED and not _from_disk(path) for path in trace):
        return None
    racy = time.time_ns() - int(RACY_SECONDS * 1e9)
    stamps: dict[str, Stamp | None] = {}
    for path in trace:
        if path == dependencies.LISTING:
            continue
        stamp = read_stamp(path)
        if stamp is None:
            stamp = _stamp(path)
        if stamp is not None and stamp[0] > racy:
            return None
        stamps[path] = stamp
    return stamps


def answer(
    store: _Store | None,
    root: str,
    question: tuple[str, str],
    compute: Callable[[], T],
    *,
    encode: Callable[[T], object],
    decode: Callable[[object], T],
) -> T:
    """Return the model's answer to a question, from the store when still valid.

    Args:
        store: The store (``None``: off; the answer is computed).
        root: The absolute project root.
        question: ``(kind, key)``.
        compute: Computes the answer (the model's one code path).
        encode: Turns the answer into plain JSON data.
        decode: Turns stored data back into an answer; raises ``TypeError``,
            ``ValueError`` or ``KeyError`` on a malformed value.

    Returns:
        The answer. Its trace reaches the enclosing recordings either way.
    """
    name = f"{question[0]}\x00{question[1]}"
    fact = store.facts.get(name) if store is not None else None
    if store is not None and fact is not None and store.valid(fact, root):
        try:
            value = decode(fact.value)
        except (TypeError, ValueError, KeyError, AttributeError):
            store.facts.pop(name, None)  # malformed: computed and stored anew
        else:
            if fact.trace is None:
                fact.trace = dependencies.Trace(fact.deps, fact.reads)
                if fact.listing is not None:
                    fact.trace.own.add(dependencies.LISTING)
            dependencies.replay(fact.trace)
            return value
    if store is None:
        return compute()
    with dependencies.Trace() as trace:
        result = compute()
    paths, reads = trace.paths()
    stamps = _trace_stamps(paths)
    if stamps is None:
        store.facts.pop(name, None)
        return result
    try:
        data = encode(result)
    except (TypeError, ValueError):
        return result
    store.facts.pop(name, None)
    store.facts[name] = _Fact(
        data,
        stamps,
        sorted(path for path in reads if path in stamps),
        store.current_listing(root)[1] if dependencies.LISTING in paths else None,
        _EPOCH[0],
    )
    store.dirty = True
    return result


def changed(root: str) -> bool:
    """Tell whether an answer reused in this process no longer holds.

    A long-lived process (an editor's flake8) asks this, after
    :func:`new_epoch`, before it keeps the answers it derived from them.

    Args:
        root: The absolute project root.

    Returns:
        True when a file an answer reused in this process depended on changed.
    """
    for store in _STORES.values():
        for fact in store.facts.values():
            if fact.trace is not None and not store.valid(fact, root):
                return True
    return False


def flush() -> None:
    """Write every dirty store."""
    _LAST_FLUSH[0] = time.monotonic()
    for store in list(_STORES.values()):
        store.flush()


def flush_soon() -> None:
    """Write dirty stores unless written recently (between two linted files).

    A worker killed before its exit handlers run keeps what it learnt up to
    its last write (at most every :data:`FLUSH_SECONDS`).
    """
    if not _STORES:
        return
    _hook_exit()
    if any(store.dirty for store in _STORES.values()) and (
        time.monotonic() - _LAST_FLUSH[0] >= FLUSH_SECONDS
    ):
        flush()


def listing(store: _Store | None, root: str) -> list[str] | None:
    """Return the project's Python files from the store's validated list.

    Args:
        store: The store (``None``: off).
        root: The absolute project root.

    Returns:
        Relative paths in walk order, or ``None`` when the store is off.
    """
    if store is None:
        return None
    dependencies.probe(dependencies.LISTING)
    return store.current_listing(root)[0]
