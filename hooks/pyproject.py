"""djarch-pyproject: Ruff, pytest and dependency settings of seed §2 and §5."""

from __future__ import annotations

import posixpath
import re
import shlex
import tomllib
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

from djarch_hooks.common import (
    HookFinding,
    UnusableInputError,
    finding,
    guard_broken_pipe,
    run_file_hook,
)
from djarch_hooks.lockfile import lock_findings, pin_findings

from flake8_djarch.violations import project as rules

if TYPE_CHECKING:
    from collections.abc import Sequence

SEED_FAMILIES = (
    "F",
    "E",
    "W",
    "I",
    "N",
    "UP",
    "B",
    "S",
    "A",
    "C4",
    "T10",
    "SIM",
    "TCH",
    "ARG",
    "PTH",
    "ERA",
    "PL",
    "RUF",
    "DJ",
    "PERF",
    "FBT",
)
FAMILY_ALIASES = {"TCH": ("TCH", "TC")}
BROADER_SELECTORS = {"C4": ("C",), "T10": ("T", "T1")}
PYLINT_PARTS = ("PLC", "PLE", "PLR", "PLW")
RUFF_FILES = ("ruff.toml", ".ruff.toml")
SEED_IGNORES = frozenset({"E501", "S101", "COM812", "ISC001"})
RUNTIME_PACKAGES = (
    "django",
    "djangorestframework",
    "pydantic-settings",
    "drf-spectacular",
    "django-redis",
    "gunicorn",
    "uvicorn",
)
DEV_PACKAGES = ("pytest-django", "factory-boy", "pytest-cov", "ruff")
# Possessive quantifiers keep both scans linear on any line (a long line in a
# multi-line string is matched too); the header name is stripped afterwards.
HEADER_RE = re.compile(r"^\s*+\[\[?+([^\]]*+)\]\]?+\s*+(?:#.*)?$")
KEY_RE = re.compile(
    r"^\s*+((?:[A-Za-z0-9_-]++|\"[^\"]*+\"|'[^']*+')"
    r"(?:\s*+\.\s*+(?:[A-Za-z0-9_-]++|\"[^\"]*+\"|'[^']*+'))*+)\s*+="
)
NAME_RE = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


def is_pyproject(path: str) -> bool:
    """Tell whether a file is a ``pyproject.toml``.

    Args:
        path: The file path.

    Returns:
        ``True`` for files named ``pyproject.toml``.
    """
    return PurePath(path).name == "pyproject.toml"


def _split_key(text: str) -> tuple[str, ...]:
    """Split a dotted TOML key into its parts.

    Args:
        text: The text.

    Returns:
        The unquoted parts.
    """
    parts = re.findall(r"\"[^\"]*\"|'[^']*'|[A-Za-z0-9_-]+", text)
    return tuple(part.strip("\"'") for part in parts)


class KeyLines:
    """Line numbers of the keys of a TOML document, found by a line scan.

    Args:
        text: The TOML text.
    """

    def __init__(self, text: str) -> None:
        """Scan the document.

        Args:
            text: The TOML text.
        """
        self.lines = text.splitlines()
        self.keys: dict[tuple[str, ...], int] = {}
        table: tuple[str, ...] = ()
        for number, line in enumerate(self.lines, start=1):
            header = HEADER_RE.match(line)
            if header and header.group(1).strip() and not KEY_RE.match(line):
                table = _split_key(header.group(1))
                self.keys.setdefault(table, number)
                continue
            key = KEY_RE.match(line)
            if key:
                self.keys.setdefault(table + _split_key(key.group(1)), number)

    def line(self, *path: str) -> int:
        """Return the line of a key or table.

        Args:
            *path: The dotted key, split.

        Returns:
            Its 1-based line, or 1 when not found.
        """
        return self.keys.get(tuple(path), 1)

    def item_line(self, value: str, *path: str) -> int:
        """Return the line of a string item inside an array value.

        Args:
            value: The string item.
            *path: The dotted key of the array, split.

        Returns:
            The first line at or after the key quoting the item, else the
            key's line.
        """
        start = self.line(*path)
        pattern = re.compile(rf"[\"']{re.escape(value)}[\"']")
        for number in range(start, min(len(self.lines), start + 200) + 1):
            if pattern.search(self.lines[number - 1]):
                return number
        return start


