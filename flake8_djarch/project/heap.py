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
    """Exempt what survives a linted file from later collections.

    Called after each linted file: what survives one file (the model's
    caches, the host's own state) is long-lived, so later collections skip
    it (``gc.freeze``); objects still freed by reference counting are freed
    as before. From the second file on, the cycles left so far are collected
    first; after the first file they are frozen with the rest: a full
    collection then costs more than the editor case's whole rule pass, and
    what it would free is one file's worth at most.
    """
    if not gc.isenabled():
        return
    _LINTED[0] += 1
    if _LINTED[0] > 1:
        gc.collect()
    gc.freeze()
