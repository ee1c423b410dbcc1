"""The one way to read a linted project's files: safe on any tree.

Every reader of project files (hooks, ``djarch check``, the configuration
loader, the resolvers) goes through this module, so the guarantees hold
everywhere:

- only regular files are read: a FIFO, socket or device named ``*.py`` is
  refused after a ``stat`` and opened with ``O_NONBLOCK``, so nothing hangs;
- a file is read only when its real path (symlinks resolved) is inside the
  root; links that stay inside the root are fine;
- at most :data:`MAX_FILE_BYTES` are read per file;
- errors are one line and never quote the content of the file, so a link to a
  credentials file outside the project cannot leak it.

API (``root`` is the project root; ``None`` skips the containment check,
for a file the user named explicitly outside any project):

- :func:`read_bytes` (path, root) -> bytes
- :func:`read_text` (path, root) -> str, UTF-8 text (BOM removed, NUL refused)
- :func:`read_source` (path, root) -> str, Python source decoded like
  :func:`tokenize.open` (BOM, PEP 263 cookie); :class:`SourceDecodeError`
  when it cannot be decoded
- :func:`read_source_bytes` (path, root) -> bytes, for ``ast.parse`` on bytes
- :func:`is_readable_file` (path, root) -> bool, the same checks without
  opening the file (for discovery: ``is_file`` replacement)
- :func:`inside` (path, root) -> bool, containment after ``realpath``
- :func:`shown` (text) -> str, a path or message escaped to one printable line

All errors are :class:`FileAccessError` (a ``ValueError``): ``str(error)``
is the one-line reason.
"""

from __future__ import annotations

import io
import os
import stat
import tokenize
from pathlib import Path

MAX_FILE_BYTES = 2 * 1024 * 1024
"""Size cap per file: larger files are refused, not truncated."""

_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


class FileAccessError(ValueError):
    """A project file cannot be read safely; the message is one line."""


class SourceDecodeError(FileAccessError):
    """A Python file's bytes cannot be decoded as its encoding declares.

    Attributes:
        lineno: 1-based line of the problem (1 when unknown).
    """

    def __init__(self, message: str, lineno: int = 1) -> None:
        """Record the message and line.

        Args:
            message: One-line reason.
            lineno: 1-based line of the problem.
        """
        super().__init__(message)
        self.lineno = lineno


def shown(text: str) -> str:
    """Escape a path or message so that it prints as one safe line.

    Control characters (a newline in a file name) become backslash escapes
    and undecodable bytes of a file name (``surrogateescape``) become
    ``\\xNN``, so one finding is always one line and printing never fails.

    Args:
        text: The text.

    Returns:
        The printable text (unchanged when it already is).
    """
    if text.isprintable():
        return text
    parts: list[str] = []
    for char in text:
        code = ord(char)
        if char.isprintable():
            parts.append(char)
        elif 0xDC80 <= code <= 0xDCFF:
            parts.append(f"\\x{code - 0xDC00:02x}")
        elif char in "\n\r\t":
            parts.append(repr(char)[1:-1])
        elif code < 0x100:
            parts.append(f"\\x{code:02x}")
        elif code < 0x10000:
            parts.append(f"\\u{code:04x}")
        else:
            parts.append(f"\\U{code:08x}")
    return "".join(parts)


def _real(path: str | Path) -> str:
    """Resolve a path to its real path (all symlinks followed).

    Args:
        path: The path.

    Returns:
        The absolute real path.
    """
    return os.path.realpath(os.fspath(path))


def inside(path: str | Path, root: str | Path) -> bool:
    """Tell whether a path's real location is the root or below it.

    Args:
        path: The path (symlinks are resolved).
        root: The project root (symlinks are resolved too).

    Returns:
        ``True`` when the path stays inside the root.
    """
    return _contains(_real(path), _real(root))


def _contains(real: str, real_root: str) -> bool:
    """Tell whether a real path is a real root or below it.

    Args:
        real: A real path (absolute, normalised, symlinks resolved).
        real_root: The root's real path.

    Returns:
        ``True`` when the path's components start with the root's.
    """
    return real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)


def _checked_target(path: str | Path, root: str | Path | None) -> str:
    """Check a path and return what to open.

    Args:
        path: The file.
        root: The project root, or ``None`` for no containment check.

    Returns:
        The real path of a regular file within the size cap.

    Raises:
        FileAccessError: When the file is missing, outside the root, not a
            regular file or too large.
    """
    real = _real(path)
    # ``real`` is resolved already: only the root is (a second realpath of
    # the file was a third of the cost of reading it).
    if root is not None and not _contains(real, _real(root)):
        raise FileAccessError("resolves outside the project root; not read")
    try:
        info = os.stat(real)  # noqa: PTH116 - a str path: no Path per read
    except OSError as exc:
        raise FileAccessError(f"cannot read file: {exc.strerror or exc}") from exc
    _check_kind(info)
    return real


