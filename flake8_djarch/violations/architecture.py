"""Layered-architecture rules (RULES.md §1, seed §3)."""

from __future__ import annotations

from typing import final

from flake8_djarch.violations.base import Violation


@final
class FatView(Violation):
    """A view writes to the database, opens a transaction or causes a side effect.

    ## What it does
    In modules with the views role (`views.py`, `viewsets.py`, `apis.py`,
    anything in a `views/` or `viewsets/` package), and in any other
    non-test module inside the methods of a resolved DRF view class or
    Django class-based view and in `@api_view` functions, reports inside
    any function or method:

    - an ORM write: `create`, `bulk_create`, `bulk_update`, `get_or_create`,
      `update_or_create`, `update`, `delete` (and their `a`-prefixed async
      twins) on a manager chain (`Order.objects...`, a custom manager of a
      project model such as `Order.active...`, a related manager such as
      `order.items...`, or a queryset variable bound from one in the same
      function: `qs = Order.objects.filter(...)` then `qs.update(...)`);
      `add`, `remove`, `set`, `clear`, `create`, `get_or_create`,
      `update_or_create` on a related manager; a method of a project manager
      or queryset class whose body writes (`Notification.objects.add(...)`);
      `.save()` / `.delete()` on any receiver except `super()`, names with a
      `_`-separated part equal to `serializer`, `form`, `formset`, `cache`,
      `session` or `storage` (`platform` is not a form), a `FileField` /
      `ImageField` of a project model, and names bound from calls into
      non-Django libraries (`img = Image.open(f)`);
    - a transaction: `transaction.atomic` (decorator or context manager) and
      `transaction.on_commit(...)`;
    - a side effect: `send_mail` and friends, `EmailMessage(...).send()`,
      the request functions of `requests` / `httpx` (`get`, `post`, ...,
      also on a `requests.Session()` / `httpx.Client()` bound in the
      function; `requests.utils.*` is not one), `urllib.request.urlopen`,
      Celery `.delay()` / `.apply_async()`; a name imported from a project
      services module is never a side effect.

    One statement gives at most one finding
    (`transaction.on_commit(lambda: task.delay(pk))` is one). Test modules
    are never judged.

    Calls of functions imported from services or selectors modules,
    `serializer.save()` (that is DJA003) and `serializer.is_valid(...)` are
    fine. Methods of a DRF serializer class nested in a view module are
    judged by DJA002 instead. Configure extra exempt receiver names with
    `exempt-receivers` and extra side-effect calls (qualified names such as
    `apps.core.notify.push`, or a name as written at the call) with `side-effect-calls` in `[tool.djarch]`, or
    `--djarch-exempt-receivers` / `--djarch-side-effect-calls`.

    ## Why is this bad?
    Seed §3: views handle HTTP only. Business logic in a view cannot be
    reused from a command, a task or another endpoint, and it is tested only
    through HTTP.

    ## Example
    ```python
    # path: apps/shop/views.py
    from apps.shop.models import Order


    def order_create(request):
        order = Order.objects.create(customer=request.user)
        return order.pk
    ```

    ## Use instead
    ```python
    # path: apps/shop/views.py
    from apps.shop.services import order_create as create_order


    def order_create(request):
        order = create_order(customer=request.user)
        return order.pk
    ```
    """

    code = "DJA001"
    name = "fat-view"
    family = "architecture"
    seed = "§3"
    message = "fat view: {what} in a view; move it into a services.py function"


@final
class FatSerializer(Violation):
    """A serializer method writes to the database, opens a transaction or causes a side effect.

    ## What it does
    Reports, in any method of a DRF serializer class (a class reaching
    `rest_framework.serializers.BaseSerializer`, also when nested in a view
    class or inheriting from a project serializer in another module), the
    same ORM writes, transactions and side-effect calls as DJA001. A
    `create` / `update` that only delegates to an imported services
    function, `super().create(...)` and read queries in `validate_*` are
    fine. Project serializer bases that cannot be resolved from source can
    be named with `serializer-bases` in `[tool.djarch]`.

    ## Why is this bad?
    Seed §3: serializers validate and transform data only. Writes hidden in
    `create()` / `update()` make the serializer the business layer and fat
    serializers are explicitly forbidden.

    ## Example
    ```python
    # path: apps/shop/serializers.py
    from rest_framework import serializers

    from apps.shop.models import Order


    class OrderSerializer(serializers.Serializer):
        def create(self, validated_data):
            return Order.objects.create(**validated_data)
    ```

    ## Use instead
    ```python
    # path: apps/shop/serializers.py
    from rest_framework import serializers


    class OrderInputSerializer(serializers.Serializer):
        quantity = serializers.IntegerField(min_value=1)
    ```
    """

    code = "DJA002"
    name = "fat-serializer"
    family = "architecture"
    seed = "§3"
    message = "fat serializer: {what} in serializer {serializer}; serializers only validate, move it into a services.py function"


