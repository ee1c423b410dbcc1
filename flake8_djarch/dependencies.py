"""Which project files a module's findings depended on (for the findings cache).

The resolvers call :func:`record` with the path of every project module they
consult, whether parsed now or served from their per-process cache; the
findings cache wraps each lint in :func:`recording` and stores the paths with
the findings, so that editing a base class re-lints its subclasses.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator

#: One set per open :func:`recording`, innermost last.
_ACTIVE: list[set[str]] = []


def record(path: str) -> None:
    """Note that the module being linted depends on a project file.

    Args:
        path: The file's path as the resolver located it.
    """
    if _ACTIVE:
        _ACTIVE[-1].add(path)


@contextmanager
def recording() -> Iterator[set[str]]:
    """Collect the project files consulted while the block runs.

    Yields:
        The set of recorded paths, complete when the block ends.
    """
    reads: set[str] = set()
    _ACTIVE.append(reads)
    try:
        yield reads
    finally:
        _ACTIVE.pop()
