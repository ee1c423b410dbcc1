"""Settings and configuration rules (RULES.md §8, seed §2, §6, §8.2, §11): DJA070–DJA079.

A *main settings module* is the module named by ``DJANGO_SETTINGS_MODULE``
(RULES.md §0b R6), or a settings-role module that assigns ``INSTALLED_APPS``
and that no named module star-imports. The "must be present" checks (DJA071, DJA073 missing,
DJA074, DJA076, DJA079) run on main settings modules only and report at 1:1
unless stated otherwise; other settings-role modules (``config/settings/test.py``,
HackSoft's ``config/settings/*.py`` fragments) get the value checks only. For
split layouts such as HackSoft's ``config/django/base.py``, put the folder into
the settings role: ``[tool.djarch.roles] settings = ["config/django/*.py",
"config/settings/*.py"]`` in ``pyproject.toml`` or
``djarch-role = settings=config/django/*.py,settings=config/settings/*.py`` in
the flake8 configuration. Names that a main settings module star-imports from
a project module count as assigned by it.
"""

from __future__ import annotations

from typing import final

from flake8_djarch.violations.base import Violation


@final
class DirectEnvRead(Violation):
    """The environment is read directly instead of through pydantic-settings.

    ## What it does
    Reports ``os.environ[...]``, ``os.environ.get(...)``,
    ``os.environ.setdefault(...)``, ``os.getenv(...)``, ``environ.Env``
    (django-environ) and ``decouple.config(...)`` in any module outside the
    tests role, one finding per read. ``os.environ.setdefault(
    "DJANGO_SETTINGS_MODULE", ...)`` in ``manage.py`` / ``asgi.py`` /
    ``wsgi.py`` is fine, and setting ``DJANGO_ALLOW_ASYNC_UNSAFE`` is DJA031
    rather than DJA070.

    ## Why is this bad?
    Seed §6.1 routes every secret and setting through a typed
    ``pydantic-settings`` class: values are validated once at start-up, the
    full list of variables is documented in one place (and in
    ``.env.example``), and a missing variable fails fast instead of turning
    into ``None`` deep inside a request.

    ## Example
    ```python
    # path: config/settings/production.py
    import os

    SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
    ```

    ## Use instead
    ```python
    # path: config/settings/production.py
    from pydantic import SecretStr
    from pydantic_settings import BaseSettings


    class Env(BaseSettings):
        '''Configuration read from the environment.'''

        django_secret_key: SecretStr


    env = Env()
    SECRET_KEY = env.django_secret_key.get_secret_value()
    ```
    """

    code = "DJA070"
    name = "direct-env-read"
    family = "settings"
    seed = "§6.1"
    message = (
        "direct environment read {call}; declare it as a field of a "
        "pydantic-settings BaseSettings class (seed §6.1)"
    )


