"""Which project files an answer depended on (for the caches).

Two channels, filled at the project model's single look-up points:

* the **reads** (:func:`record`): every project module consulted, whether
  parsed now or served from the per-process cache; the findings cache wraps
  each lint in :func:`recording` and stores the paths with the findings, so
  that editing a base class re-lints its subclasses;
* the **traces** (:func:`tracing`): the reads plus every existence probe
  (:func:`probe`: a module file looked for, found or not), the replayed
  dependencies of answers memoised in this process (:func:`replay`) and two
  markers, :data:`LISTING` (the answer used the enumeration of the project's
  files) and :data:`CUT` (a cycle guard cut the answer short, so it depends
  on the order of questions and must not outlive the process). The persisted
  project index keys each answer on its trace.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

#: One set per open :func:`recording`, innermost last.
_ACTIVE: list[set[str]] = []
#: One set per open :func:`tracing`, innermost last.
_TRACES: list[set[str]] = []

#: Trace marker: the answer depends on the list of the project's files.
LISTING = "\x00listing"
#: Trace marker: a cycle or depth guard shaped the answer.
CUT = "\x00cut"


def record(path: str) -> None:
    """Note that the module being linted depends on a project file.

    Args:
        path: The file's path as the resolver located it.
    """
    if _ACTIVE:
        _ACTIVE[-1].add(path)
    if _TRACES:
        _TRACES[-1].add(path)


def probe(path: str) -> None:
    """Note that an answer depends on whether a file exists (traces only).

    Args:
        path: The file looked for, found or not (or a trace marker).
    """
    if _TRACES:
        _TRACES[-1].add(path)


def replay(paths: Iterable[str]) -> None:
    """Re-note the trace of an answer served from a per-process memo.

    Args:
        paths: The trace stored with the memoised answer.
    """
    if _TRACES:
        _TRACES[-1].update(paths)


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


@contextmanager
def tracing() -> Iterator[set[str]]:
    """Collect the trace of an answer computed while the block runs.

    The trace also reaches the enclosing :func:`tracing` block, whose answer
    depends on everything this one did.

    Yields:
        The set of traced paths and markers, complete when the block ends.
    """
    trace: set[str] = set()
    _TRACES.append(trace)
    try:
        yield trace
    finally:
        _TRACES.pop()
        if _TRACES:
            _TRACES[-1].update(trace)
