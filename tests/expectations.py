"""Inline expectations in fixture files, compared both ways.

A fixture line carrying ``# error: DJA001`` expects that code reported on that
line; several codes are comma-separated, and ``DJA050@12`` also pins the
1-based column flake8 prints.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

EXPECT_RE = re.compile(
    r"#\s*error:\s*(?P<codes>DJA\d{3}(?:@\d+)?(?:\s*,\s*DJA\d{3}(?:@\d+)?)*)"
)
OUTPUT_RE = re.compile(
    r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<code>DJA\d{3}) (?P<text>.*)$"
)

Key = tuple[str, int, str]


def expected(path: Path, rel: str) -> tuple[Counter[Key], dict[Key, int]]:
    """Read the expectations of one fixture file.

    Args:
        path: The fixture file.
        rel: Its path relative to the fixture project root.

    Returns:
        A multiset of ``(rel, line, code)`` and the pinned columns.
    """
    return expected_in_text(path.read_text(encoding="utf-8"), rel)


def expected_in_text(text: str, rel: str) -> tuple[Counter[Key], dict[Key, int]]:
    """Read the expectations of one module's text.

    Args:
        text: The module text.
        rel: The path to key the expectations with.

    Returns:
        A multiset of ``(rel, line, code)`` and the pinned columns.
    """
    found: Counter[Key] = Counter()
    columns: dict[Key, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        match = EXPECT_RE.search(line)
        if match is None:
            continue
        for item in re.split(r"\s*,\s*", match.group("codes")):
            code, _, col = item.partition("@")
            key = (rel, number, code)
            found[key] += 1
            if col:
                columns[key] = int(col)
    return found, columns


def parse_output(text: str) -> list[tuple[str, int, int, str, str]]:
    """Parse flake8-style output lines that carry DJA codes.

    Args:
        text: flake8's standard output.

    Returns:
        ``(path, line, col, code, message)`` per DJA line.
    """
    rows = []
    for line in text.splitlines():
        match = OUTPUT_RE.match(line.strip())
        if match:
            path = match.group("path").removeprefix("./")
            rows.append(
                (
                    path,
                    int(match.group("line")),
                    int(match.group("col")),
                    match.group("code"),
                    match.group("text"),
                )
            )
    return rows


def compare(
    want: Counter[Key],
    columns: dict[Key, int],
    got: list[tuple[str, int, int, str, str]],
) -> list[str]:
    """Compare expectations with findings both ways.

    Args:
        want: Expected ``(path, line, code)`` multiset.
        columns: Pinned columns for some keys.
        got: Reported findings.

    Returns:
        Human-readable differences; empty when they agree.
    """
    have: Counter[Key] = Counter((path, line, code) for path, line, _, code, _ in got)
    problems = [
        f"missing {path}:{line}: {code}"
        for (path, line, code), n in (want - have).items()
        for _ in range(n)
    ]
    problems += [
        f"unexpected {path}:{line}:{col}: {code} {text}"
        for path, line, col, code, text in got
        if have[(path, line, code)] > want[(path, line, code)]
    ]
    for key, col in columns.items():
        cols = [c for path, line, c, code, _ in got if (path, line, code) == key]
        if cols and col not in cols:
            problems.append(f"column {key}: expected {col}, got {cols}")
    return sorted(set(problems))
