"""Unit tests of the project model (flake8_djarch.project, RULES.md §0b R1-R6)."""

from __future__ import annotations

import ast
import gc
import os
import weakref
from typing import TYPE_CHECKING

import pytest

from flake8_djarch import project
from flake8_djarch.config import Config
from flake8_djarch.engine import Context
from flake8_djarch.project import layout

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path


@pytest.fixture(autouse=True)
def _fresh() -> Iterator[None]:
    """Start and end every test with empty caches.

    Yields:
        Nothing.
    """
    project.clear_cache()
    yield
    project.clear_cache()


def _write(root: Path, files: dict[str, str]) -> None:
    """Write a tree of files.

    Args:
        root: The root.
        files: Relative paths and texts.
    """
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _model(root: Path, **values: object) -> project.ProjectModel:
    """Return the model of a root.

    Args:
        root: The run directory.
        **values: Configuration overrides.

    Returns:
        The model.
    """
    return project.model_for(Config(root=str(root)).with_overrides(**values))


def test_source_roots_detected_to_depth_three(tmp_path: Path) -> None:
    """manage.py folders down to depth 3 and src/ are roots; hidden and venvs are not.

    Args:
        tmp_path: The run directory.
    """
    _write(
        tmp_path,
        {
            "a/b/c/manage.py": "",
            "a/b/c/d/manage.py": "",
            "netbox/manage.py": "",
            "src/pkg/__init__.py": "",
            ".hidden/manage.py": "",
            "node_modules/x/manage.py": "",
            "venv2/pyvenv.cfg": "",
            "venv2/manage.py": "",
        },
    )
    assert layout.detect_source_roots(tmp_path) == ("a/b/c", "netbox", "src")
    assert _model(tmp_path, source_roots=("other",)).source_roots == ("other",)


def test_project_module_needs_a_package_or_module(tmp_path: Path) -> None:
    """A bare folder named like a third-party package is not a project module.

    Args:
        tmp_path: The run directory.
    """
    _write(
        tmp_path,
        {
            "netbox/manage.py": "",
            "netbox/dcim/__init__.py": "",
            "netbox/dcim/models.py": "X = 1\n",
            "graphql/readme.txt": "",
        },
    )
    model = _model(tmp_path)
    assert model.module_file("dcim.models") == str(tmp_path / "netbox/dcim/models.py")
    assert not model.is_project("graphql")


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (
            {
                "manage.py": 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "cfg.main")\n'
            },
            ("cfg.main",),
        ),
        (
            {
                "wsgi.py": 'import os\nos.environ["DJANGO_SETTINGS_MODULE"] = "cfg.main"\n'
            },
            ("cfg.main",),
        ),
        (
            {"pytest.ini": "[pytest]\nDJANGO_SETTINGS_MODULE = cfg.main\n"},
            ("cfg.main",),
        ),
        ({"setup.cfg": "[tool:pytest]\naddopts = -q --ds=cfg.main\n"}, ("cfg.main",)),
        (
            {"tox.ini": "[testenv]\nsetenv =\n    DJANGO_SETTINGS_MODULE=cfg.main\n"},
            ("cfg.main",),
        ),
        (
            {
                "pyproject.toml": '[tool.pytest.ini_options]\naddopts = "--ds cfg.main"\n'
            },
            ("cfg.main",),
        ),
        (
            {
                "pyproject.toml": '[tool.pytest.ini_options]\nDJANGO_SETTINGS_MODULE = "cfg.main"\n'
            },
            ("cfg.main",),
        ),
        ({"pytest.ini": "[pytest]\nDJANGO_SETTINGS_MODULE = cfg.missing\n"}, ()),
    ],
)
def test_settings_module_found(
    tmp_path: Path, files: dict[str, str], expected: tuple[str, ...]
) -> None:
    """DJANGO_SETTINGS_MODULE is read from entry files and pytest configuration (R6).

    Args:
        tmp_path: The run directory.
        files: The configuration files.
        expected: The main settings modules.
    """
    _write(
        tmp_path,
        {
            **files,
            "cfg/__init__.py": "",
            "cfg/main.py": "from cfg.base import *\n",
            "cfg/base.py": "INSTALLED_APPS = []\n",
        },
    )
    model = _model(tmp_path)
    assert model.main_settings() == expected
    if expected:
        assert model.settings_modules() == {"cfg.main", "cfg.base"}
        assert "settings" in model.roles_of("cfg/base.py")


def test_namespace_follows_stars_with_all_and_cycles(tmp_path: Path) -> None:
    """Star chains, ``__all__`` limits, cycles and optional missing modules (R2).

    Args:
        tmp_path: The run directory.
    """
    _write(
        tmp_path,
        {
            "p/__init__.py": "",
            "p/a.py": "from p.b import *\ntry:\n    from p.local import *\nexcept ImportError:\n    pass\nA = 1\n",
            "p/b.py": "from p.c import *\nfrom p.a import *\nB = 1\n_HIDDEN = 2\n",
            "p/c.py": '__all__ = ["C"]\nC = 1\nD = 2\n',
            "p/d.py": "from elsewhere import *\n",
            "p/e.py": "from p.loader import Settings\nSettings.load_settings(__name__)\n",
            "p/f.py": "import logging\nlogger = logging.getLogger(__name__)\n",
            "p/g.py": "globals().update({'X': 1})\n",
        },
    )
    model = _model(tmp_path)
    space = model.namespace("p.a")
    assert {"A", "B", "C"} <= set(space.names)
    assert "D" not in space.names
    assert "_HIDDEN" not in space.names
    assert not space.open
    assert space.modules == ["p.b", "p.c"]
    assert model.namespace("p.d").open
    assert model.namespace("p.e").open
    assert not model.namespace("p.f").open
    assert model.namespace("p.g").open


