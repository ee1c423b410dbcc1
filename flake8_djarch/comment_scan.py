"""Comments of a few lines, found from the AST instead of a full tokenize.

Outside a string literal, ``#`` always starts a comment. So the comment of a
line is its first ``#`` that no string literal of the parsed module covers;
the string literals of one line are found by descending from the module to
the statements spanning that line, which costs a few nodes instead of the
tokenize of the whole file (slower than all the rules together on 3.11).

A ``#`` inside a string literal spanning several lines is undecidable this
way (an implicitly concatenated string may hold a comment between its parts):
the caller then tokenizes the module as before.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Sequence

#: Fields holding the statements nested in a compound statement.
_BODIES = frozenset({"body", "orelse", "finalbody", "handlers", "cases"})
#: ``(start line, start col, end line, end col, spans lines)`` with columns in
#: characters of their own lines.
_Span = tuple[int, int, int, int, bool]


def _strings_in(node: ast.AST) -> Iterator[ast.AST]:
    """Yield the string literals below a node.

    Args:
        node: Any node (statement bodies are not excluded).

    Yields:
        ``str``/``bytes`` constants and f-strings.
    """
    for child in ast.walk(node):
        if isinstance(child, ast.JoinedStr) or (
            isinstance(child, ast.Constant) and isinstance(child.value, str | bytes)
        ):
            yield child


def _literals_on(
    tree: ast.Module, line: int, memo: dict[int, list[ast.AST]]
) -> Iterator[ast.AST]:
    """Yield the string literals that may cover a line.

    Args:
        tree: The module.
        line: A 1-based line number.
        memo: Literals per walked node, shared by the lines of one module.

    Yields:
        Literals of the statements spanning the line, outside nested bodies
        that do not span it.
    """
    level: list[ast.AST] = list(tree.body)
    while level:
        deeper: list[ast.AST] = []
        for node in level:
            start = getattr(node, "lineno", None)
            end = getattr(node, "end_lineno", None)
            # A decorated definition's line is its ``def``/``class`` line.
            for decorator in getattr(node, "decorator_list", ()):
                if start is not None:
                    start = min(start, decorator.lineno)
            if start is not None and end is not None and not start <= line <= end:
                continue
            for name, value in ast.iter_fields(node):
                if name in _BODIES and isinstance(value, list):
                    deeper.extend(item for item in value if isinstance(item, ast.AST))
                elif isinstance(value, list):
                    for item in value:
                        if isinstance(item, ast.AST):
                            yield from _memo_strings(item, memo)
                elif isinstance(value, ast.AST):
                    yield from _memo_strings(value, memo)
        level = deeper


def _memo_strings(node: ast.AST, memo: dict[int, list[ast.AST]]) -> list[ast.AST]:
    """Return the string literals below a node, walking it once per module.

    Args:
        node: The node.
        memo: Literals per walked node.

    Returns:
        The literals.
    """
    found = memo.get(id(node))
    if found is None:
        found = memo[id(node)] = list(_strings_in(node))
    return found


def _char_col(line_text: str, byte_col: int) -> int:
    """Turn an AST column (UTF-8 bytes) into a character index.

    Args:
        line_text: The source line.
        byte_col: The column in bytes.

    Returns:
        The column in characters.
    """
    if line_text.isascii():
        return byte_col
    return len(line_text.encode("utf-8")[:byte_col].decode("utf-8", "replace"))


def _spans(
    tree: ast.Module,
    lines: Sequence[str],
    line: int,
    memo: dict[int, list[ast.AST]],
) -> list[_Span]:
    """List the string literal spans that may cover a line.

    Args:
        tree: The module.
        lines: The source lines.
        line: A 1-based line number.
        memo: Literals per walked node.

    Returns:
        Spans with character columns.
    """
    spans: list[_Span] = []
    for node in _literals_on(tree, line, memo):
        start = getattr(node, "lineno", 0)
        end = getattr(node, "end_lineno", None) or start
        if not start <= line <= end:
            continue
        first = _char_col(lines[start - 1], getattr(node, "col_offset", 0))
        last = _char_col(lines[end - 1], getattr(node, "end_col_offset", 0) or 0)
        spans.append((start, first, end, last, start != end))
    return spans


def comments_on_lines(
    tree: ast.Module, lines: Sequence[str], numbers: Iterable[int]
) -> list[tuple[int, int, str]] | None:
    """Find the comments of some lines without tokenizing the module.

    Args:
        tree: The parsed module.
        lines: Its source lines, each ending in ``\\n`` but maybe the last.
        numbers: 1-based line numbers to look at.

    Returns:
        ``(line, col, text)`` per comment found, in line order; ``None`` when a
        ``#`` lies inside a multi-line string literal (tokenize instead).
    """
    found: list[tuple[int, int, str]] = []
    memo: dict[int, list[ast.AST]] = {}
    for number in sorted(set(numbers)):
        if not 1 <= number <= len(lines):
            continue
        text = lines[number - 1]
        spans: list[_Span] | None = None
        col = text.find("#")
        while col != -1:
            if spans is None:
                spans = _spans(tree, lines, number, memo)
            covering = [
                span
                for span in spans
                if (number > span[0] or col >= span[1])
                and (number < span[2] or col < span[3])
            ]
            if not covering:
                found.append((number, col, text[col:].rstrip("\r\n")))
                break
            if any(span[4] for span in covering):
                return None
            col = text.find("#", col + 1)
    return found
