"""djarch-ignorefiles: DJA140-DJA142, entry normalisation, noqa, exit codes."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from djarch_hooks.common import drop_silenced
from djarch_hooks.ignorefiles import (
    DOCKERIGNORE_ENTRIES,
    GITIGNORE_ENTRIES,
    _prefilter,
    check_dockerignore,
    check_gitignore,
    compile_lines,
    ignore_test,
    main,
)
from hooks_testlib import FIXTURES, codes, copy_fixture, script
from hypothesis import given, settings
from hypothesis import strategies as st

if TYPE_CHECKING:
    from pathlib import Path

GOOD_GIT = (FIXTURES / "ignore" / "good" / "gitignore").read_text(encoding="utf-8")
GOOD_DOCKER = (FIXTURES / "ignore" / "good" / "dockerignore").read_text(
    encoding="utf-8"
)


def test_good_fixtures_are_clean() -> None:
    assert check_gitignore(GOOD_GIT, ".gitignore") == []
    assert check_dockerignore(GOOD_DOCKER, ".dockerignore") == []
    assert check_gitignore("\n".join(GITIGNORE_ENTRIES), ".gitignore") == []
    assert check_dockerignore("\n".join(DOCKERIGNORE_ENTRIES), ".dockerignore") == []


def test_dja140_one_finding_per_missing_entry() -> None:
    text = "\n".join(
        entry for entry in GITIGNORE_ENTRIES if entry not in {".env", "media/"}
    )
    found = check_gitignore(text, ".gitignore")
    assert codes(found) == ["DJA140", "DJA140"]
    assert {item.line for item in found} == {1}
    assert ".env" in found[0].text or ".env" in found[1].text


def test_dja140_normalisation() -> None:
    text = "\n".join(f"  /{entry.rstrip('/')}  " for entry in GITIGNORE_ENTRIES)
    assert check_gitignore(text, ".gitignore") == []
    dirs = "\n".join(
        entry if entry.endswith("/") else entry + "/" for entry in GITIGNORE_ENTRIES
    )
    assert check_gitignore(dirs, ".gitignore") == []


def test_dja140_pattern_coverage() -> None:
    text = (
        "\n".join(
            entry for entry in GITIGNORE_ENTRIES if entry not in {"*.pyc", "*.pyo"}
        )
        + "\n*.py[cod]\n"
    )
    assert check_gitignore(text, ".gitignore") == []


def test_dja141_one_finding_per_missing_entry() -> None:
    text = "\n".join(entry for entry in DOCKERIGNORE_ENTRIES if entry != ".env")
    found = check_dockerignore(text, ".dockerignore")
    assert codes(found) == ["DJA141"]
    assert ".env" in found[0].text
    normalised = "\n".join(f"/{entry}/ " for entry in DOCKERIGNORE_ENTRIES)
    assert check_dockerignore(normalised, ".dockerignore") == []


@pytest.mark.parametrize(
    ("extra", "expected_line"),
    [("uv.lock", 24), ("/uv.lock", 24), ("*.lock", 24), ("uv.lock\n!uv.lock", None)],
)
def test_dja142_uv_lock_ignored(extra: str, expected_line: int | None) -> None:
    text = "\n".join(GITIGNORE_ENTRIES) + "\n" + extra + "\n"
    found = [
        item for item in check_gitignore(text, ".gitignore") if item.code == "DJA142"
    ]
    assert [item.line for item in found] == ([expected_line] if expected_line else [])
    assert "DJA140" not in codes(check_gitignore(text, ".gitignore"))


def test_noqa() -> None:
    text = (
        "# noqa: DJA140\n"
        + "\n".join(GITIGNORE_ENTRIES[:3])
        + "\nuv.lock  # noqa: DJA142\n"
    )
    assert codes(drop_silenced(check_gitignore(text, ".gitignore"), text)) == []


def test_main_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = copy_fixture("ignore", "good", "gitignore", tmp_path / "good", ".gitignore")
    good_docker = copy_fixture(
        "ignore", "good", "dockerignore", tmp_path / "good", ".dockerignore"
    )
    assert main([str(good), str(good_docker), str(tmp_path / "README.md")]) == 0
    bad = copy_fixture("ignore", "bad", "gitignore", tmp_path / "bad", ".gitignore")
    assert main([str(bad)]) == 1
    assert "DJA142" in capsys.readouterr().out
    garbage = tmp_path / "garbage" / ".dockerignore"
    garbage.parent.mkdir()
    garbage.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    assert main([str(garbage)]) == 2
    assert main([str(tmp_path / "missing" / ".gitignore")]) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_console_script(tmp_path: Path) -> None:
    bad = copy_fixture("ignore", "bad", "dockerignore", tmp_path, ".dockerignore")
    result = script("djarch-ignorefiles", str(bad))
    assert result.returncode == 1
    assert "DJA141" in result.stdout


#: Ignore files covering negation, anchoring, folder-only lines, ``**``,
#: character classes, escapes, comments and trailing spaces.
IGNORE_FILES = (
    GOOD_GIT,
    "*.py[cod]\n.*\n!.github\n!.gitignore\n!.semgrep/\n.claude\n!.claude/skills/\n"
    "__pycache__/\nbuild/\n*\\.egg*\n/media/\n/node_modules/\nenv/\n!.env.example\n",
    "build/\n!build/keep.py\n/dist\ndocs/**/*.txt\n**/cache/\na/**/b\n",
    "*\n!*/\n!*.py\n",
    "# comment\n\\#hash\n\\!bang\nspace\\ \ntrail   \n[a-c]x?.log\n!bx1.log\n",
    "!negated-first\nfoo/\n!foo/\nlogs/*\n!logs/.keep\n/\n",
)
#: Paths as the walk asks them (folders end with ``/``).
PATHS = (
    "app.py",
    "x.pyc",
    "a/b/c.pyo",
    ".github/",
    ".github/workflows/ci.yml",
    ".gitignore",
    ".env",
    ".env.example",
    ".claude/",
    ".claude/skills/",
    ".claude/skills/x.md",
    ".claude/state.json",
    "__pycache__/",
    "pkg/__pycache__/",
    "build/",
    "build/keep.py",
    "build/other.py",
    "src/build/",
    "saleor.egg-info/",
    "media/",
    "app/media/",
    "node_modules/",
    "env/",
    "dist",
    "dist/",
    "sub/dist",
    "docs/a/b/n.txt",
    "docs/n.txt",
    "x/cache/",
    "a/b",
    "a/x/y/b",
    "#hash",
    "!bang",
    "space ",
    "trail",
    "ax1.log",
    "bx1.log",
    "dx1.log",
    "negated-first",
    "foo/",
    "foo/bar.py",
    "logs/",
    "logs/.keep",
    "logs/today.txt",
    "deep/er/still/file.py",
)


@pytest.mark.parametrize("text", IGNORE_FILES)
def test_ignore_test_answers_as_the_spec(text: str) -> None:
    """The walk's ignore test gives the spec's answer for every path.

    Args:
        text: An ignore file.
    """
    lines = text.splitlines()
    spec = compile_lines(lines)
    # The combined regex is in use (else this would test the spec itself).
    assert _prefilter(spec) is not None
    ignored = ignore_test(lines)
    for path in PATHS:
        assert ignored(path) == spec.match_file(path), path


# A generated "[[" makes pathspec's own regex compile warn.
@pytest.mark.filterwarnings("ignore:Possible nested set:FutureWarning")
@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.text(alphabet="ab/*?![]\\.# ", min_size=1, max_size=8), max_size=6),
    st.lists(st.text(alphabet="ab/.!#* ", min_size=1, max_size=10), max_size=8),
)
def test_ignore_test_answers_as_the_spec_for_any_lines(
    lines: list[str], paths: list[str]
) -> None:
    """Any lines, any paths: the combined regex never changes an answer.

    Args:
        lines: Ignore-file lines.
        paths: Root-relative paths.
    """
    spec = compile_lines(lines)
    ignored = ignore_test(lines)
    for path in paths:
        assert ignored(path) == spec.match_file(path), path
