"""Google-style docstring rules (seed §4.2): DJA060-DJA067.

Every finding is reported on the ``def`` / ``class`` line of the function or
class whose docstring is missing or wrong. The checker is
:mod:`flake8_djarch.checks.docstrings`; docstrings are read by
:mod:`flake8_djarch.docparse`.
"""

from __future__ import annotations

from typing import final

from flake8_djarch.violations.base import Violation


@final
class MissingDocstring(Violation):
    """A class or function has no docstring.

    ## What it does
    Reports every class (nested ``Meta`` classes included) and every
    function, method and nested function without a docstring, tests
    included. A docstring that holds only whitespace counts as missing.
    ``@overload`` stubs (``typing.overload`` or ``overload``), lambdas and
    definitions in ``.pyi`` stub files are not judged. An ``__init__``
    without a docstring is accepted when its class docstring has an
    ``Args`` section, Google's allowance for documenting the constructor in
    the class docstring; that section is then checked against the
    parameters of ``__init__`` (DJA062, DJA063, DJA065). When the docstring
    is missing, only this rule reports: DJA061-DJA067 judge existing
    docstrings.

    ## Why is this bad?
    Seed §4.2: every class and function must have a Google-style docstring.
    Without one, readers and generated API docs must guess the contract.

    ## Example
    ```python
    # path: apps/shop/services.py
    def order_total(order_id: int) -> int:
        return order_id * 2
    ```

    ## Use instead
    ```python
    # path: apps/shop/services.py
    def order_total(order_id: int) -> int:
        '''Compute the total of an order in cents.

        Args:
            order_id: The order's primary key.

        Returns:
            The total in cents.
        '''
        return order_id * 2
    ```
    """

    code = "DJA060"
    name = "missing-docstring"
    family = "docstrings"
    seed = "§4.2"
    message = "{kind} {name} has {state} docstring; add a Google-style docstring"


@final
class SummaryLine(Violation):
    """A docstring summary is not one sentence on the first line.

    ## What it does
    The summary is the docstring's first paragraph. It is reported when it
    does not start on the first line (right after the opening quotes), when
    it spans more than one line, when it is not followed by a blank line
    although more text follows (a section header directly under it), or when
    it does not end with a period. At most one finding per docstring.

    ## Why is this bad?
    Tools show the first line alone (IDE tooltips, ``help()``, API indexes).
    Google style asks for one line, one sentence, then a blank line.

    ## Example
    ```python
    # path: apps/shop/services.py
    def order_cancel(order_id: int) -> None:
        '''
        Cancel an order
        '''
    ```

    ## Use instead
    ```python
    # path: apps/shop/services.py
    def order_cancel(order_id: int) -> None:
        '''Cancel an order.

        Args:
            order_id: The order's primary key.
        '''
    ```
    """

    code = "DJA061"
    name = "docstring-summary-line"
    family = "docstrings"
    seed = "§4.2"
    message = (
        "docstring summary of {name} {problem}; put one sentence ending in '.' "
        "on the first line, followed by a blank line"
    )


@final
class UndocumentedParameter(Violation):
    """A parameter is missing from the docstring's Args section.

    ## What it does
    Reports one finding per parameter of a function or method that is not
    listed in its ``Args`` section; when the docstring has no ``Args``
    section at all, every parameter is missing from it, so there is one
    finding per parameter too (the contract's "one finding per parameter"
    covers both cases). The first parameter of a
    method (``self``, ``cls``, ``mcs``) is exempt, as is a first parameter
    named ``self`` or ``cls`` anywhere. ``*args`` must be documented as
    ``*args`` and ``**kwargs`` as ``**kwargs`` (a Sphinx escape such as
    ``\\*\\*kwargs`` is accepted). Entries may carry a type in parentheses
    (``amount (Decimal): ...``) and continue on deeper-indented lines. A
    parameter listed under ``Keyword Args`` counts as documented, and a
    ``Keyword Args`` section documents ``**kwargs``. When ``__init__`` has
    no docstring, or one without an ``Args`` section, the ``Args`` section of
    its class docstring (if any) is used, and the class ``Raises`` entries
    count for DJA065. Class docstrings are otherwise not checked against
    any signature.

    ## Why is this bad?
    An undocumented parameter leaves its meaning, units and accepted values
    to guesswork (seed §4.2).

    ## Example
    ```python
    # path: apps/shop/services.py
    def order_refund(order_id: int, amount: int) -> None:
        '''Refund part of an order.

        Args:
            order_id: The order's primary key.
        '''
    ```

    ## Use instead
    ```python
    # path: apps/shop/services.py
    def order_refund(order_id: int, amount: int) -> None:
        '''Refund part of an order.

        Args:
            order_id: The order's primary key.
            amount: The amount to refund, in cents.
        '''
    ```
    """

    code = "DJA062"
    name = "undocumented-parameter"
    family = "docstrings"
    seed = "§4.2"
    message = "parameter '{param}' of {name} is not documented; add {fix}"


