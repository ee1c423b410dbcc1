"""Rule declarations: one documented class per lint code.

Every rule is a ``@final`` subclass of :class:`Violation` that carries its code,
short name, family, seed section, message template and a Markdown docstring
with the headings ``## What it does``, ``## Why is this bad?``, ``## Example``
and ``## Use instead``. Subclasses register themselves and are validated at
import time, so a malformed declaration fails loudly before any file is linted.
"""

from __future__ import annotations

import re
import string
from typing import ClassVar

REQUIRED_HEADINGS = (
    "## What it does",
    "## Why is this bad?",
    "## Example",
    "## Use instead",
)
CODE_RE = re.compile(r"^DJA\d{3}$")
#: Paragraphs several rule docs share, written once; a docstring line holding
#: only ``{name}`` is replaced by the paragraph.
SHARED_PARAGRAPHS = {
    "{main-settings}": (
        "The module named by ``DJANGO_SETTINGS_MODULE`` (in the "
        "``os.environ.setdefault`` of ``manage.py``, ``asgi.py``, ``wsgi.py``, or "
        "in pytest's configuration, ``--ds=`` included) is a main settings module "
        "and gets the settings role, as do the project modules it star-imports, "
        "whatever their path; other split layouts can put their folders into the "
        "settings role with ``[tool.djarch.roles]``. Names the main module "
        "star-imports from a project module count as present (a literal "
        "``__all__`` limits them); an optional star import of a module that does "
        "not exist binds nothing; any other star import that cannot be followed "
        "silences the presence checks."
    ),
}
_SHARED_RE = re.compile(r"^[ \t]*(\{[a-z-]+\})$", re.MULTILINE)
NAME_RE = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
FAMILIES = (
    "internal",
    "architecture",
    "drf-security",
    "raw-sql",
    "async",
    "placeholders",
    "typing",
    "docstrings",
    "settings",
    "logging",
    "users",
    "project-files",
    "answers",
)

_REGISTRY: dict[str, type[Violation]] = {}


class DeclarationError(Exception):
    """A rule class is declared inconsistently."""


class Violation:
    """Base of every rule declaration.

    Attributes:
        code: The lint code, ``DJAnnn``.
        name: A short kebab-case name.
        family: One of :data:`FAMILIES`.
        seed: The seed section the rule enforces, e.g. ``"§3"``.
        message: ``str.format`` template of the text after the code.
        tool: ``"flake8"`` for plugin rules, or the hook id that reports it.
    """

    code: ClassVar[str] = ""
    name: ClassVar[str] = ""
    family: ClassVar[str] = ""
    seed: ClassVar[str] = ""
    message: ClassVar[str] = ""
    tool: ClassVar[str] = "flake8"

    def __init_subclass__(cls, **kwargs: object) -> None:
        """Validate and register a concrete rule declaration.

        Args:
            **kwargs: Passed on to ``object.__init_subclass__``.

        Raises:
            DeclarationError: If the declaration is incomplete or its code is taken.
        """
        super().__init_subclass__(**kwargs)
        _validate(cls)
        if cls.code in _REGISTRY:
            other = _REGISTRY[cls.code].__name__
            raise DeclarationError(
                f"{cls.__name__}: code {cls.code} already used by {other}"
            )
        _REGISTRY[cls.code] = cls

    @classmethod
    def text(cls, **values: object) -> str:
        """Render the full finding text, code first.

        Args:
            **values: Values for the message template's fields.

        Returns:
            The text flake8 prints after ``path:line:col:``.
        """
        return f"{cls.code} {cls.message.format(**values)}"

    @classmethod
    def fields(cls) -> tuple[str, ...]:
        """List the template fields the message needs.

        Returns:
            The field names in order of appearance.
        """
        return tuple(
            field for _, field, _, _ in string.Formatter().parse(cls.message) if field
        )

    @classmethod
    def doc(cls) -> str:
        """Return the dedented Markdown documentation of the rule.

        Returns:
            The docstring without its summary line's indentation quirks.
        """
        return _dedent_doc(cls.__doc__ or "")

    @classmethod
    def summary(cls) -> str:
        """Return the one-line summary of the rule.

        Returns:
            The first line of the docstring.
        """
        return cls.doc().split("\n", 1)[0].strip()

    @classmethod
    def section(cls, heading: str) -> str:
        """Return the text under one ``##`` heading of the documentation.

        Args:
            heading: The heading text without the ``## `` prefix.

        Returns:
            The section body, stripped; empty when the heading is absent.
        """
        doc = cls.doc()
        marker = f"## {heading}"
        start = doc.find(marker)
        if start < 0:
            return ""
        body = doc[start + len(marker) :]
        end = body.find("\n## ")
        return (body if end < 0 else body[:end]).strip()


def _dedent_doc(doc: str) -> str:
    """Dedent a docstring whose first line has no indentation.

    Args:
        doc: The raw docstring.

    Returns:
        The dedented text ending in one newline.
    """
    first, _, rest = doc.partition("\n")
    lines = rest.split("\n")
    indents = [len(line) - len(line.lstrip()) for line in lines if line.strip()]
    cut = min(indents, default=0)
    body = "\n".join(line[cut:] for line in lines)
    body = _SHARED_RE.sub(
        lambda match: SHARED_PARAGRAPHS.get(match.group(1), match.group(0)), body
    )
    return f"{first.strip()}\n{body}".strip() + "\n"


def _validate(cls: type[Violation]) -> None:
    """Check a rule declaration's fields and docstring.

    Args:
        cls: The rule class.

    Raises:
        DeclarationError: On any inconsistency.
    """
    unknown = [
        name
        for name in _SHARED_RE.findall(cls.__doc__ or "")
        if name not in SHARED_PARAGRAPHS
    ]
    if unknown:
        message = f"{cls.__name__}: unknown shared paragraph {unknown[0]!r}"
        raise DeclarationError(message)
    where = cls.__name__
    if not CODE_RE.match(cls.code):
        raise DeclarationError(f"{where}: code {cls.code!r} is not DJAnnn")
    if not NAME_RE.match(cls.name):
        raise DeclarationError(f"{where}: name {cls.name!r} is not kebab-case")
    if cls.family not in FAMILIES:
        raise DeclarationError(f"{where}: unknown family {cls.family!r}")
    if not cls.seed.startswith("§") and cls.seed != "-":
        raise DeclarationError(f"{where}: seed section {cls.seed!r} must start with §")
    if not cls.message or cls.message.startswith(cls.code):
        raise DeclarationError(
            f"{where}: message must be set and must not repeat the code"
        )
    doc = cls.__doc__ or ""
    missing = [heading for heading in REQUIRED_HEADINGS if heading not in doc]
    if missing:
        raise DeclarationError(f"{where}: docstring lacks {', '.join(missing)}")
    if not doc.split("\n", 1)[0].strip().endswith("."):
        raise DeclarationError(
            f"{where}: docstring summary must be one sentence ending in '.'"
        )


def all_violations() -> list[type[Violation]]:
    """List every registered rule, ordered by code.

    Returns:
        The rule classes.
    """
    from flake8_djarch.violations import load_all  # noqa: PLC0415 - registry import cycle

    load_all()
    return [_REGISTRY[code] for code in sorted(_REGISTRY)]


def by_code(code: str) -> type[Violation] | None:
    """Look a rule up by its code.

    Args:
        code: The code, e.g. ``"DJA041"``; case-insensitive.

    Returns:
        The rule class, or ``None`` when no rule has that code.
    """
    all_violations()
    return _REGISTRY.get(code.upper())
