"""One noqa reading: flake8's expression and prefix rule everywhere."""

from __future__ import annotations

import ast

import pytest
from djarch_hooks.common import drop_silenced
from djarch_hooks.compose import check_compose
from flake8.defaults import NOQA_FILE, NOQA_INLINE_REGEXP
from flake8.violation import Violation

from flake8_djarch.api import lint_source
from flake8_djarch.policy import noqa

SOURCE = '''\
"""Module."""


def helper(value: int) -> None:
    """Show the value.

    Args:
        value: The value.
    """
    print(value){comment}
'''


def test_expressions_are_flake8s() -> None:
    """Check: the copied expressions are flake8's, so both read comments alike."""
    assert noqa.NOQA_RE.pattern == NOQA_INLINE_REGEXP.pattern
    assert noqa.NOQA_RE.flags == NOQA_INLINE_REGEXP.flags
    assert noqa.NOQA_FILE_RE.pattern == NOQA_FILE.pattern


@pytest.mark.parametrize(
    ("comment", "expected"),
    [
        ("", {"DJA080"}),
        ("  # noqa", set()),
        ("  # noqa: DJA999", {"DJA080"}),
        ("  # noqa: E501", {"DJA080"}),
        ("  # noqa: DJA080", set()),
        ("  # noqa:DJA080", set()),
        ("  # NOQA: DJA08", set()),
        # As flake8: the mark's case is free, the codes' is not.
        ("  # NOQA: dja08", {"DJA080"}),
        ("  # noqa: E501, DJA0", set()),
        ("  # noqa: DJA080 kept for the legacy API", set()),
    ],
)
def test_python_noqa(comment: str, expected: set[str]) -> None:
    """Check: a code list silences only the codes or prefixes it names.

    Args:
        comment: The comment after the ``def`` line.
        expected: The codes left (DJA080 is the ``print`` call).
    """
    source = SOURCE.format(comment=comment)
    codes = [f.code for f in lint_source(source, "apps/users/services.py", root="/x")]
    assert set(codes) == expected


def test_noqa_after_multiline_string_covers_it() -> None:
    """Check: as in flake8, a comment after a closing triple quote covers the string."""
    lines = ['x = """\n', "a\n", '"""  # noqa: DJA1\n', "y = 1\n"]
    assert noqa.python_line_ranges(lines)[1] == (1, 3)
    silencer = noqa.PythonNoqa(lines)
    assert silencer.silences("DJA100", 1)
    assert not silencer.silences("DJA100", 4)


_RUNS = [
    'x = """\na\n"""  # noqa: DJA1\ny = 1\n',
    "x = 1 + \\\n    2  # noqa: DJA1\nz = 3  # NOQA\n",
    "x = f'''\n{y}\n'''  # noqa\n",
    'call(\n    "a"\n    "b",  # noqa: DJA1\n)\n',
    'def f():\n    """Doc.\n\n    # noqa\n    """\n    return (1,\n        2)  # noqa: E1\n',
    "x = 'a\\\nb'  # noqa\nw = 2\n",
    "a = 1\r\nb = '''\r\n'''  # noqa\r\n",
    "a = 1\rb = '''\r'''  # noqa\r",
    "a = 1  # x\x0cy\nb = '''\n'''  # noqa\n",
    "# comment \\\nx = 1  # noqa\n",
    "x = 1  # noqa",
    "",
    '@dec("""a\nb""")  # noqa: DJA1\ndef f(): pass\n',
]


@pytest.mark.parametrize("source", _RUNS)
def test_noqa_without_tokens_reads_what_the_tokens_read(source: str) -> None:
    """Check: the untokenized short cut silences exactly what the token runs do.

    Args:
        source: A module with multi-line runs, continuations, odd line ends.
    """
    lines = source.splitlines(keepends=True)
    tree = ast.parse(source)
    for line in range(len(lines) + 2):
        for code in ("DJA100", "E101", "W1"):
            tokens = noqa.PythonNoqa(lines).silences(code, line)
            assert noqa.PythonNoqa(lines, tree).silences(code, line) == tokens, (
                line,
                code,
            )


def test_file_noqa_skips_module() -> None:
    """Check: ``# flake8: noqa`` alone on a line skips the module, as in flake8."""
    source = "# flake8: noqa\n" + SOURCE.format(comment="")
    assert lint_source(SOURCE.format(comment=""), "apps/users/services.py", root="/x")
    assert lint_source(source, "apps/users/services.py", root="/x") == []


def test_hook_noqa_needs_the_named_code() -> None:
    """Check: the hooks read the same comment: DJA999 does not silence DJA132."""
    text = (
        "services:\n  db:\n    image: postgres:16.11\n    environment:\n"
        "      POSTGRES_PASSWORD: hunter2xyz  # noqa: {codes}\n"
    )

    def codes_with(listed: str) -> set[str]:
        body = text.format(codes=listed)
        return {
            item.code
            for item in drop_silenced(check_compose(body, "compose.yaml"), body)
        }

    assert "DJA132" in codes_with("DJA999")
    assert "DJA132" not in codes_with("DJA132")
    assert "DJA132" not in codes_with("DJA1")


@pytest.mark.parametrize(
    ("line", "codes", "reason", "expected"),
    [
        ("x = 1", ["DJA080"], "", "x = 1  # noqa: DJA080"),
        ("x = 1  ", ["DJA080"], "legacy", "x = 1  # noqa: DJA080 legacy"),
        ("x = 1  # noqa: E501", ["DJA080"], "", "x = 1  # noqa: DJA080, E501"),
        ("x = 1  # noqa: DJA0", ["DJA080"], "", "x = 1  # noqa: DJA0"),
        ("x = 1  # comment", ["DJA080"], "", "x = 1  # comment  # noqa: DJA080"),
    ],
)
def test_with_codes(line: str, codes: list[str], reason: str, expected: str) -> None:
    """Check: adding codes merges with an existing comment and keeps the rest.

    Args:
        line: The line.
        codes: Codes to add.
        reason: The reason text.
        expected: The new line.
    """
    assert noqa.with_codes(line, codes, reason) == expected


@pytest.mark.parametrize(
    "comment",
    [
        "# noqa",
        "# NoQA",
        "# noqa: DJA080",
        "# noqa:DJA080,E501",
        "# noqa: dja080",
        "# noqa: Dja08",
        "# noqa: DJA",
        "# noqa: DJA081",
        "# noqa : DJA081",
        "# noqa:  DJA080",
        "# noqa: E501 DJA0 reason",
    ],
)
def test_noqa_decides_as_flake8(comment: str) -> None:
    """Check: a comment silences a code exactly when flake8 says it does.

    Args:
        comment: The comment on the finding's line.
    """
    line = f"print(value)  {comment}\n"
    violation = Violation("DJA080", "x.py", 1, 1, "print", line)
    assert noqa.silenced("DJA080", line) is violation.is_inline_ignored(
        disable_noqa=False
    )
