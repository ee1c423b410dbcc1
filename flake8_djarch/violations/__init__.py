"""Registry of all rule declarations, one module per family."""

from __future__ import annotations

import importlib

from flake8_djarch.violations.base import Violation, all_violations, by_code

FAMILY_MODULES = (
    "internal",
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
    "project",
    "answers",
    "language",
    "stack",
)

__all__ = ["FAMILY_MODULES", "Violation", "all_violations", "by_code", "load_all"]


def load_all() -> None:
    """Import every family module so that its rule classes register."""
    for module in FAMILY_MODULES:
        importlib.import_module(f"flake8_djarch.violations.{module}")
