"""djarch-layout DJA103-DJA106 and djarch-pyproject DJA153-DJA154, both ways."""

from __future__ import annotations

from pathlib import Path

import pytest
from djarch_hooks.layout import fidelity_findings
from djarch_hooks.lockfile import allows_312
from djarch_hooks.pyproject import check_pyproject
from djarch_hooks.routes import main_settings_file
from hooks_testlib import FIXTURES

GOOD_PYPROJECT = FIXTURES / "pyproject" / "good" / "pyproject.toml"
URLS_HEADER = '"""URLs."""\n\nfrom django.urls import include, path, re_path\n\n'


def write(root: Path, files: dict[str, str]) -> None:
    """Write files below a root.

    Args:
        root: The project root.
        files: Contents by relative path.
    """
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def layout_codes(root: Path, code: str) -> list[str]:
    """Run the DJA103-DJA106 checks and keep one code.

    Args:
        root: The project root.
        code: The code to keep.

    Returns:
        The reported paths of that code, sorted.
    """
    return sorted(
        item.path for item in fidelity_findings(root, ".") if item.code == code
    )


def urls(*patterns: str) -> str:
    """Build a URLconf.

    Args:
        *patterns: Source text of the patterns.

    Returns:
        The module text.
    """
    return (
        URLS_HEADER
        + "urlpatterns = [\n"
        + "".join(f"    {p},\n" for p in patterns)
        + "]\n"
    )


@pytest.mark.parametrize(
    ("files", "missing"),
    [
        ({"config/urls.py": urls('path("api/health/", health)')}, False),
        ({"config/urls.py": urls('re_path(r"^api/health/$", health)')}, False),
        ({"config/urls.py": urls('url(r"^api/health/?$", health)')}, False),
        (
            {
                "config/urls.py": urls('path("api/", include("apps.core.urls"))'),
                "apps/core/urls.py": urls('path("health/", health)'),
            },
            False,
        ),
        (
            {
                "config/urls.py": urls(
                    'path("api/", include([path("health/", health)]))'
                ),
            },
            False,
        ),
        (
            {
                "config/urls.py": urls(
                    'path("api/", include((core_urls, "core")))'
                ).replace(
                    "from django",
                    "from apps.core import urls as core_urls\nfrom django",
                ),
                "apps/core/urls.py": urls('re_path(r"^health/$", health)'),
            },
            False,
        ),
        (
            {
                "config/urls.py": urls(
                    'path("api/health/", include("health_check.urls"))'
                )
            },
            False,
        ),
        # A router's routes cannot be read statically: silent.
        ({"config/urls.py": urls('path("api/", include(router.urls))')}, False),
        ({"config/urls.py": urls('path("api/users/", users)')}, True),
        ({"config/urls.py": urls('path("health/", health)')}, True),
        (
            {"config/urls.py": urls('path("v1/", include([path("api/health/", h)]))')},
            True,
        ),
        (
            {
                "config/urls.py": urls('path("api/", include("apps.core.urls"))'),
                "apps/core/urls.py": urls('path("status/", health)'),
            },
            True,
        ),
        # A computed route that does not lead to a health view does not matter.
        ({"config/urls.py": urls("path(settings.ADMIN_URL, admin.site.urls)")}, True),
    ],
)
def test_dja103_health_route(
    tmp_path: Path, files: dict[str, str], *, missing: bool
) -> None:
    """DJA103: the default root URLconf, includes followed, ``^``/``$`` stripped.

    Args:
        tmp_path: A fresh temporary directory.
        files: The project files.
        missing: Whether DJA103 is expected.
    """
    write(tmp_path, files)
    assert layout_codes(tmp_path, "DJA103") == (["config/urls.py"] if missing else [])


def test_dja103_root_urlconf_from_main_settings(tmp_path: Path) -> None:
    """DJA103 follows DJANGO_SETTINGS_MODULE and ROOT_URLCONF, star imports included.

    Args:
        tmp_path: A fresh temporary directory.
    """
    write(
        tmp_path,
        {
            "manage.py": (
                "import os\n\n"
                'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings.prod")\n'
            ),
            "project/settings/prod.py": "from .base import *\n",
            "project/settings/base.py": 'ROOT_URLCONF = "project.routes"\n',
            "project/routes.py": urls('path("api/users/", users)'),
            "config/urls.py": urls('path("api/health/", health)'),
        },
    )
    assert main_settings_file(tmp_path) == tmp_path / "project/settings/prod.py"
    # Regular packages: the project model answers.
    write(tmp_path, {"project/__init__.py": "", "project/settings/__init__.py": ""})
    assert main_settings_file(tmp_path) == tmp_path / "project/settings/prod.py"
    assert layout_codes(tmp_path, "DJA103") == ["project/routes.py"]
    write(tmp_path, {"project/routes.py": urls('path("api/health/", health)')})
    assert layout_codes(tmp_path, "DJA103") == []


