"""Placeholder rules (seed: Zero Tolerance Directives §1)."""

from __future__ import annotations

from typing import final

from flake8_djarch.violations.base import Violation


@final
class TodoMarker(Violation):
    '''A comment carries a TODO, FIXME, XXX or HACK marker.

    ## What it does
    Reports comments containing the upper-case words `TODO`, `FIXME`, `XXX` or
    `HACK`. Identifiers such as `todo_list` and lower-case prose are ignored.

    ## Why is this bad?
    The seed forbids placeholders without exception: a marker admits that the
    code is unfinished. Finish the work or track it in the issue tracker.

    ## Example
    ```python
    # path: apps/shop/services.py
    def order_total(*, prices: list[int]) -> int:
        """Sum the prices of an order.

        Args:
            prices: Line prices in cents.

        Returns:
            The total in cents.
        """
        # TODO: apply discounts
        return sum(prices)
    ```

    ## Use instead
    ```python
    # path: apps/shop/services.py
    def order_total(*, prices: list[int], discount: int = 0) -> int:
        """Sum the prices of an order and subtract the discount.

        Args:
            prices: Line prices in cents.
            discount: Discount in cents.

        Returns:
            The total in cents.
        """
        return max(sum(prices) - discount, 0)
    ```
    '''

    code = "DJA040"
    name = "todo-marker"
    family = "placeholders"
    seed = "§0.1"
    message = (
        "{marker} marker in a comment; finish the work or track it in the issue tracker"
    )


@final
class PassStatement(Violation):
    '''A `pass` statement stands where code belongs.

    ## What it does
    Reports every `pass` statement.

    ## Why is this bad?
    The seed lists `pass` among the forbidden placeholders. An empty class
    needs a docstring, an ignored exception needs a comment saying why and
    a log line, and an empty function is unfinished work.

    ## Example
    ```python
    # path: apps/shop/exceptions.py
    class OutOfStockError(Exception):
        pass
    ```

    ## Use instead
    ```python
    # path: apps/shop/exceptions.py
    class OutOfStockError(Exception):
        """Raised when an order asks for more items than are in stock."""
    ```
    '''

    code = "DJA041"
    name = "pass-statement"
    family = "placeholders"
    seed = "§0.1"
    message = "`pass` placeholder; write the implementation (a docstring is enough for an empty class)"


@final
class EllipsisBody(Violation):
    '''A bare `...` statement stands where code belongs.

    ## What it does
    Reports an expression statement that is only `...`. Bodies of `@overload`
    functions, members of a `typing.Protocol` class and `.pyi` stubs are exempt.

    ## Why is this bad?
    `...` is the shortest placeholder there is; the seed forbids placeholders.

    ## Example
    ```python
    # path: apps/shop/selectors.py
    def order_list() -> list[int]:
        """Return the order ids."""
        ...
    ```

    ## Use instead
    ```python
    # path: apps/shop/selectors.py
    def order_list() -> list[int]:
        """Return the order ids."""
        return [1, 2, 3]
    ```
    '''

    code = "DJA042"
    name = "ellipsis-body"
    family = "placeholders"
    seed = "§0.1"
    message = "`...` placeholder; write the implementation"


@final
class NotImplementedRaise(Violation):
    '''`raise NotImplementedError` marks an unfinished function.

    ## What it does
    Reports `raise NotImplementedError` and `raise NotImplementedError(...)`
    when it is the whole body of a function (after its docstring), except in
    a method decorated with `@abstractmethod` (also `@abc.abstractmethod` and
    the older `abstractproperty`, `abstractclassmethod`,
    `abstractstaticmethod`). A raise inside a branch that rejects an
    unsupported case is a real error path, not a placeholder, and so is a
    raise whose message refuses the operation for good ("Token users have
    no DB representation", "does not support uv installs").

    ## Why is this bad?
    Outside an abstract method it is a placeholder that fails at run time.

    ## Example
    ```python
    # path: apps/shop/services.py
    def refund(*, order_id: int) -> None:
        """Refund an order.

        Args:
            order_id: The order to refund.

        Raises:
            NotImplementedError: Always.
        """
        raise NotImplementedError
    ```

    ## Use instead
    ```python
    # path: apps/shop/services.py
    from abc import ABC, abstractmethod


    class Gateway(ABC):
        """A payment gateway."""

        @abstractmethod
        def refund(self, order_id: int) -> None:
            """Refund an order.

            Args:
                order_id: The order to refund.

            Raises:
                NotImplementedError: In this abstract base.
            """
            raise NotImplementedError
    ```
    '''

    code = "DJA043"
    name = "not-implemented"
    family = "placeholders"
    seed = "§0.1"
    message = (
        "raise NotImplementedError outside an @abstractmethod; implement {function}"
    )


@final
class PlaceholderComment(Violation):
    '''A comment asks for code to be written later.

    ## What it does
    Reports comments that are directives to write code later, never prose:
    the whole comment text (after `#`, case-insensitive; a second comment on
    the same line is ignored) must be an elision (`...`, alone or followed by
    a space and anything: `# ... full implementation`), start with
    `implement this/here/me/later`, `your code here` / `add your logic here`,
    `placeholder`, `to be implemented` or `not implemented yet`, be
    `fill in` / `fill this in` (optionally `here` / `later`), or end in
    `rest of the code` (RULES.md R10). Prose such as "render a placeholder",
    "use dummy placeholder", "fill in empty data and" or "the rest of the
    codebase" is fine.

    ## Why is this bad?
    The seed's first directive: no `... rest of code`, no `# implement here`.

    ## Example
    ```python
    # path: apps/shop/services.py
    def order_cancel(*, order_id: int) -> int:
        """Cancel an order.

        Args:
            order_id: The order.

        Returns:
            The order id.
        """
        # implement here
        return order_id
    ```

    ## Use instead
    ```python
    # path: apps/shop/services.py
    def order_cancel(*, order_id: int) -> int:
        """Cancel an order.

        Args:
            order_id: The order.

        Returns:
            The order id.
        """
        # Cancellation is idempotent: the id alone identifies the order.
        return order_id
    ```
    '''

    code = "DJA044"
    name = "placeholder-comment"
    family = "placeholders"
    seed = "§0.1"
    message = "placeholder comment {text!r}; write the code it stands for"
