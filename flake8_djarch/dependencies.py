"""Which project files an answer depended on (for the caches).

Two channels, filled at the project model's single look-up points:

* the **reads** (:func:`record`): every project module consulted, whether
  parsed now or served from the per-process cache, and those of every
  memoised answer reused (a replayed trace brings its reads along); the
  findings cache wraps each lint in a trace and stores its :meth:`Trace.groups`
  with the findings, so that editing a grandparent base or a custom manager
  re-lints every file whose answers used it, even through a memo;
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

#: The open traces, innermost last.
_TRACES: list[Trace] = []

#: Trace marker: the answer depends on the list of the project's files.
LISTING = "\x00listing"
#: Trace marker: a cycle or depth guard shaped the answer.
CUT = "\x00cut"
#: A trace whose reads reach this many paths is a shared group of its own
#: (the ORM index's models modules): files refer to it instead of copying it.
GROUP_AT = 24


class Group:
    """The reads of a closed trace, split for compact storage.

    Attributes:
        reads: Paths read by the trace and its small linked traces.
        groups: The large linked traces' groups (each stored once).
        size: An upper bound of the number of paths reached.
    """

    __slots__ = ("groups", "reads", "size")

    def __init__(
        self, reads: frozenset[str], groups: tuple[Group, ...], size: int
    ) -> None:
        """Hold a split.

        Args:
            reads: The paths held directly.
            groups: The shared groups reached.
            size: An upper bound of the paths reached.
        """
        self.reads = reads
        self.groups = groups
        self.size = size

    def every_read(self) -> set[str]:
        """Flatten the group and the groups it reaches.

        Returns:
            Every path read.
        """
        found: set[str] = set()
        seen: set[int] = set()
        todo = [self]
        while todo:
            group = todo.pop()
            if id(group) in seen:
                continue
            seen.add(id(group))
            found.update(group.reads)
            todo.extend(group.groups)
        return found


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
        group: The split of its reads for the findings cache
            (:meth:`groups`), once computed.
    """

    __slots__ = ("group", "linked", "own", "reads")

    def __init__(self, own: Iterable[str] = (), reads: Iterable[str] = ()) -> None:
        """Start a trace.

        Args:
            own: Paths it holds from the start (a stored answer's files).
            reads: Those of them that were read.
        """
        self.own: set[str] = set(own)
        self.reads: set[str] = set(reads)
        self.linked: list[Trace] = []
        # Memoised once closed: a closed trace never changes.
        self.group: Group | None = None

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

    def groups(self) -> Group:
        """Split the reads of this closed trace and of every trace it links.

        Each linked trace's split is computed once per process and reused by
        every later trace that links it, so a file that reuses a large answer
        (the ORM index) costs one reference, not a copy of its paths.

        Returns:
            The split (memoised on every trace reached).
        """
        stack: list[tuple[Trace, bool]] = [(self, False)]
        while stack:
            trace, expanded = stack.pop()
            if trace.group is not None:
                continue
            if not expanded:
                stack.append((trace, True))
                stack.extend(
                    (link, False) for link in trace.linked if link.group is None
                )
                continue
            trace.group = _split(trace)
        group = self.group
        assert group is not None  # noqa: S101 - set by the loop above
        return group


def _split(trace: Trace) -> Group:
    """Split a closed trace whose linked traces are split already.

    Args:
        trace: The trace.

    Returns:
        Its reads plus those of its small linked traces, and the groups of
        the large ones.
    """
    groups: dict[int, Group] = {}
    smalls: dict[int, frozenset[str]] = {}
    for link in trace.linked:
        group = link.group
        if group is None:  # never: linked traces are split first
            group = link.groups()
        if group.size >= GROUP_AT:
            groups[id(group)] = group
        else:
            smalls[id(group.reads)] = group.reads
            for inner in group.groups:  # empty: a small group reaches no large one
                groups[id(inner)] = inner
    reads: frozenset[str]
    if not trace.reads and len(smalls) == 1:
        reads = next(iter(smalls.values()))  # shared, not copied
    else:
        reads = frozenset(trace.reads.union(*smalls.values()))
    if len(groups) == 1 and not reads:
        return next(iter(groups.values()))
    found = tuple(groups.values())
    return Group(reads, found, len(reads) + sum(group.size for group in found))


def record(path: str) -> None:
    """Note that the module being linted depends on a project file.

    Args:
        path: The file's path as the resolver located it.
    """
    if _TRACES:
        trace = _TRACES[-1]
        trace.own.add(path)
        trace.reads.add(path)


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

    The reads of the memoised answers the block reuses are included.

    Yields:
        The set of recorded paths, complete when the block ends.
    """
    reads: set[str] = set()
    trace = Trace()
    try:
        with trace:
            yield reads
    finally:
        reads.update(trace.groups().every_read())
