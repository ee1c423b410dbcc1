"""The internal-error code reported when a rule itself fails."""

from __future__ import annotations

from typing import final

from flake8_djarch.violations.base import Violation


@final
class InternalError(Violation):
    """A rule raised an exception while checking this file.

    ## What it does
    Reports that one of flake8-djarch's own rules crashed on a node. The
    other rules keep running and flake8 does not stop; the finding names
    the rule and the exception so that it can be reported as a bug.

    ## Why is this bad?
    A crashing rule silently checks nothing. Any DJA000 is a bug in
    flake8-djarch, never in your code.

    ## Example
    ```python
    # path: apps/shop/services.py
    # (any file on which a rule raises; there is no code that should trigger it)
    ```

    ## Use instead
    ```python
    # path: apps/shop/services.py
    # Report the finding with the file that caused it; pin the plugin meanwhile.
    ```
    """

    code = "DJA000"
    name = "internal-error"
    family = "internal"
    seed = "-"
    message = "internal error in {rule}: {error}"
