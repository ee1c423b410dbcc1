"""Values the model knows without running code: kinds of known classes, constants (R3).

Django and DRF are never imported: the plugin carries its own table of their
class names (:data:`KNOWN`). Constants are module-level names bound once to a
literal, followed through imports, star imports and aliases, and evaluated
with ``+`` and ``[*A, B]`` only.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

    from flake8_djarch.project.modules import ModuleScope

DRF_VIEW = "rest_framework.views.APIView"
DRF_SERIALIZER = "rest_framework.serializers.BaseSerializer"
MODEL = "django.db.models.Model"
ABSTRACT_USER = "django.contrib.auth.models.AbstractUser"
ABSTRACT_BASE_USER = "django.contrib.auth.base_user.AbstractBaseUser"
FORM = "django.forms.BaseForm"
BASE_SETTINGS = "pydantic_settings.BaseSettings"
PROTOCOL = "typing.Protocol"
PYDANTIC_MODEL = "pydantic.BaseModel"
PYDANTIC_V1_SETTINGS = "pydantic.BaseSettings"
DJANGO_VIEW = "django.views.generic.base.View"
MANAGER = "django.db.models.Manager"
QUERYSET = "django.db.models.QuerySet"
TEST_CASE = "unittest.TestCase"

#: Top-level packages that are never project modules, whatever lies on disk.
THIRD_PARTY = frozenset({"django", "rest_framework"})

_GENERIC_VIEWS = (
    "GenericAPIView",
    "CreateAPIView",
    "ListAPIView",
    "RetrieveAPIView",
    "DestroyAPIView",
    "UpdateAPIView",
    "ListCreateAPIView",
    "RetrieveUpdateAPIView",
    "RetrieveDestroyAPIView",
    "RetrieveUpdateDestroyAPIView",
)
_VIEWSETS = ("ViewSet", "GenericViewSet", "ModelViewSet", "ReadOnlyModelViewSet")
_VIEW_NAMES = {
    "rest_framework.views.APIView",
    # Modules that import ``views`` (or ``APIView``) and so re-export it.
    "rest_framework.generics.views.APIView",
    "rest_framework.viewsets.views.APIView",
    "rest_framework.routers.views.APIView",
    "rest_framework.decorators.APIView",
    "rest_framework.authtoken.views.APIView",
    "rest_framework.generics.APIView",
    "rest_framework.viewsets.APIView",
    "rest_framework.routers.APIRootView",
    "rest_framework.schemas.views.SchemaView",
    "rest_framework.schemas.SchemaView",
    "rest_framework.authtoken.views.ObtainAuthToken",
    *(f"rest_framework.generics.{name}" for name in _GENERIC_VIEWS),
    *(f"rest_framework.viewsets.generics.{name}" for name in _GENERIC_VIEWS),
    *(f"rest_framework.viewsets.{name}" for name in _VIEWSETS),
}
_SERIALIZER_NAMES = {
    *(
        f"rest_framework.serializers.{name}"
        for name in (
            "BaseSerializer",
            "Serializer",
            "ModelSerializer",
            "HyperlinkedModelSerializer",
            "ListSerializer",
        )
    ),
    "rest_framework.authtoken.serializers.AuthTokenSerializer",
}
_NEUTRAL_NAMES = {
    # DRF building blocks that are not views or serializers by themselves.
    "rest_framework.viewsets.ViewSetMixin",
    *(
        f"{module}.{name}"
        for module in (
            "rest_framework.mixins",
            "rest_framework.generics.mixins",
            "rest_framework.viewsets.mixins",
        )
        for name in (
            "CreateModelMixin",
            "ListModelMixin",
            "RetrieveModelMixin",
            "UpdateModelMixin",
            "DestroyModelMixin",
        )
    ),
    "rest_framework.permissions.BasePermission",
    "rest_framework.authentication.BaseAuthentication",
    "rest_framework.throttling.BaseThrottle",
    "rest_framework.pagination.BasePagination",
    "rest_framework.pagination.PageNumberPagination",
    "rest_framework.pagination.LimitOffsetPagination",
    "rest_framework.pagination.CursorPagination",
    "django.db.models.TextChoices",
    "django.db.models.IntegerChoices",
    "django.db.models.Choices",
    "django.apps.AppConfig",
    "django.core.management.base.BaseCommand",
}
#: Django's class-based views (RULES.md R5: their methods are views-layer code).
_DJANGO_VIEW_NAMES = {
    *(
        f"{module}.{name}"
        for module in ("django.views", "django.views.generic")
        for name in (
            "View",
            "TemplateView",
            "RedirectView",
            "ListView",
            "DetailView",
            "FormView",
            "CreateView",
            "UpdateView",
            "DeleteView",
        )
    ),
    "django.views.generic.base.View",
    "django.views.generic.base.TemplateView",
    "django.views.generic.base.RedirectView",
    "django.views.generic.list.ListView",
    "django.views.generic.detail.DetailView",
    "django.views.generic.edit.FormView",
    "django.views.generic.edit.CreateView",
    "django.views.generic.edit.UpdateView",
    "django.views.generic.edit.DeleteView",
}
#: Managers and querysets (RULES.md R7 managers, R10 DJA008 exemption).
_MANAGER_NAMES = {
    "django.contrib.auth.base_user.BaseUserManager",
    "django.contrib.auth.models.BaseUserManager",
    "django.contrib.auth.models.UserManager",
    "django.db.models.Manager",
    "django.db.models.manager.Manager",
    "django.db.models.manager.BaseManager",
}
_QUERYSET_NAMES = {"django.db.models.QuerySet", "django.db.models.query.QuerySet"}
#: Test cases: test code wherever the module lives (RULES.md R5).
_TEST_CASE_NAMES = {
    "unittest.TestCase",
    "django.test.TestCase",
    "django.test.SimpleTestCase",
    "django.test.TransactionTestCase",
    "django.test.LiveServerTestCase",
    "django.test.testcases.TestCase",
    "django.test.testcases.SimpleTestCase",
    "django.test.testcases.TransactionTestCase",
    "rest_framework.test.APITestCase",
    "rest_framework.test.APISimpleTestCase",
    "rest_framework.test.APITransactionTestCase",
}
_USER_NAMES = {
    "django.contrib.auth.models.AbstractUser": {
        ABSTRACT_USER,
        ABSTRACT_BASE_USER,
        MODEL,
    },
    "django.contrib.auth.models.User": {ABSTRACT_USER, ABSTRACT_BASE_USER, MODEL},
    "django.contrib.auth.models.AbstractBaseUser": {ABSTRACT_BASE_USER, MODEL},
    "django.contrib.auth.base_user.AbstractBaseUser": {ABSTRACT_BASE_USER, MODEL},
    "django.contrib.auth.models.PermissionsMixin": {MODEL},
    "django.contrib.auth.models.Group": {MODEL},
    "django.contrib.auth.models.Permission": {MODEL},
}
_FORM_NAMES = {
    f"{module}.{name}"
    for module in ("django.forms", "django.forms.forms", "django.forms.models")
    for name in ("Form", "ModelForm", "BaseForm", "BaseModelForm")
}

KNOWN: dict[str, frozenset[str]] = {
    **{name: frozenset() for name in _NEUTRAL_NAMES},
    **{name: frozenset({DRF_VIEW}) for name in _VIEW_NAMES},
    **{name: frozenset({DRF_SERIALIZER}) for name in _SERIALIZER_NAMES},
    **{name: frozenset(kinds) for name, kinds in _USER_NAMES.items()},
    **{name: frozenset({FORM}) for name in _FORM_NAMES},
    **{name: frozenset({DJANGO_VIEW}) for name in _DJANGO_VIEW_NAMES},
    **{name: frozenset({MANAGER}) for name in _MANAGER_NAMES},
    **{name: frozenset({QUERYSET}) for name in _QUERYSET_NAMES},
    **{name: frozenset({TEST_CASE}) for name in _TEST_CASE_NAMES},
    "django.db.models.Model": frozenset({MODEL}),
    "django.db.models.base.Model": frozenset({MODEL}),
    "pydantic_settings.BaseSettings": frozenset({BASE_SETTINGS}),
    "pydantic_settings.main.BaseSettings": frozenset({BASE_SETTINGS}),
    "typing.Protocol": frozenset({PROTOCOL}),
    "pydantic.BaseModel": frozenset({PYDANTIC_MODEL}),
    "pydantic.main.BaseModel": frozenset({PYDANTIC_MODEL}),
    # pydantic 1: not pydantic-settings (DJA071), but its fields read the env too.
    **dict.fromkeys(
        (
            "pydantic.BaseSettings",
            "pydantic.env_settings.BaseSettings",
            "pydantic.v1.BaseSettings",
        ),
        frozenset({PYDANTIC_V1_SETTINGS}),
    ),
    "typing_extensions.Protocol": frozenset({PROTOCOL}),
}

#: ``api_settings`` of DRF: ``api_settings.DEFAULT_*`` restates the global default.
API_SETTINGS = "rest_framework.settings.api_settings"
#: Nodes followed per constant at most (a 3,000-term sum stays cheap and bounded).
MAX_NODES = 5000


class Unknown(Exception):  # noqa: N818 - a control-flow signal, not an error
    """The value cannot be decided statically."""


class ApiDefault:
    """The value ``api_settings.DEFAULT_<name>`` (a restated global default).

    Attributes:
        name: The ``DEFAULT_*`` attribute.
    """

    def __init__(self, name: str) -> None:
        """Record the attribute.

        Args:
            name: The ``DEFAULT_*`` attribute.
        """
        self.name = name

    def __repr__(self) -> str:
        """Return the source form.

        Returns:
            ``api_settings.<name>``.
        """
        return f"api_settings.{self.name}"


def evaluate(
    scope: ModuleScope,
    expr: ast.expr,
    follow: Callable[
        [ModuleScope, ast.expr], tuple[ModuleScope, ast.expr] | str | None
    ],
) -> object:
    """Evaluate a constant expression of a module (R3).

    Args:
        scope: The module holding the expression.
        expr: The expression.
        follow: Resolves a ``Name`` / ``Attribute`` to the module and value
            expression of the constant it names, to a qualified non-project
            name, or ``None`` when it is not resolvable.

    Returns:
        A Python value: literals, tuples and lists (``+`` and ``*unpacking``
        evaluated), ``None``, or an :class:`ApiDefault`.

    Raises:
        Unknown: When any part cannot be decided.
    """
    budget = [MAX_NODES]
    active: set[int] = set()

    def value(where: ModuleScope, node: ast.expr) -> object:
        """Evaluate one node.

        Args:
            where: The module holding the node.
            node: The expression.

        Returns:
            Its value.

        Raises:
            Unknown: When it cannot be decided.
        """
        budget[0] -= 1
        if budget[0] < 0:
            raise Unknown
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, ast.List | ast.Tuple | ast.Set):
            items: list[object] = []
            for element in node.elts:
                if isinstance(element, ast.Starred):
                    inner = value(where, element.value)
                    if not isinstance(inner, list | tuple):
                        raise Unknown
                    items.extend(inner)
                else:
                    items.append(value(where, element))
            return tuple(items) if isinstance(node, ast.Tuple) else items
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            # Iterative on the left spine: ``A + B + C + ...`` nests to the left.
            terms: list[ast.expr] = []
            left: ast.expr = node
            while isinstance(left, ast.BinOp) and isinstance(left.op, ast.Add):
                terms.append(left.right)
                left = left.left
            total = value(where, left)
            for term in reversed(terms):
                right = value(where, term)
                if isinstance(total, list) and isinstance(right, list | tuple):
                    total = [*total, *right]
                elif isinstance(total, tuple) and isinstance(right, tuple):
                    total = (*total, *right)
                elif isinstance(total, str) and isinstance(right, str):
                    total = total + right
                else:
                    raise Unknown
            return total
        if isinstance(node, ast.Name | ast.Attribute):
            found = follow(where, node)
            if isinstance(found, str):
                if found.startswith(f"{API_SETTINGS}.DEFAULT_"):
                    return ApiDefault(found.rsplit(".", 1)[1])
                raise Unknown
            if found is None:
                raise Unknown
            key = id(found[1])
            if key in active:
                raise Unknown
            active.add(key)
            try:
                return value(*found)
            finally:
                active.discard(key)
        raise Unknown

    try:
        return value(scope, expr)
    except RecursionError as error:
        raise Unknown from error


__all__ = [
    "ABSTRACT_BASE_USER",
    "ABSTRACT_USER",
    "API_SETTINGS",
    "BASE_SETTINGS",
    "DRF_SERIALIZER",
    "DRF_VIEW",
    "FORM",
    "KNOWN",
    "MODEL",
    "PROTOCOL",
    "PYDANTIC_MODEL",
    "PYDANTIC_V1_SETTINGS",
    "THIRD_PARTY",
    "ApiDefault",
    "Unknown",
    "evaluate",
]
