"""Language rule DJA200 (seed §4.4): comments, docstrings and identifiers in English.

English cannot be recognised statically, but its opposite can: a letter of a
non-Latin script (Cyrillic, Greek, CJK, ...). Latin letters with diacritics
are names of people and places as often as they are foreign prose, so they
never count. Most modules are pure ASCII; those cost one ``str.isascii()``.
"""

from __future__ import annotations

import ast
import re
import unicodedata
from functools import lru_cache

from flake8_djarch.engine import Checker
from flake8_djarch.violations.language import NonEnglishText

_NON_ASCII = re.compile(r"[^\x00-\x7f]")
#: A ``#`` followed by a non-ASCII character on one line: the only lines whose
#: comment could hold a non-Latin letter (the engine settles them from the AST).
COMMENT_MARKERS = re.compile(r"#[^\r\n]*[^\x00-\x7f]")
# Letters of the Common script (mathematical alphabets, ordinal indicators,
# modifier letters, letter-like symbols): symbols, not prose.
_COMMON_LETTERS = (
    "MODIFIER LETTER",
    "MATHEMATICAL",
    "DOUBLE-STRUCK",
    "SCRIPT ",
    "BLACK-LETTER",
    "MICRO SIGN",
    "FEMININE ORDINAL",
    "MASCULINE ORDINAL",
    "PLANCK",
    "INFORMATION SOURCE",
    "OHM SIGN",
    "KELVIN SIGN",
    "ANGSTROM SIGN",
    "ESTIMATED SYMBOL",
    "TURNED ",
    "CIRCLED ",
    "PARENTHESIZED ",
    "SQUARED ",
    "NEGATIVE ",
)
_SAMPLE = 40
_DEFINITIONS = (
    ast.FunctionDef,
    ast.AsyncFunctionDef,
    ast.ClassDef,
    ast.arg,
    ast.Name,
    ast.Attribute,
    ast.alias,
    ast.ExceptHandler,
)


@lru_cache(maxsize=4096)
def is_non_latin_letter(char: str) -> bool:
    """Tell whether a character is a letter of a script other than Latin.

    Args:
        char: One character.

    Returns:
        True for Cyrillic, Greek, CJK, Arabic, Hebrew, ... letters; False for
        Latin letters (diacritics included), digits, symbols and emoji.
    """
    if not char.isalpha():
        return False
    name = unicodedata.name(char, "")
    if not name or "LATIN" in name:
        return False
    return not name.startswith(_COMMON_LETTERS)


def non_latin_at(text: str) -> int:
    """Find the first letter of a non-Latin script in a text.

    Args:
        text: Any text.

    Returns:
        Its index, or -1 when there is none (always -1 for ASCII text).
    """
    if text.isascii():
        return -1
    for match in _NON_ASCII.finditer(text):
        if is_non_latin_letter(match.group()):
            return match.start()
    return -1


def _sample(text: str, at: int) -> str:
    """Quote the words around an offending letter.

    Args:
        text: The comment or docstring.
        at: The index of the letter.

    Returns:
        At most about 40 characters of the line holding it, whitespace folded.
    """
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    line = " ".join(text[start : end if end >= 0 else len(text)].split())
    line = line.lstrip("#").strip()
    return line if len(line) <= _SAMPLE else line[: _SAMPLE - 3] + "..."


def _defined_name(node: ast.AST) -> str | None:
    """Return the identifier a node defines, if it defines one.

    Args:
        node: Any node.

    Returns:
        The name of a ``def``, ``class``, parameter, stored name or attribute,
        import alias or ``except ... as`` target; otherwise ``None``.
    """
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return node.name
    if isinstance(node, ast.arg):
        return node.arg
    if isinstance(node, ast.Name):
        return node.id if isinstance(node.ctx, ast.Store) else None
    if isinstance(node, ast.Attribute):
        return node.attr if isinstance(node.ctx, ast.Store) else None
    if isinstance(node, ast.alias):
        return node.asname or node.name.split(".", 1)[0]
    if isinstance(node, ast.ExceptHandler):
        return node.name
    return None


class LanguageChecker(Checker):
    """DJA200: non-Latin letters in comments, docstrings and identifiers."""

    violations = (NonEnglishText,)
    comment_markers = COMMENT_MARKERS

    def begin(self) -> None:
        """Scan the module once, and only when it holds a non-Latin letter."""
        ctx = self.ctx
        if non_latin_at(ctx.source) < 0:
            return
        for comment in self.comments():
            at = non_latin_at(comment.text)
            if at >= 0:
                ctx.report(
                    (comment.line, comment.col),
                    NonEnglishText,
                    what="comment",
                    sample=_sample(comment.text, at),
                )
        found: list[tuple[int, int, str]] = []
        for node in ast.walk(ctx.tree):
            if isinstance(
                node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef
            ):
                self._docstring(node)
            if isinstance(node, _DEFINITIONS):
                name = _defined_name(node)
                if name and non_latin_at(name) >= 0:
                    line = getattr(node, "lineno", 1)
                    col = getattr(node, "col_offset", 0)
                    found.append((line, col, name))
        seen: set[str] = set()
        for line, col, name in sorted(found):
            if name in seen:
                continue
            seen.add(name)
            ctx.report(
                (line, col),
                NonEnglishText,
                distinct=True,
                what=f"identifier {name}",
                sample=name,
            )

    def _docstring(
        self, node: ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef
    ) -> None:
        """Report a docstring holding a non-Latin letter.

        Args:
            node: A module, class or function.
        """
        if not node.body:
            return
        first = node.body[0]
        if not (
            isinstance(first, ast.Expr)
            and isinstance(first.value, ast.Constant)
            and isinstance(first.value.value, str)
        ):
            return
        text = first.value.value
        at = non_latin_at(text)
        if at >= 0:
            self.ctx.report(
                first, NonEnglishText, what="docstring", sample=_sample(text, at)
            )


CHECKERS = (LanguageChecker,)
