"""Make the hook test helpers importable."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))


@pytest.fixture(autouse=True)
def _private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keep ``djarch check``'s findings cache out of the user's home.

    Args:
        tmp_path_factory: pytest's temporary folder factory.
        monkeypatch: Sets ``XDG_CACHE_HOME`` for the test.
    """
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg")))
