"""Settings and configuration rules DJA070–DJA079 (RULES.md §8, §0b R6).

A *main settings module* is a settings-role module that ``DJANGO_SETTINGS_MODULE``
names, or that assigns ``INSTALLED_APPS`` afresh (``INSTALLED_APPS += [...]``
or ``INSTALLED_APPS = [*INSTALLED_APPS, ...]`` in an override module only
extends it). The presence checks run on main settings modules only and look
at the module's namespace after star imports (R2), as the project model
answers it; a star import that cannot be followed makes them stay silent, an
optional one of a missing module binds nothing.
"""

from __future__ import annotations

import ast
import builtins
from typing import TYPE_CHECKING

from flake8_djarch import roles
from flake8_djarch.checks.async_rules import (
    add_finding,
    allow_async_unsafe_write,
    module_assignments,
)
from flake8_djarch.engine import Checker, Context
from flake8_djarch.imports import (
    dotted_text,
)
from flake8_djarch.orm import describe
from flake8_djarch.policy import secrets
from flake8_djarch.project import BASE_SETTINGS
from flake8_djarch.violations.config import (
    AuthUserModel,
    DebugLiteral,
    DirectEnvRead,
    HardCodedSecret,
    JsonLogging,
    OpenAllowedHosts,
    RestFrameworkBaseline,
    SecuritySetting,
    SettingsWithoutPydantic,
    ThrottleScopes,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

BASE_SETTINGS_NAMES = frozenset({BASE_SETTINGS, "pydantic_settings.main.BaseSettings"})
ENV_READ_CALLS = frozenset({"os.environ.get", "os.getenv", "decouple.config"})
SECRET_WRAPPERS = frozenset({"Field", "SecretStr"})
HSTS_SECONDS = 31536000
BOOLEAN_SETTINGS = (
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_CONTENT_TYPE_NOSNIFF",
)
PROXY_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURITY_SETTINGS: dict[str, str] = {
    "SECURE_HSTS_SECONDS": str(HSTS_SECONDS),
    **dict.fromkeys(BOOLEAN_SETTINGS, "True"),
    "X_FRAME_OPTIONS": '"DENY"',
    "SECURE_PROXY_SSL_HEADER": '("HTTP_X_FORWARDED_PROTO", "https")',
}
REST_FRAMEWORK_KEYS = (
    "DEFAULT_AUTHENTICATION_CLASSES",
    "DEFAULT_PERMISSION_CLASSES",
    "DEFAULT_PAGINATION_CLASS",
    "PAGE_SIZE",
    "DEFAULT_THROTTLE_CLASSES",
    "DEFAULT_THROTTLE_RATES",
    "DEFAULT_SCHEMA_CLASS",
    "EXCEPTION_HANDLER",
    "DEFAULT_RENDERER_CLASSES",
)
THROTTLE_SCOPES = {"AnonRateThrottle": "anon", "UserRateThrottle": "user"}
MAX_DEPTH = 6
BUILTIN_NAMES = frozenset(dir(builtins))


def _string(node: ast.AST | None) -> str | None:
    """Return the text of a string literal.

    Args:
        node: Any node, or ``None``.

    Returns:
        The string, or ``None`` when the node is not a ``str`` constant.
    """
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def is_secret_name(name: str) -> bool:
    """Tell whether a name holds a secret by the shared definition (RULES.md R10).

    Args:
        name: An identifier or dict key.

    Returns:
        True for ``SECRET_KEY``, ``DB_PASSWORD``, ``stripe_api_key`` and the
        like; False for ``TOKEN_TTL`` or ``PASSWORD_HASHERS``.
    """
    return secrets.secret_like_name(name)


def secret_literal(value: ast.AST | None) -> ast.Constant | None:
    """Return the non-empty string literal a value assigns, through pydantic wrappers.

    Args:
        value: The assigned expression.

    Returns:
        The literal for ``"x"``, ``SecretStr("x")``, ``Field("x")`` or
        ``Field(default="x")``; ``None`` for anything else.
    """
    for _ in range(MAX_DEPTH):
        if isinstance(value, ast.Call):
            name = dotted_text(value.func)
            if name is None or name.rsplit(".", 1)[-1] not in SECRET_WRAPPERS:
                return None
            defaults = [
                keyword.value for keyword in value.keywords if keyword.arg == "default"
            ]
            value = defaults[0] if defaults else (value.args[0] if value.args else None)
            continue
        if (
            isinstance(value, ast.Constant)
            and isinstance(value.value, str)
            and value.value
        ):
            return value
        return None
    return None


def _last_part(node: ast.AST) -> str | None:
    """Return the last dotted part of a class reference.

    Args:
        node: A string literal (``"rest_framework.permissions.AllowAny"``) or a
            dotted name (``permissions.AllowAny``).

    Returns:
        ``AllowAny`` for both examples; ``None`` for anything else.
    """
    text = _string(node)
    if text is None:
        text = dotted_text(node)
    return None if text is None else text.rsplit(".", 1)[-1]


def _dict_items(node: ast.Dict) -> Iterator[tuple[str, ast.expr, ast.expr]]:
    """Iterate over the string-keyed entries of a dict literal.

    Args:
        node: The dict literal.

    Yields:
        ``(key, key node, value node)`` per entry with a string-literal key.
    """
    for key, value in zip(node.keys, node.values, strict=True):
        text = _string(key)
        if text is not None and key is not None:
            yield text, key, value


def _dict_is_open(node: ast.Dict) -> bool:
    """Tell whether a dict literal may hold keys we cannot see.

    Args:
        node: The dict literal.

    Returns:
        True when it unpacks another mapping or has a non-literal key.
    """
    return any(_string(key) is None for key in node.keys)


class SettingsChecker(Checker):
    """DJA071, DJA073–DJA079: the settings-role modules."""

    violations = (
        SettingsWithoutPydantic,
        SecuritySetting,
        RestFrameworkBaseline,
        ThrottleScopes,
        AuthUserModel,
        DebugLiteral,
        OpenAllowedHosts,
        JsonLogging,
    )
    only_roles = frozenset({roles.SETTINGS})

    def begin(self) -> None:
        """Judge the module as a whole: main-module presence checks and dict settings."""
        ctx = self.ctx
        self.assigned = module_assignments(ctx.tree)
        rest = self._top_level_dict("REST_FRAMEWORK")
        if rest is not None:
            self._check_throttles(rest[1])
        if not self._is_main():
            return
        model = ctx.model
        scope = ctx.classes.scope
        namespace = model.namespace(scope)
        if not model.reads_base_settings(scope) and not namespace.open:
            add_finding(ctx, (1, 0), SettingsWithoutPydantic)
        if rest is not None:
            self._check_rest_framework(*rest)
        if namespace.open:
            return
        names = namespace.names
        for setting, value in SECURITY_SETTINGS.items():
            if setting not in names:
                add_finding(
                    ctx,
                    (1, 0),
                    SecuritySetting,
                    setting=setting,
                    problem="is missing",
                    value=value,
                )
        if "REST_FRAMEWORK" not in names:
            add_finding(
                ctx,
                (1, 0),
                RestFrameworkBaseline,
                problem="REST_FRAMEWORK is missing; define it with the baseline keys",
            )
        if "AUTH_USER_MODEL" not in names:
            add_finding(ctx, (1, 0), AuthUserModel)
        if "LOGGING" not in names:
            add_finding(ctx, (1, 0), JsonLogging, problem="LOGGING is missing")
        else:
            self._check_logging()

    def _is_main(self) -> bool:
        """Tell whether the module is a main settings module (R6).

        Returns:
            True when ``DJANGO_SETTINGS_MODULE`` names it, or, unless such a
            module star-imports it, when it assigns ``INSTALLED_APPS`` afresh
            (not ``+=`` and not from a previous value such as
            ``base.INSTALLED_APPS``).
        """
        model = self.ctx.model
        if model.is_main_settings(self.ctx.module):
            return True
        if self.ctx.module in model.settings_modules():
            # A part star-imported by a named main module: judged through it.
            return False
        for stmt in self.assigned.get("INSTALLED_APPS", ()):
            if not isinstance(stmt, ast.Assign | ast.AnnAssign) or stmt.value is None:
                continue
            if not any(
                (isinstance(node, ast.Name) and node.id == "INSTALLED_APPS")
                or (isinstance(node, ast.Attribute) and node.attr == "INSTALLED_APPS")
                for node in ast.walk(stmt.value)
            ):
                return True
        return False

    def _extended(self, name: str) -> bool:
        """Tell whether a module-level dict is changed after its assignment.

        Args:
            name: The setting name.

        Returns:
            True for ``NAME["key"] = ...``, ``NAME.update(...)``, ``NAME |= ...``
            and similar uses.
        """
        for node in ast.walk(self.ctx.tree):
            if (
                isinstance(node, ast.AugAssign)
                and isinstance(node.target, ast.Name)
                and node.target.id == name
            ):
                return True
            if not isinstance(node, ast.Subscript | ast.Attribute):
                continue
            base: ast.expr = node
            while isinstance(base, ast.Subscript | ast.Attribute):
                base = base.value
            if not (isinstance(base, ast.Name) and base.id == name):
                continue
            if isinstance(node, ast.Attribute) or isinstance(
                node.ctx, ast.Store | ast.Del
            ):
                return True
        return False

    def _top_level_dict(self, name: str) -> tuple[ast.stmt, ast.Dict] | None:
        """Return the dict literal a setting is assigned, when it is decidable.

        Args:
            name: The setting name.

        Returns:
            ``(statement, dict)`` when every assignment is a top-level statement
            and the last one assigns a dict literal; ``None`` otherwise.
        """
        statements = self.assigned.get(name)
        if not statements or any(stmt not in self.ctx.tree.body for stmt in statements):
            return None
        last = statements[-1]
        value = getattr(last, "value", None)
        if isinstance(last, ast.Assign | ast.AnnAssign) and isinstance(value, ast.Dict):
            return last, value
        return None

    def _check_rest_framework(self, stmt: ast.stmt, rest: ast.Dict) -> None:
        """DJA074: missing baseline keys and ``AllowAny`` as the default.

        Args:
            stmt: The ``REST_FRAMEWORK =`` statement.
            rest: Its dict literal.
        """
        ctx = self.ctx
        items = {key: (key_node, value) for key, key_node, value in _dict_items(rest)}
        permissions = items.get("DEFAULT_PERMISSION_CLASSES")
        if (
            permissions is not None
            and isinstance(permissions[1], ast.List | ast.Tuple | ast.Set)
            and any(
                _last_part(element) == "AllowAny" for element in permissions[1].elts
            )
        ):
            ctx.report(
                permissions[0],
                RestFrameworkBaseline,
                problem="REST_FRAMEWORK DEFAULT_PERMISSION_CLASSES contains AllowAny; "
                "default to IsAuthenticated and open single views explicitly",
            )
        if _dict_is_open(rest) or self._extended("REST_FRAMEWORK"):
            return
        for key in REST_FRAMEWORK_KEYS:
            if key not in items:
                add_finding(
                    ctx,
                    (stmt.lineno, stmt.col_offset),
                    RestFrameworkBaseline,
                    problem=f"REST_FRAMEWORK lacks {key}; add it as in the baseline",
                )

    def _check_throttles(self, rest: ast.Dict) -> None:
        """DJA075: every default rate-throttle class needs the rate of its scope.

        Args:
            rest: The ``REST_FRAMEWORK`` dict literal.
        """
        items = {key: (key_node, value) for key, key_node, value in _dict_items(rest)}
        classes = items.get("DEFAULT_THROTTLE_CLASSES")
        if classes is None or not isinstance(classes[1], ast.List | ast.Tuple):
            return
        needed = {
            THROTTLE_SCOPES[part]: part
            for part in (_last_part(element) for element in classes[1].elts)
            if part in THROTTLE_SCOPES
        }
        if not needed:
            return
        rates = items.get("DEFAULT_THROTTLE_RATES")
        if rates is None:
            if _dict_is_open(rest) or self._extended("REST_FRAMEWORK"):
                return
            scopes: set[str] = set()
        elif isinstance(rates[1], ast.Dict) and not _dict_is_open(rates[1]):
            scopes = {key for key, _, _ in _dict_items(rates[1])}
        else:
            return
        missing = [scope for scope in needed if scope not in scopes]
        if missing:
            self.ctx.report(
                classes[0],
                ThrottleScopes,
                throttles=" and ".join(needed[scope] for scope in missing),
                scopes=" and ".join(f'an "{scope}" rate' for scope in missing),
            )

    def _check_logging(self) -> None:
        """DJA079: the ``LOGGING`` formatters must reference a JSON formatter."""
        found = self._top_level_dict("LOGGING")
        if found is None:
            return
        logging = found[1]
        formatters = {key: value for key, _, value in _dict_items(logging)}.get(
            "formatters"
        )
        if formatters is None:
            if _dict_is_open(logging) or self._extended("LOGGING"):
                return
            add_finding(
                self.ctx, (1, 0), JsonLogging, problem="LOGGING has no formatters"
            )
            return
        if not isinstance(formatters, ast.Dict):
            return
        unknown = _dict_is_open(formatters) or self._extended("LOGGING")
        for formatter in formatters.values:
            if not isinstance(formatter, ast.Dict):
                unknown = True
                continue
            unknown = unknown or _dict_is_open(formatter)
            for key, _, value in _dict_items(formatter):
                if key in {"()", "class"}:
                    text = _string(value) or self.ctx.imports.dotted(value)
                    if text is None:
                        unknown = True
                    elif "json" in text.lower():
                        return
        if not unknown:
            add_finding(
                self.ctx,
                (1, 0),
                JsonLogging,
                problem="LOGGING formatters reference no JSON formatter",
            )

    def visit_Assign(self, node: ast.Assign) -> None:
        """Judge a module-level settings assignment.

        Args:
            node: The assignment.
        """
        for target in node.targets:
            if isinstance(target, ast.Name):
                self._judge(target.id, node.value)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        """Judge a module-level annotated settings assignment.

        Args:
            node: The assignment.
        """
        if isinstance(node.target, ast.Name) and node.value is not None:
            self._judge(node.target.id, node.value)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        """Judge ``ALLOWED_HOSTS += [...]``.

        Args:
            node: The augmented assignment.
        """
        if (
            not self.ctx.scopes
            and isinstance(node.target, ast.Name)
            and node.target.id == "ALLOWED_HOSTS"
        ):
            self._check_hosts(node.value)

    def _judge(self, name: str, value: ast.expr) -> None:
        """Judge one module-level setting's value (DJA073, DJA077, DJA078).

        Args:
            name: The assigned name.
            value: The assigned expression.
        """
        ctx = self.ctx
        if ctx.scopes:
            return
        if name == "DEBUG" and isinstance(value, ast.Constant) and value.value is True:
            ctx.report(value, DebugLiteral)
        elif name == "ALLOWED_HOSTS":
            self._check_hosts(value)
        elif name in SECURITY_SETTINGS and ctx.parent() is ctx.tree:
            weak = self._weak(name, value)
            if weak is not None:
                ctx.report(
                    value,
                    SecuritySetting,
                    setting=name,
                    problem=f"= {weak} is weaker than the seed",
                    value=SECURITY_SETTINGS[name],
                )

    def _check_hosts(self, value: ast.expr) -> None:
        """DJA078: report an ``ALLOWED_HOSTS`` literal holding ``"*"``.

        Args:
            value: The assigned expression.
        """
        if isinstance(value, ast.List | ast.Tuple | ast.Set):
            if any(_string(element) == "*" for element in value.elts):
                self.ctx.report(value, OpenAllowedHosts)
        elif _string(value) == "*":
            self.ctx.report(value, OpenAllowedHosts)

    @staticmethod
    def _weak(name: str, value: ast.expr) -> str | None:
        """Return the text of a literal weaker than the seed, if it is one.

        Args:
            name: The security setting.
            value: Its assigned expression.

        Returns:
            The offending literal as source text, or ``None`` when the value is
            as strong as the seed or not a literal.
        """
        try:
            literal = ast.literal_eval(value) if _is_literal(value) else _NOT_LITERAL
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            return None
        if literal is _NOT_LITERAL:
            return None
        text = ast.unparse(value)
        if name == "SECURE_HSTS_SECONDS":
            weak = (
                isinstance(literal, int | float)
                and not isinstance(literal, bool)
                and literal < HSTS_SECONDS
            )
        elif name in BOOLEAN_SETTINGS:
            weak = literal is False
        elif name == "X_FRAME_OPTIONS":
            weak = isinstance(literal, str) and literal.upper() != "DENY"
        else:
            weak = literal is None or (
                isinstance(literal, tuple | list) and tuple(literal) != PROXY_HEADER
            )
        return text if weak else None


_NOT_LITERAL = object()


def _is_literal(node: ast.expr) -> bool:
    """Tell whether a value is a literal DJA073 may judge.

    Args:
        node: The assigned expression.

    Returns:
        True for constants, signed numbers and tuples / lists of constants;
        False for anything computed.
    """
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        return isinstance(node.operand, ast.Constant)
    if isinstance(node, ast.Tuple | ast.List):
        return all(isinstance(element, ast.Constant) for element in node.elts)
    return False


ENUM_BASES = frozenset(
    {
        "Enum",
        "StrEnum",
        "IntEnum",
        "Flag",
        "IntFlag",
        "Choices",
        "TextChoices",
        "IntegerChoices",
    }
)


def _is_enumeration(cls: ast.AST) -> bool:
    """Tell whether a class is an enumeration, whose members label values.

    Args:
        cls: The class definition.

    Returns:
        True when a base's last dotted part is an ``enum`` or Django choices class.
    """
    if not isinstance(cls, ast.ClassDef):
        return False
    for base in cls.bases:
        text = dotted_text(base)
        if text is not None and text.rsplit(".", 1)[-1] in ENUM_BASES:
            return True
    return False


class EnvironmentChecker(Checker):
    """DJA070 and DJA072: direct environment reads and hard-coded secrets outside tests."""

    violations = (DirectEnvRead, HardCodedSecret)

    @classmethod
    def applies(cls, ctx: Context) -> bool:
        """Skip modules of the tests role.

        Args:
            ctx: The module's context.

        Returns:
            True when the module is not a test module and a rule is selected.
        """
        return not ctx.has_role(roles.TESTS) and super().applies(ctx)

    def visit_Subscript(self, node: ast.Subscript) -> None:
        """Report ``os.environ[...]`` (but not the DJA031 write).

        Args:
            node: The subscript.
        """
        ctx = self.ctx
        if (
            ctx.qualify(node.value) == "os.environ"
            and allow_async_unsafe_write(ctx, node) is None
        ):
            ctx.report(node, DirectEnvRead, call=f"{describe(node.value)}[...]")

    def visit_Call(self, node: ast.Call) -> None:
        """Report ``os.environ.get``, ``os.getenv``, ``environ.Env`` and ``decouple.config``.

        Args:
            node: The call.
        """
        ctx = self.ctx
        qualified = ctx.qualify(node.func)
        if qualified is None:
            return
        if qualified == "os.environ.setdefault":
            key = _string(node.args[0]) if node.args else None
            if (
                key == "DJANGO_SETTINGS_MODULE"
                or allow_async_unsafe_write(ctx, node) is not None
            ):
                return
        elif not (
            qualified in ENV_READ_CALLS
            or qualified == "environ.Env"
            or qualified.startswith("environ.Env.")
        ):
            return
        ctx.report(node, DirectEnvRead, call=f"{qualified}()")

    def visit_Assign(self, node: ast.Assign) -> None:
        """Report a secret literal assigned at module level or in a class body.

        Args:
            node: The assignment.
        """
        for target in node.targets:
            if isinstance(target, ast.Name):
                self._secret(target.id, node.value)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        """Report a secret literal as an annotated assignment or field default.

        Args:
            node: The assignment.
        """
        if isinstance(node.target, ast.Name):
            self._secret(node.target.id, node.value)

    def visit_Dict(self, node: ast.Dict) -> None:
        """Report a string literal under the key ``"PASSWORD"`` on the key's line.

        Args:
            node: The dict literal.
        """
        for key, key_node, value in _dict_items(node):
            literal = secret_literal(value)
            if (
                key == "PASSWORD"
                and literal is not None
                and secrets.secret_looking_value(str(literal.value), key)
            ):
                self.ctx.report(key_node, HardCodedSecret, target='"PASSWORD"')

    def _secret(self, name: str, value: ast.expr | None) -> None:
        """DJA072: report a secret literal bound at module level or in a class body.

        Args:
            name: The assigned name.
            value: The assigned expression, if any.
        """
        scopes = self.ctx.scopes
        if scopes and not isinstance(scopes[-1], ast.ClassDef):
            return
        if not isinstance(value, ast.Constant | ast.Call):
            return  # no literal (see secret_literal): the name needs no judging
        if not is_secret_name(name):
            return
        if scopes and _is_enumeration(scopes[-1]):
            # ``class TokenKind(StrEnum): ACCESS_TOKEN = "access"`` labels a kind.
            return
        literal = secret_literal(value)
        if literal is not None and secrets.secret_looking_value(
            str(literal.value), name
        ):
            self.ctx.report(literal, HardCodedSecret, target=name)


CHECKERS: tuple[type[Checker], ...] = (SettingsChecker, EnvironmentChecker)
