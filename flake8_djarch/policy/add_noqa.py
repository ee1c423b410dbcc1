"""``djarch check --add-noqa``: silence today's findings in place, nothing else.

Only file kinds whose end-of-line ``#`` comments cannot change meaning are
edited: Python (the comment goes on the last line of flake8's token run, never
inside a string), TOML and YAML. Each edited file is parsed again and kept only
when its data is unchanged; other findings are listed for a manual decision.
"""

from __future__ import annotations

import ast
import re
import tomllib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from flake8_djarch.policy import noqa

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

    from flake8_djarch.policy.gate import Located


@dataclass
class Result:
    """What ``--add-noqa`` did.

    Attributes:
        files: Files changed.
        comments: Lines given a new or extended comment.
        skipped: Findings left alone (no comment syntax, or a re-parse differed).
    """

    files: int = 0
    comments: int = 0
    skipped: list[Located] = field(default_factory=list)


def _python_data(text: str) -> object:
    """Parse Python for comparison.

    Args:
        text: The module.

    Returns:
        The AST dump (comments do not appear in it).
    """
    return ast.dump(ast.parse(text))


def _yaml_data(text: str) -> object:
    """Parse YAML documents for comparison.

    Args:
        text: The file.

    Returns:
        The documents.
    """
    return list(yaml.safe_load_all(text))


PARSERS: dict[str, Callable[[str], object]] = {
    ".py": _python_data,
    ".toml": tomllib.loads,
    ".yml": _yaml_data,
    ".yaml": _yaml_data,
}


def _parser_for(path: str) -> Callable[[str], object] | None:
    """Choose the parser that proves an edit harmless.

    Args:
        path: The file.

    Returns:
        The parser, or ``None`` for kinds that are not edited.
    """
    return PARSERS.get(Path(path).suffix.lower())


def insert(records: Iterable[Located], reason: str = "") -> Result:
    """Add ``# noqa: CODE REASON`` comments for findings.

    Args:
        records: The findings to silence.
        reason: Text after the codes.

    Returns:
        What was done.
    """
    result = Result()
    by_path: dict[str, list[Located]] = defaultdict(list)
    for item in records:
        by_path[item.path].append(item)
    for path, group in sorted(by_path.items()):
        parser = _parser_for(path)
        if parser is None or not _edit_file(Path(path), group, parser, reason, result):
            result.skipped.extend(group)
    return result


def _edit_file(
    path: Path,
    group: Sequence[Located],
    parser: Callable[[str], object],
    reason: str,
    result: Result,
) -> bool:
    """Add comments to one file.

    Args:
        path: The file.
        group: Its findings.
        parser: Parses the file for the before/after comparison.
        reason: Text after the codes.
        result: Updated with the counts.

    Returns:
        False when the file was left alone (unreadable or the edit would
        change its meaning).
    """
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8")
        before = parser(text.removeprefix("\ufeff"))
    except (OSError, UnicodeDecodeError, ValueError, SyntaxError, yaml.YAMLError):
        return False
    # split at "\n" only: str.splitlines also splits at form feeds, which
    # would shift line numbers against the findings'
    lines = [line for line in re.split(r"(?<=\n)", text) if line]
    ranges = noqa.python_line_ranges(lines) if path.suffix == ".py" else {}
    codes: dict[int, list[str]] = defaultdict(list)
    for item in group:
        target = ranges.get(item.line, (item.line, item.line))[1]
        if not 1 <= target <= len(lines):
            return False
        if item.code not in codes[target]:
            codes[target].append(item.code)
    changed = 0
    for number, wanted in codes.items():
        line = lines[number - 1]
        body = line.rstrip("\r\n")
        new = noqa.with_codes(body, wanted, reason)
        if new != body:
            lines[number - 1] = new + line[len(body) :]
            changed += 1
    if not changed:
        return True
    new_text = "".join(lines)
    try:
        if parser(new_text.removeprefix("\ufeff")) != before:
            return False
    except (ValueError, SyntaxError, yaml.YAMLError):
        return False
    try:
        path.write_bytes(new_text.encode("utf-8"))
    except OSError:
        return False
    result.files += 1
    result.comments += changed
    return True
