"""Logging and error-handling rules (seed §8)."""

from __future__ import annotations

from typing import final

from flake8_djarch.violations.base import Violation


@final
class PrintCall(Violation):
    '''The builtin `print` is called.

    ## What it does
    Reports every call of the builtin `print`, tests included. A management
    command's `self.stdout.write(...)` is not a `print` call, nor is a call
    of a `print` that the module or an enclosing function binds itself (an
    import other than `from builtins import print`, a `def`, an assignment,
    a parameter). Files under a `scripts/` or `bin/` folder directly under
    the run directory or a source root are command-line programs whose
    interface is standard output: exempt, and so is a module with a
    top-level `if __name__ == "__main__":` (a program by its own
    declaration).

    ## Why is this bad?
    The seed forbids `print()`: output must go through `logging` so that it is
    structured JSON in containers and carries a level.

    ## Example
    ```python
    # path: apps/shop/services.py
    def order_log(*, order_id: int) -> None:
        """Log an order.

        Args:
            order_id: The order.
        """
        print("order", order_id)
    ```

    ## Use instead
    ```python
    # path: apps/shop/services.py
    import logging

    logger = logging.getLogger(__name__)


    def order_log(*, order_id: int) -> None:
        """Log an order.

        Args:
            order_id: The order.
        """
        logger.info("order %s", order_id)
    ```
    '''

    code = "DJA080"
    name = "print-call"
    family = "logging"
    seed = "§8.2"
    message = "print() call; log with logger = logging.getLogger(__name__) instead"


@final
class LoggerName(Violation):
    """A logger is not named after its module, or the root logger is used.

    ## What it does
    Reports `logging.getLogger(...)` with any argument other than `__name__`
    (or none), and direct root-logger calls such as `logging.info(...)`.

    ## Why is this bad?
    The seed requires `logging.getLogger(__name__)` exclusively, so that log
    records carry their module and can be configured per package.

    ## Example
    ```python
    # path: apps/shop/services.py
    import logging

    logger = logging.getLogger("shop")
    ```

    ## Use instead
    ```python
    # path: apps/shop/services.py
    import logging

    logger = logging.getLogger(__name__)
    ```
    """

    code = "DJA081"
    name = "logger-name"
    family = "logging"
    seed = "§8.2"
    message = "{call}; use logger = logging.getLogger(__name__) and log through it"


@final
class TracebackLeak(Violation):
    '''A view or exception handler formats a traceback.

    ## What it does
    Reports `traceback.format_exc`, `format_exception`, `print_exc`,
    `print_exception` and `format_tb` in views and in modules named
    `exceptions.py` or `middleware.py`.

    ## Why is this bad?
    The seed forbids exposing stack traces, file paths or internals in
    responses; formatted tracebacks in these layers end up in responses.
    `logger.exception(...)` records the traceback in the logs only.

    ## Example
    ```python
    # path: apps/core/exceptions.py
    import traceback


    def describe_error() -> str:
        """Describe the current error.

        Returns:
            The description.
        """
        return traceback.format_exc()
    ```

    ## Use instead
    ```python
    # path: apps/core/exceptions.py
    import logging

    logger = logging.getLogger(__name__)


    def describe_error() -> str:
        """Log the current error and describe it generically.

        Returns:
            The description.
        """
        logger.exception("unhandled error")
        return "A server error occurred."
    ```
    '''

    code = "DJA082"
    name = "traceback-leak"
    family = "logging"
    seed = "§8.1"
    message = "{call} in a response layer leaks internals; log with logger.exception() instead"
