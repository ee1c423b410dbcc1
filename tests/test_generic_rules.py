"""Edge cases of the generic rules: raw SQL, placeholders, typing, logging, users.

Each case lints one snippet with only the rule's family enabled and compares
the reported ``(line, code)`` pairs, so a case pins both what triggers and
what does not.
"""

from __future__ import annotations

import textwrap

import pytest

from tests.snippets import lint_snippet

Case = tuple[str, str, list[tuple[int, str]]]


def _found(source: str, path: str, codes: frozenset[str]) -> list[tuple[int, str]]:
    """Lint a snippet and keep the findings of some codes.

    Args:
        source: The module source (dedented here).
        path: The path deciding the roles.
        codes: The codes to run.

    Returns:
        ``(line, code)`` per finding, sorted.
    """
    findings = lint_snippet(textwrap.dedent(source).lstrip("\n"), path, codes=codes)
    return sorted((finding.line, finding.code) for finding in findings)


RAWSQL: list[Case] = [
    (
        "alias-and-module-imports",
        """
        from django.db.models.expressions import RawSQL as R
        import django.db.models as m
        X = R("1", ())
        Y = m.RawSQL("1", ())
        """,
        [(1, "DJA020"), (3, "DJA020"), (4, "DJA020")],
    ),
    (
        "local-class",
        """
        class RawSQL:
            '''Local.'''
        X = RawSQL()
        """,
        [],
    ),
    (
        "raw-attribute-without-call",
        """
        A = response.raw
        B = Order.objects.raw
        C = Order.objects.using("x").raw("SELECT 1")
        """,
        [(3, "DJA021")],
    ),
    (
        "cursor-bindings",
        """
        from django.db import connection as c
        def f() -> None:
            cur: object = c.cursor()
            cur.execute("x")
            if (w := c.cursor()):
                w.callproc("p")
            other = thing.cursor()
            other.execute("x")
        """,
        [(3, "DJA023"), (4, "DJA023"), (5, "DJA023"), (6, "DJA023")],
    ),
]

PLACEHOLDERS: list[Case] = [
    (
        "markers-in-comments-only",
        '''
        S = "# TODO in a string"
        T = """
        # FIXME in a string
        """
        a = 1  # todo: lower case
        b = 1  # XXXL and BOXXX
        c = 1  # TODO: real
        ''',
        [(7, "DJA040")],
    ),
    (
        "phrases-start-a-word",
        """
        # forest of the code
        # reimplement this
        # prefill in
        # rest of the code
        # ...
        # ... and more
        # render a placeholder
        """,
        # RULES.md R10: an elision followed by anything is a directive.
        [(4, "DJA044"), (5, "DJA044"), (6, "DJA044")],
    ),
    (
        "abstract-spellings",
        """
        import abc
        class A(abc.ABC):
            '''A.'''
            @abc.abstractmethod
            def m(self) -> None:
                raise NotImplementedError
            @abc.abstractproperty
            def p(self) -> int:
                raise NotImplementedError()
            def plain(self) -> None:
                raise NotImplementedError
        """,
        [(11, "DJA043")],
    ),
    (
        "ellipsis-exemptions",
        """
        import typing as t
        class P(t.Protocol):
            def m(self) -> int: ...
        @t.overload
        def f(x: int) -> int: ...
        def f(x: object) -> object:
            ...
        """,
        [(7, "DJA042")],
    ),
]

TYPING: list[Case] = [
    (
        "receivers",
        """
        class A:
            def m(self, a) -> None:
                return None
            @classmethod
            def c(cls, a: int) -> None:
                return None
            @staticmethod
            def s(a) -> None:
                return None
        def fake_save(self, *args) -> None:
            return None
        f = lambda x: x
        """,
        [(2, "DJA050"), (8, "DJA050"), (10, "DJA050")],
    ),
    (
        "return-annotation-everywhere",
        """
        class A:
            def __init__(self) :
                def inner() -> None:
                    return None
        """,
        [(2, "DJA051")],
    ),
]

LOGGING: list[Case] = [
    (
        "print-shadowing",
        """
        from builtins import print as out
        def f(print: object) -> None:
            print("x")
        def g() -> None:
            print = str
            print("x")
        def h() -> None:
            print("x")
            out("y")
        """,
        [(8, "DJA080"), (9, "DJA080")],
    ),
    (
        "loggers",
        """
        import logging
        from logging import getLogger
        a = getLogger(__name__)
        b = getLogger()
        c = logging.getLogger(name=__name__)
        logging.info("x")
        a.info("x")
        """,
        [(4, "DJA081"), (6, "DJA081")],
    ),
]

USERS: list[Case] = [
    (
        "relation-aliases",
        """
        from django.contrib.auth.models import User as U
        from django.db import models
        from django.db.models import ForeignKey as FK
        from django.conf import settings
        class Order(models.Model):
            '''O.'''
            a = FK("auth.User", on_delete=models.CASCADE)
            b = models.ForeignKey(to=U, on_delete=models.CASCADE)
            c = FK(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
        """,
        [(1, "DJA090"), (7, "DJA091"), (8, "DJA091")],
    ),
]


def _params(cases: list[Case], codes: str) -> list[object]:
    """Turn cases into pytest parameters.

    Args:
        cases: The cases.
        codes: Comma-separated codes to enable.

    Returns:
        The parameters, with ids.
    """
    enabled = frozenset(codes.split(","))
    return [
        pytest.param(source, enabled, want, id=name) for name, source, want in cases
    ]


@pytest.mark.parametrize(
    ("source", "codes", "want"),
    [
        *_params(RAWSQL, "DJA020,DJA021,DJA022,DJA023"),
        *_params(PLACEHOLDERS, "DJA040,DJA041,DJA042,DJA043,DJA044"),
        *_params(TYPING, "DJA050,DJA051"),
        *_params(LOGGING, "DJA080,DJA081,DJA082"),
        *_params(USERS, "DJA090,DJA091,DJA092"),
    ],
)
def test_generic_rule_cases(
    source: str, codes: frozenset[str], want: list[tuple[int, str]]
) -> None:
    """Each snippet reports exactly the expected lines and codes.

    Args:
        source: The snippet.
        codes: The codes to run.
        want: The expected ``(line, code)`` pairs.
    """
    assert _found(source, "apps/shop/models.py", codes) == want
