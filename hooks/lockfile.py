"""uv.lock against pyproject.toml (DJA153) and the Python 3.12 pin (DJA154)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING

from djarch_hooks.common import UnusableInputError, finding, read_text

from flake8_djarch.violations import project as rules

if TYPE_CHECKING:
    from djarch_hooks.common import HookFinding

PINNED_MINOR = 12
PATCH_RANGE = 100
CLAUSE_RE = re.compile(r"^\s*(===|==|!=|~=|<=|>=|<|>)\s*([0-9][0-9.]*)(\.\*)?\s*$")
VERSION_FILE_RE = re.compile(r"(?:^|[^0-9.])3\.(\d+)")


def _normalise(name: str) -> str:
    """Return a PEP 503 normalised project name.

    Args:
        name: The name, possibly followed by extras, specifiers or markers.

    Returns:
        The normalised name.
    """
    match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", name)
    return re.sub(r"[-_.]+", "-", (match.group(1) if match else name).strip()).lower()


def _names(items: object) -> set[str]:
    """Collect requirement names from a TOML array of strings or ``{name = ...}`` tables.

    Args:
        items: The array.

    Returns:
        The normalised names.
    """
    found: set[str] = set()
    for item in items if isinstance(items, list) else []:
        if isinstance(item, str):
            found.add(_normalise(item))
        elif isinstance(item, dict) and isinstance(item.get("name"), str):
            found.add(_normalise(item["name"]))
    return found


def _group(groups: dict[str, object], name: str, seen: frozenset[str]) -> set[str]:
    """Collect a dependency group's names, ``include-group`` followed.

    Args:
        groups: The ``[dependency-groups]`` table.
        name: The group.
        seen: Groups already on the way.

    Returns:
        The normalised names.
    """
    found: set[str] = set()
    entries = groups.get(name)
    for item in entries if isinstance(entries, list) else []:
        if isinstance(item, str):
            found.add(_normalise(item))
        elif isinstance(item, dict):
            included = item.get("include-group")
            if isinstance(included, str) and included not in seen:
                found |= _group(groups, included, seen | {name})
    return found


def _declared(data: dict[str, object]) -> tuple[set[str], dict[str, set[str]]]:
    """Read the dependency names pyproject.toml declares.

    Args:
        data: The parsed pyproject.toml.

    Returns:
        Runtime names (optional dependencies included) and names per group.
    """
    project = data.get("project")
    project = project if isinstance(project, dict) else {}
    runtime = _names(project.get("dependencies"))
    optional = project.get("optional-dependencies")
    for items in optional.values() if isinstance(optional, dict) else []:
        runtime |= _names(items)
    groups_table = data.get("dependency-groups")
    groups_table = groups_table if isinstance(groups_table, dict) else {}
    groups = {name: _group(groups_table, name, frozenset()) for name in groups_table}
    tool = data.get("tool")
    uv = tool.get("uv") if isinstance(tool, dict) else None
    legacy = uv.get("dev-dependencies") if isinstance(uv, dict) else None
    if legacy:
        groups["dev"] = groups.get("dev", set()) | _names(legacy)
    return runtime, groups


def _locked(
    lock: dict[str, object], project: str
) -> tuple[set[str], dict[str, set[str]]] | None:
    """Read the dependency names the lock records for the project itself.

    Args:
        lock: The parsed uv.lock.
        project: The project's normalised name.

    Returns:
        Runtime names and names per group, or ``None`` when the lock has no
        entry for the project.
    """
    packages = lock.get("package")
    for package in packages if isinstance(packages, list) else []:
        if (
            not isinstance(package, dict)
            or _normalise(str(package.get("name", ""))) != project
        ):
            continue
        source = package.get("source")
        if not (
            isinstance(source, dict) and ("virtual" in source or "editable" in source)
        ):
            continue
        metadata = package.get("metadata")
        if isinstance(metadata, dict) and "requires-dist" in metadata:
            runtime = _names(metadata.get("requires-dist"))
            dev = metadata.get("requires-dev")
        else:
            runtime = _names(package.get("dependencies"))
            optional = package.get("optional-dependencies")
            for items in optional.values() if isinstance(optional, dict) else []:
                runtime |= _names(items)
            dev = package.get("dev-dependencies")
        groups = {
            str(name): _names(items)
            for name, items in (dev.items() if isinstance(dev, dict) else [])
        }
        return runtime, groups
    return None


def _difference(declared: set[str], locked: set[str]) -> str:
    """Describe how two sets of names differ.

    Args:
        declared: Names in pyproject.toml.
        locked: Names in uv.lock.

    Returns:
        ``"+a, -b"``-style text: ``+`` only in pyproject.toml, ``-`` only in the lock.
    """
    return ", ".join(
        [f"+{name}" for name in sorted(declared - locked)]
        + [f"-{name}" for name in sorted(locked - declared)]
    )


def lock_findings(
    data: dict[str, object], path: str, key_line: dict[str, int]
) -> list[HookFinding]:
    """Compare pyproject.toml with the uv.lock beside it (DJA153).

    Args:
        data: The parsed pyproject.toml.
        path: Its path, to print and to find the lock.
        key_line: Lines of ``dependencies`` and ``dependency-groups``.

    Returns:
        The findings.
    """
    project = data.get("project")
    if not isinstance(project, dict) or not isinstance(project.get("name"), str):
        return []
    if "dependencies" in (project.get("dynamic") or []):
        return []
    lock_path = Path(path).parent / "uv.lock"
    if not lock_path.is_file():
        return [
            finding(
                path,
                1,
                rules.LockDrift,
                problem="uv.lock is missing beside pyproject.toml",
            )
        ]
    try:
        lock = tomllib.loads(read_text(lock_path, lock_path.parent))
    except (UnusableInputError, tomllib.TOMLDecodeError):
        return []
    locked = _locked(lock, _normalise(project["name"]))
    if locked is None:
        return [
            finding(
                path,
                1,
                rules.LockDrift,
                problem=f"uv.lock has no entry for {project['name']}",
            )
        ]
    runtime, groups = _declared(data)
    found: list[HookFinding] = []
    if runtime != locked[0]:
        found.append(
            finding(
                path,
                key_line.get("dependencies", 1),
                rules.LockDrift,
                problem=f"runtime dependencies differ from uv.lock ({_difference(runtime, locked[0])})",
            )
        )
    for group in sorted(set(groups) | set(locked[1])):
        mine, theirs = groups.get(group, set()), locked[1].get(group, set())
        if mine != theirs:
            found.append(
                finding(
                    path,
                    key_line.get("dependency-groups", 1),
                    rules.LockDrift,
                    problem=f"dependency group {group} differs from uv.lock ({_difference(mine, theirs)})",
                )
            )
    return found


def _version(text: str) -> tuple[int, ...] | None:
    """Parse a release number.

    Args:
        text: ``3``, ``3.12``, ``3.12.1``.

    Returns:
        The numbers, or ``None``.
    """
    parts = text.strip(".").split(".")
    if not all(part.isdigit() for part in parts):
        return None
    return tuple(int(part) for part in parts)


def _satisfies(
    candidate: tuple[int, int, int],
    operator: str,
    version: tuple[int, ...],
    *,
    wildcard: bool,
) -> bool:
    """Tell whether a version satisfies one specifier clause.

    Args:
        candidate: ``(major, minor, patch)``.
        operator: The clause's operator.
        version: The clause's release numbers.
        wildcard: Whether the clause ends in ``.*``.

    Returns:
        The verdict under PEP 440 release-number comparison.
    """
    if wildcard:
        same = candidate[: len(version)] == version
        return same if operator == "==" else not same if operator == "!=" else True
    padded = version + (0,) * (3 - len(version))
    size = max(len(padded), 3)
    cand = candidate + (0,) * (size - 3)
    ref = padded + (0,) * (size - len(padded))
    if operator == "~=":
        prefix = version[:-1] if len(version) > 1 else version
        return cand >= ref and candidate[: len(prefix)] == prefix
    return {
        "==": cand == ref,
        "===": cand == ref,
        "!=": cand != ref,
        "<=": cand <= ref,
        ">=": cand >= ref,
        "<": cand < ref,
        ">": cand > ref,
    }[operator]


def allows_312(specifier: str) -> bool | None:
    """Tell whether a ``requires-python`` specifier admits some Python 3.12 release.

    Args:
        specifier: The specifier, e.g. ``">=3.10,<3.13"``.

    Returns:
        True or False, or ``None`` when it cannot be read.
    """
    clauses = []
    for part in specifier.split(","):
        if not part.strip():
            continue
        match = CLAUSE_RE.match(part)
        version = _version(match.group(2)) if match else None
        if match is None or version is None:
            return None
        clauses.append((match.group(1), version, bool(match.group(3))))
    return any(
        all(
            _satisfies((3, PINNED_MINOR, patch), op, version, wildcard=wild)
            for op, version, wild in clauses
        )
        for patch in range(PATCH_RANGE)
    )


def pin_findings(data: dict[str, object], path: str, line: int) -> list[HookFinding]:
    """Judge ``requires-python`` and ``.python-version`` (DJA154).

    Args:
        data: The parsed pyproject.toml.
        path: Its path, to print and to find ``.python-version``.
        line: The line of ``requires-python``.

    Returns:
        The findings.
    """
    found: list[HookFinding] = []
    project = data.get("project")
    requires = project.get("requires-python") if isinstance(project, dict) else None
    if isinstance(requires, str) and allows_312(requires) is False:
        found.append(
            finding(
                path,
                line,
                rules.PythonPin,
                problem=f'requires-python = "{requires}" excludes 3.12',
            )
        )
    version_file = Path(path).parent / ".python-version"
    if version_file.is_file():
        try:
            text = read_text(version_file, version_file.parent)
        except UnusableInputError:
            return found
        first = next(
            (
                row.strip()
                for row in text.splitlines()
                if row.strip() and not row.startswith("#")
            ),
            "",
        )
        match = VERSION_FILE_RE.search(first)
        if match and int(match.group(1)) != PINNED_MINOR:
            found.append(
                finding(
                    str(Path(path).with_name(".python-version")),
                    1,
                    rules.PythonPin,
                    problem=f".python-version names {first}",
                )
            )
    return found