def _context(root: Path, path: str) -> Context:
    """Build the context of a project file.

    Args:
        root: The run directory.
        path: The file, relative.

    Returns:
        The context.
    """
    source = (root / path).read_text(encoding="utf-8")
    return Context(
        ast.parse(source),
        path,
        source.splitlines(keepends=True),
        Config(root=str(root)),
    )


def test_constants_follow_imports_sums_and_unpacking(tmp_path: Path) -> None:
    """Constants resolve across modules, ``+`` and ``[*A, B]``; others are unknown (R3).

    Args:
        tmp_path: The run directory.
    """
    terms = " + ".join(["[]"] * 500)
    deep = " + ".join(["[]"] * 3000)
    _write(
        tmp_path,
        {
            "k/__init__.py": "",
            "k/consts.py": f'A = ("x",)\nB = [*A, "y"]\nC = A + ("z",)\nDEEP = {terms}\nTWICE = 1\nTWICE = 2\n',
            "k/deep.py": f"DEEPER = {deep}\n",
            "k/use.py": "from k.consts import *\nfrom k import consts as c\nfrom k.deep import DEEPER\nimport os\nE = B\n",
        },
    )
    ctx = _context(tmp_path, "k/use.py")
    model, scope = ctx.model, ctx.classes.scope
    assert model.constant(scope, ast.parse("E", mode="eval").body) == ["x", "y"]
    assert model.constant(scope, ast.parse("c.C", mode="eval").body) == ("x", "z")
    assert model.constant(scope, ast.parse("DEEP", mode="eval").body) == []
    # A 3,000-term sum is too deep for the parser: unknown, never a crash.
    for unknown in ("TWICE", "os.sep", "missing", "DEEPER"):
        with pytest.raises(project.Unknown):
            model.constant(scope, ast.parse(unknown, mode="eval").body)


def test_linted_context_is_freed_without_the_cycle_collector(tmp_path: Path) -> None:
    """A module's context (its tree, lines and scope) goes with its last reference.

    ``djarch check`` collects no cycles while it lints (``heap.settle``): a
    cycle through the context would keep every linted tree until exit.

    Args:
        tmp_path: The run directory.
    """
    _write(
        tmp_path,
        {
            "m/__init__.py": "",
            "m/views.py": "from rest_framework.views import APIView\nclass V(APIView): ...\n",
        },
    )
    gc.disable()
    try:
        ctx = _context(tmp_path, "m/views.py")
        cls = ctx.tree.body[-1]
        assert isinstance(cls, ast.ClassDef)
        assert ctx.classes.kinds(cls) == {project.DRF_VIEW}
        freed = weakref.ref(ctx)
        del ctx, cls
        assert freed() is None
    finally:
        gc.enable()


def test_mixin_lattice_is_memoised(tmp_path: Path) -> None:
    """31 mixins ``C_i(C_{i-1}, C_{i-2})`` resolve with a bounded number of lookups.

    Args:
        tmp_path: The run directory.
    """
    lines = [
        "from rest_framework.views import APIView",
        "class C0(APIView): ...",
        "class C1(C0): ...",
    ]
    lines += [f"class C{i}(C{i - 1}, C{i - 2}): ..." for i in range(2, 32)]
    _write(
        tmp_path,
        {
            "m/__init__.py": "",
            "m/mixins.py": "\n".join(lines) + "\n",
            "m/views.py": "from m.mixins import C31\nclass V(C31): ...\n",
        },
    )
    ctx = _context(tmp_path, "m/views.py")
    cls = ctx.tree.body[-1]
    assert isinstance(cls, ast.ClassDef)
    assert ctx.classes.kinds(cls) == {project.DRF_VIEW}
    assert ctx.classes.declares(cls, {"permission_classes"}) is False
    assert project.stats()["lookups"] < 10
    (base,) = ctx.classes.bases_of(cls)
    assert isinstance(base, tuple)
    assert base[1].name == "C31"


def test_changed_file_is_read_again(tmp_path: Path) -> None:
    """A long-lived process sees an edited project file (key: path, mtime, size).

    Args:
        tmp_path: The run directory.
    """
    _write(tmp_path, {"q/__init__.py": "", "q/base.py": "class Base: ...\n"})
    config = Config(root=str(tmp_path))
    model = project.model_for(config, "q/views.py")
    assert model.scope("q.base") is not None
    assert "View" not in model.scope("q.base").classes
    target = tmp_path / "q/base.py"
    target.write_text("class Base: ...\nclass View: ...\n", encoding="utf-8")
    stat = target.stat()
    os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    project.model._CHECKED[0] = 0.0  # skip the once-per-second wait
    assert project.model_for(config, "q/other.py") is model
    fresh = project.model_for(config, "q/views.py")
    assert "View" in fresh.scope("q.base").classes


def test_long_chain_of_bases_is_unknown_not_a_crash(tmp_path: Path) -> None:
    """A chain of 3,000 single-base classes ends as unknown, never a RecursionError.

    Args:
        tmp_path: The run directory.
    """
    chain = "".join(f"class C{i}(C{i - 1}): ...\n" for i in range(1, 3000))
    _write(
        tmp_path,
        {
            "z/__init__.py": "",
            "z/chain.py": f"from rest_framework.views import APIView\nclass C0(APIView): ...\n{chain}",
            "z/views.py": "from z.chain import C2999\nclass V(C2999): ...\n",
        },
    )
    ctx = _context(tmp_path, "z/views.py")
    cls = ctx.tree.body[-1]
    assert isinstance(cls, ast.ClassDef)
    assert ctx.classes.kinds(cls) is None
    assert ctx.classes.declares(cls, {"permission_classes"}) is None
