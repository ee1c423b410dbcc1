"""DRF API security rules (RULES.md §2, seed §6.4, §6.6, §6.7)."""

from __future__ import annotations

from typing import final

from flake8_djarch.violations.base import Violation


@final
class MissingAuthenticationClasses(Violation):
    """A DRF view does not declare `authentication_classes`.

    ## What it does
    Reports, on its `class` line, a DRF view class (one reaching
    `rest_framework.views.APIView`: `GenericAPIView`, the `generics.*APIView`
    classes, `ViewSet`, `GenericViewSet`, `ModelViewSet`,
    `ReadOnlyModelViewSet`, ...) that neither assigns
    `authentication_classes` in its body (plain or annotated assignment) nor
    overrides `get_authenticators`, when no project-defined ancestor or mixin
    does either (same file or another project module, e.g. an
    `ApiAuthMixin` in `apps/api/mixins.py`). Also reports, on its `def`
    line, an `@api_view` function without an `@authentication_classes(...)`
    decorator.

    `authentication_classes = []` is an explicit, public endpoint and is
    accepted. `authentication_classes = None` and
    `= api_settings.DEFAULT_AUTHENTICATION_CLASSES` (`api_settings` of
    `rest_framework.settings` under any alias, directly or through a
    project constant) restate the global default: they are not a
    declaration. A class decorated with a project decorator, or whose
    `authentication_classes` is a `@property` or method, counts as declared.
    Bases re-exported by star imports (`from .base import *`) are followed.
    Classes defined in `rest_framework` never count as declaring anything.
    Bases that cannot be resolved keep the rule silent (`djarch check`
    names the first few on stderr); source roots (folders holding a
    `manage.py` down to three levels, and `src/`) are detected, and
    `source-roots` in `[tool.djarch]` replaces the detection; name project
    view bases that live outside the scanned folders with `view-bases`
    (`--djarch-view-bases`).

    ## Why is this bad?
    Seed §6.4: every APIView and ViewSet must declare its authentication
    explicitly; global `DEFAULT_AUTHENTICATION_CLASSES` alone is not enough,
    because one settings change silently changes every endpoint.

    ## Example
    ```python
    # path: apps/shop/apis.py
    from rest_framework.permissions import IsAuthenticated
    from rest_framework.views import APIView


    class OrderListApi(APIView):
        permission_classes = [IsAuthenticated]
    ```

    ## Use instead
    ```python
    # path: apps/shop/apis.py
    from rest_framework.authentication import SessionAuthentication
    from rest_framework.permissions import IsAuthenticated
    from rest_framework.views import APIView


    class OrderListApi(APIView):
        authentication_classes = [SessionAuthentication]
        permission_classes = [IsAuthenticated]
    ```
    """

    code = "DJA010"
    name = "missing-authentication-classes"
    family = "drf-security"
    seed = "§6.4"
    message = "missing authentication_classes: {subject} declares none; declare them explicitly, never rely on the global default alone"


@final
class MissingPermissionClasses(Violation):
    """A DRF view does not declare `permission_classes`.

    ## What it does
    The same as DJA010 for `permission_classes` / `get_permissions` and the
    `@permission_classes(...)` decorator of `@api_view` functions. An
    `@action(..., permission_classes=[...])` on one route does not excuse
    the class: the class itself still needs a declaration. `None`,
    `api_settings.DEFAULT_PERMISSION_CLASSES`, project decorators,
    properties, star re-exports and the `view-bases` and `source-roots`
    options work as for DJA010.

    ## Why is this bad?
    Seed §6.4: permissions must be explicit at the view level; a view
    relying on `DEFAULT_PERMISSION_CLASSES` opens up the day the default
    changes.

    ## Example
    ```python
    # path: apps/shop/apis.py
    from rest_framework.authentication import SessionAuthentication
    from rest_framework.views import APIView


    class OrderListApi(APIView):
        authentication_classes = [SessionAuthentication]
    ```

    ## Use instead
    ```python
    # path: apps/shop/apis.py
    from rest_framework.authentication import SessionAuthentication
    from rest_framework.permissions import IsAuthenticated
    from rest_framework.views import APIView


    class OrderListApi(APIView):
        authentication_classes = [SessionAuthentication]
        permission_classes = [IsAuthenticated]
    ```
    """

    code = "DJA011"
    name = "missing-permission-classes"
    family = "drf-security"
    seed = "§6.4"
    message = "missing permission_classes: {subject} declares none; declare them explicitly, never rely on the global default alone"