@final
class SettingsWithoutPydantic(Violation):
    """The main settings module does not load a pydantic-settings class.

    ## What it does
    Reports, at 1:1, a main settings module that does not read a
    ``pydantic_settings.BaseSettings`` subclass or instance: no name of its
    namespace (star imports followed) is such a class, an instance of one or
    a function annotated to return one, defined in the project or imported
    from ``pydantic_settings`` (for example ``from config.env import env``
    where ``config/env.py`` holds ``class Env(BaseSettings)`` and
    ``env = Env()``, or the module itself with ``import config.env as
    env_module``). Importing other project helpers does not answer the
    question. Project modules are read from source below the directory
    flake8 runs in; nothing is imported.

    {main-settings}

    ## Why is this bad?
    Seed §2 replaces the stock ``settings.py`` variables with
    ``pydantic-settings`` classes so that configuration is typed, validated
    and documented in one place.

    ## Example
    ```python
    # path: config/settings.py
    INSTALLED_APPS = ["django.contrib.auth", "apps.users"]
    ```

    ## Use instead
    ```python
    # path: config/settings.py
    from pathlib import Path

    from pydantic import SecretStr
    from pydantic_settings import BaseSettings, SettingsConfigDict


    class Env(BaseSettings):
        '''Configuration read from the environment.'''

        model_config = SettingsConfigDict(env_file=".env")

        secret_key: SecretStr
        debug: bool = False
        allowed_hosts: list[str] = []


    env = Env()

    BASE_DIR = Path(__file__).resolve().parent.parent
    SECRET_KEY = env.secret_key.get_secret_value()
    DEBUG = env.debug
    ALLOWED_HOSTS = env.allowed_hosts
    INSTALLED_APPS = [
        "django.contrib.auth",
        "django.contrib.contenttypes",
        "rest_framework",
        "apps.users",
    ]
    AUTH_USER_MODEL = "users.User"

    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    X_FRAME_OPTIONS = "DENY"
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

    REST_FRAMEWORK = {
        "DEFAULT_AUTHENTICATION_CLASSES": [
            "rest_framework.authentication.SessionAuthentication",
        ],
        "DEFAULT_PERMISSION_CLASSES": [
            "rest_framework.permissions.IsAuthenticated",
        ],
        "DEFAULT_PAGINATION_CLASS": "apps.core.pagination.StandardPagination",
        "PAGE_SIZE": 20,
        "DEFAULT_THROTTLE_CLASSES": [
            "rest_framework.throttling.AnonRateThrottle",
            "rest_framework.throttling.UserRateThrottle",
        ],
        "DEFAULT_THROTTLE_RATES": {"anon": "100/hour", "user": "1000/hour"},
        "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
        "EXCEPTION_HANDLER": "apps.core.exceptions.custom_exception_handler",
        "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    }

    LOGGING = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "pythonjsonlogger.json.JsonFormatter"}},
        "handlers": {
            "console": {"class": "logging.StreamHandler", "formatter": "json"},
        },
        "root": {"handlers": ["console"], "level": "INFO"},
    }
    ```
    """

    code = "DJA071"
    name = "settings-without-pydantic-settings"
    family = "settings"
    seed = "§2"
    message = (
        "main settings module defines or imports no pydantic-settings "
        "BaseSettings; load configuration from a BaseSettings class (seed §2)"
    )


@final
class HardCodedSecret(Violation):
    """A secret is hard-coded as a string literal.

    ## What it does
    Outside the tests role it reports a string literal that looks like a
    secret assigned to a secret-like name, when the assignment is at module
    level, a class attribute or a ``BaseSettings`` field default. One
    definition (``flake8_djarch.policy.secrets``, shared with DJA132 and
    DJA171): the name's last ``_``-separated word is ``PASSWORD``,
    ``PASSWD``, ``SECRET`` or ``TOKEN`` (or ends in ``PASSWORD``), or it
    ends in ``KEY`` after ``API``, ``SECRET``, ``PRIVATE``, ``ACCESS``,
    ``SIGNING``, ``ENCRYPTION``, ``AUTH``, ``MASTER``, ``WEBHOOK`` or
    ``LICENSE`` (``SECRET_KEY``, ``stripe_api_key``); the value has at least
    six characters, no whitespace, no ``{``, ``%(`` or ``<``, is not a mask
    of one repeated character and is not equal (ignoring case, ``_`` and
    ``-``) to the name or one of its words (``SECRET = "Secret"`` and
    ``MODULE_TOKEN = "{module}"`` are labels and templates). A default wrapped in
    ``Field(default="...")`` / ``Field("...")`` or ``SecretStr("...")`` counts
    as the literal. A non-empty string under the dict key ``"PASSWORD"`` (as
    in ``DATABASES``) is reported on the key's line. Fields without a default,
    ``SecretStr`` annotations without a default, ``""``, f-strings, computed
    values, names such as ``TOKEN_TTL`` or ``PASSWORD_HASHERS``, and members
    of enumerations (``class TokenKind(StrEnum): ACCESS_TOKEN = "access"``,
    Django ``TextChoices``) are not reported.

    ## Why is this bad?
    A secret in source control is leaked to everyone with read access, to
    every image layer and to every CI log, and it cannot be rotated without
    a deploy (seed §6.1).

    ## Example
    ```python
    # path: config/settings/production.py
    SECRET_KEY = "django-insecure-3kx9"
    ```

    ## Use instead
    ```python
    # path: config/settings/production.py
    from pydantic import SecretStr
    from pydantic_settings import BaseSettings


    class Env(BaseSettings):
        '''Configuration read from the environment.'''

        secret_key: SecretStr


    env = Env()
    SECRET_KEY = env.secret_key.get_secret_value()
    ```
    """

    code = "DJA072"
    name = "hard-coded-secret"
    family = "settings"
    seed = "§6.1"
    message = (
        "hard-coded secret in {target}; read it from the environment through "
        "a pydantic-settings field (seed §6.1)"
    )


