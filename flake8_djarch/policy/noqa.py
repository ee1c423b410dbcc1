"""One reading of ``# noqa`` comments for every file kind, flake8's own.

flake8 silences plugin codes itself; ``djarch check``, the hooks and the
baseline read comments with the same expression and the same prefix rule, so a
comment means the same thing in a Dockerfile as in a module.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

# flake8.defaults.NOQA_INLINE_REGEXP, copied so that hooks need not import
# flake8; tests/test_policy.py fails when flake8 changes it.
NOQA_RE = re.compile(
    r"# noqa(?::[\s]?(?P<codes>([A-Z]+[0-9]+(?:[,\s]+)?)+))?",
    re.IGNORECASE,
)
# flake8.defaults.NOQA_FILE: a line holding only this skips the whole module.
NOQA_FILE_RE = re.compile(r"\s*# flake8[:=]\s*noqa", re.IGNORECASE)
CODE_RE = re.compile(r"[A-Z]+[0-9]+", re.IGNORECASE)


@dataclass(frozen=True)
class Noqa:
    """A ``# noqa`` comment.

    Attributes:
        codes: The codes or prefixes it names, as written (flake8 compares
            them case-sensitively: ``# noqa: dja080`` silences nothing, and
            both tools must report the same findings); empty for a bare
            ``# noqa`` that silences everything.
        start: Column of the ``#`` in the searched text.
    """

    codes: frozenset[str]
    start: int

    def silences(self, code: str) -> bool:
        """Tell whether this comment silences a code.

        Args:
            code: The finding's code.

        Returns:
            True for a bare comment, or one naming the code or a prefix of it.
        """
        return not self.codes or code.startswith(tuple(self.codes))


def parse(text: str) -> Noqa | None:
    """Find the ``# noqa`` comment in a line.

    Args:
        text: One line (or, for Python, the lines of one logical line).

    Returns:
        The comment, or ``None`` when there is none.
    """
    match = NOQA_RE.search(text)
    if match is None:
        return None
    listed = match.group("codes") or ""
    return Noqa(frozenset(CODE_RE.findall(listed)), match.start())


def silenced(code: str, text: str) -> bool:
    """Tell whether the ``# noqa`` comment of a line silences a code.

    Args:
        code: The finding's code.
        text: The finding's line.

    Returns:
        True when a comment on the line silences the code.
    """
    comment = parse(text)
    return comment is not None and comment.silences(code)


def python_line_ranges(lines: Sequence[str]) -> dict[int, tuple[int, int]]:
    """Map each line of a module to the token run flake8 reads ``# noqa`` in.

    flake8 joins the physical lines of one token run (a multi-line string or
    statement up to its NEWLINE/NL), so a comment after a closing triple quote
    covers every line of the string.

    Args:
        lines: The module's lines with their line ends.

    Returns:
        Line number to (first, last) line of its run; empty when the module
        does not tokenize.
    """
    ranges: dict[int, tuple[int, int]] = {}
    first, last = len(lines) + 2, -1
    try:
        for token in tokenize.generate_tokens(io.StringIO("".join(lines)).readline):
            if token.type in {tokenize.ENDMARKER, tokenize.DEDENT}:
                continue
            first = min(first, token.start[0])
            last = max(last, token.end[0])
            if token.type in {tokenize.NL, tokenize.NEWLINE}:
                ranges.update(dict.fromkeys(range(first, last + 1), (first, last)))
                first, last = len(lines) + 2, -1
    except (tokenize.TokenError, SyntaxError):
        return {}
    return ranges


def python_noqa_lines(lines: Sequence[str]) -> dict[int, str]:
    """Map each line of a module to the text flake8 searches for ``# noqa``.

    Args:
        lines: The module's lines with their line ends.

    Returns:
        Line number to searched text; empty when the module does not tokenize.
    """
    return {
        number: "".join(lines[first - 1 : last])
        for number, (first, last) in python_line_ranges(lines).items()
    }


#: Part of every line :data:`NOQA_FILE_RE` matches: one search of the whole
#: text proves most modules have no such line.
_FILE_HINT_RE = re.compile(r"flake8[:=]", re.IGNORECASE)
#: The start of every match of :data:`NOQA_RE`, within one physical line.
_MARK_RE = re.compile(r"# noqa", re.IGNORECASE)


def file_is_skipped(lines: Sequence[str]) -> bool:
    """Tell whether a module opts out with a ``# flake8: noqa`` line.

    Args:
        lines: The module's lines.

    Returns:
        True when a line starts with the directive, as flake8 decides.
    """
    text = "".join(lines)
    # ``8`` and ``:``/``=`` have no other case: two plain substring tests
    # settle most modules before the case-blind search.
    if ("8:" not in text and "8=" not in text) or _FILE_HINT_RE.search(text) is None:
        return False
    return any(NOQA_FILE_RE.match(line) for line in lines)


def _string_line_ends(tree: ast.Module) -> set[int]:
    """List the lines whose end lies inside a string literal of a module.

    Only nodes spanning several lines are entered (a one-line node holds no
    multi-line literal), so the walk costs the module's statements and its
    few multi-line expressions, not its every node.

    Args:
        tree: The parsed module.

    Returns:
        Every line ``k`` that a ``str``/``bytes`` constant or f-string spans
        together with line ``k + 1``.
    """
    found: set[int] = set()
    todo: list[ast.AST] = [tree]
    while todo:
        node = todo.pop()
        for name in node._fields:
            value = getattr(node, name, None)
            for child in value if type(value) is list else (value,):
                if not isinstance(child, ast.AST):
                    continue
                start = getattr(child, "lineno", None)
                end = getattr(child, "end_lineno", None)
                if (
                    start is not None
                    and end is not None
                    and end <= start
                    and not getattr(child, "decorator_list", None)
                ):
                    continue  # one line (a decorated one may start higher)
                if (
                    isinstance(child, ast.Constant | ast.JoinedStr)
                    and start is not None
                    and end is not None
                ):
                    found.update(range(start, end))
                todo.append(child)
    return found


class PythonNoqa:
    """``# noqa`` lookups for one module, tokenized only when a run may need it.

    The text flake8 searches for a line is its token run (a multi-line string
    or backslash-continued statement up to its NL/NEWLINE token). A line
    whose run can hold no ``# noqa`` needs no run, nor does a line that can
    only be a run of its own: the module is tokenized only when some finding
    is neither (with the AST's string nodes, a superset of the multi-line
    runs is known without tokenizing).
    """

    def __init__(self, lines: Sequence[str], tree: ast.Module | None = None) -> None:
        """Remember the module.

        Args:
            lines: The module's lines with their line ends.
            tree: The module parsed from exactly these lines, if at hand.
        """
        self.lines = lines
        self.tree = tree
        self._mapping: dict[int, str] | None = None
        source = "".join(lines)
        self._any = "noqa" in source.lower()
        self._marks: list[int] | None = None
        self._exact_lines: bool | None = None
        self._strings: set[int] | None = None

    def _joined(self, tree: ast.Module, number: int) -> bool:
        """Tell whether a line's end may not end its token run.

        A run ends at each NL/NEWLINE token: at every line end except inside
        a string token or after a backslash continuation.

        Args:
            tree: The module.
            number: A 1-based line number of the module.

        Returns:
            True when the line and the next may be one run.
        """
        if self.lines[number - 1].rstrip("\r\n").endswith("\\"):
            return True
        if self._strings is None:
            self._strings = _string_line_ends(tree)
        return number in self._strings

    def _short_cut(self, line: int) -> str | None:
        """Find a line's searched text without tokenizing, when it is certain.

        Args:
            line: 1-based line number.

        Returns:
            The text (empty: nothing to find), or ``None`` when only the
            tokens tell.
        """
        lines = self.lines
        if self._marks is None:
            self._marks = [
                number
                for number, text in enumerate(lines, 1)
                if _MARK_RE.search(text) is not None
            ]
        if not self._marks:
            return ""
        tree = self.tree
        if tree is None or not 1 <= line <= len(lines):
            return None
        if self._exact_lines is None:
            # The AST's line numbers must be the lines' (no other breaks).
            text = "".join(lines)
            self._exact_lines = text.count("\r") == text.count("\r\n") and len(
                lines
            ) == text.count("\n") + (not text.endswith("\n"))
        if not self._exact_lines:
            return None
        first = last = line
        while first > 1 and self._joined(tree, first - 1):
            first -= 1
        while last < len(lines) and self._joined(tree, last):
            last += 1
        if first == last and not self._joined(tree, line):
            # A run of its own, or no run at all: the line itself either way.
            return lines[line - 1]
        if not any(first <= mark <= last for mark in self._marks):
            return ""
        return None

    def silences(self, code: str, line: int) -> bool:
        """Tell whether flake8 would silence a code on a line.

        Args:
            code: The finding's code.
            line: 1-based line number.

        Returns:
            True when the ``# noqa`` flake8 reads for that line silences it.
        """
        if not self._any:
            return False
        if self._mapping is None:
            text = self._short_cut(line)
            if text is not None:
                return silenced(code, text)
            self._mapping = python_noqa_lines(self.lines)
        text = self._mapping.get(line)
        if text is None:
            text = self.lines[line - 1] if 1 <= line <= len(self.lines) else ""
        return silenced(code, text)


def with_codes(line: str, codes: Sequence[str], reason: str = "") -> str:
    """Add codes to a line's ``# noqa`` comment, or append one.

    Args:
        line: The line without its line end.
        codes: Codes to silence.
        reason: Text after the codes (e.g. why the finding is accepted).

    Returns:
        The new line; unchanged when a comment already silences every code.
    """
    comment = parse(line)
    missing = [code for code in codes if comment is None or not comment.silences(code)]
    if not missing:
        return line
    tail = f" {reason.strip()}" if reason.strip() else ""
    if comment is None:
        stripped = line.rstrip()
        return f"{stripped}  # noqa: {', '.join(missing)}{tail}"
    match = NOQA_RE.search(line)
    if match is None:
        return line
    named = sorted({*comment.codes, *missing})
    rest = line[match.end() :]
    return f"{line[: match.start()]}# noqa: {', '.join(named)}{rest or tail}"