@final
class FieldsAllInSerializer(Violation):
    """A DRF serializer exposes every model field with `fields = "__all__"`.

    ## What it does
    Reports `fields = "__all__"` (or DRF's `ALL_FIELDS`) in the `Meta` of a
    DRF serializer class, on the assignment, also when the value is a name
    or attribute resolving to a module-level project constant holding
    `"__all__"` (same module or imported, through star imports and
    aliases). A value that cannot be resolved is not reported. Serializer
    classes are recognised through project bases in other modules too;
    extra bases can be named with `serializer-bases` in `[tool.djarch]`.

    ## Why is this bad?
    Seed §6.6 (mass assignment): every field added to the model later —
    `is_staff`, `balance`, a password hash — becomes readable and writable
    through the API without anyone deciding so.

    ## Example
    ```python
    # path: apps/users/serializers.py
    from rest_framework import serializers

    from apps.users.models import User


    class UserSerializer(serializers.ModelSerializer):
        class Meta:
            model = User
            fields = "__all__"
    ```

    ## Use instead
    ```python
    # path: apps/users/serializers.py
    from rest_framework import serializers

    from apps.users.models import User


    class UserSerializer(serializers.ModelSerializer):
        class Meta:
            model = User
            fields = ["id", "email"]
    ```
    """

    code = "DJA012"
    name = "fields-all"
    family = "drf-security"
    seed = "§6.6"
    message = (
        'fields = "__all__" in serializer {serializer}; list the fields explicitly'
    )


@final
class ExcludeInSerializer(Violation):
    """A DRF serializer selects its fields with `exclude`.

    ## What it does
    Reports any `exclude = ...` in the `Meta` of a DRF serializer class, on
    the assignment.

    ## Why is this bad?
    Seed §6.6: an exclusion list is an allow-everything-else list; new model
    fields are exposed automatically, exactly like `fields = "__all__"`.

    ## Example
    ```python
    # path: apps/users/serializers.py
    from rest_framework import serializers

    from apps.users.models import User


    class UserSerializer(serializers.ModelSerializer):
        class Meta:
            model = User
            exclude = ["password"]
    ```

    ## Use instead
    ```python
    # path: apps/users/serializers.py
    from rest_framework import serializers

    from apps.users.models import User


    class UserSerializer(serializers.ModelSerializer):
        class Meta:
            model = User
            fields = ["id", "email"]
    ```
    """

    code = "DJA013"
    name = "exclude-in-serializer"
    family = "drf-security"
    seed = "§6.6"
    message = "exclude in serializer {serializer}; list the exposed fields explicitly with fields = [...]"


@final
class ThrottlingDisabled(Violation):
    """A DRF view or `@api_view` function switches throttling off.

    ## What it does
    Reports `throttle_classes = []` / `()` in the body of a DRF view class
    (on the assignment) and `@throttle_classes([])` / `@throttle_classes(())`
    (on the decorator), also when the value is a project constant that
    resolves to an empty list or tuple (built with `+` or `[*A, B]`
    included). A non-empty list, or a value that cannot be resolved, is
    fine.

    ## Why is this bad?
    Seed §6.7: rate limiting is mandatory; an empty list removes the global
    `DEFAULT_THROTTLE_CLASSES` for that endpoint and opens it to brute force
    and scraping.

    ## Example
    ```python
    # path: apps/users/apis.py
    from rest_framework.authentication import SessionAuthentication
    from rest_framework.permissions import AllowAny
    from rest_framework.views import APIView


    class LoginApi(APIView):
        authentication_classes = [SessionAuthentication]
        permission_classes = [AllowAny]
        throttle_classes = []
    ```

    ## Use instead
    ```python
    # path: apps/users/apis.py
    from rest_framework.authentication import SessionAuthentication
    from rest_framework.permissions import AllowAny
    from rest_framework.throttling import AnonRateThrottle
    from rest_framework.views import APIView


    class LoginApi(APIView):
        authentication_classes = [SessionAuthentication]
        permission_classes = [AllowAny]
        throttle_classes = [AnonRateThrottle]
    ```
    """

    code = "DJA014"
    name = "throttling-disabled"
    family = "drf-security"
    seed = "§6.7"
    message = "throttling disabled: {what}; keep a non-empty throttle_classes or rely on DEFAULT_THROTTLE_CLASSES"
