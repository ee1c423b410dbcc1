"""Which project files an answer depended on (for the caches).

Two channels, filled at the project model's single look-up points:

* the **reads** (:func:`record`): every project module consulted, whether
  parsed now or served from the per-process cache; the findings cache wraps
  each lint in :func:`recording` and stores the paths with the findings, so
  that editing a base class re-lints its subclasses;
* the **traces** (:class:`Trace`): the reads plus every existence probe
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
#: The open traces, innermost last.
_TRACES: list[Trace] = []

#: Trace marker: the answer depends on the list of the project's files.
LISTING = "\x00listing"
#: Trace marker: a cycle or depth guard shaped the answer.
CUT = "\x00cut"


class Trace:
    """What one answer depended on: its own paths plus the traces it reused.

    A memoised answer keeps its trace; reusing the answer links the trace
    (:func:`replay`) instead of copying its paths, so a hit costs the same
    whatever the answer read. :meth:`paths` flattens the graph when an answer
    is persisted. Used as a context manager, a trace collects what the block
    does and is linked into the enclosing trace on exit.

    Attributes:
        own: Paths and markers noted directly.
        reads: Those of ``own`` the findings cache records (:func:`record`).
        linked: Traces of the answers reused.
    """

    __slots__ = ("linked", "own", "reads")

    def __init__(self, own: Iterable[str] = (), reads: Iterable[str] = ()) -> None:
        """Start a trace.

        Args:
            own: Paths it holds from the start (a stored answer's files).
            reads: Those of them that were read.
        """
        self.own: set[str] = set(own)
        self.reads: set[str] = set(reads)
        self.linked: list[Trace] = []

    def __enter__(self) -> Trace:
        """Collect the block's trace.

        Returns:
            This trace.
        """
        _TRACES.append(self)
        return self

    def __exit__(self, *exc: object) -> None:
        """Stop collecting; the enclosing trace depends on this one.

        Args:
            *exc: The exception, if any (not suppressed).
        """
        _TRACES.pop()
        if _TRACES:
            _TRACES[-1].linked.append(self)

    def paths(self) -> tuple[set[str], set[str]]:
        """Flatten the trace and every trace it links.

        Returns:
            ``(every path and marker reached, the paths read)``.
        """
        found: set[str] = set()
        reads: set[str] = set()
        seen: set[int] = set()
        todo = [self]
        while todo:
            trace = todo.pop()
            if id(trace) in seen:
                continue
            seen.add(id(trace))
            found.update(trace.own)
            reads.update(trace.reads)
            todo.extend(trace.linked)
        return found, reads


def record(path: str) -> None:
    """Note that the module being linted depends on a project file.

    Args:
        path: The file's path as the resolver located it.
    """
    if _ACTIVE:
        _ACTIVE[-1].add(path)
    if _TRACES:
        trace = _TRACES[-1]
        trace.own.add(path)
        trace.reads.add(path)


def record_reads(paths: Iterable[str]) -> None:
    """Note files a reused answer read, for the findings cache only.

    The open trace links the answer's own trace instead (:func:`replay`).

    Args:
        paths: The files.
    """
    if _ACTIVE:
        _ACTIVE[-1].update(paths)


def probe(path: str) -> None:
    """Note that an answer depends on whether a file exists (traces only).

    Args:
        path: The file looked for, found or not (or a trace marker).
    """
    if _TRACES:
        _TRACES[-1].own.add(path)


def replay(trace: Trace) -> None:
    """Link the trace of an answer served from a memo into the open trace.

    Args:
        trace: The trace kept with the memoised answer.
    """
    if _TRACES and _TRACES[-1] is not trace:
        _TRACES[-1].linked.append(trace)


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
