"""What a secret is: one definition for DJA072, DJA132 and DJA171 (RULES.md R10).

A finding needs both a secret-like *name* and a value that *looks like* a
secret, so that labels (``SECRET = "Secret"``), templates
(``MODULE_TOKEN = "{module}"``) and masks (``PASSWORD = "********"``) stay quiet.
"""

from __future__ import annotations

import re

#: Last name parts that are the secret itself.
SECRET_WORDS = frozenset({"PASSWORD", "PASSWD", "SECRET", "TOKEN"})
#: Parts that make a following ``KEY`` a credential (``API_KEY``, ``SECRET_KEY``).
KEY_QUALIFIERS = frozenset(
    {
        "API",
        "SECRET",
        "PRIVATE",
        "ACCESS",
        "SIGNING",
        "ENCRYPTION",
        "AUTH",
        "MASTER",
        "WEBHOOK",
        "LICENSE",
    }
)
#: Whole last parts that glue a qualifier and ``KEY`` (``APIKEY``).
GLUED_KEYS = frozenset(f"{word}KEY" for word in KEY_QUALIFIERS)
MIN_LENGTH = 6
_PARTS_RE = re.compile(r"[^A-Z0-9]+")
_TEMPLATE_MARKS = ("{", "%(", "<")


def name_parts(name: str) -> list[str]:
    """Split a name into upper-cased words.

    Args:
        name: An identifier, dict key or environment variable name.

    Returns:
        ``["DB", "PASSWORD"]`` for ``db_password``.
    """
    return [part for part in _PARTS_RE.split(name.strip().upper()) if part]


def secret_like_name(name: str) -> bool:
    """Tell whether a name holds a secret.

    The secret word must end the name: ``DB_PASSWORD``, ``GITHUB_TOKEN``,
    ``STRIPE_SECRET``, ``SECRET_KEY``, ``api_key``. Names about a secret are
    not secrets: ``TOKEN_TTL``, ``PASSWORD_HASHERS``, ``DB_PASSWORD_FILE``,
    ``CACHE_KEY_PREFIX``.

    Args:
        name: An identifier, dict key or environment variable name.

    Returns:
        True for secret-like names.
    """
    parts = name_parts(name)
    if not parts:
        return False
    last = parts[-1]
    if last in SECRET_WORDS or last.endswith(("PASSWORD", "PASSWD")):
        return True
    if last in GLUED_KEYS or "_".join(parts).endswith("API_KEY"):
        return True
    return last == "KEY" and len(parts) > 1 and parts[-2] in KEY_QUALIFIERS


def secret_looking_value(value: str, name: str = "") -> bool:
    """Tell whether a literal value looks like a real secret.

    Args:
        value: The literal, unquoted.
        name: The name it is bound to (a value equal to it or to one of its
            words is a label).

    Returns:
        True for at least six characters without whitespace, template marks
        (``{``, ``%(``, ``<``), a mask of one repeated character, or a label
        equal to the name.
    """
    if len(value) < MIN_LENGTH or any(char.isspace() for char in value):
        return False
    if any(mark in value for mark in _TEMPLATE_MARKS):
        return False
    if len(set(value)) == 1:
        return False
    folded = _fold(value)
    return folded != _fold(name) and folded not in {
        _fold(part) for part in name.split("_") if part
    }


def _fold(text: str) -> str:
    """Compare texts ignoring case, ``_`` and ``-``.

    Args:
        text: A value or name.

    Returns:
        The folded text.
    """
    return text.lower().replace("_", "").replace("-", "")
