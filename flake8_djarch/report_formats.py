"""One writer for every output format of ``djarch check`` and the hooks.

Formats: ``concise`` (``path:line:col: CODE message``, the default),
``json`` (schema below), ``json-lines`` (one finding object per line),
``github`` (workflow commands that GitHub renders as annotations),
``sarif`` (SARIF 2.1.0 with rule metadata from the registry), ``gitlab``
(Code Quality report) and ``junit`` (one test case per finding).

JSON schema ``flake8-djarch/findings`` version 1::

    {"schema": "flake8-djarch/findings", "version": 1, "root": str,
     "findings": [FINDING...],
     "summary": {"total": int, "errors": int, "warnings": int,
                 "by_code": {CODE: int}, "text": str},
     "baseline": null | {"path": str, "stale": int},
     "errors": [str]}
    FINDING = {"code": str, "name": str, "message": str, "path": str,
               "line": int, "col": int,
               "start": {"line": int, "column": int},
               "end": {"line": int, "column": int},
               "severity": "error" | "warning", "url": str}

Columns are 1-based; ``end`` equals ``start`` when a rule knows only where a
finding starts. ``url`` is the rule page's path in the flake8-djarch
repository (``docs/rules/DJA080.md``); ``djarch rule CODE`` prints the same.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass
from operator import attrgetter
from typing import TYPE_CHECKING, Any, NamedTuple

from flake8_djarch import __version__
from flake8_djarch.project.files import shown
from flake8_djarch.violations import by_code

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from typing import TextIO

FORMATS = ("concise", "json", "json-lines", "github", "sarif", "gitlab", "junit")
SCHEMA = "flake8-djarch/findings"
SCHEMA_VERSION = 1
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
DOCS_PATH = "docs/rules/{code}.md"
#: Lines joined per write when printing many findings.
CHUNK_LINES = 4096


class Record(NamedTuple):
    """One finding as printed.

    A named tuple, not a dataclass: a run builds, hashes and sorts 100k of
    them, and tuples do that in C (the order is the fields' order).

    Attributes:
        path: The path as printed.
        line: 1-based start line.
        col: 1-based start column.
        code: The rule code.
        message: The text after the code.
        end_line: 1-based end line (0: same as ``line``).
        end_col: 1-based end column (0: same as ``col``).
        severity: ``"error"`` or ``"warning"``.
    """

    path: str
    line: int
    col: int
    code: str
    message: str
    end_line: int = 0
    end_col: int = 0
    severity: str = "error"

    @property
    def end(self) -> tuple[int, int]:
        """The end position, defaulting to the start.

        Returns:
            ``(line, column)``.
        """
        if self.end_line < self.line or (
            self.end_line == self.line and self.end_col < self.col
        ):
            return self.line, self.col
        return self.end_line, self.end_col

    @property
    def name(self) -> str:
        """The rule's name from the registry.

        Returns:
            The kebab-case name, or empty for an unknown code.
        """
        violation = by_code(self.code)
        return violation.name if violation is not None else ""


@dataclass(frozen=True)
class Outcome:
    """Everything a run reports besides its findings.

    Attributes:
        root: The project root as typed (or ``.``).
        errors: One line per unusable input.
        baseline: The baseline file used, if any.
        stale: How many baseline entries no finding matched.
    """

    root: str = "."
    errors: tuple[str, ...] = ()
    baseline: str = ""
    stale: int = 0


def summary(records: Sequence[Record]) -> str:
    """Summarise findings by code.

    Args:
        records: The findings.

    Returns:
        ``no findings`` or e.g. ``3 findings: DJA041 x2, DJA110 x1``.
    """
    if not records:
        return "no findings"
    counts = Counter(map(_CODE, records))
    noun = "finding" if len(records) == 1 else "findings"
    parts = ", ".join(f"{code} x{counts[code]}" for code in sorted(counts))
    return f"{len(records)} {noun}: {parts}"


def finding_object(record: Record) -> dict[str, Any]:
    """Describe one finding for ``json`` and ``json-lines``.

    Args:
        record: The finding.

    Returns:
        The JSON object of the schema's FINDING.
    """
    end_line, end_col = record.end
    return {
        "code": record.code,
        "name": record.name,
        "message": record.message,
        "path": shown(record.path),
        "line": record.line,
        "col": record.col,
        "start": {"line": record.line, "column": record.col},
        "end": {"line": end_line, "column": end_col},
        "severity": record.severity,
        "url": DOCS_PATH.format(code=record.code),
    }


def concise_line(record: Record) -> str:
    """Render one finding flake8-style.

    Args:
        record: The finding.

    Returns:
        ``path:line:col: CODE message``, `` (warning)`` appended for warnings.
    """
    marker = " (warning)" if record.severity == "warning" else ""
    return (
        f"{shown(record.path)}:{record.line}:{record.col}: "
        f"{record.code} {shown(record.message)}{marker}"
    )


class _Escaped(dict[str, str]):
    """Texts escaped for printing, each escaped once."""

    def __missing__(self, text: str) -> str:
        """Escape a text seen for the first time.

        Args:
            text: The text.

        Returns:
            :func:`shown` of it.
        """
        self[text] = escaped = shown(text)
        return escaped


class _Markers(dict[str, str]):
    """What follows a concise line: `` (warning)`` for a warning."""

    def __missing__(self, severity: str) -> str:
        """Mark any severity other than a warning with nothing.

        Args:
            severity: The severity.

        Returns:
            The marker.
        """
        return ""


_MARKERS = _Markers({"warning": " (warning)", "error": ""})
_CODE = attrgetter("code")
_MESSAGE = attrgetter("message")
#: The Latin-1 characters :func:`shown` escapes.
_UNPRINTABLE_LATIN1 = bytes(
    code for code in range(0x100) if not chr(code).isprintable()
)


def _printable(text: str) -> bool:
    """Tell whether a text prints unescaped, as ``str.isprintable`` does.

    Args:
        text: The text.

    Returns:
        True when :func:`shown` leaves it unchanged.
    """
    try:
        data = text.encode("latin-1")
    except UnicodeEncodeError:
        return text.isprintable()
    # Deleting bytes through a table is several times faster than the
    # per-character Unicode look-up of isprintable (12 MB of messages).
    return len(data.translate(None, _UNPRINTABLE_LATIN1)) == len(data)


def _concise(records: Sequence[Record], outcome: Outcome, out: TextIO) -> None:
    """Write ``path:line:col: CODE message`` lines and the summary.

    Args:
        records: The findings.
        outcome: The run's outcome.
        out: The stream.
    """
    # concise_line inlined (100k findings): one escape per path, lines
    # formatted and written a chunk at a time, a chunk's messages escaped
    # only when one of them needs it.
    paths = _Escaped()
    markers = _MARKERS
    for start in range(0, len(records), CHUNK_LINES):
        chunk = records[start : start + CHUNK_LINES]
        if _printable("".join(map(_MESSAGE, chunk))):
            lines = [
                f"{paths[path]}:{line_no}:{col}: {code} {message}{markers[severity]}\n"
                for path, line_no, col, code, message, _, _, severity in chunk
            ]
        else:
            lines = [
                f"{paths[path]}:{line_no}:{col}: {code} {shown(message)}"
                f"{markers[severity]}\n"
                for path, line_no, col, code, message, _, _, severity in chunk
            ]
        out.write("".join(lines))
    line = summary(records)
    if outcome.baseline:
        line += f"; baseline {outcome.baseline}: {outcome.stale} stale"
        line += " entry" if outcome.stale == 1 else " entries"
    out.write(line + "\n")


def _json(records: Sequence[Record], outcome: Outcome, out: TextIO) -> None:
    """Write the versioned JSON document.

    Args:
        records: The findings.
        outcome: The run's outcome.
        out: The stream.
    """
    warnings = sum(1 for record in records if record.severity == "warning")
    payload = {
        "schema": SCHEMA,
        "version": SCHEMA_VERSION,
        "root": outcome.root,
        "findings": [finding_object(record) for record in records],
        "summary": {
            "total": len(records),
            "errors": len(records) - warnings,
            "warnings": warnings,
            "by_code": dict(sorted(Counter(r.code for r in records).items())),
            "text": summary(records),
        },
        "baseline": (
            {"path": outcome.baseline, "stale": outcome.stale}
            if outcome.baseline
            else None
        ),
        "errors": list(outcome.errors),
    }
    out.write(json.dumps(payload, indent=2) + "\n")


def _json_lines(records: Sequence[Record], _outcome: Outcome, out: TextIO) -> None:
    """Write one finding object per line.

    Args:
        records: The findings.
        _outcome: Unused: the stream holds findings only.
        out: The stream.
    """
    for record in records:
        out.write(json.dumps(finding_object(record), sort_keys=True) + "\n")


def github_escape(text: str, *, prop: bool = False) -> str:
    """Escape text for a GitHub workflow command.

    Args:
        text: The text.
        prop: True for a property value, where ``:`` and ``,`` also need escaping.

    Returns:
        The escaped text.
    """
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return shown(text)


def github_line(record: Record) -> str:
    """Render one finding as a GitHub workflow annotation command.

    Args:
        record: The finding.

    Returns:
        e.g. ``::error file=a.py,line=3,col=5,endLine=3,endColumn=9,title=DJA080 (name)::message``.
    """
    end_line, end_col = record.end
    title = f"{record.code} ({record.name})" if record.name else record.code
    props = ",".join(
        (
            f"file={github_escape(record.path, prop=True)}",
            f"line={record.line}",
            f"col={record.col}",
            f"endLine={end_line}",
            f"endColumn={end_col}",
            f"title={github_escape(title, prop=True)}",
        )
    )
    return f"::{record.severity} {props}::{github_escape(record.message)}"


def _github(records: Sequence[Record], _outcome: Outcome, out: TextIO) -> None:
    """Write GitHub annotations.

    Args:
        records: The findings.
        _outcome: Unused.
        out: The stream.
    """
    for record in records:
        out.write(github_line(record) + "\n")


def sarif_document(records: Sequence[Record], outcome: Outcome) -> dict[str, Any]:
    """Build a SARIF 2.1.0 log.

    Args:
        records: The findings.
        outcome: The run's outcome.

    Returns:
        The log as a JSON-ready dict.
    """
    codes = sorted({record.code for record in records})
    index = {code: number for number, code in enumerate(codes)}
    rules = []
    for code in codes:
        violation = by_code(code)
        rule: dict[str, Any] = {
            "id": code,
            "helpUri": DOCS_PATH.format(code=code),
        }
        if violation is not None:
            rule.update(
                {
                    "name": violation.name,
                    "shortDescription": {"text": violation.summary()},
                    "fullDescription": {"text": violation.doc() or violation.summary()},
                    "help": {
                        "text": violation.doc() or violation.summary(),
                        "markdown": violation.doc() or violation.summary(),
                    },
                    "properties": {
                        "tags": [violation.family],
                        "seed": violation.seed,
                    },
                }
            )
        rules.append(rule)
    results = []
    for record in records:
        end_line, end_col = record.end
        results.append(
            {
                "ruleId": record.code,
                "ruleIndex": index[record.code],
                "level": record.severity,
                "message": {"text": record.message},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": shown(record.path)},
                            "region": {
                                "startLine": record.line,
                                "startColumn": record.col,
                                "endLine": end_line,
                                "endColumn": end_col,
                            },
                        }
                    }
                ],
            }
        )
    notifications = [
        {"level": "error", "message": {"text": line}} for line in outcome.errors
    ]
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "flake8-djarch",
                "version": __version__,
                "rules": rules,
            }
        },
        "results": results,
    }
    if notifications:
        run["invocations"] = [
            {
                "executionSuccessful": False,
                "toolExecutionNotifications": notifications,
            }
        ]
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def _sarif(records: Sequence[Record], outcome: Outcome, out: TextIO) -> None:
    """Write a SARIF log.

    Args:
        records: The findings.
        outcome: The run's outcome.
        out: The stream.
    """
    out.write(json.dumps(sarif_document(records, outcome), indent=2) + "\n")


def _gitlab(records: Sequence[Record], _outcome: Outcome, out: TextIO) -> None:
    """Write a GitLab Code Quality report.

    Args:
        records: The findings.
        _outcome: Unused.
        out: The stream.
    """
    issues = []
    for record in records:
        key = f"{record.path}\0{record.line}\0{record.col}\0{record.code}\0{record.message}"
        issues.append(
            {
                "description": f"{record.code} {record.message}",
                "check_name": record.code,
                "fingerprint": hashlib.sha256(key.encode("utf-8")).hexdigest(),
                "severity": "major" if record.severity == "error" else "minor",
                "location": {
                    "path": shown(record.path),
                    "lines": {"begin": record.line, "end": record.end[0]},
                },
            }
        )
    out.write(json.dumps(issues, indent=2) + "\n")


def _junit(records: Sequence[Record], outcome: Outcome, out: TextIO) -> None:
    """Write a JUnit XML report: one failing test case per finding.

    Args:
        records: The findings.
        outcome: The run's outcome.
        out: The stream.
    """
    # Imported here: xml.sax.saxutils pulls in urllib.request and http.client.
    from xml.sax.saxutils import escape, quoteattr  # noqa: PLC0415

    failures = sum(1 for record in records if record.severity == "error")
    cases = []
    for record in records:
        path, message = shown(record.path), shown(record.message)
        name = quoteattr(f"{path}:{record.line}:{record.col} {record.code}")
        text = escape(f"{path}:{record.line}:{record.col}: {record.code} {message}")
        tag = "failure" if record.severity == "error" else "skipped"
        cases.append(
            f"    <testcase classname={quoteattr(path)} name={name}>\n"
            f"      <{tag} type={quoteattr(record.code)} message={quoteattr(message)}>{text}</{tag}>\n"
            "    </testcase>\n"
        )
    cases.extend(
        f'    <testcase classname="djarch" name={quoteattr(line)}>\n'
        f"      <error message={quoteattr(line)}/>\n"
        "    </testcase>\n"
        for line in outcome.errors
    )
    if not cases:
        cases.append('    <testcase classname="djarch" name="no findings"/>\n')
    out.write('<?xml version="1.0" encoding="utf-8"?>\n')
    out.write("<testsuites>\n")
    out.write(
        f'  <testsuite name="flake8-djarch" tests="{len(cases)}" '
        f'failures="{failures}" errors="{len(outcome.errors)}" '
        f'skipped="{len(records) - failures}">\n'
    )
    out.write("".join(cases))
    out.write("  </testsuite>\n</testsuites>\n")


WRITERS: dict[str, Callable[[Sequence[Record], Outcome, TextIO], None]] = {
    "concise": _concise,
    "json": _json,
    "json-lines": _json_lines,
    "github": _github,
    "sarif": _sarif,
    "gitlab": _gitlab,
    "junit": _junit,
}


def write(
    records: Sequence[Record], fmt: str, out: TextIO, outcome: Outcome | None = None
) -> None:
    """Write findings in a format.

    Args:
        records: The findings, in the order to print.
        fmt: One of :data:`FORMATS` (``text`` is an alias of ``concise``).
        out: The stream.
        outcome: Root, unusable inputs and baseline state.
    """
    WRITERS["concise" if fmt == "text" else fmt](records, outcome or Outcome(), out)
