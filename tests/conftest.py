"""Test-session isolation and set-up shared by every test module.

A private cache folder, a bytecode cache outside the source tree, and the
xdist work groups.
"""

from __future__ import annotations

import os
import shutil
import stat
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from collections.abc import Iterator

    from xdist.scheduler import LoadScopeScheduling

#: Tests that share one module-level result, or read the reference project's
#: tree while its own suite may write to it, run on one xdist worker, in
#: order; every other test is its own unit of work. pytest-xdist's
#: ``xdist_group`` mark cannot group on pytest 9 (node ids are structured
#: there), so the groups are named here by node id prefix.
XDIST_GROUPS = {
    # One flake8 driver process for every fixture project (module fixture).
    "tests/test_fixtures.py::test_flake8_": "fixture flake8 runs",
    # The first case starts a pool running every fast case.
    "tests/test_hostile_trees.py::test_hostile_tree[": "hostile pool",
    # One ``pre-commit try-repo`` for all hooks (module fixture).
    "tests/hooks/test_hook_precommit.py::": "pre-commit try-repo",
    # Answers are judged against the reference project, whose tree one test
    # hashes; the project's own suite writes its coverage file there.
    "tests/test_answer.py::": "reference project",
    "tests/test_reference_project.py::": "reference project",
}

#: What pytest_configure changed, to undo: the variable it replaced, the
#: interpreter's own settings, and a folder to remove (``""`` to keep it).
_CHANGED: list[tuple[str, bool, str | None, str]] = []


def _bytecode_folder() -> tuple[str, bool]:
    """Find the folder child interpreters write their bytecode to.

    Returns:
        A folder private to this user under the temporary directory, kept
        across sessions like pytest's own ``pytest-of-USER``, and False; or,
        when that folder is not this user's alone, a fresh folder and True
        (remove it after the session).
    """
    folder = Path(tempfile.gettempdir()) / f"djarch-tests-pycache-{os.getuid()}"
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        info = folder.lstat()
    except OSError:
        return tempfile.mkdtemp(prefix="djarch-tests-pycache-"), True
    private = (
        stat.S_ISDIR(info.st_mode)
        and info.st_uid == os.getuid()
        and not info.st_mode & (stat.S_IRWXG | stat.S_IRWXO)
    )
    if not private:
        return tempfile.mkdtemp(prefix="djarch-tests-pycache-"), True
    return str(folder), False


def _group_scheduling(config: pytest.Config, log: object) -> LoadScopeScheduling:
    """Build xdist's scope scheduler with :data:`XDIST_GROUPS` as the scopes.

    Args:
        config: The pytest configuration.
        log: xdist's logger.

    Returns:
        The scheduler.
    """
    from xdist.scheduler import LoadScopeScheduling  # only when xdist distributes

    class GroupScheduling(LoadScopeScheduling):
        """Load scheduling whose units are the named groups and single tests."""

        def _split_scope(self, nodeid: str) -> str:
            """Name the unit of work of a test.

            Args:
                nodeid: The test's node id.

            Returns:
                Its group, or the node id itself.
            """
            for prefix, group in XDIST_GROUPS.items():
                if nodeid.startswith(prefix):
                    return group
            return nodeid

    return GroupScheduling(config, log)  # type: ignore[arg-type]


class _XdistGroups:
    """Plugin choosing xdist's scheduler when tests are distributed."""

    @pytest.hookimpl(tryfirst=True)
    def pytest_xdist_make_scheduler(
        self, config: pytest.Config, log: object
    ) -> LoadScopeScheduling | None:
        """Schedule by :data:`XDIST_GROUPS` in xdist's ``load`` mode.

        Args:
            config: The pytest configuration.
            log: xdist's logger.

        Returns:
            The scheduler, or None to leave another mode to xdist.
        """
        if config.getvalue("dist") != "load":
            return None
        return _group_scheduling(config, log)


def pytest_configure(config: pytest.Config) -> None:
    """Cache bytecode outside the source tree when writing it is off.

    With ``PYTHONDONTWRITEBYTECODE`` set (as on the shared test machines)
    and no bytecode in the virtualenv, every interpreter the suite starts
    (xdist workers, flake8, hooks, ``djarch check``, hostile-tree children:
    a few hundred) compiled each module it imported, and pytest rewrote the
    test modules again in every worker: a third of the suite's CPU time.
    This process (for the test modules it imports from now on) and its
    children write bytecode under ``sys.pycache_prefix`` instead, a private
    folder of the temporary directory, never into the source tree. A prefix
    the user chose is kept.

    Args:
        config: The pytest configuration (xdist's groups are registered on it).
    """
    if config.pluginmanager.hasplugin("xdist"):
        config.pluginmanager.register(_XdistGroups(), "djarch-xdist-groups")
    no_bytecode = os.environ.get("PYTHONDONTWRITEBYTECODE", "")
    if not no_bytecode or os.environ.get("PYTHONPYCACHEPREFIX"):
        return
    prefix, temporary = _bytecode_folder()
    _CHANGED.append(
        (
            no_bytecode,
            sys.dont_write_bytecode,
            sys.pycache_prefix,
            prefix if temporary else "",
        )
    )
    del os.environ["PYTHONDONTWRITEBYTECODE"]
    os.environ["PYTHONPYCACHEPREFIX"] = prefix
    sys.dont_write_bytecode = False
    sys.pycache_prefix = prefix


def pytest_unconfigure() -> None:
    """Restore the bytecode settings; remove a folder made for this session."""
    while _CHANGED:
        no_bytecode, dont_write, old_prefix, remove = _CHANGED.pop()
        os.environ.pop("PYTHONPYCACHEPREFIX", None)
        os.environ["PYTHONDONTWRITEBYTECODE"] = no_bytecode
        sys.dont_write_bytecode = dont_write
        sys.pycache_prefix = old_prefix
        if remove:
            shutil.rmtree(remove, ignore_errors=True)


@pytest.fixture(autouse=True, scope="session")
def _private_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Keep the persisted project index and findings cache out of the user's home.

    Subprocesses (flake8, ``djarch check``) inherit the variable.

    Args:
        tmp_path_factory: pytest's session temporary folders.

    Yields:
        Nothing; the variable is restored afterwards.
    """
    previous = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("XDG_CACHE_HOME", None)
        else:
            os.environ["XDG_CACHE_HOME"] = previous
