"""Unit tests of class resolution in the project model (flake8_djarch.project)."""

from __future__ import annotations

import ast
import sys
import time
from typing import TYPE_CHECKING

import pytest

from flake8_djarch import project as resolve
from flake8_djarch.config import Config
from flake8_djarch.engine import Context

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from flake8_djarch.project import ClassResolver


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """Start every test with an empty resolver cache.

    Yields:
        Nothing; the cache is cleared again afterwards.
    """
    resolve.clear_cache()
    yield
    resolve.clear_cache()


def _write(root: Path, files: dict[str, str]) -> None:
    """Create a project tree.

    Args:
        root: The project root.
        files: Relative paths and their sources.
    """
    for rel, source in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source, encoding="utf-8")


def _resolver(
    root: Path, rel: str, config: Config | None = None
) -> tuple[ClassResolver, ast.Module]:
    """Build the resolver of one project file.

    Args:
        root: The project root.
        rel: The file, relative to the root.
        config: The configuration (default: root only).

    Returns:
        The resolver and the module's tree.
    """
    source = (root / rel).read_text(encoding="utf-8")
    tree = ast.parse(source)
    cfg = config or Config(root=str(root))
    ctx = Context(tree, rel, source.splitlines(keepends=True), cfg)
    return ctx.classes, tree


def _class(tree: ast.Module, name: str) -> ast.ClassDef:
    """Find a class anywhere in a module.

    Args:
        tree: The module.
        name: The class name.

    Returns:
        The class statement.
    """
    return next(
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef) and node.name == name
    )


BASE_FILES = {
    "apps/__init__.py": "",
    "apps/core/__init__.py": "",
    "apps/core/views/__init__.py": "from .base import BaseApi\nfrom .base import Plain as Renamed\n",
    "apps/core/views/base.py": (
        "from rest_framework import views\n"
        "from apps.api.mixins import ApiAuthMixin\n\n"
        "class BaseApi(ApiAuthMixin, views.APIView):\n    x = 1\n\n"
        "class Plain:\n    y = 2\n"
    ),
    "apps/api/__init__.py": "",
    "apps/api/mixins.py": (
        "class ApiAuthMixin:\n"
        "    authentication_classes = ()\n"
        "    def get_permissions(self):\n        return []\n"
    ),
}


def test_aliases_and_same_file(tmp_path: Path) -> None:
    """Import aliases, dotted module aliases and same-file classes resolve.

    Args:
        tmp_path: A fresh project root.
    """
    _write(
        tmp_path,
        {
            "apps/shop/apis.py": (
                "from rest_framework import generics as g, serializers\n"
                "import rest_framework.viewsets as vs\n"
                "from django.db import models\n\n"
                "class A(g.ListAPIView):\n    pass\n\n"
                "class B(A):\n    pass\n\n"
                "class C(vs.ReadOnlyModelViewSet):\n    pass\n\n"
                "class S(serializers.HyperlinkedModelSerializer):\n    pass\n\n"
                "class M(models.Model):\n    pass\n\n"
                "class O(object):\n    pass\n"
            )
        },
    )
    resolver, tree = _resolver(tmp_path, "apps/shop/apis.py")
    assert resolver.kinds(_class(tree, "A")) == {resolve.DRF_VIEW}
    assert resolver.kinds(_class(tree, "B")) == {resolve.DRF_VIEW}
    assert resolver.kinds(_class(tree, "C")) == {resolve.DRF_VIEW}
    assert resolver.kinds(_class(tree, "S")) == {resolve.DRF_SERIALIZER}
    assert resolver.reaches(_class(tree, "M"), resolve.MODEL) is True
    assert resolver.kinds(_class(tree, "O")) == frozenset()


