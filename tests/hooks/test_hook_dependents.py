"""The ``djarch`` hook's entry lints the files inheriting from the changed ones."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from hooks_testlib import script

from flake8_djarch.config import Config
from flake8_djarch.project import clear_cache, model_for

if TYPE_CHECKING:
    from pathlib import Path

MIXIN_DECLARED = '''"""Mixins."""

from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import IsAuthenticated


class ApiAuthMixin:
    """Authenticated API access."""

    authentication_classes = [SessionAuthentication]
    permission_classes = [IsAuthenticated]
'''

MIXIN_EMPTY = '''"""Mixins."""


class ApiAuthMixin:
    """Authenticated API access (declarations removed)."""
'''

BASES = '''"""Re-exports and an intermediate base (R2: a star import)."""

from apps.api.mixins import *  # noqa: F403
from apps.api.mixins import ApiAuthMixin
from rest_framework.views import APIView


class BaseApi(ApiAuthMixin, APIView):
    """An intermediate base."""
'''

VIEWS = '''"""Views."""

from apps.api.bases import BaseApi
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.api import bases


class OrderListApi(BaseApi):
    """Orders, through the intermediate base."""

    def get(self, request: Request) -> Response:
        """Answer.

        Args:
            request: The request.

        Returns:
            The answer.
        """
        return Response([])


class OrderDetailApi(bases.ApiAuthMixin, APIView):
    """One order, through the star re-export."""

    def get(self, request: Request) -> Response:
        """Answer.

        Args:
            request: The request.

        Returns:
            The answer.
        """
        return Response([])
'''

UNRELATED = '''"""An unrelated view that would be reported if linted."""

from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView


class PingApi(APIView):
    """Ping."""

    def get(self, request: Request) -> Response:
        """Answer.

        Args:
            request: The request.

        Returns:
            The answer.
        """
        return Response([])
'''


def _project(root: Path, mixin: str) -> None:
    """Write the project: a mixin, an intermediate base, dependents, a bystander.

    Args:
        root: The project root.
        mixin: The mixin module's source.
    """
    for package in ("apps", "apps/api", "apps/other"):
        (root / package).mkdir(parents=True, exist_ok=True)
        (root / package / "__init__.py").write_text('"""Package."""\n')
    (root / "apps/api/mixins.py").write_text(mixin)
    (root / "apps/api/bases.py").write_text(BASES)
    (root / "apps/api/views.py").write_text(VIEWS)
    (root / "apps/other/views.py").write_text(UNRELATED)
    (root / "pyproject.toml").write_text('[project]\nname = "x"\nversion = "0"\n')


def _findings(root: Path, *files: str) -> tuple[int, list[tuple[str, str]]]:
    """Run the hook's entry as pre-commit does and collect (file, code) pairs.

    Args:
        root: The project root (the working directory).
        *files: The changed files pre-commit passes.

    Returns:
        The exit status and the findings.
    """
    result = script("djarch-flake8", "--select=DJA", *files, cwd=root)
    found = re.findall(r"^(?:\./)?([^:\n]+):\d+:\d+: (DJA\d+)", result.stdout, re.M)
    return result.returncode, sorted(set(found))


def test_removed_declaration_reports_the_inheriting_views(tmp_path: Path) -> None:
    _project(tmp_path, MIXIN_EMPTY)
    status, found = _findings(tmp_path, "apps/api/mixins.py")
    assert status == 1
    assert ("apps/api/views.py", "DJA010") in found
    assert ("apps/api/views.py", "DJA011") in found
    assert {path for path, _code in found} <= {"apps/api/views.py", "apps/api/bases.py"}


def test_declaration_present_is_clean(tmp_path: Path) -> None:
    _project(tmp_path, MIXIN_DECLARED)
    assert _findings(tmp_path, "apps/api/mixins.py") == (0, [])


def test_unrelated_change_lints_no_dependents(tmp_path: Path) -> None:
    _project(tmp_path, MIXIN_EMPTY)
    (tmp_path / "apps/other/util.py").write_text('"""Nothing inherits."""\n')
    assert _findings(tmp_path, "apps/other/util.py") == (0, [])


def test_model_dependents_are_transitive_and_precise(tmp_path: Path) -> None:
    _project(tmp_path, MIXIN_EMPTY)
    clear_cache()
    model = model_for(Config(root=str(tmp_path)))
    root = tmp_path.resolve()
    assert model.dependents(["apps/api/mixins.py"]) == [
        str(root / "apps/api/bases.py"),
        str(root / "apps/api/views.py"),
    ]
    # Inheriting nothing from views.py: nothing depends on it.
    assert model.dependents(["apps/api/views.py"]) == []
    assert model.dependents(["apps/other/views.py"]) == []


@pytest.mark.parametrize("changed", ["apps/api/views.py", "apps/other/views.py"])
def test_changed_files_are_still_linted(tmp_path: Path, changed: str) -> None:
    _project(tmp_path, MIXIN_EMPTY)
    status, found = _findings(tmp_path, changed)
    assert status == 1
    assert {path for path, _code in found} == {changed}
