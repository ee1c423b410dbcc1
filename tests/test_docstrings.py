"""Unit tests of the docstring reader and the DJA060-DJA067 checker."""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flake8_djarch.checks.docstrings import CHECKERS, docstring_of
from flake8_djarch.config import Config
from flake8_djarch.docparse import clean_lines, parse
from flake8_djarch.engine import Context, run
from tests.snippets import lint_snippet

SERVICES = "apps/shop/services.py"
CODES = frozenset(f"DJA06{digit}" for digit in range(10))


def _codes(source: str, path: str = SERVICES) -> list[str]:
    """Lint a snippet with the docstring checker only.

    Args:
        source: The module source (dedented here).
        path: The path deciding the roles.

    Returns:
        The reported codes, sorted by position.
    """
    return [finding.code for finding in lint_snippet(source, path, codes=CODES)]


def _texts(source: str) -> list[str]:
    """Lint a snippet and return the finding texts.

    Args:
        source: The module source (dedented here).

    Returns:
        The finding texts, sorted by position.
    """
    return [finding.text for finding in lint_snippet(source, SERVICES, codes=CODES)]


# --- docstring extraction -----------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('"""Doc."""', "Doc."),
        ('""""""', ""),
        ("'''   '''", "   "),
        ('f"""Doc {x}."""', None),
        ('b"""Doc."""', None),
        ("42", None),
        ("x = 1", None),
        ('("Doc." "Joined.")', "Doc.Joined."),
    ],
)
def test_docstring_of(body: str, expected: str | None) -> None:
    """Only a leading plain string literal is a docstring.

    Args:
        body: The function's first statement.
        expected: The docstring it makes, or ``None``.
    """
    node = ast.parse(f"def f():\n    {body}\n").body[0]
    assert isinstance(node, ast.FunctionDef)
    assert docstring_of(node) == expected


# --- parser -------------------------------------------------------------------


def test_clean_lines_dedents_after_first_line() -> None:
    """The first line is stripped, the rest dedented by their common margin."""
    raw = "Summary.\n\n        Args:\n            x: y\n        "
    assert clean_lines(raw) == ["Summary.", "", "Args:", "    x: y", ""]


def test_clean_lines_empty_and_tabs() -> None:
    """An empty docstring is one empty line; tabs expand to eight columns."""
    assert clean_lines("") == [""]
    assert clean_lines("S.\n\tArgs:\n\t\tx: y") == ["S.", "Args:", "        x: y"]


@pytest.mark.parametrize("raw", ["", "   ", "\n\n   \n"])
def test_blank_docstrings(raw: str) -> None:
    """Whitespace-only docstrings are blank.

    Args:
        raw: The docstring text.
    """
    assert parse(raw).is_blank


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ("Summary.", None),
        ("Summary.\n\n    More text.\n    ", None),
        ("\n    Summary.\n    ", "does not start on the first line"),
        ("Summary\n    continued.", "spans more than one line"),
        ("Summary.\n    Args:\n        x: y", "is not followed by a blank line"),
        ("Summary", "does not end with '.'"),
        ("Summary!", "does not end with '.'"),
        ("  Summary with leading spaces.", None),
    ],
)
def test_summary_problem(raw: str, problem: str | None) -> None:
    """The summary is one line ending in '.', then a blank line.

    Args:
        raw: The docstring text.
        problem: The expected summary problem, or ``None``.
    """
    assert parse(raw).summary_problem == problem


