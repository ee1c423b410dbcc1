"""Layered-architecture rules DJA001–DJA008 (RULES.md §1, seed §3).

One checker walks calls, decorators and function signatures and decides, from
the module's role and the enclosing classes, which layer rule a write, a
transaction, a side effect or a query breaks. Imports are judged by a second
checker that only runs on the lower layers.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, ClassVar

from flake8_djarch import orm
from flake8_djarch import roles as role_names
from flake8_djarch.engine import Checker, Context
from flake8_djarch.imports import resolve_relative
from flake8_djarch.project import (
    DJANGO_VIEW,
    DRF_SERIALIZER,
    DRF_VIEW,
    FORM,
    MODEL,
    TEST_CASE,
)
from flake8_djarch.violations.architecture import (
    BusinessLogicInModel,
    FatSerializer,
    FatView,
    HttpInServiceLayer,
    LayerImportViolation,
    PersistenceThroughSerializer,
    QueryLogicInView,
    WriteInSelector,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

READ_ONLY_METHODS = frozenset({"all", "none"})
#: ``ContentType`` manager lookups served from Django's cache (RULES.md R10).
CACHED_LOOKUPS = frozenset(
    {"get_for_model", "get_for_models", "get_for_id", "get_by_natural_key"}
)
VIEW_KINDS = frozenset({DRF_VIEW, DJANGO_VIEW})
API_VIEW = "rest_framework.decorators.api_view"
FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
SERIALIZER_KINDS = frozenset({DRF_SERIALIZER, FORM})
SERIALIZER_PARTS = ("serializer", "form", "formset")
NOT_FORMS = frozenset(
    {
        "platform",
        "transform",
        "uniform",
        "waveform",
        "perform",
        "reform",
        "conform",
        "inform",
    }
)
HTTP_ANNOTATIONS = frozenset({"HttpRequest", "Request", "ASGIRequest", "WSGIRequest"})
HTTP_MODULES = ("rest_framework", "django.http")
HTTP_PREFIXES = tuple(f"{name}." for name in HTTP_MODULES)
_MAX_STRING_DEPTH = 3

#: Layer of a dotted-path component.
COMPONENT_LAYERS = {
    "views": role_names.VIEWS,
    "apis": role_names.VIEWS,
    "viewsets": role_names.VIEWS,
    "serializers": role_names.SERIALIZERS,
    "services": role_names.SERVICES,
    "selectors": role_names.SELECTORS,
    "models": role_names.MODELS,
}
#: Layers a module of each role must not import.
FORBIDDEN_IMPORTS = {
    role_names.MODELS: frozenset(
        {
            role_names.SERVICES,
            role_names.SELECTORS,
            role_names.SERIALIZERS,
            role_names.VIEWS,
        }
    ),
    role_names.SELECTORS: frozenset(
        {role_names.SERVICES, role_names.SERIALIZERS, role_names.VIEWS}
    ),
    role_names.SERVICES: frozenset({role_names.SERIALIZERS, role_names.VIEWS}),
    role_names.SERIALIZERS: frozenset({role_names.VIEWS}),
}


def is_serializer_receiver(receiver: ast.AST) -> bool:
    """Tell whether ``.save()`` on this receiver persists through a serializer or form.

    Args:
        receiver: The object ``save`` is called on.

    Returns:
        True for ``serializer``, ``input_serializer``, ``cart_form``,
        ``self.get_serializer(...)`` and the like.
    """
    name = orm.receiver_name(receiver)
    if name is None:
        return False
    return any(
        part.endswith(SERIALIZER_PARTS) and part not in NOT_FORMS
        for part in name.lower().split("_")
        if part
    )


class LayerChecker(Checker):
    """Finds writes, transactions, side effects and queries in the wrong layer."""

    violations = (
        FatView,
        FatSerializer,
        PersistenceThroughSerializer,
        QueryLogicInView,
        WriteInSelector,
        BusinessLogicInModel,
    )
    skip_roles: ClassVar[frozenset[str]] = frozenset({role_names.TESTS})

    def begin(self) -> None:
        """Note the module's layer roles once."""
        ctx = self.ctx
        self.views = ctx.has_role(role_names.VIEWS)
        self.selectors = ctx.has_role(role_names.SELECTORS)
        self.models = ctx.has_role(role_names.MODELS)
        self._serializer: dict[int, bool] = {}
        self._view_class: dict[int, bool] = {}
        self._model_class: dict[int, bool] = {}
        self._test_case: dict[int, bool] = {}
        self._scope_test_case: dict[int, bool] = {}
        self._scope_view: dict[int, bool] = {}
        self._scope_serializer: dict[int, bool] = {}
        self._bound: dict[int, dict[str, ast.Call]] = {}
        self._statements: set[tuple[int, str]] = set()
        self._statement: ast.AST | None = None

    def visit_Call(self, node: ast.Call) -> None:
        """Judge one call against the layer rules.

        Args:
            node: The call.
        """
        scopes = self.ctx.scopes
        # The scope predicates depend on the enclosing scopes only, which the
        # innermost one determines: judged once per scope, not per call.
        key = id(scopes[-1]) if scopes else 0
        in_test = self._scope_test_case.get(key)
        if in_test is None:
            in_test = self._scope_test_case[key] = self._in_test_case()
        if in_test:
            return
        views: bool | None = self.views
        if not views:
            views = self._scope_view.get(key)
            if views is None:
                views = self._scope_view[key] = self._in_content_view(scopes)
        if views:
            self._view_call(node)
        if not (views or self.selectors or self.models):
            in_serializer = self._scope_serializer.get(key)
            if in_serializer is None:
                in_serializer = self._scope_serializer[key] = self._in_serializer()
            if not in_serializer:
                return
        what = self._offence(node)
        if what is not None:
            self._report_offence(node, what, list(self.ctx.scopes))

    def _in_test_case(self) -> bool:
        """Tell whether the current node belongs to a test case class (RULES.md R5).

        Test support modules outside ``tests/`` (``utilities/testing/views.py``)
        hold test cases, not shipped layers.

        Returns:
            True inside a class reaching ``unittest.TestCase``.
        """
        return any(
            isinstance(scope, ast.ClassDef) and self._is_test_case(scope)
            for scope in self.ctx.scopes
        )

    def _is_test_case(self, cls: ast.ClassDef) -> bool:
        """Tell whether a class certainly is a test case (memoised).

        Args:
            cls: The class.

        Returns:
            True when its ancestry reaches ``unittest.TestCase``.
        """
        key = id(cls)
        if key not in self._test_case:
            self._test_case[key] = bool(cls.bases) and self.ctx.classes.is_kind(
                cls, TEST_CASE
            )
        return self._test_case[key]

    def _in_content_view(self, scopes: Sequence[ast.AST]) -> bool:
        """Tell whether the current node is views-layer code by content (RULES.md R5).

        Args:
            scopes: The enclosing functions, lambdas and classes, outermost first.

        Returns:
            True inside a resolved DRF or Django class-based view (its methods
            and class attributes) and inside ``@api_view`` functions.
        """
        for scope in scopes:
            if isinstance(scope, ast.ClassDef):
                if self._is_view_class(scope):
                    return True
            elif isinstance(scope, ast.FunctionDef | ast.AsyncFunctionDef) and any(
                self.ctx.qualify(
                    decorator.func if isinstance(decorator, ast.Call) else decorator
                )
                == API_VIEW
                for decorator in scope.decorator_list
            ):
                return True
        return False

    def _is_view_class(self, cls: ast.ClassDef) -> bool:
        """Tell whether a class certainly is a DRF or Django class-based view (memoised).

        Args:
            cls: The class.

        Returns:
            True when its ancestry reaches ``APIView`` or Django's ``View``.
        """
        key = id(cls)
        if key not in self._view_class:
            kinds = self.ctx.classes.kinds(cls) if cls.bases else None
            self._view_class[key] = kinds is not None and not VIEW_KINDS.isdisjoint(
                kinds
            )
        return self._view_class[key]

    def _is_model_class(self, cls: ast.ClassDef) -> bool:
        """Tell whether a class certainly is a Django model (memoised).

        Args:
            cls: The class.

        Returns:
            True when its ancestry reaches ``django.db.models.Model``.
        """
        key = id(cls)
        if key not in self._model_class:
            self._model_class[key] = bool(cls.bases) and self.ctx.classes.is_kind(
                cls, MODEL
            )
        return self._model_class[key]

    def _first_in_statement(self, code: str) -> bool:
        """Tell whether a code is reported for the first time in the current statement.

        Args:
            code: The rule code.

        Returns:
            True the first time (RULES.md R9: one finding per code per statement).
        """
        statement = self._statement or next(
            (
                parent
                for parent in reversed(self.ctx.stack)
                if isinstance(parent, ast.stmt)
            ),
            None,
        )
        key = (id(statement), code)
        if statement is None or key not in self._statements:
            self._statements.add(key)
            return True
        return False

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        """Judge a function's plain ``@transaction.atomic`` decorators.

        Args:
            node: The function.
        """
        self._decorators(node)

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> None:
        """Judge an async function's plain ``@transaction.atomic`` decorators.

        Args:
            node: The function.
        """
        self._decorators(node)

    def _decorators(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        """Judge a function's plain (uncalled) decorators for ``transaction.atomic``.

        Args:
            node: The function.
        """
        for decorator in node.decorator_list:
            if isinstance(decorator, ast.Call):
                continue  # judged by visit_Call, with the function on the scope stack
            used = orm.transaction_use(decorator, self.ctx)
            if used is not None:
                self._report_offence(
                    decorator,
                    f"transaction @{used}",
                    [*self.ctx.scopes, node],
                    statement=node,
                )

    def _offence(self, node: ast.Call) -> str | None:
        """Classify a call as an ORM write, transaction use or side effect.

        Args:
            node: The call.

        Returns:
            The description for the message, or ``None`` for an innocent call.
        """
        ctx = self.ctx
        write = orm.orm_write(node, ctx)
        if write is not None and not self._serializer_save(node):
            return f"ORM write {write}"
        used = orm.transaction_use(node, ctx)
        if used is not None:
            return f"transaction {used}()"
        effect = orm.side_effect(node, ctx)
        if effect is not None:
            return f"side effect {effect}"
        return None

    def _report_offence(
        self,
        where: ast.AST,
        what: str,
        scopes: list[ast.AST],
        statement: ast.AST | None = None,
    ) -> None:
        """Report an offending call or decorator under every rule its place breaks.

        Args:
            where: The call or decorator.
            what: The description for the message.
            scopes: The enclosing functions, lambdas and classes, outermost first.
            statement: The statement holding it (default: the innermost one).
        """
        self._statement = statement
        ctx = self.ctx
        functions = FUNCTIONS
        in_function = any(isinstance(scope, functions) for scope in scopes)
        methods: list[tuple[ast.ClassDef, ast.AST]] = [
            (scope, scopes[index + 1])
            for index, scope in enumerate(scopes[:-1])
            if isinstance(scope, ast.ClassDef)
            and isinstance(scopes[index + 1], functions)
        ]
        serializer = next(
            (cls for cls, _ in reversed(methods) if self._is_serializer(cls)), None
        )
        if serializer is not None and self._first_in_statement(FatSerializer.code):
            ctx.report(where, FatSerializer, what=what, serializer=serializer.name)
        if (
            self.models
            and methods
            and self._is_model_class(methods[-1][0])
            and self._first_in_statement(BusinessLogicInModel.code)
        ):
            cls, method = methods[-1]
            name = getattr(method, "name", "<lambda>")
            ctx.report(
                where, BusinessLogicInModel, what=what, owner=f"{cls.name}.{name}()"
            )
        if (
            (self.views or self._in_content_view(scopes))
            and in_function
            and serializer is None
            and not self._unknown_serializer([cls for cls, _ in methods])
            and self._first_in_statement(FatView.code)
        ):
            ctx.report(where, FatView, what=what)
        if self.selectors and self._first_in_statement(WriteInSelector.code):
            ctx.report(where, WriteInSelector, what=what)

    def _in_serializer(self) -> bool:
        """Tell cheaply whether the current node sits in a method of a serializer.

        Returns:
            True when an enclosing class followed by a function is a serializer.
        """
        scopes = self.ctx.scopes
        return any(
            isinstance(scope, ast.ClassDef)
            and isinstance(
                scopes[index + 1], ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda
            )
            and self._is_serializer(scope)
            for index, scope in enumerate(scopes[:-1])
        )

    def _is_serializer(self, cls: ast.ClassDef) -> bool:
        """Tell whether a class certainly is a DRF serializer (memoised).

        Args:
            cls: The class.

        Returns:
            True when its ancestry reaches ``BaseSerializer``.
        """
        key = id(cls)
        if key not in self._serializer:
            self._serializer[key] = bool(cls.bases) and self.ctx.classes.is_kind(
                cls, DRF_SERIALIZER
            )
        return self._serializer[key]

    def _unknown_serializer(self, classes: list[ast.ClassDef]) -> bool:
        """Tell whether an enclosing class may be a serializer we cannot resolve.

        Args:
            classes: The enclosing classes.

        Returns:
            True when a class named ``...Serializer`` has unresolvable bases.
        """
        return any(
            cls.name.endswith("Serializer") and self.ctx.classes.kinds(cls) is None
            for cls in classes
        )

    def _view_call(self, node: ast.Call) -> None:
        """Judge a call of a views module for DJA003 and DJA004.

        Args:
            node: The call.
        """
        ctx = self.ctx
        func = node.func
        if (
            isinstance(func, ast.Attribute)
            and func.attr == "save"
            and (is_serializer_receiver(func.value) or self._serializer_save(node))
            and not orm.is_manager_chain(func.value, ctx)
        ):
            ctx.report(node, PersistenceThroughSerializer, call=orm.describe(node))
        split = orm.manager_call(node, ctx)
        if (
            split is None
            or not self._outermost(node)
            or orm.orm_write(node, ctx) is not None
            or self._in_serializer()
        ):
            return  # a write is DJA001's; serializer methods are DJA002's
        methods = orm.chain_methods(node, ctx)
        if methods and methods[0] in CACHED_LOOKUPS and _content_types(node, ctx):
            return
        origin = orm.queryset_origin(split[1], ctx)
        if origin is not None and self._is_query(origin):
            return  # reported where the queryset variable was bound
        if any(name not in READ_ONLY_METHODS for name in methods):
            ctx.report(node, QueryLogicInView, chain=orm.describe(node))

    def _is_query(self, chain: ast.expr) -> bool:
        """Tell whether a chain a queryset variable was bound to is query logic.

        Args:
            chain: The bound expression.

        Returns:
            True when a method other than ``all()`` / ``none()`` is called on it.
        """
        if not isinstance(chain, ast.Call):
            return False
        return any(
            name not in READ_ONLY_METHODS for name in orm.chain_methods(chain, self.ctx)
        )

    def _serializer_save(self, node: ast.Call) -> bool:
        """Tell whether a ``.save()`` call saves a serializer or form object by type.

        Covers receivers whose name does not say so: ``InvoiceSer(data=d).save()``
        and ``s = InvoiceSer(data=d); s.save()`` in the same function, where
        ``InvoiceSer`` resolves to a DRF serializer or Django form class.

        Args:
            node: A call.

        Returns:
            True for ``.save()`` on an instance of a serializer or form class.
        """
        func = node.func
        if not isinstance(func, ast.Attribute) or func.attr != "save":
            return False
        receiver = func.value
        if isinstance(receiver, ast.Name):
            bound = self._bound_calls(self.ctx.current_function())
            receiver = bound.get(receiver.id, receiver)
        if not isinstance(receiver, ast.Call) or not isinstance(
            receiver.func, ast.Name | ast.Attribute
        ):
            return False
        kinds = self.ctx.classes.expr_kinds(receiver.func)
        return kinds is not None and not kinds.isdisjoint(SERIALIZER_KINDS)

    def _bound_calls(self, function: ast.AST | None) -> dict[str, ast.Call]:
        """Map the names a function binds exactly once, to a call (memoised).

        Args:
            function: The innermost enclosing function, or ``None``.

        Returns:
            ``{name: call}`` for ``name = Class(...)`` assignments; names bound
            more than once are left out.
        """
        if function is None:
            return {}
        key = id(function)
        if key not in self._bound:
            calls: dict[str, ast.Call] = {}
            seen: set[str] = set()
            for item in ast.walk(function):
                targets: list[ast.expr] = []
                value: ast.expr | None = None
                if isinstance(item, ast.Assign):
                    targets, value = item.targets, item.value
                elif isinstance(item, ast.AnnAssign | ast.NamedExpr):
                    targets, value = [item.target], item.value
                elif isinstance(item, ast.AugAssign | ast.For | ast.AsyncFor):
                    targets = [item.target]  # rebinding to something else
                for target in targets:
                    if not isinstance(target, ast.Name):
                        continue
                    if target.id in seen or not isinstance(value, ast.Call):
                        calls.pop(target.id, None)
                    else:
                        calls[target.id] = value
                    seen.add(target.id)
            self._bound[key] = calls
        return self._bound[key]

    def _outermost(self, node: ast.Call) -> bool:
        """Tell whether a call is the last call of its receiver chain.

        Args:
            node: The call.

        Returns:
            False when the call is itself the receiver of a further call.
        """
        current: ast.AST = node
        for parent in reversed(self.ctx.stack):
            if (
                isinstance(parent, ast.Attribute | ast.Subscript)
                and parent.value is current
            ):
                current = parent
            else:
                return not (isinstance(parent, ast.Call) and parent.func is current)
        return True


def _content_types(call: ast.Call, ctx: Context) -> bool:
    """Tell whether a chain starts at Django's ``ContentType`` model.

    Args:
        call: The outermost call of a manager chain.
        ctx: The module context.

    Returns:
        True for ``ContentType.objects...``.
    """
    base = orm.chain_nodes(call)[-1]
    if not isinstance(base, ast.Name):
        return False
    qualified = ctx.qualify(base)
    return base.id == "ContentType" or (
        qualified is not None and qualified.endswith(".ContentType")
    )


def _module_layers(dotted: str) -> frozenset[str]:
    """Derive the layers named by a dotted module path.

    Args:
        dotted: A module or object path such as ``apps.shop.views``.

    Returns:
        The roles of its components (``views``, ``services``...).
    """
    return frozenset(
        COMPONENT_LAYERS[part] for part in dotted.split(".") if part in COMPONENT_LAYERS
    )


class ImportLayerChecker(Checker):
    """Finds imports of upper layers and of HTTP code in the lower layers."""

    violations = (LayerImportViolation, HttpInServiceLayer)
    only_roles: ClassVar[frozenset[str] | None] = frozenset(FORBIDDEN_IMPORTS)
    skip_roles: ClassVar[frozenset[str]] = frozenset({role_names.TESTS})

    def begin(self) -> None:
        """Compute the layers this module must not import."""
        ctx = self.ctx
        own = frozenset(role for role in FORBIDDEN_IMPORTS if ctx.has_role(role))
        forbidden: set[str] = set()
        for role in own:
            forbidden |= FORBIDDEN_IMPORTS[role]
        self.forbidden = frozenset(forbidden - own)
        package = ctx.package or ""
        # A module of a layer package (``ipam/models/__init__.py``) importing a
        # sibling inside that package (``from .services import *``, NetBox's
        # Service model) imports its own layer, whatever the sibling is called.
        self.own_package = package if _module_layers(package) & own else None
        self.role = next(
            role
            for role in (
                role_names.MODELS,
                role_names.SELECTORS,
                role_names.SERVICES,
                role_names.SERIALIZERS,
            )
            if role in own
        )
        self.service_layer = ctx.has_role(role_names.SERVICES, role_names.SELECTORS)

    def visit_Import(self, node: ast.Import) -> None:
        """Judge ``import a.b.c`` statements.

        Args:
            node: The import.
        """
        modules = [alias.name for alias in node.names]
        self._judge(node, [(name, name, False) for name in modules])

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        """Judge ``from a.b import c`` statements (relative ones resolved).

        Args:
            node: The import.
        """
        base = resolve_relative(node.module, node.level, self.ctx.package)
        relative = node.level > 0
        if base is None:
            if not relative:
                return
            base = node.module or ""
        candidates = [(base, base, relative)] if base else []
        for alias in node.names:
            if alias.name != "*":
                full = f"{base}.{alias.name}" if base else alias.name
                candidates.append((full, base or alias.name, relative))
        self._judge(node, candidates)

    def _judge(
        self, node: ast.Import | ast.ImportFrom, candidates: list[tuple[str, str, bool]]
    ) -> None:
        """Report the HTTP and upper-layer modules among an import's candidates.

        Args:
            node: The import statement (the report position).
            candidates: ``(dotted, module, relative)`` per imported module or name.
        """
        ctx = self.ctx
        if self.service_layer:
            for dotted, _, _ in candidates:
                if dotted in HTTP_MODULES or dotted.startswith(HTTP_PREFIXES):
                    ctx.report(
                        node,
                        HttpInServiceLayer,
                        what=f"import of {dotted}",
                        role=self.role,
                    )
                    break
        if not self.forbidden or self._type_checking(node):
            return
        project = ctx.model
        for dotted, module, relative in candidates:
            if not dotted or not (relative or project.is_project(module)):
                continue
            if self.own_package and dotted.startswith(f"{self.own_package}."):
                continue
            layers = _module_layers(dotted) & self.forbidden
            if layers:
                layer = sorted(layers)[0]
                ctx.report(
                    node,
                    LayerImportViolation,
                    role=self.role,
                    module=dotted,
                    layer=layer,
                )
                return

    def _type_checking(self, node: ast.AST) -> bool:
        """Tell whether a statement sits in the body of ``if TYPE_CHECKING:``.

        Args:
            node: The statement being visited.

        Returns:
            True inside the guarded body (not its ``else``).
        """
        child: ast.AST = node
        for parent in reversed(self.ctx.stack):
            if (
                isinstance(parent, ast.If)
                and _is_type_checking(parent.test)
                and child in parent.body
            ):
                return True
            child = parent
        return False

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        """Judge a function's parameters for HTTP objects.

        Args:
            node: The function.
        """
        self._parameters(node)

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> None:
        """Judge an async function's parameters for HTTP objects.

        Args:
            node: The function.
        """
        self._parameters(node)

    def _parameters(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        """Report a service function taking a request parameter (once per function).

        Args:
            node: The function.
        """
        if not self.service_layer:
            return
        args = node.args
        params = [*args.posonlyargs, *args.args, *args.kwonlyargs]
        params += [arg for arg in (args.vararg, args.kwarg) if arg is not None]
        for param in params:
            if param.arg == "request":
                what = f"parameter request of {node.name}()"
            elif param.annotation is not None and _names_http(
                param.annotation, self.ctx
            ):
                what = f"parameter {param.arg}: {_annotation_text(param.annotation)} of {node.name}()"
            else:
                continue
            self.ctx.report(node, HttpInServiceLayer, what=what, role=self.role)
            return


def _is_type_checking(test: ast.expr) -> bool:
    """Tell whether an ``if`` test is ``TYPE_CHECKING`` / ``typing.TYPE_CHECKING``.

    Args:
        test: The test expression.

    Returns:
        True for the guard.
    """
    if isinstance(test, ast.Name):
        return test.id == "TYPE_CHECKING"
    return isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"


def _annotation_text(annotation: ast.expr) -> str:
    """Render an annotation for a message.

    Args:
        annotation: The annotation.

    Returns:
        Its source text (string annotations unquoted), elided when long.
    """
    if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
        text = annotation.value.strip()
    else:
        try:
            text = ast.unparse(annotation)
        except (ValueError, TypeError, AttributeError, RecursionError):
            text = type(annotation).__name__
    return text if len(text) <= 60 else text[:57] + "..."


def _names_http(annotation: ast.expr, ctx: Context, depth: int = 0) -> bool:
    """Tell whether an annotation names a request type.

    Names are matched as written and through the import table (so
    ``from django.http import HttpRequest as HR`` makes ``HR`` a request);
    string annotations are parsed and judged the same way.

    Args:
        annotation: The annotation (string annotations included).
        ctx: The module context (for the import table).
        depth: Nesting of string annotations parsed so far.

    Returns:
        True when ``HttpRequest``, ``Request`` or an ASGI/WSGI request appears.
    """
    for node in ast.walk(annotation):
        if isinstance(node, ast.Name | ast.Attribute):
            written = node.id if isinstance(node, ast.Name) else node.attr
            qualified = ctx.imports.qualify(node)
            if written in HTTP_ANNOTATIONS or (
                qualified is not None
                and qualified.rsplit(".", 1)[-1] in HTTP_ANNOTATIONS
            ):
                return True
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and depth < _MAX_STRING_DEPTH
        ):
            try:
                parsed = ast.parse(node.value.strip(), mode="eval").body
            except (SyntaxError, ValueError, RecursionError, MemoryError):
                continue
            if _names_http(parsed, ctx, depth + 1):
                return True
    return False


CHECKERS: tuple[type[Checker], ...] = (LayerChecker, ImportLayerChecker)
