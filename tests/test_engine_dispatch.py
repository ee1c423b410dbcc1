"""The engine's dispatch and the shortcuts the rule pass takes must not lose findings."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from flake8_djarch import engine
from flake8_djarch.api import lint_source
from flake8_djarch.checks import all_checkers
from flake8_djarch.config import load

PROJECTS = Path(__file__).parent / "fixtures" / "projects"
_SINGLETONS = (ast.expr_context, ast.boolop, ast.operator, ast.unaryop, ast.cmpop)


def test_every_handler_names_a_node_type() -> None:
    """A ``visit_X``/``leave_X`` whose ``X`` is no AST node would never be called."""
    for checker in all_checkers():
        for attr in dir(checker):
            for prefix in ("visit_", "leave_"):
                if attr.startswith(prefix):
                    kind = getattr(ast, attr[len(prefix) :], None)
                    assert isinstance(kind, type), f"{checker.__name__}.{attr}"
                    assert issubclass(kind, ast.AST), f"{checker.__name__}.{attr}"


@pytest.mark.parametrize("words", [False, True])
def test_every_handler_is_routed(words: bool) -> None:  # noqa: FBT001
    """The dispatch table binds each handler to its type, unless its words are missing.

    Args:
        words: Whether the module holds every word a handler may require.
    """
    required = sorted(
        {
            word
            for checker in all_checkers()
            for needed in checker.handler_requires.values()
            for word in needed
        }
    )
    assert required, "no checker declares handler_requires: the False case is vacuous"
    source = "async def f():\n    pass\n"
    if words:
        source += "".join(f"# {word}\n" for word in required)
    ctx = engine.Context(
        ast.parse(source), "app/x.py", source.splitlines(keepends=True), load(".")
    )
    checkers = [cls(ctx) for cls in all_checkers()]
    for prefix in ("visit_", "leave_"):
        table = engine._handlers(checkers, prefix)
        for checker in checkers:
            for attr in dir(type(checker)):
                if not attr.startswith(prefix):
                    continue
                kind = getattr(ast, attr[len(prefix) :])
                routed = [
                    handler
                    for owner, handler in table.get(kind, [])
                    if owner is checker
                ]
                bound = words or attr not in checker.handler_requires
                assert routed == ([getattr(checker, attr)] if bound else []), (
                    f"{type(checker).__name__}.{attr}"
                )


def test_handler_requirements_name_handlers() -> None:
    """A ``handler_requires`` key names one of the checker's handler methods."""
    for checker in all_checkers():
        for attr, words in checker.handler_requires.items():
            assert attr.startswith(("visit_", "leave_")), f"{checker.__name__}.{attr}"
            assert callable(getattr(checker, attr, None)), f"{checker.__name__}.{attr}"
            assert words, f"{checker.__name__}.{attr}: no words"


def _modules() -> list[Path]:
    """List the fixture projects' Python files.

    Returns:
        Every ``.py`` file under the fixture projects, sorted.
    """
    return sorted(
        path for path in PROJECTS.rglob("*.py") if "__pycache__" not in path.parts
    )


def test_subtree_is_ast_walk_without_singletons() -> None:
    """``engine.subtree`` lists what ``ast.walk`` yields, in its order."""
    for path in _modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef | ast.ClassDef | ast.Module):
                continue
            walked = [
                item for item in ast.walk(node) if not isinstance(item, _SINGLETONS)
            ]
            assert engine.subtree(node) == walked, path


@pytest.mark.parametrize(
    "project", sorted(path for path in PROJECTS.iterdir() if path.is_dir())
)
def test_required_text_hides_no_finding(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Checkers skipped for lack of their words would have found nothing there.

    Args:
        project: A fixture project root.
        monkeypatch: pytest's monkeypatch fixture.
    """
    monkeypatch.chdir(project)
    cfg = load(str(project))
    files = [path for path in _modules() if path.is_relative_to(project)]

    def findings() -> list[tuple[str, int, int, str]]:
        """Lint the project's files.

        Returns:
            Path, line, column and text of every finding.
        """
        found: list[tuple[str, int, int, str]] = []
        for path in files:
            rel = path.relative_to(project).as_posix()
            source = path.read_text(encoding="utf-8")
            found.extend(
                (rel, item.line, item.col, item.text)
                for item in lint_source(source, rel, str(project), cfg)
            )
        return found

    shortcut = findings()
    gated = [cls for cls in all_checkers() if cls.requires_text]
    assert gated, "no checker declares requires_text"
    for cls in gated:
        monkeypatch.setattr(cls, "requires_text", ())
    assert findings() == shortcut
