"""The heap policy: frozen survivors are still collected now and then."""

from __future__ import annotations

import gc
import weakref

import pytest

from flake8_djarch.project import heap


class _Node:
    """An object that can sit in a reference cycle."""

    def __init__(self) -> None:
        self.other: object = None


def _cycle() -> _Node:
    first, second = _Node(), _Node()
    first.other, second.other = second, first
    return first


@pytest.fixture
def settled_from_zero(monkeypatch: pytest.MonkeyPatch) -> None:
    if not gc.isenabled():
        pytest.skip("the cycle collector is off in this process")
    monkeypatch.setattr(heap, "_SETTLED", [0])
    monkeypatch.setattr(heap, "FULL_EVERY", 5)
    yield
    gc.unfreeze()


@pytest.mark.usefixtures("settled_from_zero")
def test_frozen_cycles_are_collected_every_full_every_files() -> None:
    node = _cycle()
    alive = weakref.ref(node)
    # Frozen while alive, as a host's per-file state is; garbage only later.
    gc.freeze()
    del node
    gc.collect()
    assert alive() is not None
    for _ in range(heap.FULL_EVERY - 1):
        heap.settle()
        assert alive() is not None
    heap.settle()
    assert alive() is None


@pytest.mark.usefixtures("settled_from_zero")
def test_young_garbage_is_collected_at_each_settle() -> None:
    gc.collect()
    alive = weakref.ref(_cycle())
    heap.settle()
    assert alive() is None


@pytest.mark.usefixtures("settled_from_zero")
def test_a_batch_run_only_freezes() -> None:
    gc.collect()
    frozen = gc.get_freeze_count()
    alive = weakref.ref(_cycle())
    for _ in range(heap.FULL_EVERY):
        heap.settle(collect=False)
    # Neither the young nor the periodic full collection ran: the garbage
    # cycle is frozen with the survivors, and the count of settled files
    # (which paces the full collections of hosts that collect) is untouched.
    assert alive() is not None
    assert gc.get_freeze_count() > frozen
    assert heap._SETTLED == [0]


@pytest.mark.usefixtures("settled_from_zero")
def test_a_freezing_pause_freezes_before_the_collector_resumes() -> None:
    gc.collect()
    frozen = gc.get_freeze_count()
    with heap.collector_paused(freeze=True):
        assert not gc.isenabled()
        alive = weakref.ref(_cycle())
        # Enough allocations that the young generation is due on resuming.
        kept = [[] for _ in range(10 * gc.get_threshold()[0])]
    assert gc.isenabled()
    # Survivors are frozen, not traversed: a collection on resuming would
    # have freed the garbage cycle.
    assert alive() is not None
    assert gc.get_freeze_count() >= frozen + len(kept)
    assert gc.get_count()[0] < gc.get_threshold()[0]


@pytest.mark.usefixtures("settled_from_zero")
def test_a_plain_pause_restores_the_collector_without_freezing() -> None:
    gc.collect()
    frozen = gc.get_freeze_count()
    with heap.collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    assert gc.get_freeze_count() == frozen
