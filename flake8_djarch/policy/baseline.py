"""Baselines: accept today's findings, report only new ones.

A finding's fingerprint is its path (relative to the baseline file's folder),
its code, its source line with whitespace collapsed, and its occurrence among
findings sharing those three, so it survives lines moving up or down and a
re-indent, and a second copy of an accepted line is still new.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

VERSION = 1
MAX_BYTES = 64 * 1024 * 1024


class BaselineError(Exception):
    """The baseline file cannot be read or has the wrong shape."""


@dataclass(frozen=True)
class Entry:
    """One accepted finding.

    Attributes:
        path: POSIX path relative to the baseline file's folder.
        code: The rule code.
        fingerprint: The line-move-proof fingerprint.
        line: Where it was when written (informative only).
        message: Its text when written (informative only).
    """

    path: str
    code: str
    fingerprint: str
    line: int = 0
    message: str = ""


def normalise(text: str) -> str:
    """Collapse whitespace of a source line.

    Args:
        text: The line.

    Returns:
        The line with runs of whitespace as one space, stripped.
    """
    return " ".join(text.split())


def fingerprints(path: str, items: Sequence[tuple[str, str]]) -> list[str]:
    """Fingerprint the findings of one file, in order.

    Args:
        path: The file relative to the baseline folder, POSIX form.
        items: ``(code, source line)`` per finding, in line order.

    Returns:
        One fingerprint per item.
    """
    seen: Counter[tuple[str, str]] = Counter()
    result = []
    for code, text in items:
        key = (code, normalise(text))
        occurrence = seen[key]
        seen[key] += 1
        digest = hashlib.sha256(
            "\0".join((path, code, key[1], str(occurrence))).encode("utf-8")
        ).hexdigest()
        result.append(digest[:20])
    return result


def relative_to(folder: str, path: str) -> str:
    """Express a file relative to the baseline folder.

    Args:
        folder: The absolute baseline folder.
        path: The file, absolute or relative to the current directory.

    Returns:
        The POSIX relative path.
    """
    try:
        return Path(os.path.relpath(Path(path).absolute(), folder)).as_posix()
    except ValueError:
        return Path(path).as_posix()


@dataclass
class Baseline:
    """A loaded baseline and which of its entries a run matched.

    Attributes:
        path: The baseline file.
        entries: The entries by fingerprint.
        matched: Fingerprints matched so far.
    """

    path: Path
    entries: dict[str, Entry]
    matched: set[str] = field(default_factory=set)

    @property
    def folder(self) -> str:
        """The absolute folder paths are relative to.

        Returns:
            The folder.
        """
        return str(self.path.absolute().parent)

    def accepts(self, fingerprint: str) -> bool:
        """Tell whether a finding is accepted, recording the match.

        Args:
            fingerprint: The finding's fingerprint.

        Returns:
            True for a baselined finding.
        """
        if fingerprint in self.entries:
            self.matched.add(fingerprint)
            return True
        return False

    def stale(self, judged_paths: Iterable[str] | None = None) -> list[Entry]:
        """List the entries no finding matched.

        Args:
            judged_paths: Restrict to entries of these relative paths (a run
                over some files only); ``None`` for all.

        Returns:
            The stale entries, sorted.
        """
        wanted = None if judged_paths is None else set(judged_paths)
        return sorted(
            (
                entry
                for fingerprint, entry in self.entries.items()
                if fingerprint not in self.matched
                and (wanted is None or entry.path in wanted)
            ),
            key=lambda entry: (entry.path, entry.line, entry.code),
        )


def load(path: Path) -> Baseline:
    """Read a baseline file.

    Args:
        path: The file.

    Returns:
        The baseline.

    Raises:
        BaselineError: When it is missing, too large or malformed.
    """
    if not path.exists():
        raise BaselineError(
            f"{path}: baseline file missing; write it with "
            f"`djarch check --write-baseline {path}`"
        )
    try:
        if path.stat().st_size > MAX_BYTES:
            raise BaselineError(f"{path}: baseline larger than {MAX_BYTES} bytes")
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise BaselineError(f"{path}: cannot read baseline: {exc}") from exc
    if not isinstance(data, dict) or data.get("version") != VERSION:
        raise BaselineError(f"{path}: not a version {VERSION} djarch baseline")
    raw = data.get("entries")
    if not isinstance(raw, list):
        raise BaselineError(f"{path}: baseline has no entries list")
    entries: dict[str, Entry] = {}
    for item in raw:
        if not isinstance(item, dict) or not all(
            isinstance(item.get(key), str) for key in ("path", "code", "fingerprint")
        ):
            raise BaselineError(f"{path}: malformed baseline entry {item!r}")
        line = item.get("line", 0)
        message = item.get("message", "")
        entries[item["fingerprint"]] = Entry(
            item["path"],
            item["code"],
            item["fingerprint"],
            line if isinstance(line, int) else 0,
            message if isinstance(message, str) else "",
        )
    return Baseline(path, entries)


def dump(entries: Iterable[Entry]) -> str:
    """Serialise entries as a baseline file.

    Args:
        entries: The accepted findings.

    Returns:
        The JSON text (sorted, one entry per line-friendly object).
    """
    ordered = sorted(
        entries,
        key=lambda entry: (entry.path, entry.line, entry.code, entry.fingerprint),
    )
    payload: dict[str, Any] = {
        "version": VERSION,
        "tool": "flake8-djarch",
        "entries": [
            {
                "path": entry.path,
                "code": entry.code,
                "line": entry.line,
                "fingerprint": entry.fingerprint,
                "message": entry.message,
            }
            for entry in ordered
        ],
    }
    return json.dumps(payload, indent=1) + "\n"
