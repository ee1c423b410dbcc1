"""pre-commit hooks for project files (imported as djarch_hooks).

Each hook module has a pure ``check_*`` function used by its ``main`` and by
:func:`example_codes`, which the documentation meta test runs on every rule's
``Example`` / ``Use instead`` block.

The names below are imported on first use: ``djarch check`` imports only the
hook modules a project needs (the YAML parser only for compose files).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from djarch_hooks.common import HookFinding, UnusableInputError
    from djarch_hooks.compose import check_compose
    from djarch_hooks.dockerfile import check_dockerfile
    from djarch_hooks.envfile import check_env, check_env_text
    from djarch_hooks.examples import example_codes
    from djarch_hooks.ignorefiles import check_dockerignore, check_gitignore
    from djarch_hooks.layout import check_layout
    from djarch_hooks.nginx import check_conf
    from djarch_hooks.pyproject import check_pyproject

#: Where each exported name is defined.
_HOMES = {
    "HookFinding": "common",
    "UnusableInputError": "common",
    "check_compose": "compose",
    "check_conf": "nginx",
    "check_dockerfile": "dockerfile",
    "check_dockerignore": "ignorefiles",
    "check_env": "envfile",
    "check_env_text": "envfile",
    "check_gitignore": "ignorefiles",
    "check_layout": "layout",
    "check_pyproject": "pyproject",
    "example_codes": "examples",
}

__all__ = [
    "HookFinding",
    "UnusableInputError",
    "check_compose",
    "check_conf",
    "check_dockerfile",
    "check_dockerignore",
    "check_env",
    "check_env_text",
    "check_gitignore",
    "check_layout",
    "check_pyproject",
    "example_codes",
]


def __getattr__(name: str) -> object:
    """Import an exported name's module on first use.

    Args:
        name: The attribute asked for.

    Returns:
        The exported object.

    Raises:
        AttributeError: For any other name (a submodule is then imported by
            the import system itself).
    """
    home = _HOMES.get(name)
    if home is None:
        message = f"module {__name__!r} has no attribute {name!r}"
        raise AttributeError(message)
    return getattr(importlib.import_module(f"{__name__}.{home}"), name)
