"""Typing rules (seed §4.1)."""

from __future__ import annotations

from typing import final

from flake8_djarch.violations.base import Violation


@final
class MissingArgumentAnnotation(Violation):
    '''A function parameter has no type annotation.

    ## What it does
    Reports each parameter of a `def` / `async def` without an annotation,
    `*args` and `**kwargs` included, at the parameter itself. The first
    parameter of a method (`self`, `cls`, `mcs`) and lambda parameters are
    exempt. A `@staticmethod` has no implicit first parameter, so its first
    parameter is reported like any other unless it is named `self`, `cls` or
    `mcs`; a first parameter with one of those names is exempt in any
    function (e.g. a test's `def fake_save(self, *args: object) -> None`
    patched onto a model).

    ## Why is this bad?
    The seed requires every argument to be type-hinted, without exception.

    ## Example
    ```python
    # path: apps/shop/services.py
    def order_total(*, prices, discount: int = 0) -> int:
        """Sum the prices.

        Args:
            prices: Line prices in cents.
            discount: Discount in cents.

        Returns:
            The total in cents.
        """
        return sum(prices) - discount
    ```

    ## Use instead
    ```python
    # path: apps/shop/services.py
    def order_total(*, prices: list[int], discount: int = 0) -> int:
        """Sum the prices.

        Args:
            prices: Line prices in cents.
            discount: Discount in cents.

        Returns:
            The total in cents.
        """
        return sum(prices) - discount
    ```
    '''

    code = "DJA050"
    name = "missing-argument-annotation"
    family = "typing"
    seed = "§4.1"
    message = "parameter '{param}' of {function}() has no type annotation; annotate it"


@final
class MissingReturnAnnotation(Violation):
    '''A function has no return annotation.

    ## What it does
    Reports every `def` / `async def` without `->`, including `__init__`,
    tests and nested functions, on the `def` line.

    ## Why is this bad?
    The seed requires every return value to be type-hinted, `-> None` included.

    ## Example
    ```python
    # path: apps/shop/services.py
    def order_total(*, prices: list[int]):
        """Sum the prices.

        Args:
            prices: Line prices in cents.

        Returns:
            The total in cents.
        """
        return sum(prices)
    ```

    ## Use instead
    ```python
    # path: apps/shop/services.py
    def order_total(*, prices: list[int]) -> int:
        """Sum the prices.

        Args:
            prices: Line prices in cents.

        Returns:
            The total in cents.
        """
        return sum(prices)
    ```
    '''

    code = "DJA051"
    name = "missing-return-annotation"
    family = "typing"
    seed = "§4.1"
    message = "{function}() has no return annotation; add one (-> None when it returns nothing)"
