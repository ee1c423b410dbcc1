"""Unit tests of the settings rules DJA070–DJA079 (edge cases beyond the fixtures)."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

import pytest

from flake8_djarch.config import Config, from_table
from tests.snippets import lint_snippet

if TYPE_CHECKING:
    from pathlib import Path

CODES = frozenset(f"DJA07{digit}" for digit in range(10))

COMPLETE = """
from pydantic_settings import BaseSettings


class Env(BaseSettings):
    '''Configuration.'''

    debug: bool = False


env = Env()
DEBUG = env.debug
INSTALLED_APPS = ["django.contrib.auth"]
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
    "DEFAULT_AUTHENTICATION_CLASSES": ["a"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "p",
    "PAGE_SIZE": 20,
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.UserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"user": "10/s"},
    "DEFAULT_SCHEMA_CLASS": "s",
    "EXCEPTION_HANDLER": "e",
    "DEFAULT_RENDERER_CLASSES": ["r"],
}
LOGGING = {"version": 1, "formatters": {"json": {"()": "x.JSONFormatter"}}}
"""


def lint(
    tmp_path: Path,
    source: str,
    path: str = "config/settings.py",
    files: dict[str, str] | None = None,
    config: Config | None = None,
) -> list[tuple[int, int, str]]:
    """Lint one module in a temporary project, keep the settings codes (:mod:`tests.snippets`).

    Args:
        tmp_path: The project root.
        source: The module's text.
        path: Its path relative to the root.
        files: Other project files to create first.
        config: The configuration to use.

    Returns:
        ``(line, col, code)`` per finding.
    """
    findings = lint_snippet(
        source, path, codes=CODES, root=tmp_path, files=files, config=config
    )
    return [(finding.line, finding.col, finding.code) for finding in findings]


def codes(findings: list[tuple[int, int, str]]) -> list[str]:
    """Return the codes of findings.

    Args:
        findings: ``(line, col, code)`` tuples.

    Returns:
        The codes, in order.
    """
    return [code for _, _, code in findings]


def test_complete_main_module_is_clean(tmp_path: Path) -> None:
    """A complete seed-compliant main settings module has no findings.

    Args:
        tmp_path: The project root.
    """
    assert lint(tmp_path, COMPLETE) == []


def test_empty_main_module_reports_every_missing_piece_at_1_1(tmp_path: Path) -> None:
    """Each missing piece is one finding at line 1, column 0.

    Args:
        tmp_path: The project root.
    """
    found = lint(tmp_path, 'INSTALLED_APPS = ["a"]\n')
    assert {(line, col) for line, col, _ in found} == {(1, 0)}
    assert sorted(codes(found)) == sorted(
        ["DJA071", *["DJA073"] * 9, "DJA074", "DJA076", "DJA079"]
    )


@pytest.mark.parametrize(
    "source",
    [
        "from .base import *\nINSTALLED_APPS += ['debug_toolbar']\n",
        "from .base import *\nINSTALLED_APPS = [*INSTALLED_APPS, 'x']\n",
        "DEBUG_TOOLBAR = False\n",
        "from config.settings import base\nINSTALLED_APPS = [*base.INSTALLED_APPS, 'x']\n",
        "from config.settings import base\nINSTALLED_APPS = base.INSTALLED_APPS + ['x']\n",
    ],
)
def test_partial_modules_get_no_presence_checks(tmp_path: Path, source: str) -> None:
    """Override modules that only extend INSTALLED_APPS are not main modules.

    Args:
        tmp_path: The project root.
        source: The module's text.
    """
    assert lint(tmp_path, source, path="config/settings/test.py") == []


def test_plain_import_of_a_non_settings_module_still_reports(tmp_path: Path) -> None:
    """``import config`` of a module without a settings class does not satisfy DJA071.

    Args:
        tmp_path: The project root.
    """
    files = {"config/__init__.py": "", "nsp/readme.txt": ""}
    source = COMPLETE.replace(
        "from pydantic_settings import BaseSettings", "import config\nimport nsp"
    )
    source = source.replace("class Env(BaseSettings):", "class Env:")
    assert codes(lint(tmp_path, source, files=files)) == ["DJA071"]


def test_unresolvable_star_import_silences_presence_checks(tmp_path: Path) -> None:
    """A star import that cannot be read from source makes presence undecidable.

    Args:
        tmp_path: The project root.
    """
    assert (
        lint(tmp_path, 'from somewhere_else import *\nINSTALLED_APPS = ["a"]\n') == []
    )


def test_star_import_of_project_module_counts(tmp_path: Path) -> None:
    """Names star-imported from a project module count as assigned.

    Args:
        tmp_path: The project root.
    """
    files = {
        "config/__init__.py": "",
        "config/security.py": 'X_FRAME_OPTIONS = "DENY"\nSECURE_HSTS_PRELOAD = True\n',
    }
    source = COMPLETE.replace(
        'X_FRAME_OPTIONS = "DENY"', "from config.security import *"
    )
    source = source.replace("SECURE_HSTS_PRELOAD = True", "")
    assert lint(tmp_path, source, files=files) == []


@pytest.mark.parametrize(
    ("env_module", "import_line"),
    [
        (
            "from pydantic_settings import BaseSettings\n\nclass Env(BaseSettings):\n    debug: bool = False\n\nenv = Env()\n",
            "from config.env import env",
        ),
        (
            "from pydantic_settings import BaseSettings\n\nclass Env(BaseSettings):\n    debug: bool = False\n",
            "from config.env import Env",
        ),
        (
            "from functools import cache\nfrom config.base import Base\n\n@cache\ndef get_env() -> Base:\n    return Base()\n",
            "from config.env import get_env",
        ),
        (
            "from pydantic_settings import BaseSettings\n\nclass Env(BaseSettings):\n    debug: bool = False\n",
            "from config import env",
        ),
        (
            "from pydantic_settings import BaseSettings\n\nclass Env(BaseSettings):\n    debug: bool = False\n",
            "import config.env as env_module",
        ),
        (
            "from pydantic_settings import BaseSettings\n\nclass Env(BaseSettings):\n    debug: bool = False\n\nenv = Env()\n",
            "import config.env",
        ),
    ],
)
def test_pydantic_settings_imported_from_project(
    tmp_path: Path, env_module: str, import_line: str
) -> None:
    """A BaseSettings class, instance or factory from a project module satisfies DJA071.

    Args:
        tmp_path: The project root.
        env_module: The text of ``config/env.py``.
        import_line: How the settings module imports it.
    """
    files = {
        "config/__init__.py": "",
        "config/env.py": env_module,
        "config/base.py": "import pydantic_settings\n\nclass Base(pydantic_settings.BaseSettings):\n    x: int = 1\n",
    }
    source = COMPLETE.replace("from pydantic_settings import BaseSettings", import_line)
    source = source.replace(
        "class Env(BaseSettings):\n    '''Configuration.'''\n\n    debug: bool = False\n\n\nenv = Env()\n",
        "",
    )
    assert "DJA071" not in codes(lint(tmp_path, source, files=files))


def test_import_of_non_settings_project_name_still_reports(tmp_path: Path) -> None:
    """Importing an ordinary helper from a project module does not satisfy DJA071.

    Args:
        tmp_path: The project root.
    """
    files = {
        "config/__init__.py": "",
        "config/helpers.py": "from pathlib import Path\n\ndef base_dir() -> Path:\n    return Path()\n",
    }
    source = COMPLETE.replace(
        "from pydantic_settings import BaseSettings",
        "from config.helpers import base_dir",
    )
    source = source.replace("class Env(BaseSettings):", "class Env:")
    assert codes(lint(tmp_path, source, files=files)) == ["DJA071"]


def test_direct_env_reads(tmp_path: Path) -> None:
    """Every direct read form is one finding; the documented exceptions are not.

    Args:
        tmp_path: The project root.
    """
    source = """\
    import os
    from os import environ, getenv

    import environ as django_environ
    import decouple

    A = os.environ["A"]
    B = os.environ.get("B")
    C = getenv("C")
    D = environ.get("D")
    E = django_environ.Env()
    F = decouple.config("F")
    os.environ.setdefault("G", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    """
    found = lint(tmp_path, source, path="apps/core/boot.py")
    assert [(line, code) for line, _, code in found] == [
        (line, "DJA070") for line in range(7, 14)
    ]


def test_env_reads_in_tests_role_are_fine(tmp_path: Path) -> None:
    """Test modules may read the environment and hold test passwords.

    Args:
        tmp_path: The project root.
    """
    source = 'import os\nA = os.environ["A"]\nPASSWORD = "pw"\n'
    assert lint(tmp_path, source, path="apps/core/tests/test_boot.py") == []


def test_hard_coded_secrets(tmp_path: Path) -> None:
    """Secret literals are reported on the literal's line; look-alikes are not.

    Args:
        tmp_path: The project root.
    """
    source = """\
    from pydantic import Field, SecretStr
    from pydantic_settings import BaseSettings

    SECRET_KEY = "abc9fq2x"
    TOKEN_TTL = "60"
    PASSWORD_HASHERS = ["x"]
    EMAIL_HOST_PASSWORD = ""
    GITHUB_TOKEN = f"{TOKEN_TTL}"
    DATABASES = {"default": {
        "PASSWORD": "pw7Hq2z",
        "USER": "app",
    }}


    class Env(BaseSettings):
        '''Settings.'''

        secret_key: SecretStr
        api_key: SecretStr = SecretStr("k8s3Ld0q")
        db_password: str = Field(default="pw7Hq2z")
        refresh_token: str = Field("t0kEn9xy")
        webhook_secret: str = Field(default=...)


    def build() -> str:
        '''Build.

        Returns:
            A local value, not a module or class attribute.
        '''
        password = "local"
        return password


    class TokenKind(enum.StrEnum):
        '''Kinds of token: the members label values, they hold no secret.'''

        ACCESS_TOKEN = "access"


    class Partner:
        '''A plain class attribute still counts.'''

        API_KEY = "k-123456"


    SECRET = "Secret"
    REQUIRE_PASSWORD = "require_password"
    MODULE_TOKEN = "{module}"
    MASKED_PASSWORD = "********"
    SHORT_TOKEN = "abc12"
    SPACED_SECRET = "not a secret value"
    OLD_SECRET = "%(name)s-x"
    """
    found = lint(
        tmp_path, "import enum\n" + textwrap.dedent(source), path="apps/core/conf.py"
    )
    assert [(line, code) for line, _, code in found] == [
        (5, "DJA072"),
        (11, "DJA072"),
        (20, "DJA072"),
        (21, "DJA072"),
        (22, "DJA072"),
        (45, "DJA072"),
    ]


def test_security_values(tmp_path: Path) -> None:
    """Weak literals are reported where they stand; computed and conditional ones are not.

    Args:
        tmp_path: The project root.
    """
    source = """\
    SECURE_HSTS_SECONDS = 60 * 60
    SECURE_HSTS_INCLUDE_SUBDOMAINS = False
    X_FRAME_OPTIONS = "deny"
    SECURE_PROXY_SSL_HEADER = ["HTTP_X_FORWARDED_PROTO", "https"]
    if DEBUG:
        SECURE_SSL_REDIRECT = False
    else:
        SESSION_COOKIE_SECURE = False
    CSRF_COOKIE_SECURE = env.csrf_cookie_secure
    SECURE_HSTS_SECONDS = 0
    SECURE_PROXY_SSL_HEADER = None
    X_FRAME_OPTIONS = (
        "SAMEORIGIN"
    )
    SECURE_HSTS_SECONDS = 86400.0
    """
    found = lint(tmp_path, source, path="config/settings/production.py")
    assert found == [
        (2, 33, "DJA073"),
        (10, 22, "DJA073"),
        (11, 26, "DJA073"),
        (13, 4, "DJA073"),
        (15, 22, "DJA073"),
    ]


def test_rest_framework_keys_are_one_finding_each_on_the_assignment(
    tmp_path: Path,
) -> None:
    """Missing keys sit on the REST_FRAMEWORK line; AllowAny on its key's line.

    Args:
        tmp_path: The project root.
    """
    source = (
        COMPLETE.replace(
            '    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],\n',
            '    "DEFAULT_PERMISSION_CLASSES": [AllowAny],\n',
        )
        .replace('    "PAGE_SIZE": 20,\n', "")
        .replace('    "EXCEPTION_HANDLER": "e",\n', "")
    )
    found = lint(tmp_path, source)
    line = source.splitlines().index("REST_FRAMEWORK = {") + 1
    assert found == [(line, 0, "DJA074"), (line, 0, "DJA074"), (line + 2, 4, "DJA074")]


@pytest.mark.parametrize(
    "rest",
    [
        'REST_FRAMEWORK = {**BASE_REST, "PAGE_SIZE": 10}',
        'REST_FRAMEWORK = {"PAGE_SIZE": 10}\nREST_FRAMEWORK.update(EXTRA)',
        'REST_FRAMEWORK = {"PAGE_SIZE": 10}\nREST_FRAMEWORK["EXCEPTION_HANDLER"] = "x"',
        "REST_FRAMEWORK = build_rest_framework()",
    ],
)
def test_rest_framework_open_or_computed_is_not_judged(
    tmp_path: Path, rest: str
) -> None:
    """A REST_FRAMEWORK we cannot see completely gets no missing-key findings.

    Args:
        tmp_path: The project root.
        rest: The REST_FRAMEWORK statements.
    """
    start = COMPLETE.index("REST_FRAMEWORK = {")
    end = COMPLETE.index("LOGGING")
    source = COMPLETE[:start] + rest + "\n" + COMPLETE[end:]
    assert "DJA074" not in codes(lint(tmp_path, source))


@pytest.mark.parametrize(
    ("rates", "expected"),
    [
        ('"DEFAULT_THROTTLE_RATES": {"anon": "1/s", "user": "2/s"},', []),
        ('"DEFAULT_THROTTLE_RATES": {"user": "2/s"},', ["DJA075"]),
        ("", ["DJA075"]),
        ('"DEFAULT_THROTTLE_RATES": env.rates,', []),
        ('"DEFAULT_THROTTLE_RATES": {**BASE_RATES},', []),
    ],
)
def test_throttle_scopes(tmp_path: Path, rates: str, expected: list[str]) -> None:
    """AnonRateThrottle needs an "anon" rate, in any settings module.

    Args:
        tmp_path: The project root.
        rates: The DEFAULT_THROTTLE_RATES entry.
        expected: The codes expected.
    """
    source = f"""\
    REST_FRAMEWORK = {{
        "DEFAULT_THROTTLE_CLASSES": [AnonRateThrottle, "x.UserRateThrottle"],
        {rates}
    }}
    """
    found = lint(tmp_path, source, path="config/settings/drf.py")
    assert codes(found) == expected
    assert all(line == 2 for line, _, _ in found)


@pytest.mark.parametrize(
    ("logging", "expected"),
    [
        (
            'LOGGING = {"formatters": {"j": {"class": "pythonjsonlogger.JsonFormatter"}}}',
            [],
        ),
        (
            'LOGGING = {"formatters": {"j": {"()": "structlog.stdlib.ProcessorFormatter"}}}',
            ["DJA079"],
        ),
        ('LOGGING = {"version": 1}', ["DJA079"]),
        ("LOGGING = build_logging()", []),
        ('LOGGING = {"formatters": {"j": JSON_FORMATTER}}', []),
    ],
)
def test_json_logging(tmp_path: Path, logging: str, expected: list[str]) -> None:
    """A JSON formatter must be referenced; computed tables are not judged.

    Args:
        tmp_path: The project root.
        logging: The LOGGING statement.
        expected: The codes expected.
    """
    start = COMPLETE.index("LOGGING")
    assert codes(lint(tmp_path, COMPLETE[:start] + logging + "\n")) == expected


def test_debug_and_hosts(tmp_path: Path) -> None:
    """DEBUG = True and "*" hosts are reported on the literal in any settings module.

    Args:
        tmp_path: The project root.
    """
    source = 'DEBUG = True\nALLOWED_HOSTS = ["a.example", "*"]\nALLOWED_HOSTS += ("*",)\nDEBUG = env.debug\n'
    assert lint(tmp_path, source, path="config/settings/local.py") == [
        (1, 8, "DJA077"),
        (2, 16, "DJA078"),
        (3, 17, "DJA078"),
    ]
    assert lint(tmp_path, source, path="config/local.py") == []


def test_role_override_for_split_layout(tmp_path: Path) -> None:
    """HackSoft's config/django/*.py become settings modules through the role table.

    Args:
        tmp_path: The project root.
    """
    config = from_table(
        {"roles": {"settings": ["config/django/*.py", "config/settings/*.py"]}}
    )
    source = 'INSTALLED_APPS = ["a"]\nDEBUG = True\n'
    assert lint(tmp_path, source, path="config/django/base.py") == []
    found = lint(tmp_path, source, path="config/django/base.py", config=config)
    assert (2, 8, "DJA077") in found
    assert "DJA076" in codes(found)