def test_dja103_silent_without_urlconf(tmp_path: Path) -> None:
    """No root URLconf file: DJA100 reports it, DJA103 stays silent.

    Args:
        tmp_path: A fresh temporary directory.
    """
    write(tmp_path, {"config/settings.py": 'ROOT_URLCONF = "config.urls"\n'})
    assert layout_codes(tmp_path, "DJA103") == []


def test_dja104_initial_user_migration(tmp_path: Path) -> None:
    """DJA104: apps/users/models.py without apps/users/migrations/0001_*.py.

    Args:
        tmp_path: A fresh temporary directory.
    """
    assert layout_codes(tmp_path, "DJA104") == []
    write(
        tmp_path, {"apps/users/models.py": "", "apps/users/migrations/__init__.py": ""}
    )
    assert layout_codes(tmp_path, "DJA104") == ["apps/users/migrations/0001_initial.py"]
    write(tmp_path, {"apps/users/migrations/0002_more.py": ""})
    assert layout_codes(tmp_path, "DJA104") == ["apps/users/migrations/0001_initial.py"]
    write(tmp_path, {"apps/users/migrations/0001_custom_user.py": ""})
    assert layout_codes(tmp_path, "DJA104") == []


def test_dja105_untested_modules(tmp_path: Path) -> None:
    """DJA105: one finding per services/selectors module no test imports.

    Args:
        tmp_path: A fresh temporary directory.
    """
    write(
        tmp_path,
        {
            "apps/shop/models.py": "",
            "apps/shop/services.py": "",
            "apps/shop/views.py": "",
            "apps/shop/selectors/__init__.py": "",
            "apps/shop/selectors/orders.py": "",
            "apps/shop/selectors/products.py": "",
            "apps/shop/tests/__init__.py": "",
            "apps/shop/tests/test_views.py": "from apps.shop import views\n",
            "apps/blog/services.py": "",
        },
    )
    assert layout_codes(tmp_path, "DJA105") == [
        "apps/shop/selectors/orders.py",
        "apps/shop/selectors/products.py",
        "apps/shop/services.py",
    ]
    write(
        tmp_path,
        {
            "apps/shop/tests/test_services.py": "from .. import services\n",
            "apps/shop/tests/unit/test_orders.py": "from ...selectors.orders import x\n",
            "apps/shop/tests/conftest.py": "import apps.shop.selectors.products\n",
        },
    )
    assert layout_codes(tmp_path, "DJA105") == []


def test_dja106_tests_without_factories(tmp_path: Path) -> None:
    """DJA106: tests of an app with models import factory-boy, directly or not.

    Args:
        tmp_path: A fresh temporary directory.
    """
    write(
        tmp_path,
        {
            "apps/shop/models.py": "",
            "apps/shop/tests/__init__.py": "",
            "apps/shop/tests/helpers.py": "from apps.shop.models import Order\n",
            "apps/notes/tests/test_x.py": "",
            "apps/empty/models.py": "",
            "apps/empty/tests/__init__.py": "",
        },
    )
    assert layout_codes(tmp_path, "DJA106") == []
    write(tmp_path, {"apps/shop/tests/test_models.py": "from .helpers import Order\n"})
    assert layout_codes(tmp_path, "DJA106") == ["apps/shop/tests"]
    write(
        tmp_path,
        {
            "apps/users/tests/factories.py": "from factory.django import DjangoModelFactory\n",
            "apps/shop/tests/helpers.py": "from apps.users.tests.factories import UserFactory\n",
        },
    )
    assert layout_codes(tmp_path, "DJA106") == []


def pyproject_codes(root: Path, text: str) -> list[tuple[str, str, int]]:
    """Judge a pyproject.toml written below a root, keeping DJA153/DJA154.

    Args:
        root: The folder.
        text: The TOML text.

    Returns:
        ``(code, path, line)`` per finding.
    """
    path = root / "pyproject.toml"
    path.write_text(text, encoding="utf-8")
    return [
        (item.code, item.path, item.line)
        for item in check_pyproject(text, str(path))
        if item.code in {"DJA153", "DJA154"}
    ]