def test_mixins_are_not_views(tmp_path: Path) -> None:
    """DRF mixins and ViewSetMixin alone are known non-views.

    Args:
        tmp_path: A fresh project root.
    """
    _write(
        tmp_path,
        {
            "m.py": (
                "from rest_framework import mixins, viewsets\n\n"
                "class A(mixins.ListModelMixin):\n    pass\n\n"
                "class B(viewsets.ViewSetMixin):\n    pass\n\n"
                "class C(viewsets.ViewSetMixin, mixins.ListModelMixin):\n    pass\n"
            )
        },
    )
    resolver, tree = _resolver(tmp_path, "m.py")
    for name in ("A", "B", "C"):
        assert resolver.kinds(_class(tree, name)) == frozenset()


def test_package_reexport_and_relative_imports(tmp_path: Path) -> None:
    """Bases re-exported by a package ``__init__`` and relative imports resolve.

    Args:
        tmp_path: A fresh project root.
    """
    _write(
        tmp_path,
        {
            **BASE_FILES,
            "apps/shop/__init__.py": "",
            "apps/shop/apis.py": (
                "from ..core.views import BaseApi, Renamed\n"
                "from apps.core import views as core_views\n\n"
                "class A(BaseApi):\n    pass\n\n"
                "class B(core_views.BaseApi):\n    pass\n\n"
                "class C(Renamed):\n    pass\n"
            ),
        },
    )
    resolver, tree = _resolver(tmp_path, "apps/shop/apis.py")
    assert resolver.kinds(_class(tree, "A")) == {resolve.DRF_VIEW}
    assert resolver.kinds(_class(tree, "B")) == {resolve.DRF_VIEW}
    assert resolver.kinds(_class(tree, "C")) == frozenset()
    assert (
        resolver.declares(
            _class(tree, "A"), {"authentication_classes"}, {"get_authenticators"}
        )
        is True
    )
    assert (
        resolver.declares(
            _class(tree, "A"), {"permission_classes"}, {"get_permissions"}
        )
        is True
    )
    assert resolver.declares(_class(tree, "A"), {"throttle_classes"}) is False


def test_drf_classes_never_declare(tmp_path: Path) -> None:
    """DRF's own classes carry defaults but never count as declaring.

    Args:
        tmp_path: A fresh project root.
    """
    _write(
        tmp_path,
        {
            "v.py": "from rest_framework.views import APIView\n\nclass A(APIView):\n    pass\n"
        },
    )
    resolver, tree = _resolver(tmp_path, "v.py")
    assert (
        resolver.declares(
            _class(tree, "A"), {"authentication_classes"}, {"get_authenticators"}
        )
        is False
    )


def test_unknown_bases(tmp_path: Path) -> None:
    """Third-party or missing bases are unknown; known bases still count.

    Args:
        tmp_path: A fresh project root.
    """
    _write(
        tmp_path,
        {
            "apps/__init__.py": "",
            "apps/x.py": (
                "from vendor import Thing\n"
                "from apps.missing import Gone\n"
                "from rest_framework.views import APIView\n\n"
                "class A(Thing):\n    pass\n\n"
                "class B(Gone):\n    pass\n\n"
                "class C(Thing, APIView):\n    pass\n\n"
                "class D(undefined_name):\n    pass\n\n"
                "class E(make_base()):\n    pass\n"
            ),
        },
    )
    resolver, tree = _resolver(tmp_path, "apps/x.py")
    assert resolver.kinds(_class(tree, "A")) is None
    assert resolver.kinds(_class(tree, "B")) is None
    assert resolver.kinds(_class(tree, "C")) == {resolve.DRF_VIEW}
    assert resolver.declares(_class(tree, "C"), {"authentication_classes"}) is None
    assert resolver.kinds(_class(tree, "D")) is None
    assert resolver.kinds(_class(tree, "E")) is None
    assert resolver.reaches(_class(tree, "A"), resolve.DRF_VIEW) is None


