"""File roles: which layer of a Django project a module belongs to.

The role of a module comes from its path as flake8 reports it, relative to
the directory flake8 runs in. Defaults follow RULES.md §0; every role's glob
list can be replaced in ``[tool.djarch]`` or with flake8 options.
"""

from __future__ import annotations

import fnmatch
import re
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping

VIEWS = "views"
SERIALIZERS = "serializers"
SERVICES = "services"
SELECTORS = "selectors"
MODELS = "models"
SETTINGS = "settings"
HEALTHCHECK = "healthcheck"
GUNICORN = "gunicorn"
TESTS = "tests"
MIGRATIONS = "migrations"

ROLES = (
    VIEWS,
    SERIALIZERS,
    SERVICES,
    SELECTORS,
    MODELS,
    SETTINGS,
    HEALTHCHECK,
    GUNICORN,
    TESTS,
    MIGRATIONS,
)

# "**/" matches any depth including none; "name/**" is anything inside a folder.
DEFAULT_GLOBS: dict[str, tuple[str, ...]] = {
    VIEWS: (
        "**/views.py",
        "**/viewsets.py",
        "**/apis.py",
        "**/views/**.py",
        "**/viewsets/**.py",
    ),
    SERIALIZERS: ("**/serializers.py", "**/serializers/**.py"),
    SERVICES: ("**/services.py", "**/services/**.py"),
    SELECTORS: ("**/selectors.py", "**/selectors/**.py"),
    MODELS: ("**/models.py", "**/models/**.py"),
    SETTINGS: ("**/settings.py", "**/settings/**.py"),
    HEALTHCHECK: ("**/healthcheck.py",),
    GUNICORN: ("**/gunicorn.conf.py", "**/gunicorn_conf.py"),
    TESTS: ("**/test_*.py", "**/*_test.py", "**/conftest.py", "**/tests/**"),
    MIGRATIONS: ("**/migrations/**",),
}


@lru_cache(maxsize=512)
def _compile(glob: str) -> re.Pattern[str]:
    """Translate a role glob into a regular expression.

    Args:
        glob: The glob; ``**/`` spans any number of folders.

    Returns:
        The compiled pattern, anchored at both ends.
    """
    parts: list[str] = []
    i = 0
    while i < len(glob):
        if glob.startswith("**/", i):
            parts.append("(?:.*/)?")
            i += 3
        elif glob.startswith("**", i):
            parts.append(".*")
            i += 2
        elif glob[i] == "*":
            parts.append("[^/]*")
            i += 1
        elif glob[i] == "?":
            parts.append("[^/]")
            i += 1
        else:
            parts.append(re.escape(glob[i]))
            i += 1
    return re.compile("".join(parts) + r"\Z")


def normalize(path: str) -> str:
    """Turn a reported path into the relative POSIX form roles match against.

    Args:
        path: A path as flake8 reports it (``./a/b.py``, ``a\\b.py``, absolute).

    Returns:
        The path with forward slashes and no leading ``./`` or ``/``.
    """
    text = path.replace("\\", "/")
    while text.startswith("./"):
        text = text[2:]
    return text.lstrip("/")


def matches(path: str, globs: Iterable[str]) -> bool:
    """Tell whether a normalised path matches any of the globs.

    Args:
        path: A path from :func:`normalize`.
        globs: Glob patterns where ``**/`` spans any number of folders.

    Returns:
        True when one glob matches the whole path.
    """
    patterns = tuple(globs)
    if not patterns:
        return False
    match = _matcher(patterns)
    if match is None:
        return any(
            _compile(glob).match(path) or fnmatch.fnmatchcase(path, glob)
            for glob in patterns
        )
    return match(path) is not None


@lru_cache(maxsize=512)
def _matcher(globs: tuple[str, ...]) -> Callable[[str], re.Match[str] | None] | None:
    """Join globs into one pattern: each glob's own or else fnmatch's.

    Args:
        globs: Glob patterns (at least one).

    Returns:
        The ``match`` of one alternation of their patterns (one regular
        expression search per path instead of two per glob), or ``None`` when
        the patterns do not combine.
    """
    branches = "|".join(
        f"(?:{_compile(glob).pattern})|(?:{fnmatch.translate(glob)})" for glob in globs
    )
    try:
        return re.compile(branches).match
    except re.error:
        return None


def roles_of(
    path: str, globs: Mapping[str, tuple[str, ...]] | None = None
) -> frozenset[str]:
    """Compute the roles of a module from its path.

    Args:
        path: The path as flake8 reports it, relative to the working directory.
        globs: Role globs to use instead of :data:`DEFAULT_GLOBS` (missing roles
            fall back to the defaults).

    Returns:
        Every role whose globs match; empty for an ordinary module.
    """
    rel = normalize(path)
    table = {**DEFAULT_GLOBS, **(globs or {})}
    found = frozenset(
        role for role, patterns in table.items() if matches(rel, patterns)
    )
    if TESTS in found:
        # Test doubles of views or models are not shipped code (RULES.md R5).
        return found - LAYER_ROLES
    return found


#: Roles a tests-role module never has.
LAYER_ROLES = frozenset(
    {VIEWS, SERIALIZERS, SERVICES, SELECTORS, MODELS, SETTINGS, HEALTHCHECK, GUNICORN}
)
