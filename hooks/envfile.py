"""djarch-env: .env.example against the project's pydantic-settings classes."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from djarch_hooks.common import (
    HookFinding,
    UnusableInputError,
    display_join,
    drop_silenced,
    error_line,
    finding,
    guard_broken_pipe,
    guarded,
    non_secret_value,
    read_text,
    secret_like_key,
    write_report,
)
from djarch_hooks.layout import root_argument
from djarch_hooks.settings_finder import EnvField, project_env_fields

from flake8_djarch.violations import project as rules

if TYPE_CHECKING:
    from collections.abc import Sequence

ENV_EXAMPLE = ".env.example"
LINE_RE = re.compile(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*(?:=\s*(.*))?$")
PLACEHOLDER_WORDS = (
    "example",
    "placeholder",
    "xxx",
    "changeme",
    "change-me",
    "change_me",
    "change-this",
    "change_this",
    "changethis",
    "replace",
    "your-",
    "your_",
    "yourpassword",
    "yoursecret",
    "dummy",
    "fake",
    "sample",
    "redacted",
    "todo",
    "fixme",
    "set-me",
    "set_me",
    "fill-me",
    "fill_me",
    "not-set",
    "notset",
    "secret-here",
    "key-here",
    "...",
    "***",
)
PLACEHOLDER_VALUES = frozenset(
    {
        "secret",
        "password",
        "pass",
        "passwd",
        "token",
        "key",
        "test",
        "testing",
        "dev",
        "development",
        "local",
        "postgres",
        "admin",
        "none",
        "null",
        "nil",
        "empty",
        "default",
        "unset",
        "redis",
        "django",
        "app",
        "user",
    }
)


def parse_env(text: str) -> list[tuple[int, str, str]]:
    """Parse a dotenv file.

    Args:
        text: The file.

    Returns:
        ``(line, key, value)`` triples; values unquoted (a quoted value may
        span lines), inline comments after unquoted values removed.

    Raises:
        UnusableInputError: On a line that is neither a comment nor
            ``KEY=value``.
    """
    entries: list[tuple[int, str, str]] = []
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        number, line = index + 1, lines[index].strip()
        index += 1
        if not line or line.startswith("#"):
            continue
        match = LINE_RE.match(line)
        if match is None:
            raise UnusableInputError(
                f"line {number}: not a KEY=value line: {line[:40]!r}"
            )
        value = (match.group(2) or "").strip()
        quote = value[:1]
        if quote in {'"', "'"} and value.find(quote, 1) < 0:
            while index < len(lines) and quote not in lines[index]:
                value += "\n" + lines[index]
                index += 1
            if index >= len(lines):
                raise UnusableInputError(
                    f"line {number}: unterminated {quote} quoted value"
                )
            value += "\n" + lines[index]
            index += 1
        entries.append((number, match.group(1), _unquote(value)))
    return entries


def _unquote(value: str) -> str:
    """Remove quotes, or an inline comment, from a dotenv value.

    Args:
        value: The value.

    Returns:
        The bare value.
    """
    text = value.strip()
    if text[:1] in {'"', "'"}:
        quote = text[0]
        end = text.find(quote, 1)
        return text[1:end] if end > 0 else text[1:]
    # A linear scan: ``re.split(r"\s+#")`` is quadratic on long blank runs.
    index = text.find("#")
    while index > 0:
        if text[index - 1].isspace():
            return text[:index].strip()
        index = text.find("#", index + 1)
    return text


def is_placeholder(value: str, key: str = "") -> bool:
    """Tell whether a ``.env.example`` value is an obvious placeholder.

    Args:
        value: The unquoted value.
        key: The variable name (a value equal to it is a placeholder).

    Returns:
        ``True`` for empty values, ``change-me``, ``<...>``, anything with
        ``example`` / ``placeholder`` / ``xxx`` / ``your-`` and the like,
        interpolations, numbers and booleans.
    """
    text = value.strip()
    lower = text.lower()
    if not text or "$" in text or non_secret_value(text, key):
        return True
    if (
        (text.startswith("<") and text.endswith(">"))
        or text.startswith("{{")
        or text.startswith("[")
    ):
        return True
    if any(word in lower for word in PLACEHOLDER_WORDS):
        return True
    if (
        re.sub(r"[-_.\s]", "", lower) in PLACEHOLDER_VALUES
        or lower in PLACEHOLDER_VALUES
    ):
        return True
    if len(set(lower)) <= 2:
        return True
    return bool(key) and re.sub(r"[-_]", "", lower) == re.sub(r"[-_]", "", key.lower())


def check_env_text(text: str, fields: list[EnvField], path: str) -> list[HookFinding]:
    """Judge a ``.env.example`` text against the settings fields (DJA170, DJA171).

    Args:
        text: The ``.env.example`` content.
        fields: The settings fields and their env names.
        path: The path to print.

    Returns:
        The findings, ``# noqa`` not yet applied.
    """
    entries = parse_env(text)
    exact = {key for _, key, _ in entries}
    upper = {key.upper() for key in exact}
    found: list[HookFinding] = []
    for env in fields:
        keys = exact if env.case_sensitive else upper
        names = (
            env.names
            if env.case_sensitive
            else tuple(name.upper() for name in env.names)
        )
        prefixes = (
            env.prefixes
            if env.case_sensitive
            else tuple(item.upper() for item in env.prefixes)
        )
        if any(name in keys for name in names) or any(
            key.startswith(prefixes) for key in keys if prefixes
        ):
            continue
        shown = env.names[0] if env.case_sensitive else env.names[0].upper()
        found.append(
            finding(
                path,
                1,
                rules.EnvExampleMissingKey,
                env=shown,
                field=env.field,
                settings=f"{env.settings.rpartition('.')[2]} ({env.path})",
            )
        )
    found.extend(
        finding(path, number, rules.EnvExampleRealSecret, key=key)
        for number, key, value in entries
        if secret_like_key(key) and not is_placeholder(value, key)
    )
    return found


def check_env(root: Path, display_root: str) -> list[HookFinding]:
    """Judge a project's ``.env.example`` (DJA170, DJA171), noqa applied.

    Args:
        root: The project root.
        display_root: The root as typed, for printing.

    Returns:
        The findings.

    Raises:
        UnusableInputError: If ``.env.example`` exists but cannot be read.
    """
    path = root / ENV_EXAMPLE
    shown = display_join(display_root, ENV_EXAMPLE)
    fields = project_env_fields(root)
    if not os.path.lexists(path):
        return check_env_text("", fields, shown)
    text = read_text(path, root)
    return drop_silenced(check_env_text(text, fields, shown), text)


@guard_broken_pipe
def main(argv: Sequence[str] | None = None) -> int:
    """Run the env hook on ``--root``.

    Args:
        argv: Command-line arguments (default: ``sys.argv[1:]``).

    Returns:
        0 when clean, 1 with findings, 2 on unusable input.
    """
    root = root_argument(
        argv,
        "djarch-env",
        "Check .env.example against the project's settings (DJA170-DJA171).",
    )
    if not Path(root).is_dir():
        error_line(root, NotADirectoryError("project root is not a directory"))
        return 2
    try:
        found = guarded(lambda: check_env(Path(root), root))
    except UnusableInputError as exc:
        error_line(display_join(root, ENV_EXAMPLE), exc)
        return 2
    return 1 if write_report(found) else 0