def _check_kind(info: os.stat_result, limit: int = MAX_FILE_BYTES) -> None:
    """Refuse anything but a regular file within the size cap.

    Args:
        info: The file's status.
        limit: The size cap in bytes.

    Raises:
        FileAccessError: When the file is not regular or too large.
    """
    for test, kind in _KINDS:
        if test(info.st_mode):
            raise FileAccessError(f"is {kind}, not a regular file; not read")
    if not stat.S_ISREG(info.st_mode):
        raise FileAccessError("not a regular file; not read")
    if info.st_size > limit:
        raise FileAccessError(
            f"file too large: {info.st_size} bytes, limit {limit} bytes; not read"
        )


def read_bytes(
    path: str | Path, root: str | Path | None, *, limit: int = MAX_FILE_BYTES
) -> bytes:
    """Read a project file's bytes safely.

    Args:
        path: The file.
        root: The project root, or ``None`` for no containment check.
        limit: The size cap in bytes.

    Returns:
        The content.

    Raises:
        FileAccessError: When the file cannot be read safely.
    """
    real = _checked_target(path, root)
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0)
    try:
        descriptor = os.open(real, flags | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise FileAccessError(f"cannot read file: {exc.strerror or exc}") from exc
    try:
        # The file may have been swapped between stat and open.
        _check_kind(os.fstat(descriptor), limit)
        with os.fdopen(descriptor, "rb", closefd=False) as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise FileAccessError(f"cannot read file: {exc.strerror or exc}") from exc
    finally:
        os.close(descriptor)
    if len(data) > limit:
        raise FileAccessError(f"file too large: over {limit} bytes; not read")
    return data


def read_text(
    path: str | Path, root: str | Path | None, *, limit: int = MAX_FILE_BYTES
) -> str:
    """Read a project text file (configuration, Dockerfile, ignore file...).

    Args:
        path: The file.
        root: The project root, or ``None`` for no containment check.
        limit: The size cap in bytes.

    Returns:
        Its UTF-8 text, a leading BOM removed.

    Raises:
        FileAccessError: When the file cannot be read safely, is binary or
            is not UTF-8.
    """
    data = read_bytes(path, root, limit=limit)
    if b"\x00" in data:
        raise FileAccessError("binary file (NUL bytes), expected text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FileAccessError(
            f"not UTF-8 text: {exc.reason} at byte {exc.start}"
        ) from exc
    return text.removeprefix("\ufeff")


def decode_source(data: bytes) -> str:
    """Decode Python source bytes as :func:`tokenize.open` does.

    Args:
        data: The file's bytes.

    Returns:
        The text (BOM removed, PEP 263 cookie honoured).

    Raises:
        SourceDecodeError: When the declared or default encoding does not
            decode the bytes, or the cookie is invalid.
    """
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as exc:
        raise SourceDecodeError(str(exc.msg or exc), exc.lineno or 1) from exc
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise SourceDecodeError(
            f"(unicode error) '{encoding}' codec can't decode byte "
            f"0x{data[exc.start]:02x} in line {line}: {exc.reason}",
            line,
        ) from exc


def read_source(
    path: str | Path, root: str | Path | None, *, limit: int = MAX_FILE_BYTES
) -> str:
    """Read a Python file decoded like :func:`tokenize.open`.

    Args:
        path: The file.
        root: The project root, or ``None`` for no containment check.
        limit: The size cap in bytes.

    Returns:
        The source text.

    Raises:
        FileAccessError: When the file cannot be read safely;
            :class:`SourceDecodeError` when it cannot be decoded.
    """
    return decode_source(read_bytes(path, root, limit=limit))


def read_source_bytes(
    path: str | Path, root: str | Path | None, *, limit: int = MAX_FILE_BYTES
) -> bytes:
    """Read a Python file's bytes for ``ast.parse`` (which decodes itself).

    Args:
        path: The file.
        root: The project root, or ``None`` for no containment check.
        limit: The size cap in bytes.

    Returns:
        The bytes.

    Raises:
        FileAccessError: When the file cannot be read safely.
    """
    return read_bytes(path, root, limit=limit)


def is_readable_file(path: str | Path, root: str | Path | None) -> bool:
    """Tell, without opening it, whether a file would be read.

    Args:
        path: The file.
        root: The project root, or ``None`` for no containment check.

    Returns:
        ``True`` for a regular file inside the root within the size cap.
    """
    try:
        _checked_target(path, root)
    except FileAccessError:
        return False
    return True


def default_root(path: str | Path) -> Path:
    """Choose the containment root for a file named on a command line.

    Args:
        path: The file as given.

    Returns:
        The working directory when the path lies below it (as typed,
        before symlinks), else the file's own directory.
    """
    absolute = Path(os.path.abspath(path))  # noqa: PTH100 - lexical: links stay links
    cwd = Path.cwd()
    if absolute.is_relative_to(cwd):
        return cwd
    return absolute.parent