@final
class SecuritySetting(Violation):
    """A production security setting of seed §6.3 is missing or weakened.

    ## What it does
    On a main settings module it reports, at 1:1, each missing one of
    ``SECURE_HSTS_SECONDS``, ``SECURE_HSTS_INCLUDE_SUBDOMAINS``,
    ``SECURE_HSTS_PRELOAD``, ``SECURE_SSL_REDIRECT``, ``SESSION_COOKIE_SECURE``,
    ``CSRF_COOKIE_SECURE``, ``SECURE_CONTENT_TYPE_NOSNIFF``,
    ``X_FRAME_OPTIONS`` and ``SECURE_PROXY_SSL_HEADER``. On any settings-role
    module it reports a literal weaker than the seed on the literal's line:
    ``SECURE_HSTS_SECONDS`` below 31536000, ``False`` for the boolean
    settings, an ``X_FRAME_OPTIONS`` other than ``"DENY"``, a proxy header
    other than ``("HTTP_X_FORWARDED_PROTO", "https")``. Computed values
    (``env.ssl_redirect``, ``60 * 60``) and assignments inside ``if`` /
    ``else`` are not judged.

    {main-settings}

    ## Why is this bad?
    Each setting closes a known attack: protocol downgrade, cookie theft over
    plain HTTP, MIME sniffing, click-jacking, redirect loops behind the TLS
    terminating proxy.

    ## Example
    ```python
    # path: config/settings/production.py
    SECURE_HSTS_SECONDS = 3600
    X_FRAME_OPTIONS = "SAMEORIGIN"
    ```

    ## Use instead
    ```python
    # path: config/settings.py
    from pathlib import Path

    from pydantic import SecretStr
    from pydantic_settings import BaseSettings, SettingsConfigDict


    class Env(BaseSettings):
        '''Configuration read from the environment.'''

        model_config = SettingsConfigDict(env_file=".env")

        secret_key: SecretStr
        debug: bool = False
        allowed_hosts: list[str] = []


    env = Env()

    BASE_DIR = Path(__file__).resolve().parent.parent
    SECRET_KEY = env.secret_key.get_secret_value()
    DEBUG = env.debug
    ALLOWED_HOSTS = env.allowed_hosts
    INSTALLED_APPS = [
        "django.contrib.auth",
        "django.contrib.contenttypes",
        "rest_framework",
        "apps.users",
    ]
    AUTH_USER_MODEL = "users.User"

    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    X_FRAME_OPTIONS = "DENY"
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

    REST_FRAMEWORK = {
        "DEFAULT_AUTHENTICATION_CLASSES": [
            "rest_framework.authentication.SessionAuthentication",
        ],
        "DEFAULT_PERMISSION_CLASSES": [
            "rest_framework.permissions.IsAuthenticated",
        ],
        "DEFAULT_PAGINATION_CLASS": "apps.core.pagination.StandardPagination",
        "PAGE_SIZE": 20,
        "DEFAULT_THROTTLE_CLASSES": [
            "rest_framework.throttling.AnonRateThrottle",
            "rest_framework.throttling.UserRateThrottle",
        ],
        "DEFAULT_THROTTLE_RATES": {"anon": "100/hour", "user": "1000/hour"},
        "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
        "EXCEPTION_HANDLER": "apps.core.exceptions.custom_exception_handler",
        "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    }

    LOGGING = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "pythonjsonlogger.json.JsonFormatter"}},
        "handlers": {
            "console": {"class": "logging.StreamHandler", "formatter": "json"},
        },
        "root": {"handlers": ["console"], "level": "INFO"},
    }
    ```
    """

    code = "DJA073"
    name = "security-setting"
    family = "settings"
    seed = "§6.3"
    message = "{setting} {problem}; set it to {value} (seed §6.3)"


