"""Keep Python's cycle collector off the project model's long-lived parses.

The model caches parsed modules for the whole process (one parse per file
version). Their AST nodes hold no reference cycles, so reference counting
alone frees them, but the cycle collector still re-traverses every live node
on each full collection: on netbox ``dcim/`` (flake8, one process) that
re-traversal cost more CPU than the DJA rule pass itself.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator

#: Files settled between two full collections of the frozen heap: bounds what
#: a long-lived host (an editor's in-process flake8) keeps of frozen cycles.
FULL_EVERY = 1000
_SETTLED = [0]


@contextmanager
def collector_paused(*, freeze: bool = False) -> Iterator[None]:
    """Pause the cycle collector while a burst of acyclic parses is built.

    Args:
        freeze: Exempt everything alive at the end from later collections
            before resuming (``gc.freeze``): long-lived acyclic data such as
            a loaded cache or 100k findings would otherwise be traversed by
            the first collection after the pause, and then by full ones.

    Yields:
        Nothing; the collector's previous state is restored on exit.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        gc.enable()


def settle(*, collect: bool = True) -> None:
    """Exempt what survives a linted file from later collections.

    Called after each linted file: what survives one file (the model's
    caches, the host's own state) is long-lived, so later collections skip
    it (``gc.freeze``); objects still freed by reference counting are freed
    as before.

    Only the young generations are collected first. A full collection would
    re-traverse the linted file's tree (alive in the host, and kept by the
    model): on netbox ``dcim/`` that was 0.3-0.5 s, a third of the DJA rule
    pass, and after the first file it costs more than the editor case's
    whole rule pass. Cycles that already reached the oldest generation (the
    host's per-file garbage, such as pyflakes' scopes) are frozen with the
    rest: about 20 MiB per thousand files at ``--jobs=1``, never traversed
    again, except that every :data:`FULL_EVERY` files the frozen heap is
    thawed and fully collected once, so a long-lived process does not grow
    without bound (about 0.5 s per thousand files on netbox). Under
    :func:`collector_paused` (``djarch check`` lints each file so) nothing
    was promoted while linting: the young collection sees all of the file's
    objects, as a full one would.

    A bounded batch run (``djarch check``, which owns its process) passes
    ``collect=False``: its files leave about 15 cyclic objects each (saleor,
    4,329 files), so neither the young collection of each file's objects nor
    the periodic full collection of the grown heap pays: together they were
    6 of 16 CPU seconds of a one-process saleor run, for 28 MiB of peak.

    Args:
        collect: Collect the young generations (and every
            :data:`FULL_EVERY` files the whole heap) before freezing; off,
            only freeze.
    """
    if not gc.isenabled():
        return
    if collect:
        _SETTLED[0] += 1
        if _SETTLED[0] % FULL_EVERY == 0:
            gc.unfreeze()
            gc.collect()
        else:
            gc.collect(1)
    gc.freeze()
