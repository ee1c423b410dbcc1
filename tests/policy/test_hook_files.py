"""pre-commit's ``files:`` patterns select exactly what ``djarch check`` judges."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from flake8_djarch.project_check import HOOK_ACCEPTS

HOOKS = {
    hook["id"]: hook
    for hook in yaml.safe_load(
        (Path(__file__).parents[2] / ".pre-commit-hooks.yaml").read_text(
            encoding="utf-8"
        )
    )
}
PATHS = [
    "Dockerfile",
    "dockerfile",
    "DOCKERFILE",
    "Containerfile",
    "docker/Containerfile.prod",
    "deploy/app.Dockerfile",
    "Dockerfile.prod",
    "Dockerfile.dockerignore",
    "Containerfile.containerignore",
    ".dockerignore",
    ".gitignore",
    "sub/.gitignore",
    "frontend/.dockerignore",
    "pyproject.toml",
    "backend/pyproject.toml",
    "compose.yaml",
    "docker-compose.override.yml",
    "deploy/compose.prod.yml",
    "nginx/nginx.conf",
    "nginx/default.conf.template",
    "deploy/NGINX/site.conf",
    "config/nginx.conf",
    "etc/app.conf",
    "nginx/README.md",
    "README.md",
    "app.py",
]


def _selected(hook_id: str, path: str) -> bool:
    """Apply a hook's ``files`` and ``exclude`` patterns as pre-commit does.

    Args:
        hook_id: The hook.
        path: A repository path.

    Returns:
        True when pre-commit would pass the file to the hook.
    """
    hook = HOOKS[hook_id]
    if not re.search(hook.get("files", ""), path):
        return False
    exclude = hook.get("exclude", "^$")
    return not re.search(exclude, path)


@pytest.mark.parametrize("hook_id", sorted(HOOK_ACCEPTS))
def test_patterns_match_check(hook_id: str) -> None:
    """Check: each file hook's pattern agrees with djarch check on every sample path.

    Args:
        hook_id: The hook.
    """
    disagree = [
        path
        for path in PATHS
        if _selected(hook_id, path) != HOOK_ACCEPTS[hook_id](path)
    ]
    assert disagree == []
    assert any(HOOK_ACCEPTS[hook_id](path) for path in PATHS)
