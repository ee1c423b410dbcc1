"""The comment prescan never hides a comment a rule would report."""

from __future__ import annotations

import ast
import io
import re
import tokenize
from typing import TYPE_CHECKING

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flake8_djarch.api import lint_source
from flake8_djarch.checks.placeholders import (
    COMMENT_MARKERS,
    MARKER_RE,
    PLACEHOLDER_RE,
)
from flake8_djarch.config import load
from flake8_djarch.engine import Comment, Context

if TYPE_CHECKING:
    from pathlib import Path

PHRASES = (
    "TODO",
    "FIXME",
    "XXX",
    "HACK",
    "...",
    "implement this",
    "Implement   Later",
    "rest of the code",
    "your code here",
    "code here",
    "add your logic here",
    "fill this in",
    "to be implemented",
    "not implemented yet",
    "PlaceHolder",
)


@given(
    st.lists(
        st.one_of(st.sampled_from(PHRASES), st.text(max_size=8)),
        max_size=5,
    ).map("".join)
)
def test_every_reportable_comment_passes_the_prescan(body: str) -> None:
    """The prescan is a superset of what DJA040/DJA044 report.

    Args:
        body: A comment body.
    """
    body = body.replace("\n", " ").replace("\r", " ")
    if MARKER_RE.search(body) or PLACEHOLDER_RE.search(body) or body.strip() == "...":
        assert COMMENT_MARKERS.search(f"x = 1  #{body}\n")


def test_prescan_skips_plain_comments_and_strings() -> None:
    """Plain comments and markers outside comments need no tokenize."""
    assert COMMENT_MARKERS.search("x = 1  # a plain comment\ny = 'TODO'\n") is None


def test_marker_after_hash_in_a_string_is_still_exact(tmp_path: Path) -> None:
    """A candidate found inside a string is settled by the tokenizer.

    Args:
        tmp_path: The run directory.
    """
    source = 'COLOR = "#fff TODO"\n# TODO: real one\n'
    codes = [
        (f.line, f.code) for f in lint_source(source, "app/colors.py", str(tmp_path))
    ]
    assert (2, "DJA040") in codes
    assert (1, "DJA040") not in codes


TRICKY = (
    'x = "#not" + "a # comment"  # TODO real\n',
    '@deco("#x")  # TODO decorated\ndef f():\n    """Doc # TODO not a comment."""\n',
    'x = (\n    "a"  # TODO between parts\n    "b"\n)\n',
    's = """\n# TODO inside a string\n"""\n',
    'y = f"{1:#x}"  # TODO after an f-string\n',
    'ü = "é#"  # TODO non-ASCII before\n',
    "class A:\n    def f(self):\n        return {'#': 1}  # FIXME deep\n",
    "try:\n    pass\nexcept ValueError:  # HACK handler\n    pass\n",
)


@pytest.mark.parametrize("source", TRICKY)
def test_comments_without_tokenize_equal_tokenize(source: str) -> None:
    """The AST-based comment scan finds exactly what tokenize finds.

    Args:
        source: A module.
    """
    lines = source.splitlines(keepends=True)
    tree = ast.parse(source)
    expected = [
        Comment(token.start[0], token.start[1], token.string)
        for token in tokenize.generate_tokens(io.StringIO(source).readline)
        if token.type == tokenize.COMMENT
    ]
    ctx = Context(tree, "app/x.py", lines, load("."))
    assert ctx.comments_matching(re.compile("#")) == [
        comment
        for comment in expected
        if comment.line in {i for i, line in enumerate(lines, 1) if "#" in line}
    ]
    assert "comments" not in ctx.__dict__ or any(
        '"""' in line or line.rstrip().endswith('"a"  # TODO between parts')
        for line in lines
    )
