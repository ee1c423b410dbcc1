"""pre-commit hooks for project files (imported as djarch_hooks).

Each hook module has a pure ``check_*`` function used by its ``main`` and by
:func:`example_codes`, which the documentation meta test runs on every rule's
``Example`` / ``Use instead`` block.
"""

from __future__ import annotations

from djarch_hooks.common import HookFinding, UnusableInputError
from djarch_hooks.compose import check_compose
from djarch_hooks.dockerfile import check_dockerfile
from djarch_hooks.envfile import check_env, check_env_text
from djarch_hooks.examples import example_codes
from djarch_hooks.ignorefiles import check_dockerignore, check_gitignore
from djarch_hooks.layout import check_layout
from djarch_hooks.nginx import check_conf
from djarch_hooks.pyproject import check_pyproject

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