@final
class PersistenceThroughSerializer(Violation):
    """A view persists data through `serializer.save()` or `form.save()`.

    ## What it does
    In the views role, reports `.save()` called on a serializer or form
    receiver: a name or attribute one of whose `_`-separated parts ends in
    `serializer`, `form` or `formset` (`serializer.save()`,
    `input_serializer.save()`, `self.get_serializer(data=data).save()`),
    or an instance of a class that resolves to a DRF serializer or Django
    form whatever its name (`OrderIn(data=data).save()`, or `s.save()` after
    `s = OrderIn(data=data)` in the same function). Such a save is not also
    reported as an ORM write (DJA001).

    ## Why is this bad?
    Seed §3: writes belong to services. `serializer.save()` runs the
    serializer's `create` / `update`, so the write happens in the
    serialization layer, out of sight of the service functions.

    ## Example
    ```python
    # path: apps/shop/views.py
    def order_create(request, serializer_class):
        serializer = serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.save()
    ```

    ## Use instead
    ```python
    # path: apps/shop/views.py
    from apps.shop import services


    def order_create(request, serializer_class):
        serializer = serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        return services.order_create(**serializer.validated_data)
    ```
    """

    code = "DJA003"
    name = "persistence-through-serializer"
    family = "architecture"
    seed = "§3"
    message = "persistence through serializer/form: {call} in a view; pass validated_data to a services.py function instead"


@final
class QueryLogicInView(Violation):
    """A view builds a query beyond `.all()` / `.none()`.

    ## What it does
    In views-layer code (see DJA001: the views role, and the methods and
    class attributes of DRF and Django class-based views and `@api_view`
    functions anywhere else), reports a manager chain (`Order.objects...`,
    a custom or related manager of the project, a queryset variable) that
    calls any QuerySet method other than `all()` / `none()` (`filter`,
    `exclude`, `get`, `annotate`, `order_by`, `values`, `select_related`,
    `first`, `count`, `exists`, ...), anywhere in the module, class
    attributes such as `queryset = Order.objects.filter(...)` included. One
    chain gives one finding, on the line where it starts. A chain whose
    outermost call is an ORM write (including `.save()` /
    `.delete()` on an instance fetched through it) is DJA001's alone;
    `Order.objects.all()` and calls of selectors are fine, and so are read
    queries in the methods of a DRF serializer class nested in a view module
    (`validate_*` of an `InputSerializer`): those methods are DJA002's.
    A queryset variable bound from a query is reported where it is bound,
    not again at each later read. `ContentType.objects.get_for_model()`
    (and `get_for_models`, `get_for_id`, `get_by_natural_key`) are cached
    framework lookups, not query logic. A method of a project manager or
    queryset that does not write is a query.

    ## Why is this bad?
    Seed §3: complex reads live in `selectors.py`, where they are named,
    reused and tested without HTTP.

    ## Example
    ```python
    # path: apps/shop/views.py
    from apps.shop.models import Order


    def order_list(request):
        return list(Order.objects.filter(customer=request.user).order_by("-created"))
    ```

    ## Use instead
    ```python
    # path: apps/shop/views.py
    from apps.shop.selectors import order_list_for


    def order_list(request):
        return list(order_list_for(customer=request.user))
    ```
    """

    code = "DJA004"
    name = "query-logic-in-view"
    family = "architecture"
    seed = "§3"
    message = "query logic in view: {chain} in a view; move the query into a selectors.py function"


@final
class WriteInSelector(Violation):
    """A selector writes, opens a transaction or causes a side effect.

    ## What it does
    In the selectors role (`selectors.py`, anything in a `selectors/`
    package), reports the ORM writes, transactions and side-effect calls
    defined for DJA001. Read-only querysets, `Prefetch`, `annotate` and
    `aggregate` are fine.

    ## Why is this bad?
    Seed §3: selectors are the read side. A write hidden in a read function
    surprises every caller and breaks caching and retries.

    ## Example
    ```python
    # path: apps/shop/selectors.py
    from apps.shop.models import Order


    def order_get(pk):
        order = Order.objects.get(pk=pk)
        order.save()
        return order
    ```

    ## Use instead
    ```python
    # path: apps/shop/selectors.py
    from apps.shop.models import Order


    def order_get(pk):
        return Order.objects.select_related("customer").get(pk=pk)
    ```
    """

    code = "DJA005"
    name = "write-in-selector"
    family = "architecture"
    seed = "§3"
    message = "write in selector: {what} in a selector; selectors are read-only, move it into a services.py function"


