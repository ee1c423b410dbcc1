"""Plugin configuration from ``[tool.djarch]`` and flake8 options.

Settings in the ``pyproject.toml`` found from the working directory come
first; any flake8 option that is given replaces the matching setting (flake8
config wins). Unknown keys and wrong value types raise :class:`ConfigError`
with one readable line.
"""

from __future__ import annotations

import errno
import os
import tomllib
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from stat import S_ISREG
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

POLICY_KEYS = {
    "select": "select",
    "ignore": "ignore",
    "warn": "warn",
    "per-file-ignores": "per_file_ignores",
    "baseline": "baseline",
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
        select: ``select`` codes or prefixes (``None``: every DJA code).
        ignore: ``ignore`` codes or prefixes.
        per_file_ignores: ``(glob, codes)`` pairs, globs relative to ``config_dir``.
        warn: Codes or prefixes reported without failing the exit status.
        baseline: The baseline file, relative to ``config_dir``.
        config_dir: The directory of the ``pyproject.toml`` read (empty: none).
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
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    warn: tuple[str, ...] = ()
    baseline: str = ""
    config_dir: str = ""

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
        elif key in POLICY_KEYS:
            values.update(_policy_value(key, value))
        else:
            known = ", ".join(["roles", "extend-roles", *LIST_KEYS, *POLICY_KEYS])
            raise ConfigError(f"[tool.djarch] unknown key {key!r}; known keys: {known}")
    roles = {**DEFAULT_GLOBS, **replaced}
    for role, globs in extended.items():
        roles[role] = (*roles[role], *globs)
    return Config(roles=roles, root=root, **values)


def _policy_value(key: str, value: object) -> dict[str, Any]:
    """Validate a selection, severity or baseline setting.

    Args:
        key: One of :data:`POLICY_KEYS`.
        value: The raw value.

    Returns:
        The Config attributes it sets.

    Raises:
        ConfigError: When the value has the wrong type.
    """
    if key == "baseline":
        if not isinstance(value, str):
            raise ConfigError(f"[tool.djarch] baseline: expected a path, got {value!r}")
        return {"baseline": value.strip()}
    if key == "per-file-ignores":
        if not isinstance(value, dict):
            raise ConfigError(
                f"[tool.djarch] per-file-ignores: expected a table of glob = [codes], got {value!r}"
            )
        return {
            "per_file_ignores": tuple(
                (
                    glob,
                    tuple(
                        code.upper()
                        for code in _string_list(f"per-file-ignores.{glob}", codes)
                    ),
                )
                for glob, codes in value.items()
            )
        }
    codes = tuple(code.upper() for code in _string_list(key, value))
    return {POLICY_KEYS[key]: codes}


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


@lru_cache(maxsize=64)
def _djarch_table(
    path: str, mtime_ns: int, size: int, ctime_ns: int, confine: str = ""
) -> dict[str, Any] | None:
    """Read the ``[tool.djarch]`` table of one version of a ``pyproject.toml``.

    Args:
        path: The file.
        mtime_ns: Its modification time (part of the cache key).
        size: Its size (part of the cache key).
        ctime_ns: Its change time (part of the cache key: it moves even when
            an editor puts the old modification time and size back).
        confine: A root the file's real path must stay inside (empty: none).

    Returns:
        The table, or ``None`` when the file has none.

    Raises:
        ConfigError: If the file cannot be read safely or the table is
            malformed (one line).
    """
    del mtime_ns, size, ctime_ns
    try:
        data = tomllib.loads(files.read_text(path, confine or None))
    except (files.FileAccessError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"{path}: cannot read [tool.djarch]: {error}") from error
    except RecursionError as error:
        raise ConfigError(
            f"{path}: cannot read [tool.djarch]: TOML nested too deeply"
        ) from error
    tool = data.get("tool", {})
    if not isinstance(tool, dict):
        raise ConfigError(f"{path}: [tool] must be a table")
    table = tool.get("djarch")
    if table is None:
        return None
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.djarch] must be a table")
    return table