@final
class UnknownParameter(Violation):
    """An Args entry names no parameter, or the entries are out of order.

    ## What it does
    Reports one finding per ``Args`` entry that names no parameter of the
    signature (a renamed or removed parameter, a typo), and one finding per
    docstring whose entries are listed in a different order than the
    signature. ``args`` for ``*args`` is taken as naming that parameter
    here (DJA062 asks for the starred spelling). Entries under ``Keyword
    Args`` describe keys of ``**kwargs`` and are not judged.

    ## Why is this bad?
    Stale entries document parameters that no longer exist and mislead
    callers; a shuffled list makes positional calls harder to read.

    ## Example
    ```python
    # path: apps/shop/services.py
    def order_ship(order_id: int, carrier: str) -> None:
        '''Ship an order.

        Args:
            carrier: The carrier's code.
            order_id: The order's primary key.
            priority: Whether to ship express.
        '''
    ```

    ## Use instead
    ```python
    # path: apps/shop/services.py
    def order_ship(order_id: int, carrier: str) -> None:
        '''Ship an order.

        Args:
            order_id: The order's primary key.
            carrier: The carrier's code.
        '''
    ```
    """

    code = "DJA063"
    name = "unknown-documented-parameter"
    family = "docstrings"
    seed = "§4.2"
    message = "{problem} in the Args: section of {name}; {fix}"


@final
class ReturnsMismatch(Violation):
    """The Returns section does not match the return annotation.

    ## What it does
    Reports a function whose return annotation is neither ``None`` nor
    ``NoReturn`` / ``Never`` but whose docstring has no ``Returns`` section,
    unless it is a generator (see DJA066) or a ``@property`` /
    ``@cached_property``; and a function annotated ``-> None`` whose
    docstring has a ``Returns`` section. A misspelled header such as
    ``Return`` is not a ``Returns`` section. A function without a return
    annotation is not judged (DJA051 reports the missing annotation).

    ## Why is this bad?
    Callers need to know what comes back and what it means; a ``Returns``
    section on a procedure documents a value that never exists.

    ## Example
    ```python
    # path: apps/shop/services.py
    def order_count(customer_id: int) -> int:
        '''Count a customer's orders.

        Args:
            customer_id: The customer's primary key.
        '''
        return customer_id
    ```

    ## Use instead
    ```python
    # path: apps/shop/services.py
    def order_count(customer_id: int) -> int:
        '''Count a customer's orders.

        Args:
            customer_id: The customer's primary key.

        Returns:
            The number of orders.
        '''
        return customer_id
    ```
    """

    code = "DJA064"
    name = "returns-mismatch"
    family = "docstrings"
    seed = "§4.2"
    message = "{name} {problem}; {fix}"