def test_cycles_do_not_hang(tmp_path: Path) -> None:
    """Re-export loops across modules and class cycles resolve to unknown.

    Args:
        tmp_path: A fresh project root.
    """
    _write(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/a.py": "from pkg.b import Loop\n",
            "pkg/b.py": "from pkg.a import Loop\n",
            "pkg/c.py": (
                "from pkg.a import Loop\n"
                "from rest_framework.views import APIView\n\n"
                "class X(Loop):\n    pass\n\n"
                "class Y(Z):\n    pass\n\n"
                "class Z(Y, APIView):\n    pass\n"
            ),
        },
    )
    resolver, tree = _resolver(tmp_path, "pkg/c.py")
    assert resolver.kinds(_class(tree, "X")) is None
    assert resolver.kinds(_class(tree, "Z")) == {resolve.DRF_VIEW}
    assert resolver.declares(_class(tree, "Z"), {"authentication_classes"}) is not True


def test_module_parsed_once(tmp_path: Path) -> None:
    """Each project module is parsed at most once per process.

    Args:
        tmp_path: A fresh project root.
    """
    files = dict(BASE_FILES)
    for index in range(5):
        files[f"apps/app{index}/__init__.py"] = ""
        files[f"apps/app{index}/apis.py"] = (
            "from apps.core.views import BaseApi\n\nclass A(BaseApi):\n    pass\n"
        )
    _write(tmp_path, files)
    for index in range(5):
        resolver, tree = _resolver(tmp_path, f"apps/app{index}/apis.py")
        assert resolver.kinds(_class(tree, "A")) == {resolve.DRF_VIEW}
        assert resolver.declares(_class(tree, "A"), {"authentication_classes"}) is True
    # apps/core/views/__init__.py, apps/core/views/base.py, apps/api/mixins.py
    assert resolve.stats()["parsed"] == 3


def test_linted_module_is_reused(tmp_path: Path) -> None:
    """A module linted first is not parsed again when another module imports it.

    Args:
        tmp_path: A fresh project root.
    """
    _write(tmp_path, BASE_FILES)
    _resolver(tmp_path, "apps/core/views/base.py")
    _write(
        tmp_path,
        {
            "apps/shop/apis.py": "from apps.core.views.base import BaseApi\n\nclass A(BaseApi):\n    pass\n"
        },
    )
    resolver, tree = _resolver(tmp_path, "apps/shop/apis.py")
    assert resolver.kinds(_class(tree, "A")) == {resolve.DRF_VIEW}
    # Only apps/api/mixins.py is read from disk: base.py was registered from its
    # linted tree, and the linted apis.py itself is never parsed by the resolver.
    assert resolve.stats()["parsed"] == 1


def test_linted_code_is_never_imported(tmp_path: Path) -> None:
    """Resolution reads project sources without importing them.

    Args:
        tmp_path: A fresh project root.
    """
    _write(
        tmp_path,
        {
            "boom/__init__.py": "raise SystemExit('imported!')\n",
            "boom/base.py": "raise SystemExit('imported!')\nclass Base:\n    pass\n",
            "user.py": "from boom.base import Base\n\nclass A(Base):\n    pass\n",
        },
    )
    resolver, tree = _resolver(tmp_path, "user.py")
    assert resolver.kinds(_class(tree, "A")) == frozenset()
    assert "boom" not in sys.modules
    assert "boom.base" not in sys.modules


def test_type_checking_imports_resolve_statically(tmp_path: Path) -> None:
    """Names imported under ``if TYPE_CHECKING:`` in a project module still resolve.

    Args:
        tmp_path: A fresh project root.
    """
    _write(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/base.py": (
                "from typing import TYPE_CHECKING\n"
                "if TYPE_CHECKING:\n    from rest_framework.serializers import Serializer\n"
                "else:\n    Serializer = object\n"
            ),
            "pkg/use.py": "from pkg.base import Serializer\n\nclass S(Serializer):\n    pass\n",
        },
    )
    resolver, tree = _resolver(tmp_path, "pkg/use.py")
    assert resolver.kinds(_class(tree, "S")) == {resolve.DRF_SERIALIZER}


