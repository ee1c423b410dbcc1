"""Language rule DJA200 (seed §4.4): code, comments and docstrings in English."""

from __future__ import annotations

from typing import final

from flake8_djarch.violations.base import Violation


@final
class NonEnglishText(Violation):
    """A comment, docstring or identifier is written in a non-Latin script.

    ## What it does
    Reports, in every module (tests included, migrations never), each comment
    and each module / class / function docstring that contains a letter of a
    non-Latin script (Cyrillic, Greek, CJK, Arabic, Hebrew, ...), where the
    comment or the docstring starts, and each identifier holding such a
    letter at its first definition (``def``, ``class``, parameter,
    assignment target, import alias). Other string literals are user-facing
    text and may be translated; emoji, symbols and Latin letters with
    diacritics (``Müller``, ``São Paulo``) never count. A module without
    non-ASCII bytes is skipped without further work.

    ## Why is this bad?
    Seed §4.4 fixes the language of code, comments and docstrings: English.
    A team and its reviewers, linters and search tools share one language;
    mixed-language comments are read by fewer people and rot faster.

    ## Example
    ```python
    # path: apps/orders/selectors.py
    def order_count() -> int:
        '''\u0421\u0447\u0438\u0442\u0430\u0435\u0442 \u0437\u0430\u043a\u0430\u0437\u044b.

        Returns:
            The number of orders.
        '''
        return 0
    ```

    ## Use instead
    ```python
    # path: apps/orders/selectors.py
    def order_count() -> int:
        '''Count the orders.

        Returns:
            The number of orders.
        '''
        return 0
    ```
    """

    code = "DJA200"
    name = "non-english-text"
    family = "docstrings"
    seed = "§4.4"
    message = "{what} is not in English ({sample}); write code, comments and docstrings in English (seed §4.4)"