@final
class LayerImportViolation(Violation):
    """A lower layer imports a module of a higher layer.

    ## What it does
    In the services, selectors, models and serializers roles, reports the
    import of a project module whose layer is above the importing module:
    models must not import services, selectors, serializers or views;
    selectors must not import services, serializers or views; services must
    not import serializers or views; serializers must not import views.

    A module's layer comes from its dotted path (any component named
    `views`, `apis`, `viewsets`, `serializers`, `services`, `selectors` or
    `models`; for `from pkg import name` both `pkg` and `pkg.name` count).
    Project modules are relative imports and modules whose top-level package
    exists as a folder or `.py` file in the directory flake8 runs in or in a
    configured source root (`source-roots` in `[tool.djarch]`,
    `--djarch-source-roots`); Django, DRF and other third-party modules
    never count. Imports inside `if TYPE_CHECKING:` are allowed, and so are
    imports between modules of the same layer, services importing selectors
    or models, and anything imported by views.

    ## Why is this bad?
    Seed §3: dependencies point downwards (views → serializers → services →
    selectors → models). An upward import creates cycles and lets HTTP
    concerns leak into the domain.

    ## Example
    ```python
    # path: apps/shop/services.py
    from .serializers import OrderSerializer


    def order_create(data):
        return OrderSerializer(data=data)
    ```

    ## Use instead
    ```python
    # path: apps/shop/services.py
    from .models import Order


    def order_create(*, quantity):
        return Order(quantity=quantity)
    ```
    """

    code = "DJA006"
    name = "layer-import-violation"
    family = "architecture"
    seed = "§3"
    message = "layer import violation: {role} module imports {module} ({layer} layer); dependencies must point downwards"


@final
class HttpInServiceLayer(Violation):
    """A service or selector depends on HTTP or DRF objects.

    ## What it does
    In the services and selectors roles, reports imports of `rest_framework`
    (any submodule) or `django.http`, and functions with a parameter named
    `request` or annotated `HttpRequest` / `Request` (reported on the `def`
    line, once per function). Annotations are matched as written
    (`Request`, `rest_framework.request.Request`, `HttpRequest | None`,
    string annotations included) and through import aliases
    (`from django.http import HttpRequest as HR`).
    `django.core.exceptions.ValidationError` is the right exception to
    raise there.

    ## Why is this bad?
    Seed §3: services hold business logic callable from anywhere (commands,
    tasks, tests). A request object or DRF exception ties them to one
    transport.

    ## Example
    ```python
    # path: apps/shop/services.py
    from rest_framework.exceptions import ValidationError


    def order_cancel(*, order_id):
        raise ValidationError(order_id)
    ```

    ## Use instead
    ```python
    # path: apps/shop/services.py
    from django.core.exceptions import ValidationError


    def order_cancel(*, order_id):
        raise ValidationError(order_id)
    ```
    """

    code = "DJA007"
    name = "http-in-service-layer"
    family = "architecture"
    seed = "§3"
    message = "HTTP in service layer: {what} in a {role} module; take plain values and raise django.core.exceptions.ValidationError"


@final
class BusinessLogicInModel(Violation):
    """A model method writes, opens a transaction or causes a side effect.

    ## What it does
    In the models role, reports inside any method of a Django model class
    (reaching `django.db.models.Model`, resolved across modules) the ORM
    writes, transactions and side-effect calls defined for DJA001 —
    including `self.save()` in a method other than `save`. Manager and
    queryset classes (`BaseUserManager.create_user`, a queryset's
    `archive()`) are where Django puts table-level helpers: exempt. One
    statement gives at most one finding. `super().save(*args,
    **kwargs)` / `super().delete(...)` inside `save` / `delete` overrides,
    `clean()` raising `ValidationError` and properties computing from the
    model's own fields are fine.

    ## Why is this bad?
    Seed §3: models define schema, constraints and `clean()` validation
    with minimal intrinsic logic. State changes that orchestrate writes or
    side effects belong to services.

    ## Example
    ```python
    # path: apps/shop/models.py
    from django.db import models


    class Order(models.Model):
        paid = models.BooleanField(default=False)

        def mark_paid(self):
            self.paid = True
            self.save(update_fields=["paid"])
    ```

    ## Use instead
    ```python
    # path: apps/shop/models.py
    from django.db import models


    class Order(models.Model):
        paid = models.BooleanField(default=False)

        @property
        def is_open(self):
            return not self.paid
    ```
    """

    code = "DJA008"
    name = "business-logic-in-model"
    family = "architecture"
    seed = "§3"
    message = "business logic in model: {what} in {owner}; move it into a services.py function"
