"""Raw SQL rules (seed §6.5): justify approved uses with ``# noqa: DJA02x <reason>``."""

from __future__ import annotations

from typing import final

from flake8_djarch.violations.base import Violation


@final
class RawSqlExpression(Violation):
    """Django's `RawSQL` expression is used.

    ## What it does
    Reports the import of `RawSQL` from `django.db.models` or
    `django.db.models.expressions` and each use of it. A local class that
    happens to be called `RawSQL` is not reported.

    ## Why is this bad?
    The seed forbids raw SQL unless the user explicitly approved it: it skips
    the ORM's escaping and ties code to one database. Approved uses carry a
    justification: `# noqa: DJA020 <reason>`.

    ## Example
    ```python
    # path: apps/shop/selectors.py
    from django.db.models.expressions import RawSQL

    RANK = RawSQL("rank()", ())
    ```

    ## Use instead
    ```python
    # path: apps/shop/selectors.py
    from django.db.models import F, Window
    from django.db.models.functions import Rank

    RANK = Window(expression=Rank(), order_by=F("total").desc())
    ```
    """

    code = "DJA020"
    name = "raw-sql-expression"
    family = "raw-sql"
    seed = "§6.5"
    message = (
        "RawSQL {what}; use ORM expressions, or justify with '# noqa: DJA020 <reason>'"
    )


@final
class RawQuery(Violation):
    """A manager's `.raw()` runs hand-written SQL.

    ## What it does
    Reports `.raw(...)` called on a manager chain such as `Order.objects.raw(...)`.
    Attributes named `raw` that are not called (`response.raw`) are fine.

    ## Why is this bad?
    The seed forbids `.raw()` unless explicitly approved with a justification.

    ## Example
    ```python
    # path: apps/shop/selectors.py
    from apps.shop.models import Order

    ORDERS = Order.objects.raw("SELECT * FROM shop_order")
    ```

    ## Use instead
    ```python
    # path: apps/shop/selectors.py
    from apps.shop.models import Order

    ORDERS = Order.objects.all()
    ```
    """

    code = "DJA021"
    name = "raw-query"
    family = "raw-sql"
    seed = "§6.5"
    message = "{call} runs raw SQL; use the QuerySet API, or justify with '# noqa: DJA021 <reason>'"


@final
class ExtraQuery(Violation):
    """A queryset's `.extra()` injects SQL fragments.

    ## What it does
    Reports `.extra(...)` called on a manager chain.

    ## Why is this bad?
    `.extra()` is deprecated by Django's own docs and forbidden by the seed;
    annotations and expressions cover its uses.

    ## Example
    ```python
    # path: apps/shop/selectors.py
    from apps.shop.models import Order

    ORDERS = Order.objects.extra(select={"big": "total > 100"})
    ```

    ## Use instead
    ```python
    # path: apps/shop/selectors.py
    from django.db.models import Q

    from apps.shop.models import Order

    ORDERS = Order.objects.alias(big=Q(total__gt=100))
    ```
    """

    code = "DJA022"
    name = "extra-query"
    family = "raw-sql"
    seed = "§6.5"
    message = "{call} injects SQL; use annotate()/expressions, or justify with '# noqa: DJA022 <reason>'"


@final
class CursorSql(Violation):
    '''SQL is executed through a database cursor.

    ## What it does
    Reports `connection.cursor()` and `connections[...].cursor()` (with
    `connection`/`connections` imported from `django.db`), and
    `.execute()`, `.executemany()` and `.callproc()` on a name bound from such
    a cursor in the same function (`with ... as cur`, `cur = ...`,
    `cur: CursorWrapper = ...`, `(cur := ...)`). Cursors unrelated to
    `django.db` are not reported. At most one finding per statement.

    ## Why is this bad?
    The seed forbids direct `cursor.execute()` unless explicitly approved.

    ## Example
    ```python
    # path: apps/shop/selectors.py
    from django.db import connection


    def order_count() -> int:
        """Count orders.

        Returns:
            The number of orders.
        """
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM shop_order")
            return cursor.fetchone()[0]
    ```

    ## Use instead
    ```python
    # path: apps/shop/selectors.py
    from apps.shop.models import Order


    def order_count() -> int:
        """Count orders.

        Returns:
            The number of orders.
        """
        return Order.objects.all().count()
    ```
    '''

    code = "DJA023"
    name = "cursor-sql"
    family = "raw-sql"
    seed = "§6.5"
    message = (
        "{call} runs raw SQL; use the ORM, or justify with '# noqa: DJA023 <reason>'"
    )
