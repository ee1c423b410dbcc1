"""Class resolution: does a class reach a known Django/DRF/pydantic base?

Bases are followed through the import table, classes of the same module and
(lazily) project modules parsed from source. Django and DRF are never
imported: the plugin carries its own table of their class names.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flake8_djarch.engine import Context

DRF_VIEW = "rest_framework.views.APIView"
DRF_SERIALIZER = "rest_framework.serializers.BaseSerializer"
MODEL = "django.db.models.Model"
ABSTRACT_USER = "django.contrib.auth.models.AbstractUser"
ABSTRACT_BASE_USER = "django.contrib.auth.base_user.AbstractBaseUser"
FORM = "django.forms.BaseForm"
BASE_SETTINGS = "pydantic_settings.BaseSettings"
PROTOCOL = "typing.Protocol"

_VIEW_NAMES = {
    "rest_framework.views.APIView",
    "rest_framework.generics.GenericAPIView",
    "rest_framework.generics.CreateAPIView",
    "rest_framework.generics.ListAPIView",
    "rest_framework.generics.RetrieveAPIView",
    "rest_framework.generics.DestroyAPIView",
    "rest_framework.generics.UpdateAPIView",
    "rest_framework.generics.ListCreateAPIView",
    "rest_framework.generics.RetrieveUpdateAPIView",
    "rest_framework.generics.RetrieveDestroyAPIView",
    "rest_framework.generics.RetrieveUpdateDestroyAPIView",
    "rest_framework.viewsets.ViewSet",
    "rest_framework.viewsets.GenericViewSet",
    "rest_framework.viewsets.ModelViewSet",
    "rest_framework.viewsets.ReadOnlyModelViewSet",
    "rest_framework.generics.APIView",
    "rest_framework.viewsets.APIView",
}
_SERIALIZER_NAMES = {
    "rest_framework.serializers.BaseSerializer",
    "rest_framework.serializers.Serializer",
    "rest_framework.serializers.ModelSerializer",
    "rest_framework.serializers.HyperlinkedModelSerializer",
    "rest_framework.serializers.ListSerializer",
}
_USER_NAMES = {
    "django.contrib.auth.models.AbstractUser": {ABSTRACT_USER, ABSTRACT_BASE_USER, MODEL},
    "django.contrib.auth.models.AbstractBaseUser": {ABSTRACT_BASE_USER, MODEL},
    "django.contrib.auth.base_user.AbstractBaseUser": {ABSTRACT_BASE_USER, MODEL},
}

KNOWN: dict[str, frozenset[str]] = {
    **{name: frozenset({DRF_VIEW}) for name in _VIEW_NAMES},
    **{name: frozenset({DRF_SERIALIZER}) for name in _SERIALIZER_NAMES},
    **{name: frozenset(kinds) for name, kinds in _USER_NAMES.items()},
    "django.db.models.Model": frozenset({MODEL}),
    "django.db.models.base.Model": frozenset({MODEL}),
    "django.forms.Form": frozenset({FORM}),
    "django.forms.ModelForm": frozenset({FORM}),
    "django.forms.BaseForm": frozenset({FORM}),
    "pydantic_settings.BaseSettings": frozenset({BASE_SETTINGS}),
    "pydantic_settings.main.BaseSettings": frozenset({BASE_SETTINGS}),
    "typing.Protocol": frozenset({PROTOCOL}),
    "typing_extensions.Protocol": frozenset({PROTOCOL}),
}


class ClassResolver:
    """Answers ancestry questions for the classes of one module."""

    def __init__(self, ctx: Context) -> None:
        """Bind the resolver to a module.

        Args:
            ctx: The module's context.
        """
        self.ctx = ctx
        self.local: dict[str, ast.ClassDef] = {
            node.name: node for node in ctx.tree.body if isinstance(node, ast.ClassDef)
        }
        self._memo: dict[int, frozenset[str] | None] = {}

    def kinds(self, cls: ast.ClassDef) -> frozenset[str] | None:
        """Return the known bases a class reaches.

        Args:
            cls: A class defined in the module.

        Returns:
            The set of known kinds (e.g. :data:`DRF_VIEW`); ``None`` when some
            base could not be resolved and nothing known was reached.
        """
        key = id(cls)
        if key in self._memo:
            return self._memo[key]
        self._memo[key] = frozenset()
        found: set[str] = set()
        unknown = False
        for base in cls.bases:
            kinds = self.expr_kinds(base)
            if kinds is None:
                unknown = True
            else:
                found.update(kinds)
        result = frozenset(found) if found or not unknown else None
        self._memo[key] = result
        return result

    def expr_kinds(self, base: ast.expr) -> frozenset[str] | None:
        """Return the known kinds a base-class expression reaches.

        Args:
            base: An expression from a ``class`` statement's bases.

        Returns:
            The kinds, or ``None`` when the base is unresolvable.
        """
        if isinstance(base, ast.Subscript):
            base = base.value
        if isinstance(base, ast.Name) and base.id in self.local and base.id not in self.ctx.imports.names:
            return self.kinds(self.local[base.id])
        qualified = self.ctx.imports.qualify(base)
        if qualified is None:
            return frozenset() if isinstance(base, ast.Name) and base.id == "object" else None
        return self.qualified_kinds(qualified)

    def qualified_kinds(self, qualified: str) -> frozenset[str] | None:
        """Return the known kinds of a class given by qualified name.

        Args:
            qualified: A dotted class name.

        Returns:
            The kinds, or ``None`` when unknown.
        """
        config = self.ctx.config
        if qualified in KNOWN:
            return KNOWN[qualified]
        extra: set[str] = set()
        if qualified in config.view_bases:
            extra.add(DRF_VIEW)
        if qualified in config.serializer_bases:
            extra.add(DRF_SERIALIZER)
        if qualified in config.model_bases:
            extra.add(MODEL)
        return frozenset(extra) if extra else None

    def reaches(self, cls: ast.ClassDef, kind: str) -> bool | None:
        """Tell whether a class reaches a known kind.

        Args:
            cls: A class defined in the module.
            kind: One of the kind constants.

        Returns:
            True or False when decided; ``None`` when unknown.
        """
        kinds = self.kinds(cls)
        if kinds is None:
            return None
        return kind in kinds


def resolver_for(ctx: Context) -> ClassResolver:
    """Create the resolver of a module.

    Args:
        ctx: The module's context.

    Returns:
        The resolver.
    """
    return ClassResolver(ctx)