def test_sections_and_entries() -> None:
    """Entries sit at the first content line's indentation; deeper lines continue them."""
    doc = parse(
        """Summary.

        Args:
            first (int): The first value,
                continued here.

                And a second paragraph.
            \\*args: More values.
            **kwargs (dict[str, int]): Options.
            key (:obj:`str`, optional): A key.

        Keyword Args:
            carrier: A carrier.

        Raises:
            errors.PaymentError: When the gateway fails.
            ValueError, KeyError: When the input is bad.
            :exc:`~django.core.exceptions.ValidationError`: When invalid.
            TypeError

        Returns: The result.
        """
    )
    assert [entry.name for entry in doc.entries("Args")] == [
        "first",
        "*args",
        "**kwargs",
        "key",
    ]
    assert [entry.name for entry in doc.entries("Keyword Args")] == ["carrier"]
    assert [entry.name for entry in doc.entries("Raises")] == [
        "errors.PaymentError",
        "ValueError",
        "KeyError",
        "django.core.exceptions.ValidationError",
        "TypeError",
    ]
    assert doc.has("Returns")
    assert not doc.problems


@pytest.mark.parametrize(
    "header",
    [
        "Args",
        "Arguments",
        "Attributes",
        "Example",
        "Examples",
        "Keyword Args",
        "Keyword Arguments",
        "Note",
        "Notes",
        "Raises",
        "References",
        "Returns",
        "See Also",
        "Todo",
        "Warning",
        "Warnings",
        "Warns",
        "Yields",
    ],
)
def test_google_headers_are_accepted(header: str) -> None:
    """Every Google section of RULES.md §7 is a known header.

    Args:
        header: The header text without the colon.
    """
    doc = parse(f"Summary.\n\n    {header}:\n        Something.\n    ")
    assert doc.problems == ()
    assert [section.title for section in doc.sections] == [header]


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("Return:\n    The value.", 1),
        ("Return: The value.", 1),
        ("Params:\n    x: y", 1),
        ("Parameters:\n    x: y", 1),
        ("Usage:\n    call()", 1),
        ("Side Effects:\n    Sends mail.", 1),
        ("Parameters\n----------\nx : int\n    The x.", 1),
        ("Returns\n=======\nint", 1),
        (":param x: The x.\n:param y: The y.\n:type x: int", 1),
        (
            ":param x: The x.\n:returns: The y.\n:rtype: int\n:raises ValueError: Bad.",
            3,
        ),
        ("@param x: The x.\n@return: The y.", 2),
        ("For example:\n    call()", 0),
        ("This sentence ends with a colon:\n    detail", 0),
        ("Usage:", 0),
        ("Usage: inline text is prose.", 0),
        ("Note: inline is fine.", 0),
        ("Args:\n    x: The x,\n        Return:\n            deep", 0),
        ("```\nReturn:\n    x\n:param x: y\nParameters\n----------\n```", 0),
        ("~~~\nParams:\n    x\n~~~", 0),
        ("Example::\n\n    code()", 0),
        ("Text.\n\n---\n\nMore.", 0),
        ("## What it does\nProse.", 0),
        ("It expects named\nparameters:\n\n* code\n* text", 0),
        ("Some prose right above\nParams:\n    x: y", 0),
        ("Args:\n    x: y\nReturn:\n    z", 1),
        ("lowercase:\n    not a header", 0),
    ],
)
def test_style_problems(text: str, count: int) -> None:
    """Foreign markup gives one problem per offending section, never in code.

    Args:
        text: The docstring body after the summary.
        count: The expected number of problems.
    """
    body = textwrap.indent(text, "    ")
    assert len(parse(f"Summary.\n\n{body}\n    ").problems) == count


def test_misspelled_returns_is_not_returns() -> None:
    """``Return:`` is neither a Returns section nor silently swallowed."""
    doc = parse("Summary.\n\n    Args:\n        x: y\n\n    Return:\n        z\n    ")
    assert not doc.has("Returns")
    assert [section.kind for section in doc.sections] == ["Args", None]
    assert [entry.name for entry in doc.entries("Args")] == ["x"]


def test_section_ends_at_base_indentation() -> None:
    """Prose after a section is not part of it."""
    doc = parse("Summary.\n\n    Args:\n        x: y\n    z: not an entry\n    ")
    assert [entry.name for entry in doc.entries("Args")] == ["x"]


# --- function bodies --------------------------------------------------------------