def test_source_roots_and_configured_bases(tmp_path: Path) -> None:
    """Source roots locate packages; configured bases add kinds.

    Args:
        tmp_path: A fresh project root.
    """
    _write(
        tmp_path,
        {
            "src/core/__init__.py": "",
            "src/core/base.py": "from vendor.api import SecureView\n\nclass Base(SecureView):\n    pass\n",
            "src/shop/views.py": "from core.base import Base\n\nclass A(Base):\n    pass\n",
        },
    )
    plain = Config(root=str(tmp_path), source_roots=("src",))
    resolver, tree = _resolver(tmp_path, "src/shop/views.py", plain)
    assert resolver.kinds(_class(tree, "A")) is None
    resolve.clear_cache()
    configured = Config(
        root=str(tmp_path), source_roots=("src",), view_bases=("vendor.api.SecureView",)
    )
    resolver, tree = _resolver(tmp_path, "src/shop/views.py", configured)
    assert resolver.kinds(_class(tree, "A")) == {resolve.DRF_VIEW}
    assert resolver.qualified_kinds("core.base.Base") == {resolve.DRF_VIEW}


def test_reads_base_settings(tmp_path: Path) -> None:
    """BaseSettings subclasses and module-level instances imported into settings count.

    Args:
        tmp_path: A fresh project root.
    """
    _write(
        tmp_path,
        {
            "config/__init__.py": "",
            "config/env.py": (
                "from pydantic_settings import BaseSettings\n\n"
                "class Settings(BaseSettings):\n    debug: bool = False\n\n"
                "class Other:\n    pass\n\n"
                "env = Settings()\nother = Other()\nfrom config.more import more_env\n"
            ),
            "config/more.py": "from config.env import Settings\n\nmore_env = Settings()\n",
            "config/settings.py": "from config.env import env\n",
        },
    )
    for name, expected in (
        ("env", True),
        ("Settings", True),
        ("more_env", True),
        ("Other", False),
        ("other", False),
        ("missing", False),
    ):
        (tmp_path / "config/settings.py").write_text(
            f"from config.env import {name}\n", encoding="utf-8"
        )
        resolver, _ = _resolver(tmp_path, "config/settings.py")
        assert resolver.project.reads_base_settings(resolver.scope) is expected, name
    (tmp_path / "config/settings.py").write_text(
        "from pydantic_settings import BaseSettings\n", encoding="utf-8"
    )
    resolver, _ = _resolver(tmp_path, "config/settings.py")
    assert resolver.project.reads_base_settings(resolver.scope) is False


def test_many_subclasses_across_packages_stay_fast(tmp_path: Path) -> None:
    """A hundred subclasses of a multi-level base in another package resolve quickly.

    Args:
        tmp_path: A fresh project root.
    """
    files = {
        "netbox/__init__.py": "",
        "netbox/views/__init__.py": "from .generic import ObjectView\n",
        "netbox/views/generic/__init__.py": "from .object_views import ObjectView\n",
        "netbox/views/generic/object_views.py": (
            "from netbox.api.viewsets import BaseViewSet\n\nclass ObjectView(BaseViewSet):\n    pass\n"
        ),
        "netbox/api/__init__.py": "",
        "netbox/api/viewsets/__init__.py": (
            "from rest_framework.viewsets import ModelViewSet\n"
            "from netbox.api.authentication import TokenAuthMixin\n\n"
            "class BaseViewSet(TokenAuthMixin, ModelViewSet):\n    pass\n"
        ),
        "netbox/api/authentication.py": (
            "class TokenAuthMixin:\n    authentication_classes = ()\n    permission_classes = ()\n"
        ),
    }
    lines = ["from netbox.views import ObjectView\n"]
    lines += [f"class View{index}(ObjectView):\n    pass\n" for index in range(100)]
    files["dcim/__init__.py"] = ""
    files["dcim/views.py"] = "\n".join(lines)
    _write(tmp_path, files)
    started = time.perf_counter()
    resolver, tree = _resolver(tmp_path, "dcim/views.py")
    classes = [node for node in tree.body if isinstance(node, ast.ClassDef)]
    assert all(resolver.kinds(cls) == {resolve.DRF_VIEW} for cls in classes)
    assert all(
        resolver.declares(cls, {"authentication_classes"}) is True for cls in classes
    )
    assert time.perf_counter() - started < 1.0
    assert resolve.stats()["parsed"] == 5
