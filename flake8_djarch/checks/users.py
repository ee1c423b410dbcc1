"""Custom user model rules DJA090–DJA092."""

from __future__ import annotations

import ast

from flake8_djarch import project, roles
from flake8_djarch.engine import Checker
from flake8_djarch.violations.users import (
    DefaultUserImport,
    HardcodedUserForeignKey,
    UserModelBase,
)

DEFAULT_USER = "django.contrib.auth.models.User"
RELATIONS = frozenset({"ForeignKey", "OneToOneField", "ManyToManyField"})
RELATION_MODULES = ("django.db.models.", "django.db.models.fields.related.")


class UserChecker(Checker):
    """DJA090–DJA092: the default user model and custom user bases."""

    violations = (DefaultUserImport, HardcodedUserForeignKey, UserModelBase)
    # A class or import named ``User``, or a relation field: a qualified name
    # ends with a name written in the module (an import's or an attribute's).
    requires_text = ("User", *sorted(RELATIONS))

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        """Report importing the default ``User``.

        Args:
            node: The import statement.
        """
        if (
            node.level == 0
            and node.module == "django.contrib.auth.models"
            and any(alias.name == "User" for alias in node.names)
        ):
            self.ctx.report(node, DefaultUserImport)

    def visit_Call(self, node: ast.Call) -> None:
        """Report relation fields that target the default user.

        Args:
            node: The call.
        """
        ctx = self.ctx
        func = node.func
        qualified = ctx.qualify(func)
        if qualified is not None:
            # An alias such as ``from django.db.models import ForeignKey as FK``
            # is judged by what it imports.
            name: str | None = qualified.rpartition(".")[2]
            if not qualified.startswith(RELATION_MODULES):
                return
        elif isinstance(func, ast.Attribute):
            name = func.attr
        elif isinstance(func, ast.Name):
            name = func.id
        else:
            name = None
        if name not in RELATIONS:
            return
        target = (
            node.args[0]
            if node.args
            else next((kw.value for kw in node.keywords if kw.arg == "to"), None)
        )
        if target is None:
            return
        if isinstance(target, ast.Constant) and isinstance(target.value, str):
            if target.value.lower() == "auth.user":
                ctx.report(
                    node, HardcodedUserForeignKey, field=name, target=repr(target.value)
                )
        elif ctx.qualify(target) == DEFAULT_USER:
            ctx.report(
                node,
                HardcodedUserForeignKey,
                field=name,
                target="django.contrib.auth.models.User",
            )

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        """Report a ``User`` model that is not built on the abstract user classes.

        Args:
            node: The class definition.
        """
        ctx = self.ctx
        if node.name != "User" or not ctx.has_role(roles.MODELS) or not node.bases:
            return
        kinds = ctx.classes.kinds(node)
        if kinds is None:
            return
        if project.ABSTRACT_USER in kinds or project.ABSTRACT_BASE_USER in kinds:
            return
        ctx.report(node, UserModelBase)


CHECKERS = (UserChecker,)
