"""Plugin configuration from ``[tool.djarch]`` and flake8 options.

Settings in the ``pyproject.toml`` found from the working directory come
first; any flake8 option that is given replaces the matching setting (flake8
config wins). Unknown keys and wrong value types raise :class:`ConfigError`
with one readable line.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from flake8_djarch.project import files
from flake8_djarch.roles import DEFAULT_GLOBS, ROLES

LIST_KEYS = {
    "source-roots": "source_roots",
    "exempt-receivers": "exempt_receivers",
    "side-effect-calls": "side_effect_calls",
    "view-bases": "view_bases",
    "serializer-bases": "serializer_bases",
    "model-bases": "model_bases",
}


class ConfigError(Exception):
    """The ``[tool.djarch]`` table or a flake8 option is malformed."""


@dataclass(frozen=True)
class Config:
    """Effective settings of one lint run.

    Attributes:
        roles: Glob lists per role (defaults from RULES.md §0).
        source_roots: Extra folders whose subfolders are top-level packages.
        exempt_receivers: Extra receiver names whose ``.save()``/``.delete()``
            are not ORM writes.
        side_effect_calls: Extra qualified call names that count as side effects.
        view_bases: Extra qualified class names to treat as DRF views.
        serializer_bases: Extra qualified class names to treat as DRF serializers.
        model_bases: Extra qualified class names to treat as Django models.
        root: The directory flake8 runs in.
    """

    roles: dict[str, tuple[str, ...]] = field(
        default_factory=lambda: dict(DEFAULT_GLOBS)
    )
    source_roots: tuple[str, ...] = ()
    exempt_receivers: tuple[str, ...] = ()
    side_effect_calls: tuple[str, ...] = ()
    view_bases: tuple[str, ...] = ()
    serializer_bases: tuple[str, ...] = ()
    model_bases: tuple[str, ...] = ()
    root: str = "."

    def with_overrides(self, **values: Any) -> Config:
        """Return a copy with the given attributes replaced.

        Args:
            **values: Attribute names and their new values.

        Returns:
            The new configuration.
        """
        return replace(self, **values)


def _string_list(key: str, value: object) -> tuple[str, ...]:
    """Validate a list-of-strings setting.

    Args:
        key: The setting's name, for the error message.
        value: The raw value (a single string is accepted as a list).

    Returns:
        The stripped, non-empty strings.

    Raises:
        ConfigError: When the value is not a list of strings.
    """
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(
            f"[tool.djarch] {key}: expected a list of strings, got {value!r}"
        )
    return tuple(item.strip() for item in value if item.strip())


def parse_role_items(items: list[str]) -> dict[str, tuple[str, ...]]:
    """Parse ``role=glob`` items as given to ``--djarch-role``.

    Args:
        items: Items such as ``"settings=config/django/*.py"``.

    Returns:
        Glob lists per role, in the order given.

    Raises:
        ConfigError: If an item lacks ``=`` or names an unknown role.
    """
    roles: dict[str, list[str]] = {}
    for item in items:
        role, sep, glob = item.partition("=")
        role = role.strip()
        if not sep or not glob.strip():
            raise ConfigError(f"--djarch-role {item!r}: expected ROLE=GLOB")
        if role not in ROLES:
            raise ConfigError(
                f"--djarch-role {item!r}: unknown role {role!r}; known: {', '.join(ROLES)}"
            )
        roles.setdefault(role, []).append(glob.strip())
    return {role: tuple(globs) for role, globs in roles.items()}


def from_table(table: dict[str, Any], root: str = ".") -> Config:
    """Build a configuration from a ``[tool.djarch]`` table.

    Args:
        table: The parsed table.
        root: The directory flake8 runs in.

    Returns:
        The configuration.

    Raises:
        ConfigError: On unknown keys, unknown roles or wrong value types.
    """
    values: dict[str, Any] = {}
    replaced: dict[str, tuple[str, ...]] = {}
    extended: dict[str, tuple[str, ...]] = {}
    for key, value in table.items():
        if key in {"roles", "extend-roles"}:
            target = replaced if key == "roles" else extended
            target.update(_role_table(key, value))
        elif key in LIST_KEYS:
            values[LIST_KEYS[key]] = _string_list(key, value)
        else:
            known = ", ".join(["roles", "extend-roles", *LIST_KEYS])
            raise ConfigError(f"[tool.djarch] unknown key {key!r}; known keys: {known}")
    roles = {**DEFAULT_GLOBS, **replaced}
    for role, globs in extended.items():
        roles[role] = (*roles[role], *globs)
    return Config(roles=roles, root=root, **values)


def _role_table(key: str, value: object) -> dict[str, tuple[str, ...]]:
    """Validate a ``[tool.djarch.roles]`` or ``[tool.djarch.extend-roles]`` table.

    Args:
        key: The table's key, for error messages.
        value: The parsed table.

    Returns:
        Glob lists per role.

    Raises:
        ConfigError: When it is not a table or names an unknown role.
    """
    if not isinstance(value, dict):
        raise ConfigError(f"[tool.djarch] {key}: expected a table, got {value!r}")
    table: dict[str, tuple[str, ...]] = {}
    for role, globs in value.items():
        if role not in ROLES:
            raise ConfigError(
                f"[tool.djarch.{key}] unknown role {role!r}; known: {', '.join(ROLES)}"
            )
        table[role] = _string_list(f"{key}.{role}", globs)
    return table


def find_pyproject(start: Path, boundary: Path | None = None) -> Path | None:
    """Find the nearest ``pyproject.toml`` from a directory upwards.

    This is the one place that decides how far up configuration is looked
    for: never above ``boundary`` when one is given (``djarch check ROOT``
    reads nothing above ROOT).

    Args:
        start: The directory to start in.
        boundary: The last directory to look in (``start`` or one of its
            parents); ``None`` looks up to the filesystem root.

    Returns:
        The file, or ``None`` when there is none.
    """
    for folder in (start, *start.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            return candidate
        if boundary is not None and folder == boundary:
            break
    return None


@lru_cache(maxsize=16)
def load(root: str, *, confined: bool = False) -> Config:
    """Load the configuration for a run in ``root``.

    Args:
        root: The directory flake8 runs in.
        confined: Read nothing above ``root`` and only a ``pyproject.toml``
            whose real path stays inside it (``djarch check ROOT``).

    Returns:
        The configuration from ``[tool.djarch]``, or defaults.

    Raises:
        ConfigError: If the table or the file is malformed (one line).
    """
    start = Path(root).resolve()
    path = find_pyproject(start, start if confined else None)
    if path is None:
        return Config(root=root)
    try:
        text = files.read_text(path, start if confined else None)
        data = tomllib.loads(text)
    except files.FileAccessError as error:
        raise ConfigError(f"{path}: cannot read [tool.djarch]: {error}") from error
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: cannot read [tool.djarch]: {error}") from error
    except RecursionError as error:
        raise ConfigError(
            f"{path}: cannot read [tool.djarch]: TOML nested too deeply"
        ) from error
    tool = data.get("tool", {})
    if not isinstance(tool, dict):
        raise ConfigError(f"{path}: [tool] must be a table")
    table = tool.get("djarch", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.djarch] must be a table")
    return from_table(table, root=root)