@final
class RestFrameworkBaseline(Violation):
    """The REST_FRAMEWORK settings lack the baseline of seed §11.

    ## What it does
    On a main settings module it reports a missing ``REST_FRAMEWORK`` dict at
    1:1; a ``REST_FRAMEWORK`` dict literal lacking any of
    ``DEFAULT_AUTHENTICATION_CLASSES``, ``DEFAULT_PERMISSION_CLASSES``,
    ``DEFAULT_PAGINATION_CLASS``, ``PAGE_SIZE``, ``DEFAULT_THROTTLE_CLASSES``,
    ``DEFAULT_THROTTLE_RATES``, ``DEFAULT_SCHEMA_CLASS``,
    ``EXCEPTION_HANDLER`` and ``DEFAULT_RENDERER_CLASSES`` (one finding per
    key, on the ``REST_FRAMEWORK =`` line); and ``AllowAny`` in
    ``DEFAULT_PERMISSION_CLASSES`` on that key's line. A ``REST_FRAMEWORK``
    that is computed, unpacks another dict or is extended later is not
    judged for missing keys.

    {main-settings}

    ## Why is this bad?
    DRF's built-in defaults allow anonymous access, disable throttling and
    pagination, and render errors in a format the clients of seed §8.1 do not
    expect.

    ## Example
    ```python
    # path: config/settings.py
    INSTALLED_APPS = ["rest_framework"]
    REST_FRAMEWORK = {
        "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    }
    ```

    ## Use instead
    ```python
    # path: config/settings.py
    from pathlib import Path

    from pydantic import SecretStr
    from pydantic_settings import BaseSettings, SettingsConfigDict


    class Env(BaseSettings):
        '''Configuration read from the environment.'''

        model_config = SettingsConfigDict(env_file=".env")

        secret_key: SecretStr
        debug: bool = False
        allowed_hosts: list[str] = []


    env = Env()

    BASE_DIR = Path(__file__).resolve().parent.parent
    SECRET_KEY = env.secret_key.get_secret_value()
    DEBUG = env.debug
    ALLOWED_HOSTS = env.allowed_hosts
    INSTALLED_APPS = [
        "django.contrib.auth",
        "django.contrib.contenttypes",
        "rest_framework",
        "apps.users",
    ]
    AUTH_USER_MODEL = "users.User"

    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    X_FRAME_OPTIONS = "DENY"
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

    REST_FRAMEWORK = {
        "DEFAULT_AUTHENTICATION_CLASSES": [
            "rest_framework.authentication.SessionAuthentication",
        ],
        "DEFAULT_PERMISSION_CLASSES": [
            "rest_framework.permissions.IsAuthenticated",
        ],
        "DEFAULT_PAGINATION_CLASS": "apps.core.pagination.StandardPagination",
        "PAGE_SIZE": 20,
        "DEFAULT_THROTTLE_CLASSES": [
            "rest_framework.throttling.AnonRateThrottle",
            "rest_framework.throttling.UserRateThrottle",
        ],
        "DEFAULT_THROTTLE_RATES": {"anon": "100/hour", "user": "1000/hour"},
        "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
        "EXCEPTION_HANDLER": "apps.core.exceptions.custom_exception_handler",
        "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    }

    LOGGING = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "pythonjsonlogger.json.JsonFormatter"}},
        "handlers": {
            "console": {"class": "logging.StreamHandler", "formatter": "json"},
        },
        "root": {"handlers": ["console"], "level": "INFO"},
    }
    ```
    """

    code = "DJA074"
    name = "rest-framework-baseline"
    family = "settings"
    seed = "§11"
    message = "{problem} (seed §11)"


@final
class ThrottleScopes(Violation):
    """A default throttle class has no rate for its scope.

    ## What it does
    In any settings-role module, reports a ``REST_FRAMEWORK`` dict whose
    ``DEFAULT_THROTTLE_CLASSES`` names ``AnonRateThrottle`` without an
    ``"anon"`` entry in ``DEFAULT_THROTTLE_RATES``, or ``UserRateThrottle``
    without a ``"user"`` entry; reported on the ``DEFAULT_THROTTLE_CLASSES``
    key's line. Computed rate tables are not judged.

    ## Why is this bad?
    DRF looks the rate up by scope when the first request arrives and raises
    ``ImproperlyConfigured``: every API call then fails with a server error
    (or, with the rates key absent, throttling is silently off).

    ## Example
    ```python
    # path: config/settings/drf.py
    REST_FRAMEWORK = {
        "DEFAULT_THROTTLE_CLASSES": [
            "rest_framework.throttling.AnonRateThrottle",
            "rest_framework.throttling.UserRateThrottle",
        ],
        "DEFAULT_THROTTLE_RATES": {"user": "1000/hour"},
    }
    ```

    ## Use instead
    ```python
    # path: config/settings/drf.py
    REST_FRAMEWORK = {
        "DEFAULT_THROTTLE_CLASSES": [
            "rest_framework.throttling.AnonRateThrottle",
            "rest_framework.throttling.UserRateThrottle",
        ],
        "DEFAULT_THROTTLE_RATES": {"anon": "100/hour", "user": "1000/hour"},
    }
    ```
    """

    code = "DJA075"
    name = "throttle-scopes"
    family = "settings"
    seed = "§11"
    message = (
        "DEFAULT_THROTTLE_CLASSES uses {throttles} without {scopes} in "
        "DEFAULT_THROTTLE_RATES; add the rate, DRF raises ImproperlyConfigured "
        "(seed §11)"
    )


