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


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cycle collector while a burst of acyclic parses is built.

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
        gc.enable()


#: Files linted so far in this process.
_LINTED = [0]


def settle() -> None:
    """Collect the cycles left so far, then exempt the survivors from collection.

    Called after each linted file: what survives one file (the model's
    caches, the host's own state) is long-lived, so later collections skip
    it; objects still freed by reference counting are freed as before. Not
    after the first file: a one-file run (the editor case) ends before any
    later collection, so the full collection would only cost time; a run
    over many files settles from its second file on.
    """
    _LINTED[0] += 1
    if _LINTED[0] > 1 and gc.isenabled():
        gc.collect()
        gc.freeze()