@final
class UndocumentedRaise(Violation):
    """An exception raised in the body is missing from the Raises section.

    ## What it does
    Reports one finding per exception class raised explicitly in the body
    (``raise X``, ``raise X(...)``, ``raise mod.X(...)``, with or without
    ``from``) that the ``Raises`` section does not list; entries match on
    the last dotted component. Bare ``raise``, raises inside nested
    functions, lambdas and classes, raising a lower-case name (an exception
    instance held in a variable) and a raise caught in the same function (a
    ``try`` whose handler names that class, ``Exception`` or nothing, or a
    ``with pytest.raises(...)`` / ``assertRaises`` / ``suppress`` block)
    are not reported.

    ## Why is this bad?
    Callers must know which errors to handle; an exception missing from
    ``Raises`` is an undocumented part of the contract.

    ## Example
    ```python
    # path: apps/shop/services.py
    def order_pay(amount: int) -> None:
        '''Pay for an order.

        Args:
            amount: The amount in cents.
        '''
        if amount <= 0:
            raise ValueError(amount)
    ```

    ## Use instead
    ```python
    # path: apps/shop/services.py
    def order_pay(amount: int) -> None:
        '''Pay for an order.

        Args:
            amount: The amount in cents.

        Raises:
            ValueError: If the amount is not positive.
        '''
        if amount <= 0:
            raise ValueError(amount)
    ```
    """

    code = "DJA065"
    name = "undocumented-raise"
    family = "docstrings"
    seed = "§4.2"
    message = "{name} raises {exception} but does not document it; add it to the Raises: section"


@final
class MissingYields(Violation):
    """A generator's docstring has no Yields section.

    ## What it does
    Reports a function whose own body contains ``yield`` or ``yield from``
    (``async def`` generators included; nested functions do not count)
    when its docstring has no ``Yields`` section. A generator decorated
    ``@contextmanager``, ``@asynccontextmanager`` or ``@pytest.fixture`` hands
    its caller one value, so a ``Returns`` section documents it as well.

    ## Why is this bad?
    A generator's callers iterate over it; ``Yields`` tells them what each
    item is, which the return annotation alone rarely explains.

    ## Example
    ```python
    # path: apps/shop/services.py
    from collections.abc import Iterator


    def order_ids(count: int) -> Iterator[int]:
        '''Produce order ids.

        Args:
            count: How many ids to produce.
        '''
        yield from range(count)
    ```

    ## Use instead
    ```python
    # path: apps/shop/services.py
    from collections.abc import Iterator


    def order_ids(count: int) -> Iterator[int]:
        '''Produce order ids.

        Args:
            count: How many ids to produce.

        Yields:
            The next order id.
        '''
        yield from range(count)
    ```
    """

    code = "DJA066"
    name = "missing-yields"
    family = "docstrings"
    seed = "§4.2"
    message = (
        "generator {name} has no Yields: section; document what it yields under Yields:"
    )


@final
class NotGoogleStyle(Violation):
    """A docstring section is not written in Google style.

    ## What it does
    Reports one finding per offending section: a header that is not one of
    the Google sections (Args, Arguments, Attributes, Example, Examples,
    Keyword Args, Keyword Arguments, Note, Notes, Raises, References,
    Returns, See Also, Todo, Warning, Warnings, Warns, Yields), a NumPy or
    reST section underlined with dashes or equals signs, and a reST or
    Epytext field list (``:param x:``, ``:returns:``, ``:raises X:``,
    ``@param x:``), one finding per Google section the fields stand for.
    A line counts as a header when it is at the docstring's base
    indentation, does not continue a prose paragraph (the line above is
    blank, indented or the summary) and either is one to three words each
    starting with a capital letter, ending with a colon and directly
    followed by an indented line, or is a capitalised known misspelling
    (``Return``, ``Params``, ``Parameters``, ``Yield``, ``Raise``,
    ``Throws``, ...). Lines inside fenced code blocks or indented blocks,
    and prose lines such as ``For example`` followed by a colon, are never
    headers.

    ## Why is this bad?
    Seed §4.2 mandates Google style. Tools (and DJA062-DJA066) read Google
    sections only, so a misspelled header hides its content from them.

    ## Example
    ```python
    # path: apps/shop/services.py
    def order_weight(grams: int) -> int:
        '''Convert an order weight.

        Args:
            grams: The weight in grams.

        Return:
            The weight in kilograms.
        '''
        return grams // 1000
    ```

    ## Use instead
    ```python
    # path: apps/shop/services.py
    def order_weight(grams: int) -> int:
        '''Convert an order weight.

        Args:
            grams: The weight in grams.

        Returns:
            The weight in kilograms.
        '''
        return grams // 1000
    ```
    """

    code = "DJA067"
    name = "not-google-style"
    family = "docstrings"
    seed = "§4.2"
    message = "{problem} in the docstring of {name}; {fix}"