@final
class AuthUserModel(Violation):
    """The main settings module does not set AUTH_USER_MODEL.

    ## What it does
    Reports, at 1:1, a main settings module that never assigns
    ``AUTH_USER_MODEL``.

    {main-settings}

    ## Why is this bad?
    Seed §2 requires a custom user model from the first migration on.
    Switching from ``auth.User`` later means rewriting the migration history
    of every app that references users.

    ## Example
    ```python
    # path: config/settings.py
    INSTALLED_APPS = ["django.contrib.auth", "apps.users"]
    ```

    ## Use instead
    ```python
    # path: config/settings.py
    from pathlib import Path

    from pydantic import SecretStr
    from pydantic_settings import BaseSettings, SettingsConfigDict


    class Env(BaseSettings):
        '''Configuration read from the environment.'''

        model_config = SettingsConfigDict(env_file=".env")

        secret_key: SecretStr
        debug: bool = False
        allowed_hosts: list[str] = []


    env = Env()

    BASE_DIR = Path(__file__).resolve().parent.parent
    SECRET_KEY = env.secret_key.get_secret_value()
    DEBUG = env.debug
    ALLOWED_HOSTS = env.allowed_hosts
    INSTALLED_APPS = [
        "django.contrib.auth",
        "django.contrib.contenttypes",
        "rest_framework",
        "apps.users",
    ]
    AUTH_USER_MODEL = "users.User"

    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    X_FRAME_OPTIONS = "DENY"
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

    REST_FRAMEWORK = {
        "DEFAULT_AUTHENTICATION_CLASSES": [
            "rest_framework.authentication.SessionAuthentication",
        ],
        "DEFAULT_PERMISSION_CLASSES": [
            "rest_framework.permissions.IsAuthenticated",
        ],
        "DEFAULT_PAGINATION_CLASS": "apps.core.pagination.StandardPagination",
        "PAGE_SIZE": 20,
        "DEFAULT_THROTTLE_CLASSES": [
            "rest_framework.throttling.AnonRateThrottle",
            "rest_framework.throttling.UserRateThrottle",
        ],
        "DEFAULT_THROTTLE_RATES": {"anon": "100/hour", "user": "1000/hour"},
        "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
        "EXCEPTION_HANDLER": "apps.core.exceptions.custom_exception_handler",
        "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    }

    LOGGING = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "pythonjsonlogger.json.JsonFormatter"}},
        "handlers": {
            "console": {"class": "logging.StreamHandler", "formatter": "json"},
        },
        "root": {"handlers": ["console"], "level": "INFO"},
    }
    ```
    """

    code = "DJA076"
    name = "auth-user-model"
    family = "settings"
    seed = "§2"
    message = (
        "AUTH_USER_MODEL is not set; point it at the custom user model, e.g. "
        'AUTH_USER_MODEL = "users.User" (seed §2)'
    )


@final
class DebugLiteral(Violation):
    """DEBUG is hard-coded to True in a settings module.

    ## What it does
    Reports ``DEBUG = True`` (the literal, on its line) at module level of
    any settings-role module. ``DEBUG = env.debug`` is fine.

    ## Why is this bad?
    A settings module that switches debug on by itself ends up in production
    sooner or later: tracebacks, settings and SQL are then shown to anyone
    (seed §6.3, §8.1).

    ## Example
    ```python
    # path: config/settings/production.py
    DEBUG = True
    ```

    ## Use instead
    ```python
    # path: config/settings/production.py
    from pydantic_settings import BaseSettings


    class Env(BaseSettings):
        '''Configuration read from the environment.'''

        debug: bool = False


    env = Env()
    DEBUG = env.debug
    ```
    """

    code = "DJA077"
    name = "debug-literal"
    family = "settings"
    seed = "§6.3"
    message = "DEBUG = True in settings; read it from a pydantic-settings field, e.g. DEBUG = env.debug (seed §6.3)"