def test_dja153_lock_drift(tmp_path: Path) -> None:
    """DJA153: a missing lock, or other dependency names than pyproject.toml.

    Args:
        tmp_path: A fresh temporary directory.
    """
    good = GOOD_PYPROJECT.read_text(encoding="utf-8")
    lock = (GOOD_PYPROJECT.parent / "uv.lock").read_text(encoding="utf-8")
    pyproject = str(tmp_path / "pyproject.toml")
    assert pyproject_codes(tmp_path, good) == [("DJA153", pyproject, 1)]
    assert pyproject_codes(tmp_path, "[tool.ruff]\nline-length = 88\n") == []
    (tmp_path / "uv.lock").write_text(lock, encoding="utf-8")
    assert pyproject_codes(tmp_path, good) == []
    # Versions and spelling are not drift; names are.
    assert pyproject_codes(tmp_path, good.replace("Django>=5.2", "django>=6.0")) == []
    edited = good.replace('    "gunicorn>=23.0",\n', '    "celery>=5",\n')
    found = check_pyproject(edited, pyproject)
    drift = [item for item in found if item.code == "DJA153"]
    assert [(item.line, item.text.split(";")[0]) for item in drift] == [
        (5, "DJA153 runtime dependencies differ from uv.lock (+celery, -gunicorn)")
    ]
    dev = good.replace('"ruff>=0.8"', '"ruff>=0.8", "mypy"')
    assert [code for code, _, _ in pyproject_codes(tmp_path, dev)] == ["DJA153"]
    (tmp_path / "uv.lock").write_text(
        lock.replace('name = "shop"', 'name = "other"'), encoding="utf-8"
    )
    assert [code for code, _, _ in pyproject_codes(tmp_path, good)] == ["DJA153"]


@pytest.mark.parametrize(
    ("specifier", "allowed"),
    [
        (">=3.12", True),
        (">=3.10", True),
        ("~=3.11", True),
        ("==3.12.*", True),
        (">=3.12.4,<3.13", True),
        (">=3.13", False),
        (">=3.10,<3.12", False),
        ("==3.11.*", False),
        ("!=3.12.*,>=3.11", False),
        ("py3", None),
    ],
)
def test_allows_312(specifier: str, allowed: bool | None) -> None:  # noqa: FBT001 - pytest parameter
    """PEP 440 specifiers are evaluated on Python 3.12 releases.

    Args:
        specifier: A requires-python value.
        allowed: The expected verdict.
    """
    assert allows_312(specifier) is allowed


def test_dja154_python_pin(tmp_path: Path) -> None:
    """DJA154: requires-python excluding 3.12, and another .python-version.

    Args:
        tmp_path: A fresh temporary directory.
    """
    text = '[project]\nname = "shop"\nversion = "1"\nrequires-python = "{spec}"\n'
    (tmp_path / "uv.lock").write_text(
        'version = 1\n[[package]]\nname = "shop"\nsource = { virtual = "." }\n'
        "[package.metadata]\nrequires-dist = []\n",
        encoding="utf-8",
    )
    pyproject = str(tmp_path / "pyproject.toml")
    assert pyproject_codes(tmp_path, text.format(spec=">=3.12")) == []
    assert pyproject_codes(tmp_path, text.format(spec=">=3.13")) == [
        ("DJA154", pyproject, 4)
    ]
    (tmp_path / ".python-version").write_text("3.11.9\n", encoding="utf-8")
    assert pyproject_codes(tmp_path, text.format(spec=">=3.13")) == [
        ("DJA154", pyproject, 4),
        ("DJA154", str(tmp_path / ".python-version"), 1),
    ]
    (tmp_path / ".python-version").write_text("3.12\n", encoding="utf-8")
    assert pyproject_codes(tmp_path, text.format(spec=">=3.12")) == []


def test_dja103_with_a_relative_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``djarch-layout --root .`` (pre-commit's call) finds the same route finding."""
    write(
        tmp_path,
        {
            "manage.py": "",
            "web/manage.py": "",
            "config/urls.py": urls('path("api/users/", users)'),
        },
    )
    monkeypatch.chdir(tmp_path)
    found = fidelity_findings(Path(), ".")
    assert [(finding.code, finding.path) for finding in found] == [
        ("DJA103", "config/urls.py")
    ]
