"""An exact, line-based reader of Google-style docstrings.

The docstring rules (DJA060-DJA067) need to know which section headers a
docstring has and on which line, the order of its ``Args:`` entries, and which
headers are misspelled or foreign (NumPy underlines, reST fields). General
docstring libraries such as ``docstring_parser`` answer a different question:
they silently treat an unknown header as description text, accept
``Params:`` as ``Args:`` and keep no line positions, so this module reads the
docstring itself, in one pass over its lines.

Decisions, all documented in the rule docs:

* Lines after the first are dedented by their common indentation (as
  :func:`inspect.cleandoc` does); "base indentation" is column 0 after that.
* A Google header is a line at base indentation that starts with a capital
  letter and whose text before ``:`` is one of :data:`GOOGLE_SECTIONS`
  (``See also`` counts); text after the colon is the section's first line
  of content (``Returns: The total.`` counts).
* An unknown header looks like a header: at base indentation, not the
  continuation of a prose paragraph (the line above is blank, indented or
  the summary), and either one to three words each starting with a capital
  letter, ending with ``:`` and directly followed by an indented line, or a
  capitalised misspelling of a Google header from :data:`MISSPELLED`
  (``Return:``, ``Params:``) whatever follows it.
* Nothing inside a fenced code block (````` or ``~~~``) or an indented block
  is a header, an underline or a reST field.
* A section ends at the next line at base indentation; blank lines and
  multi-paragraph descriptions do not end it. Its entries are the lines at
  the indentation of its first content line; deeper lines continue them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Canonical Google section name per lower-cased header text.
GOOGLE_SECTIONS: dict[str, str] = {
    "args": "Args",
    "arguments": "Args",
    "attributes": "Attributes",
    "example": "Examples",
    "examples": "Examples",
    "keyword args": "Keyword Args",
    "keyword arguments": "Keyword Args",
    "note": "Notes",
    "notes": "Notes",
    "raises": "Raises",
    "references": "References",
    "returns": "Returns",
    "see also": "See Also",
    "todo": "Todo",
    "warning": "Warnings",
    "warnings": "Warnings",
    "warns": "Warns",
    "yields": "Yields",
}

#: Headers that are near misses of a Google header, with the header to use.
MISSPELLED: dict[str, str] = {
    "arg": "Args",
    "argument": "Args",
    "param": "Args",
    "params": "Args",
    "parameter": "Args",
    "parameters": "Args",
    "other parameters": "Args",
    "keyword argument": "Keyword Args",
    "kwargs": "Keyword Args",
    "return": "Returns",
    "return value": "Returns",
    "returns value": "Returns",
    "yield": "Yields",
    "raise": "Raises",
    "throws": "Raises",
    "exception": "Raises",
    "exceptions": "Raises",
    "attribute": "Attributes",
}

#: reST / Epytext field names, grouped into the Google section each replaces.
_FIELD_GROUPS: dict[str, str] = {
    "param": "Args",
    "parameter": "Args",
    "arg": "Args",
    "argument": "Args",
    "key": "Args",
    "keyword": "Args",
    "type": "Args",
    "return": "Returns",
    "returns": "Returns",
    "rtype": "Returns",
    "raise": "Raises",
    "raises": "Raises",
    "except": "Raises",
    "exception": "Raises",
    "yield": "Yields",
    "yields": "Yields",
    "ytype": "Yields",
    "ivar": "Attributes",
    "cvar": "Attributes",
    "var": "Attributes",
    "vartype": "Attributes",
}

_HEADER_RE = re.compile(r"^(?P<title>[A-Za-z]+(?: [A-Za-z]+){0,2}):(?!:)(?P<rest>.*)$")
_UNDERLINE_RE = re.compile(r"^(?:-{3,}|={3,})$")
_FIELD_RE = re.compile(r"^[:@](?P<field>[a-z]+)\b[^:]*:")
_FENCE_RE = re.compile(r"^(?:```|~~~)")
_ARG_ENTRY_RE = re.compile(r"^(?P<name>\*{0,2}[A-Za-z_]\w*)\s*(?:\(.*\))?\s*:(?:\s|$)")
_RAISES_ENTRY_RE = re.compile(
    r"^(?P<names>[A-Za-z_][\w.]*(?:\s*,\s*[A-Za-z_][\w.]*)*)\s*(?::(?:\s|$)|$)"
)
_ROLE_RE = re.compile(r":[\w:]+:`~?([^`]*)`")
_TITLE_MAX_WORDS = 4


@dataclass(frozen=True)
class Entry:
    """One entry of a section such as ``Args:`` or ``Raises:``.

    Attributes:
        name: The documented name as written, backslash escapes removed
            (``*args``, ``amount``, ``ValidationError``).
        line: The 0-based line of the entry within the docstring.
    """

    name: str
    line: int


@dataclass(frozen=True)
class Section:
    """A section introduced by a header line.

    Attributes:
        title: The header text without the colon, as written.
        kind: The canonical Google section name, or ``None`` when the header
            is not a Google section.
        line: The 0-based line of the header within the docstring.
        entries: The section's entries, in order.
    """

    title: str
    kind: str | None
    line: int
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class StyleProblem:
    """A piece of docstring markup that is not Google style.

    Attributes:
        line: The 0-based line within the docstring.
        what: What was found, e.g. ``section header 'Return:'``.
        fix: What to write instead.
    """

    line: int
    what: str
    fix: str


@dataclass(frozen=True)
class Docstring:
    """The parts of a docstring the rules judge.

    Attributes:
        lines: The cleaned lines (first line stripped, the others dedented).
        summary_problem: Why the summary is malformed, or ``None``.
        sections: Every header-introduced section, in order.
        problems: Non-Google markup, one per offending section.
    """

    lines: tuple[str, ...]
    summary_problem: str | None
    sections: tuple[Section, ...]
    problems: tuple[StyleProblem, ...]

    @property
    def is_blank(self) -> bool:
        """Whether the docstring holds nothing but whitespace."""
        return not any(line.strip() for line in self.lines)

    def has(self, kind: str) -> bool:
        """Tell whether a Google section of one kind is present.

        Args:
            kind: A canonical name such as ``"Returns"``.

        Returns:
            True when at least one such section exists.
        """
        return any(section.kind == kind for section in self.sections)

    def entries(self, kind: str) -> list[Entry]:
        """Collect the entries of every section of one kind.

        Args:
            kind: A canonical name such as ``"Args"``.

        Returns:
            The entries in docstring order.
        """
        return [
            entry
            for section in self.sections
            if section.kind == kind
            for entry in section.entries
        ]


def clean_lines(raw: str) -> list[str]:
    """Split a docstring into lines and remove its indentation.

    Args:
        raw: The docstring as the string literal holds it.

    Returns:
        The lines: the first stripped, the others dedented by their common
        indentation and right-stripped; tabs expand to 8 columns.
    """
    lines = raw.expandtabs(8).splitlines() or [""]
    rest = lines[1:]
    margin = min((_indent(line) for line in rest if line.strip()), default=0)
    return [lines[0].strip()] + [line[margin:].rstrip() for line in rest]


def _indent(line: str) -> int:
    """Measure a line's indentation.

    Args:
        line: A line without tabs.

    Returns:
        The number of leading whitespace characters.
    """
    return len(line) - len(line.lstrip())


def parse(raw: str) -> Docstring:
    """Read the summary, sections and foreign markup of a docstring.

    Args:
        raw: The docstring as the string literal holds it.

    Returns:
        The parsed docstring.
    """
    lines = clean_lines(raw)
    fenced = _fenced_lines(lines)
    headers = _headers(lines, fenced)
    sections = tuple(
        _section(lines, fenced, headers, index) for index in range(len(headers))
    )
    problems = [
        StyleProblem(
            line,
            f"section header '{title}:' is not a Google section",
            _header_fix(title),
        )
        for line, title, kind in headers
        if kind is None
    ]
    problems.extend(_foreign_markup(lines, fenced))
    problems.sort(key=lambda problem: problem.line)
    header_lines = {line for line, _, _ in headers}
    return Docstring(
        lines=tuple(lines),
        summary_problem=_summary_problem(lines, header_lines),
        sections=sections,
        problems=tuple(problems),
    )


def _fenced_lines(lines: list[str]) -> set[int]:
    """Find the lines inside fenced code blocks, fences included.

    Args:
        lines: The cleaned lines.

    Returns:
        Their indexes.
    """
    fenced: set[int] = set()
    inside = False
    for index, line in enumerate(lines):
        if _FENCE_RE.match(line.lstrip()):
            fenced.add(index)
            inside = not inside
        elif inside:
            fenced.add(index)
    return fenced


def _headers(lines: list[str], fenced: set[int]) -> list[tuple[int, str, str | None]]:
    """Find the section headers, Google or not.

    Args:
        lines: The cleaned lines.
        fenced: Indexes of lines inside code fences.

    Returns:
        ``(line, title, kind)`` per header; ``kind`` is ``None`` for a header
        that is not a Google section.
    """
    found: list[tuple[int, str, str | None]] = []
    for index in range(1, len(lines)):
        line = lines[index]
        if index in fenced or not line or line[0].isspace():
            continue
        match = _HEADER_RE.match(line)
        if match is None:
            continue
        title = match.group("title")
        if not title[0].isupper():
            continue
        key = title.lower()
        if key in GOOGLE_SECTIONS:
            found.append((index, title, GOOGLE_SECTIONS[key]))
            continue
        previous = lines[index - 1]
        if index > 1 and previous and not previous[0].isspace():
            continue
        if key in MISSPELLED or (
            not match.group("rest").strip()
            and all(word[0].isupper() for word in title.split())
            and index + 1 < len(lines)
            and lines[index + 1][:1].isspace()
        ):
            found.append((index, title, None))
    return found


def _section(
    lines: list[str],
    fenced: set[int],
    headers: list[tuple[int, str, str | None]],
    position: int,
) -> Section:
    """Build one section: its body runs to the next base-indented line.

    Args:
        lines: The cleaned lines.
        fenced: Indexes of lines inside code fences.
        headers: Every header found.
        position: Which header to build.

    Returns:
        The section with its entries.
    """
    start, title, kind = headers[position]
    entries: list[Entry] = []
    entry_indent: int | None = None
    for index in range(start + 1, len(lines)):
        line = lines[index]
        if not line.strip():
            continue
        indent = _indent(line)
        if indent == 0:
            break
        if entry_indent is None:
            entry_indent = indent
        if indent != entry_indent or index in fenced:
            continue
        entries.extend(Entry(name, index) for name in _entry_names(kind, line.strip()))
    return Section(title=title, kind=kind, line=start, entries=tuple(entries))


def _entry_names(kind: str | None, text: str) -> list[str]:
    """Read the documented name(s) of one entry line.

    Args:
        kind: The section kind.
        text: The stripped entry line.

    Returns:
        The names; empty when the line is not an entry.
    """
    if kind in {"Args", "Keyword Args", "Attributes"}:
        match = _ARG_ENTRY_RE.match(text.replace("\\", "").replace("`", ""))
        return [match.group("name")] if match else []
    if kind == "Raises":
        plain = _ROLE_RE.sub(r"\1", text).replace("`", "").replace("~", "")
        match = _RAISES_ENTRY_RE.match(plain)
        if match is None:
            return []
        return [name.strip() for name in match.group("names").split(",")]
    return []


def _foreign_markup(lines: list[str], fenced: set[int]) -> list[StyleProblem]:
    """Find NumPy underlined sections and reST/Epytext field lists.

    Args:
        lines: The cleaned lines.
        fenced: Indexes of lines inside code fences.

    Returns:
        One problem per underlined section and per group of fields that
        stands for one Google section (``:param`` and ``:type`` are ``Args``).
    """
    problems: list[StyleProblem] = []
    groups: set[str] = set()
    for index, line in enumerate(lines):
        if index in fenced or not line or line[0].isspace():
            continue
        if _UNDERLINE_RE.match(line) and index >= 1 and index - 1 not in fenced:
            title = lines[index - 1]
            if (
                title
                and not title[0].isspace()
                and len(title.split()) <= _TITLE_MAX_WORDS
            ):
                problems.append(
                    StyleProblem(
                        index - 1,
                        f"NumPy/reST underlined section '{title.strip()}'",
                        f"write a Google header such as '{_numpy_fix(title)}:' with indented entries",
                    )
                )
            continue
        match = _FIELD_RE.match(line)
        if match is None:
            continue
        group = _FIELD_GROUPS.get(match.group("field"))
        if group is None or group in groups:
            continue
        groups.add(group)
        problems.append(
            StyleProblem(
                index,
                f"{'Epytext' if line.startswith('@') else 'reST'} field '{match.group(0)}'",
                f"write a Google '{group}:' section with indented entries",
            )
        )
    return problems


def _numpy_fix(title: str) -> str:
    """Name the Google header that replaces a NumPy section title.

    Args:
        title: The underlined title, e.g. ``Parameters``.

    Returns:
        The Google header text without the colon.
    """
    key = title.strip().lower()
    return GOOGLE_SECTIONS.get(key) or MISSPELLED.get(key) or "Args"


def _header_fix(title: str) -> str:
    """Suggest what to write instead of a non-Google header.

    Args:
        title: The header text without the colon.

    Returns:
        The fix part of the message.
    """
    replacement = MISSPELLED.get(title.lower())
    if replacement is not None:
        return f"write '{replacement}:' instead"
    return "use a Google section (Args, Returns, Raises, Yields, Examples, Notes, ...) or plain prose"


def _summary_problem(lines: list[str], header_lines: set[int]) -> str | None:
    """Judge the summary, the docstring's first paragraph.

    Args:
        lines: The cleaned lines.
        header_lines: Indexes of section header lines.

    Returns:
        The first problem found, or ``None`` for a good summary.
    """
    if not lines[0]:
        return "does not start on the first line"
    end = 1
    while end < len(lines) and lines[end].strip():
        end += 1
    if end > 1:
        if 1 in header_lines:
            return "is not followed by a blank line"
        return "spans more than one line"
    if not lines[0].endswith("."):
        return "does not end with '.'"
    return None