@final
class OpenAllowedHosts(Violation):
    """ALLOWED_HOSTS accepts every host.

    ## What it does
    Reports an ``ALLOWED_HOSTS`` literal (list, tuple, set or string, also
    with ``+=``) containing ``"*"`` at module level of any settings-role
    module, on the literal's line.

    ## Why is this bad?
    ``"*"`` disables Django's Host header validation: password reset links
    and absolute URLs can then be poisoned with an attacker's host name.

    ## Example
    ```python
    # path: config/settings/production.py
    ALLOWED_HOSTS = ["*"]
    ```

    ## Use instead
    ```python
    # path: config/settings/production.py
    ALLOWED_HOSTS = ["api.example.com"]
    ```
    """

    code = "DJA078"
    name = "open-allowed-hosts"
    family = "settings"
    seed = "§6.3"
    message = 'ALLOWED_HOSTS contains "*"; list the host names the service answers to (seed §6.3)'


@final
class JsonLogging(Violation):
    """The main settings module does not log JSON.

    ## What it does
    Reports, at 1:1, a main settings module without a ``LOGGING`` dict, or
    whose ``LOGGING["formatters"]`` reference no JSON formatter (a ``"()"``
    or ``"class"`` value containing ``json``, case-insensitive). A computed
    ``LOGGING`` or formatter table is not judged.

    {main-settings}

    ## Why is this bad?
    Seed §8.2 requires JSON-structured logs in every container environment so
    that ELK, Datadog or CloudWatch can parse them; plain text lines lose
    their fields and multi-line tracebacks break into separate events.

    ## Example
    ```python
    # path: config/settings.py
    INSTALLED_APPS = ["django.contrib.auth"]
    LOGGING = {
        "version": 1,
        "formatters": {"plain": {"format": "%(levelname)s %(message)s"}},
    }
    ```

    ## Use instead
    ```python
    # path: config/settings.py
    from pathlib import Path

    from pydantic import SecretStr
    from pydantic_settings import BaseSettings, SettingsConfigDict


    class Env(BaseSettings):
        '''Configuration read from the environment.'''

        model_config = SettingsConfigDict(env_file=".env")

        secret_key: SecretStr
        debug: bool = False
        allowed_hosts: list[str] = []


    env = Env()

    BASE_DIR = Path(__file__).resolve().parent.parent
    SECRET_KEY = env.secret_key.get_secret_value()
    DEBUG = env.debug
    ALLOWED_HOSTS = env.allowed_hosts
    INSTALLED_APPS = [
        "django.contrib.auth",
        "django.contrib.contenttypes",
        "rest_framework",
        "apps.users",
    ]
    AUTH_USER_MODEL = "users.User"

    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    X_FRAME_OPTIONS = "DENY"
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

    REST_FRAMEWORK = {
        "DEFAULT_AUTHENTICATION_CLASSES": [
            "rest_framework.authentication.SessionAuthentication",
        ],
        "DEFAULT_PERMISSION_CLASSES": [
            "rest_framework.permissions.IsAuthenticated",
        ],
        "DEFAULT_PAGINATION_CLASS": "apps.core.pagination.StandardPagination",
        "PAGE_SIZE": 20,
        "DEFAULT_THROTTLE_CLASSES": [
            "rest_framework.throttling.AnonRateThrottle",
            "rest_framework.throttling.UserRateThrottle",
        ],
        "DEFAULT_THROTTLE_RATES": {"anon": "100/hour", "user": "1000/hour"},
        "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
        "EXCEPTION_HANDLER": "apps.core.exceptions.custom_exception_handler",
        "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    }

    LOGGING = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "pythonjsonlogger.json.JsonFormatter"}},
        "handlers": {
            "console": {"class": "logging.StreamHandler", "formatter": "json"},
        },
        "root": {"handlers": ["console"], "level": "INFO"},
    }
    ```
    """

    code = "DJA079"
    name = "json-logging"
    family = "settings"
    seed = "§8.2"
    message = "{problem}; configure a JSON formatter in LOGGING (seed §8.2)"
