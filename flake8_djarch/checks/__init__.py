"""Rule implementations, one module per family, and the list the engine runs."""

from __future__ import annotations

import importlib
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flake8_djarch.engine import Checker

CHECK_MODULES = (
    "architecture",
    "drf",
    "rawsql",
    "async_rules",
    "placeholders",
    "typehints",
    "docstrings",
    "config",
    "logs",
    "users",
    "language",
    "stack_settings",
    "runtime_stack",
)


@cache
def all_checkers() -> tuple[type[Checker], ...]:
    """Collect the checker classes of every family module.

    Returns:
        Each module's ``CHECKERS`` tuple, concatenated in family order.
    """
    found: list[type[Checker]] = []
    for name in CHECK_MODULES:
        module = importlib.import_module(f"flake8_djarch.checks.{name}")
        found.extend(module.CHECKERS)
    return tuple(found)