def _table_of(path: Path, confine: Path | None = None) -> dict[str, Any] | None:
    """Read a ``pyproject.toml``'s ``[tool.djarch]`` through the stat-keyed cache.

    Args:
        path: The file.
        confine: A root the file's real path must stay inside.

    Returns:
        The table, or ``None`` when there is none (or no file).
    """
    return _table_at(str(path), confine)


#: The errors ``Path.is_file`` takes for "no file" (others propagate).
_NO_FILE = frozenset({errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP})


def _table_at(path: str, confine: Path | None) -> dict[str, Any] | None:
    """Read a ``pyproject.toml``'s ``[tool.djarch]`` through the stat-keyed cache.

    One ``stat`` of a str path answers both "is it a file" and its version
    (every linted file asks for each folder above it).

    Args:
        path: The file.
        confine: A root the file's real path must stay inside.

    Returns:
        The table, or ``None`` when there is none (or no file).
    """
    try:
        info = os.stat(path)  # noqa: PTH116 - a str path: no Path per folder
    except OSError as error:
        if error.errno in _NO_FILE:
            return None
        raise
    except ValueError:
        return None
    if not S_ISREG(info.st_mode):
        return None
    return _djarch_table(
        path,
        info.st_mtime_ns,
        info.st_size,
        info.st_ctime_ns,
        str(confine) if confine else "",
    )


class _Loader:
    """``load(root)``: the configuration of a run, re-read when the file changes."""

    def __call__(self, root: str, *, confined: bool = False) -> Config:
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
        table = _table_of(path, start if confined else None)
        return from_table(table or {}, root=root).with_overrides(
            config_dir=str(path.parent)
        )

    @staticmethod
    def cache_clear() -> None:
        """Forget every cached file version."""
        _djarch_table.cache_clear()


load = _Loader()


def nearest_table(file: Path, stop: Path | None = None) -> Path | None:
    """Find the nearest ``pyproject.toml`` with a ``[tool.djarch]`` table above a file.

    Like Ruff, a sub-project's configuration (``backend/pyproject.toml``)
    applies to its files whatever the working directory.

    Args:
        file: The linted file.
        stop: The highest folder to look in (a ``djarch check`` root).

    Returns:
        The file, or ``None`` when none declares ``[tool.djarch]``.

    Raises:
        ConfigError: If a candidate cannot be read.
    """
    candidate = str(file.absolute().parent)
    limit = stop.absolute() if stop is not None else None
    # The folders as str (normalised by pathlib): ``os.path.dirname`` walks
    # up as ``Path.parents`` would, without a Path per folder.
    top = str(limit) if limit is not None else None
    below = "" if top is None else top if top.endswith("/") else top + "/"
    while True:
        if top is not None and candidate != top and not candidate.startswith(below):
            return None
        pyproject = os.path.join(candidate, "pyproject.toml")  # noqa: PTH118 - str folders
        if _table_at(pyproject, limit) is not None:
            return Path(pyproject)
        if candidate == top:
            return None
        parent = os.path.dirname(candidate)  # noqa: PTH120 - str folders
        if parent == candidate:
            return None
        candidate = parent


def for_file(file: Path, run_config: Config, stop: Path | None = None) -> Config:
    """Choose the configuration that governs one file.

    Args:
        file: The linted file.
        run_config: The run's configuration (from its working directory).
        stop: The highest folder to look in (a ``djarch check`` root).

    Returns:
        ``run_config`` unless a nearer ``pyproject.toml`` declares
        ``[tool.djarch]``; then that table, with roles and source roots
        relative to its folder (the configuration's ``root``).

    Raises:
        ConfigError: If the nearer table is malformed.
    """
    path = nearest_table(file, stop)
    if path is None or (
        run_config.config_dir and Path(run_config.config_dir).absolute() == path.parent
    ):
        return run_config
    table = _table_of(path, stop.absolute() if stop is not None else None) or {}
    return from_table(table, root=str(path.parent)).with_overrides(
        config_dir=str(path.parent)
    )