def test_raises_found_in_own_body_only() -> None:
    """Explicit class raises count; bare, lowercase, nested and caught ones do not."""
    texts = _texts(
        '''
        def f(x: int) -> None:
            """Do.

            Args:
                x: X.
            """
            if x:
                raise ValueError
            raise errors.GatewayError(x) from None
            raise error
            raise
            raise make_error()
            raise self.error_class()
            try:
                raise KeyError(x)
            except KeyError:
                raise
            try:
                raise IndexError(x)
            except Exception:
                raise
            try:
                raise AttributeError(x)
            except (TypeError, OSError):
                raise
            try:
                if x:
                    raise OSError(x)
            except* TypeError:
                raise
            with pytest.raises(LookupError):
                raise LookupError
            lambda: (yield)

            def inner() -> None:
                """Raise.

                Raises:
                    TypeError: Always.
                """
                raise TypeError

            class Inner:
                """Raise in a method."""

                def method(self) -> None:
                    """Raise.

                    Raises:
                        TypeError: Always.
                    """
                    raise TypeError
        '''
    )
    raised = sorted(text.split(" raises ")[1].split()[0] for text in texts)
    assert raised == ["AttributeError", "GatewayError", "OSError", "ValueError"]
    assert all(text.startswith("DJA065 f() raises") for text in texts)


@pytest.mark.parametrize(
    ("body", "generator"),
    [
        ("yield 1", True),
        ("x = yield", True),
        ("yield from g()", True),
        ("lambda: (yield)", False),
        ('def g() -> None:\n        """G."""\n        yield 1', False),
        ("return [x for x in y]", False),
    ],
)
def test_generator_needs_yields(*, body: str, generator: bool) -> None:
    """Only the function's own yields make it a generator (DJA066).

    Args:
        body: The function body after the docstring.
        generator: Whether it is a generator.
    """
    for keyword in ("def", "async def"):
        source = f'{keyword} f() -> None:\n    """Do."""\n    {body}\n'
        ctx = Context(
            ast.parse(source), SERVICES, source.splitlines(keepends=True), Config()
        )
        on_f = [finding.code for finding in run(ctx, CHECKERS) if finding.line == 1]
        assert ("DJA066" in on_f) is generator, (keyword, on_f)


# --- checker edge cases -----------------------------------------------------------


def test_seed_example_is_clean() -> None:
    """The seed §4.2 docstring, verbatim inside a class, yields nothing."""
    assert (
        _codes(
            '''
            """Module."""


            class Service:
                """Payments."""

                def process_payment(self, user_id: int, amount: Decimal, **kwargs: Any) -> Payment:
                    """Initiate a payment process for a specific user.

                    Args:
                        user_id: The unique identifier of the user.
                        amount: The monetary value to be charged.
                        **kwargs: Arbitrary keyword arguments (e.g., 'currency', 'source')
                            passed to the gateway.

                    Raises:
                        ValidationError: If the amount is less than or equal to zero.
                        PaymentGatewayError: If the external provider fails to respond.

                    Returns:
                        The recorded payment instance with updated status.
                    """
                    if amount <= 0:
                        raise ValidationError(amount)
                    raise PaymentGatewayError
            '''
        )
        == []
    )


def test_missing_docstring_is_dja060_alone() -> None:
    """A function without a docstring gets DJA060 only."""
    assert _codes("def f(a: int) -> int:\n    raise ValueError(a)\n") == ["DJA060"]


def test_several_findings_on_one_line_are_kept() -> None:
    """One DJA062 per undocumented parameter, all on the def line."""
    codes = _codes(
        'def f(a: int, b: int, c: int) -> None:\n    """Do.\n\n    Args:\n        a: A.\n    """\n'
    )
    assert codes == ["DJA062", "DJA062"]