def _table(data: dict[str, object], *path: str) -> dict[str, object]:
    """Walk nested TOML tables.

    Args:
        data: The parsed TOML.
        *path: The dotted key, split.

    Returns:
        The table, or an empty dict.
    """
    current: object = data
    for part in path:
        if not isinstance(current, dict):
            return {}
        current = current.get(part, {})
    return current if isinstance(current, dict) else {}


def _strings(value: object) -> list[str]:
    """Keep the strings of a TOML value.

    Args:
        value: The value.

    Returns:
        The strings.
    """
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [item for item in value if isinstance(item, str)]
    return []


def check_pyproject(text: str, path: str) -> list[HookFinding]:
    """Judge one ``pyproject.toml`` (DJA150–DJA154).

    Args:
        text: The file.
        path: The path to print.

    Returns:
        The findings, ``# noqa`` not yet applied.

    Raises:
        UnusableInputError: If the TOML is invalid.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UnusableInputError(f"invalid TOML: {exc}") from exc
    keys = KeyLines(text)
    folder = Path(path).parent
    found = (
        []
        if any((folder / name).is_file() for name in RUFF_FILES)
        else _ruff_findings(data, keys, path)
    )
    if not (Path(path).parent / "pytest.ini").is_file():
        found.extend(_pytest_findings(data, keys, path))
    found.extend(_dependency_findings(data, path))
    found.extend(
        lock_findings(
            data,
            path,
            {
                "dependencies": keys.line("project", "dependencies"),
                "dependency-groups": keys.line("dependency-groups"),
            },
        )
    )
    found.extend(pin_findings(data, path, keys.line("project", "requires-python")))
    return found


def _ruff_findings(
    data: dict[str, object], keys: KeyLines, path: str
) -> list[HookFinding]:
    """Judge the Ruff configuration (DJA150).

    Args:
        data: The parsed TOML.
        keys: Line numbers of the TOML keys.
        path: The path to print.

    Returns:
        The DJA150 findings.
    """
    ruff = _table(data, "tool", "ruff")
    lint = _table(data, "tool", "ruff", "lint")
    found: list[HookFinding] = []
    selected: set[str] = set()
    for table, prefix in ((ruff, ("tool", "ruff")), (lint, ("tool", "ruff", "lint"))):
        for key in ("select", "extend-select"):
            selected.update(code.strip().upper() for code in _strings(table.get(key)))
        for key in ("ignore", "extend-ignore"):
            found.extend(
                finding(
                    path,
                    keys.item_line(code, *prefix, key),
                    rules.RuffConfigWeaker,
                    problem=f"extra global ignore {code}",
                    fix=f"remove {code} from {key} (use # noqa or per-file-ignores)",
                )
                for code in _strings(table.get(key))
                if code.strip().upper() not in SEED_IGNORES
            )
    if "ALL" not in selected:
        found.extend(
            finding(
                path,
                1,
                rules.RuffConfigWeaker,
                problem=f"rule family {family} not selected",
                fix=f'add "{family}" to [tool.ruff.lint] select',
            )
            for family in SEED_FAMILIES
            if not _family_selected(family, selected)
        )
    line_length = ruff.get("line-length", 88)
    if line_length != 88:
        found.append(
            finding(
                path,
                keys.line("tool", "ruff", "line-length"),
                rules.RuffConfigWeaker,
                problem=f"line-length = {line_length}",
                fix="set line-length = 88",
            )
        )
    target = ruff.get("target-version")
    if target is None:
        if not _requires_312(data):
            found.append(
                finding(
                    path,
                    1,
                    rules.RuffConfigWeaker,
                    problem="no target-version",
                    fix='set target-version = "py312"',
                )
            )
    elif target != "py312":
        found.append(
            finding(
                path,
                keys.line("tool", "ruff", "target-version"),
                rules.RuffConfigWeaker,
                problem=f"target-version = {target!r}",
                fix='set target-version = "py312"',
            )
        )
    return found


def _family_selected(family: str, selected: set[str]) -> bool:
    """Tell whether a seed rule family is selected in full.

    Args:
        family: The seed's selector, e.g. ``TCH``.
        selected: The upper-cased selectors of ``select`` / ``extend-select``.

    Returns:
        ``True`` for the family itself, its new name (``TC``), a selector
        that Ruff expands to it (``C`` covers ``C4``, ``T`` covers ``T10``)
        or, for ``PL``, all of ``PLC``, ``PLE``, ``PLR`` and ``PLW``.
    """
    accepted = (
        *FAMILY_ALIASES.get(family, (family,)),
        *BROADER_SELECTORS.get(family, ()),
    )
    if any(name in selected for name in accepted):
        return True
    return family == "PL" and all(part in selected for part in PYLINT_PARTS)


def _requires_312(data: dict[str, object]) -> bool:
    """Tell whether requires-python starts at Python 3.12.

    Args:
        data: The parsed TOML.

    Returns:
        ``True`` for a lower bound of 3.12.
    """
    requires = _table(data, "project").get("requires-python")
    if not isinstance(requires, str):
        return False
    match = re.search(r">=?\s*3\.(\d+)", requires) or re.search(
        r"(?:==|~=)\s*3\.(\d+)", requires
    )
    return match is not None and match.group(1) == "12"


def _pytest_findings(
    data: dict[str, object], keys: KeyLines, path: str
) -> list[HookFinding]:
    """Judge the pytest configuration (DJA151).

    Args:
        data: The parsed TOML.
        keys: Line numbers of the TOML keys.
        path: The path to print.

    Returns:
        The DJA151 findings.
    """
    options = _table(data, "tool", "pytest", "ini_options")
    table: tuple[str, ...] = ("tool", "pytest", "ini_options")
    if not options and _table(data, "tool", "pytest"):
        options = _table(data, "tool", "pytest")
        table = ("tool", "pytest")
    addopts_value = options.get("addopts", [])
    addopts = (
        _split_options(addopts_value)
        if isinstance(addopts_value, str)
        else [word for item in _strings(addopts_value) for word in _split_options(item)]
    )
    found: list[HookFinding] = []

    def report(line: int, problem: str, fix: str) -> None:
        """Record one DJA151 finding.

        Args:
            line: The line to report.
            problem: What is wrong.
            fix: How to fix it.
        """
        found.append(
            finding(path, line, rules.PytestConfigWeaker, problem=problem, fix=fix)
        )

    if "DJANGO_SETTINGS_MODULE" not in options and not _option_value(addopts, "--ds"):
        report(
            1,
            "lacks DJANGO_SETTINGS_MODULE",
            'set DJANGO_SETTINGS_MODULE = "config.settings"',
        )
    if "--strict-markers" not in addopts:
        report(1, "addopts lacks --strict-markers", 'add "--strict-markers" to addopts')
    if not _has_option(addopts, "--cov", "apps"):
        report(1, "addopts lacks --cov=apps", 'add "--cov=apps" to addopts')
    fail_under = _option_value(addopts, "--cov-fail-under")
    coverage_fail_under = _table(data, "tool", "coverage", "report").get("fail_under")
    if fail_under is None and isinstance(coverage_fail_under, int | float):
        fail_under = str(coverage_fail_under)
    if fail_under is None:
        report(
            1, "addopts lacks --cov-fail-under", 'add "--cov-fail-under=80" to addopts'
        )
    else:
        try:
            value = float(fail_under)
        except ValueError:
            value = 0.0
        if value < 80:
            line = (
                keys.item_line(f"--cov-fail-under={fail_under}", *table, "addopts")
                if _option_value(addopts, "--cov-fail-under") is not None
                else keys.line("tool", "coverage", "report", "fail_under")
            )
            report(
                line,
                f"--cov-fail-under={fail_under} is below 80",
                "use --cov-fail-under=80 or higher",
            )
    return found


def _option_value(options: list[str], name: str) -> str | None:
    """Find the value of a command-line option.

    Args:
        options: The option words.
        name: The name.

    Returns:
        The last value given, or ``None``.
    """
    value: str | None = None
    for index, option in enumerate(options):
        if option.startswith(f"{name}="):
            value = option.partition("=")[2]
        elif option == name and index + 1 < len(options):
            value = options[index + 1]
    return value


def _split_options(text: str) -> list[str]:
    """Split an ``addopts`` string into words, shell-style.

    Args:
        text: The option string.

    Returns:
        The words (whitespace splitting when quotes do not balance).
    """
    try:
        return shlex.split(text)
    except ValueError:
        return text.split()


def _has_option(options: list[str], name: str, wanted: str) -> bool:
    """Tell whether an option has the wanted value.

    Args:
        options: The option words.
        name: The name.
        wanted: The wanted value (compared as a normalised relative path, so
            ``apps/`` and ``./apps`` equal ``apps``).

    Returns:
        ``True`` when present.
    """
    target = posixpath.normpath(wanted)
    for index, option in enumerate(options):
        if option.startswith(f"{name}=") and (
            posixpath.normpath(option.partition("=")[2] or ".") == target
        ):
            return True
        if (
            option == name
            and index + 1 < len(options)
            and posixpath.normpath(options[index + 1]) == target
        ):
            return True
    return False


def normalise_name(requirement: str) -> str:
    """Return the PEP 503 normalised project name of a requirement.

    Args:
        requirement: A PEP 508 requirement string.

    Returns:
        The lower-cased name with runs of ``-_.`` replaced by ``-``.
    """
    match = NAME_RE.match(requirement)
    name = match.group(1) if match else requirement.strip()
    return re.sub(r"[-_.]+", "-", name).lower()


def _group(
    data: dict[str, object], name: str, seen: frozenset[str] = frozenset()
) -> list[str]:
    """List the requirements of a dependency group, includes followed.

    Args:
        data: The parsed TOML.
        name: The name.
        seen: What was already visited.

    Returns:
        The requirement strings.
    """
    groups = _table(data, "dependency-groups")
    result: list[str] = []
    entries = groups.get(name, [])
    for item in entries if isinstance(entries, list) else []:
        if isinstance(item, str):
            result.append(item)
        elif isinstance(item, dict) and isinstance(item.get("include-group"), str):
            included = item["include-group"]
            if included not in seen:
                result.extend(_group(data, included, seen | {name}))
    return result


def _dependency_findings(data: dict[str, object], path: str) -> list[HookFinding]:
    """Judge the runtime and dev dependencies (DJA152).

    Args:
        data: The parsed TOML.
        path: The path to print.

    Returns:
        The DJA152 findings.
    """
    project = _table(data, "project")
    runtime = {normalise_name(item) for item in _strings(project.get("dependencies"))}
    optional = _table(data, "project", "optional-dependencies")
    default_groups = _table(data, "tool", "uv").get("default-groups")
    group_names = {"dev", *_strings(default_groups)}
    dev_items = [
        *(item for group in sorted(group_names) for item in _group(data, group)),
        *_strings(_table(data, "tool", "uv").get("dev-dependencies")),
        *_strings(optional.get("dev")),
    ]
    dev = {normalise_name(item) for item in dev_items} | runtime
    found: list[HookFinding] = []
    if "dependencies" not in _strings(project.get("dynamic")):
        found.extend(
            finding(
                path,
                1,
                rules.MissingDependency,
                group="runtime",
                package=package,
                command=f"uv add {package}",
            )
            for package in RUNTIME_PACKAGES
            if package not in runtime
        )
    found.extend(
        finding(
            path,
            1,
            rules.MissingDependency,
            group="dev",
            package=package,
            command=f"uv add --dev {package}",
        )
        for package in DEV_PACKAGES
        if package not in dev
    )
    return found


@guard_broken_pipe
def main(argv: Sequence[str] | None = None) -> int:
    """Run the hook on the ``pyproject.toml`` files given as arguments.

    Args:
        argv: Command-line arguments (default: ``sys.argv[1:]``).

    Returns:
        0 when clean, 1 with findings, 2 on unusable input.
    """
    return run_file_hook(
        argv,
        "djarch-pyproject",
        "Check pyproject.toml against the seed's Ruff, pytest and dependency settings, uv.lock and the Python pin (DJA150-DJA154).",
        is_pyproject,
        check_pyproject,
    )