def test_no_args_section_is_one_finding_per_parameter() -> None:
    """Without an Args section every parameter is reported on its own."""
    texts = _texts('def f(a: int, b: int) -> None:\n    """Do."""\n')
    assert texts == [
        "DJA062 parameter 'a' of f() is not documented; add an Args: section",
        "DJA062 parameter 'b' of f() is not documented; add an Args: section",
    ]


def test_message_names_thing_and_fix() -> None:
    """Messages name the parameter, the function and the fix."""
    texts = _texts(
        '''
        class PaymentService:
            """Payments."""

            def process_payment(self, user_id: int, amount: int) -> None:
                """Pay.

                Args:
                    user_id: The user.
                """
        '''
    )
    assert texts == [
        "DJA062 parameter 'amount' of PaymentService.process_payment() is not documented; "
        "add it to the Args: section"
    ]


@pytest.mark.parametrize(
    "source",
    [
        "",
        "x = 1\n",
        "lambda: None\n",
        "class C: x = 1\n",
        "def f(): return\n",
        "async def f():\n    await g()\n",
        'def f():\n    """\n    """\n',
        'def f():\n    """\\\n    Summary."""\n',
        'def f():\n    """Summary.\r\n\r\n    Args:\r\n        x: y\r\n    """\n',
        'def f(x, /, y, *, z):\n    """S.\n\n    Args:\n        z: Z.\n        y: Y.\n        x: X.\n    """\n',
        'class C:\n    """S.\n\n    Args:\n        x: X.\n    """\n    def __init__(self, x): return None\n',
        'class C:\n    """S.\n\n    Args:\n        x: X.\n    """\n    @staticmethod\n    def __init__(): return None\n',
        'def f() -> "":\n    """S."""\n',
        'def f() -> typing.NoReturn:\n    """S."""\n',
        'def f() -> Never:\n    """S."""\n',
        'def f() -> "typing.NoReturn":\n    """S."""\n',
        'def f() -> x[1](2):\n    """S."""\n',
        'def f():\n    """S."""\n    raise (A or B)\n',
        'def f():\n    """S."""\n    raise A()()\n',
        "@overload\ndef f(x: int) -> int: ...\n",
        "@typing.overload\ndef f(x: int) -> int: ...\n",
        'def f():\n    """S.\n\n    Args:\n    """\n',
        'def f():\n    """S.\n\n    Args:\n    ```\n    """\n',
        'def f():\n    """' + "Returns:\\n" * 50 + '"""\n',
    ],
)
def test_never_crashes(source: str) -> None:
    """Odd but valid modules give no DJA000.

    Args:
        source: The module source.
    """
    assert "DJA000" not in _codes(source)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.text(alphabet=st.sampled_from(list("Ab: \n\t-=`~*@()_.,x")), max_size=200))
def test_parse_never_crashes(raw: str) -> None:
    """Any docstring text parses.

    Args:
        raw: The docstring text.
    """
    doc = parse(raw)
    assert len(doc.lines) >= 1


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.text(max_size=120))
def test_checker_never_crashes_on_any_docstring(raw: str) -> None:
    """Any string literal as a docstring is judged without DJA000.

    Args:
        raw: The docstring text.
    """
    source = f"def f(a: int, *b: int, **c: int) -> int:\n    {raw!r}\n    raise Error\n"
    assert "DJA000" not in _codes(source)


def test_stub_files_need_no_docstrings() -> None:
    """Definitions in .pyi stubs are not required to have docstrings."""
    assert (
        _codes("class C:\n    def f(self) -> int: ...\n", path="apps/shop/services.pyi")
        == []
    )


def test_dogfood_rules_on_own_modules() -> None:
    """The docstring modules pass their own rules."""
    root = Path(__file__).resolve().parent.parent
    for rel in (
        "flake8_djarch/docparse.py",
        "flake8_djarch/checks/docstrings.py",
        "flake8_djarch/violations/docstrings.py",
        "tests/test_docstrings.py",
    ):
        source = (root / rel).read_text(encoding="utf-8")
        assert _codes(source, path=rel) == [], rel
