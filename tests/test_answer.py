"""`djarch answer`: the corpus of answers in tests/answers, the format reader, the CLI.

tests/answers/expected.txt lists what each corpus answer must give, one
``LINE:COL: CODE [path:line]`` per finding (the bracket only for findings
about one of its files) and ``error: LINE path:line`` per file that cannot
be judged; the lists are compared exactly. Every answer is judged against
the reference project, which must stay byte-identical.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from flake8_djarch.answer import AnswerCheck, ProjectCopy, read_answer
from flake8_djarch.answer_format import (
    dependency_lines,
    parse_answer,
    uv_packages,
)
from flake8_djarch.api import lint_source

if TYPE_CHECKING:
    from djarch_hooks.common import HookFinding

ROOT = Path(__file__).resolve().parent.parent
PROJECT = ROOT / "reference_project"
CORPUS = sorted((Path(__file__).parent / "answers").glob("*.md"))
EXPECTED = Path(__file__).parent / "answers" / "expected.txt"
BRACKET_RE = re.compile(r" \[(?P<path>[^\]]+):(?P<line>\d+)\]$")
ERROR_RE = re.compile(
    r"^[^:]+:(?P<line>\d+): error: (?P<path>[^:]+):(?P<file_line>\d+): "
)


def _tree_digest(root: Path) -> str:
    """Hash every path and file content under a folder.

    Args:
        root: The folder.

    Returns:
        A SHA-256 over sorted relative paths, modes and contents.
    """
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(str(path.lstat().st_mode).encode())
        if path.is_file() and not path.is_symlink():
            digest.update(path.read_bytes())
    return digest.hexdigest()


@functools.cache
def _run(path: Path) -> tuple[list[HookFinding], list[str]]:
    """Judge one corpus answer once per test session.

    Args:
        path: The answer.

    Returns:
        The findings and error lines.
    """
    return AnswerCheck(path.name, PROJECT).run(path.read_text(encoding="utf-8"))


def _judge(path: Path) -> list[str]:
    """Render what the expectations compare for one corpus answer.

    Args:
        path: The answer.

    Returns:
        Sorted ``LINE:COL: CODE [path:line]`` and ``error: LINE path:line`` lines.
    """
    found, errors = _run(path)
    rendered = []
    for item in found:
        bracket = BRACKET_RE.search(item.text)
        suffix = f" [{bracket['path']}:{bracket['line']}]" if bracket else ""
        rendered.append(f"{item.line}:{item.col}: {item.code}{suffix}")
    for line in errors:
        match = ERROR_RE.match(line)
        assert match, line
        rendered.append(f"error: {match['line']} {match['path']}:{match['file_line']}")
    return sorted(rendered)


def _expected() -> dict[str, list[str]]:
    """Read tests/answers/expected.txt.

    Returns:
        The expected lines by answer file name (empty for ``clean``).
    """
    table: dict[str, list[str]] = {}
    for line in EXPECTED.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, _, rest = line.partition(": ")
        table.setdefault(name, [])
        if rest != "clean":
            table[name].append(rest)
    return table


def test_project_tree_is_untouched() -> None:
    """Judging every corpus answer never writes into the project.

    The judgments made here are the ones the corpus tests below compare
    (first in the module, it fills the session cache); the cache is emptied
    first so that every answer is judged between the two digests.
    """
    before = _tree_digest(PROJECT)
    _run.cache_clear()
    for answer in CORPUS:
        _run(answer)
    assert _tree_digest(PROJECT) == before


def test_every_answer_has_expectations() -> None:
    """expected.txt and the corpus name the same answers."""
    assert sorted(_expected()) == [path.name for path in CORPUS]


@pytest.mark.parametrize("answer", CORPUS, ids=lambda path: path.stem)
def test_corpus(answer: Path) -> None:
    """Each corpus answer gives exactly its expected findings.

    Args:
        answer: The answer file.
    """
    assert _judge(answer) == sorted(_expected().get(answer.name, ["<not listed>"]))


@pytest.mark.parametrize("answer", CORPUS, ids=lambda path: path.stem)
def test_corpus_lines_point_at_the_code(answer: Path) -> None:
    """A finding about a file stands on the answer line that holds that file line.

    Args:
        answer: The answer file.
    """
    lines = answer.read_text(encoding="utf-8").split("\n")
    found, _ = _run(answer)
    for item in found:
        bracket = BRACKET_RE.search(item.text)
        here = lines[item.line - 1]
        if bracket is None or re.match(r"^\s*(`[^`]+`|`{3,}|~{3,})", here):
            # Answer-level findings, and hook findings about a path the answer
            # does not give (anchored on the nearest file's path line).
            continue
        block_text = _block_of(lines, item.line)
        file_line = int(bracket["line"])
        assert block_text[file_line - 1] == lines[item.line - 1], item


def _block_of(lines: list[str], line: int) -> list[str]:
    """Return the lines of the fenced block holding an answer line.

    Args:
        lines: The answer's lines.
        line: A 1-based line inside the block.

    Returns:
        The block's lines after its opening fence.
    """
    start = line - 1
    while not re.match(r"^\s*(`{3,}|~{3,})", lines[start]):
        start -= 1
    return lines[start + 1 :]


def test_corpus_covers_every_code() -> None:
    """The corpus triggers every answer code and some flake8 and hook codes."""
    codes: set[str] = set()
    for answer in CORPUS:
        codes |= {
            line.split()[1] for line in _judge(answer) if not line.startswith("error")
        }
    assert {f"DJA{n}" for n in range(300, 307)} <= codes
    assert {"DJA001", "DJA007", "DJA010", "DJA040", "DJA044"} <= codes
    assert {"DJA101", "DJA110", "DJA171"} <= codes


def test_compliant_answers_are_clean() -> None:
    """The seed's own example, written in full, and the other compliant answers pass."""
    for name in (
        "compliant_seed_example",
        "compliant_out_of_scope",
        "split_ok",
        "deps_with_uv",
    ):
        assert _judge(ROOT / "tests" / "answers" / f"{name}.md") == [], name


def test_seed_placeholder_is_a_finding() -> None:
    """The seed's example comment ``# ... full implementation`` is DJA044 on its own."""
    source = "# ... full implementation\nvalue = 1\n"
    found = lint_source(source, "apps/users/models.py", root=str(PROJECT))
    assert [(item.line, item.code) for item in found] == [(1, "DJA044")]


def test_fences_are_read_by_a_markdown_parser() -> None:
    """Longer fences, tildes, info strings and nested fences give the right files."""
    text = (
        "## Цепочка мыслей\n\n**Анализ:** а.\n**Операции файловой системы:** б.\n"
        "**Архитектурные решения:** в.\n\n## Файлы\n\n"
        "`README.md`\n````markdown\n```python\nx = 1\n```\n````\n\n"
        "`a.py`\n~~~ python {title}\nA = 1\n~~~\n\n"
        "`b.py`\n   ```\n   B = 2\n   ```\n"
    )
    parsed = parse_answer(text, "answer.md")
    assert parsed.findings == []
    files = {block.path: block for block in parsed.blocks}
    assert files["README.md"].content == "```python\nx = 1\n```\n"
    assert files["a.py"].info == "python {title}"
    assert files["a.py"].answer_line(1) == 18
    assert files["b.py"].content == "B = 2\n"
    assert files["b.py"].indent == 3


def test_uv_commands() -> None:
    """``uv add`` / ``uv remove`` arguments are packages; option values are not."""
    text = (
        'run `uv add "httpx>=0.27" Django_Redis` and\n'
        "uv add --group lint --dev pytest-mock -r requirements.txt && uv remove celery\n"
        "uvx ruff check  # not a uv add\n"
    )
    assert uv_packages(text) == {"httpx", "django-redis", "pytest-mock", "celery"}


def test_dependency_lines() -> None:
    """Every dependency table counts, names are normalised, lines found."""
    text = (
        '[project]\nname = "x"\ndependencies = [\n  "Django>=5",\n]\n'
        '[project.optional-dependencies]\nredis = ["django_redis"]\n'
        '[dependency-groups]\ndev = ["ruff", {include-group = "lint"}]\n'
        '[tool.uv]\ndev-dependencies = ["pytest"]\n'
    )
    assert dependency_lines(text) == {
        "django": 4,
        "django-redis": 7,
        "ruff": 9,
        "pytest": 11,
    }
    assert dependency_lines("[project\n") is None


def test_project_copy_skips_links_and_ignored(tmp_path: Path) -> None:
    """The copy holds regular files only: no symlinks, FIFOs, .git or git-ignored files.

    Args:
        tmp_path: A temporary directory.
    """
    project = tmp_path / "project"
    (project / "apps").mkdir(parents=True)
    (project / "apps" / "a.py").write_text("A = 1\n", encoding="utf-8")
    (project / ".git").mkdir()
    (project / ".git" / "config").write_text("[core]\n", encoding="utf-8")
    (project / ".gitignore").write_text("secret.txt\n", encoding="utf-8")
    (project / "secret.txt").write_text("x\n", encoding="utf-8")
    outside = tmp_path / "outside.txt"
    outside.write_text("outside\n", encoding="utf-8")
    (project / "link.txt").symlink_to(outside)
    (project / "linkdir").symlink_to(tmp_path)
    os.mkfifo(project / "apps" / "fifo.py")
    copy = tmp_path / "copy"
    copy.mkdir()
    ProjectCopy(project, copy).run()
    copied = sorted(path.relative_to(copy).as_posix() for path in copy.rglob("*"))
    assert copied == [".gitignore", "apps", "apps/a.py"]


def _cli(
    *args: str, stdin: bytes = b"", cwd: Path = ROOT
) -> subprocess.CompletedProcess[bytes]:
    """Run ``djarch answer`` in a subprocess.

    Args:
        *args: Arguments after ``answer``.
        stdin: Standard input.
        cwd: The working directory.

    Returns:
        The completed process.
    """
    return subprocess.run(
        [sys.executable, "-m", "flake8_djarch.cli", "answer", *args],
        input=stdin,
        capture_output=True,
        cwd=cwd,
        check=False,
    )


def test_cli_output_and_exit_codes() -> None:
    """Text and JSON output, stdin, and exit 0 / 1."""
    answers = ROOT / "tests" / "answers"
    clean = _cli(str(answers / "compliant_seed_example.md"), "--project", str(PROJECT))
    assert (clean.returncode, clean.stdout, clean.stderr) == (0, b"no findings\n", b"")
    piped = _cli(
        "-",
        "--project",
        "reference_project",
        stdin=(answers / "seed_example_placeholder.md").read_bytes(),
    )
    assert piped.returncode == 1
    assert piped.stdout.decode().splitlines() == [
        "stdin:14:1: DJA044 placeholder comment '# ... full implementation'; "
        "write the code it stands for [apps/users/models.py:4]",
        "1 finding: DJA044 x1",
    ]
    report = _cli(
        str(answers / "sections_english.md"),
        "--project",
        str(PROJECT),
        "--format",
        "json",
    )
    payload = json.loads(report.stdout)
    assert report.returncode == 1
    assert [(item["line"], item["code"]) for item in payload["findings"]] == [
        (1, "DJA300")
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "cannot read"),
        (b"## x\x00", "binary input"),
        (b"\xff\xfe## x", "not UTF-8 text"),
    ],
)
def test_cli_unusable_answer(
    tmp_path: Path, content: bytes | None, message: str
) -> None:
    """An unusable answer is one stderr line and exit 2, never a traceback.

    Args:
        tmp_path: A temporary directory.
        content: The answer's bytes (``None``: missing file).
        message: Expected part of the error.
    """
    answer = tmp_path / "answer.md"
    if content is not None:
        answer.write_bytes(content)
    result = _cli(str(answer), "--project", str(PROJECT))
    assert result.returncode == 2
    lines = result.stderr.decode().splitlines()
    assert len(lines) == 1
    assert message in lines[0]
    assert result.stdout == b""


def test_cli_unusable_project(tmp_path: Path) -> None:
    """A project root that is not a directory is exit 2 with one line.

    Args:
        tmp_path: A temporary directory.
    """
    result = _cli(
        str(ROOT / "tests" / "answers" / "split_ok.md"),
        "--project",
        str(tmp_path / "x"),
    )
    assert result.returncode == 2
    assert result.stderr.decode().splitlines() == [
        f"{tmp_path / 'x'}: error: project root is not a directory"
    ]


def test_read_answer_size_bound(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Answers above the size bound are unusable.

    Args:
        tmp_path: A temporary directory.
        monkeypatch: pytest's monkeypatch fixture.
    """
    from flake8_djarch import answer as answer_module
    from flake8_djarch.answer import UnusableInputError

    monkeypatch.setattr(answer_module, "MAX_ANSWER_BYTES", 10)
    path = tmp_path / "big.md"
    path.write_text("x" * 11, encoding="utf-8")
    with pytest.raises(UnusableInputError, match="larger than"):
        read_answer(str(path))


SETTINGS = '''"""Settings."""

from pydantic_settings import BaseSettings


class Env(BaseSettings):
    """Environment."""

    secret_key: str
{extra}

ENV = Env()
INSTALLED_APPS = ["django.contrib.auth"]
'''
REASONING = (
    "## Цепочка мыслей\n\n**Анализ:** а.\n**Операции файловой системы:** б.\n"
    "**Архитектурные решения:** в.\n\n## Файлы\n\n"
)


def test_project_wide_hooks_report_what_the_answer_introduces(tmp_path: Path) -> None:
    """A settings field the answer adds without .env.example is DJA170; old findings stay out.

    Args:
        tmp_path: A temporary project root.
    """
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "settings.py").write_text(
        SETTINGS.format(extra=""), encoding="utf-8"
    )
    (tmp_path / ".env.example").write_text("SECRET_KEY=change-me\n", encoding="utf-8")
    answer = (
        REASONING
        + "`config/settings.py`\n```python\n"
        + SETTINGS.format(extra="    api_token: str\n")
        + "```\n"
    )
    found, errors = AnswerCheck("answer.md", tmp_path).run(answer)
    assert errors == []
    outside = [item for item in found if "[config/settings.py:" not in item.text]
    assert [(item.line, item.code) for item in outside] == [(9, "DJA170")]
    assert outside[0].text.endswith("[.env.example:1]")
    # The project's own layout findings (no Dockerfile, no apps/) are not the answer's.
    assert not any(item.code == "DJA100" for item in found)


def test_layout_findings_only_in_the_answers_folders(tmp_path: Path) -> None:
    """A new app's missing pieces are reported; the rest of the layout is not.

    Args:
        tmp_path: A temporary project root holding only ``manage.py``.
    """
    (tmp_path / "manage.py").write_text('"""Manage."""\n', encoding="utf-8")
    answer = ROOT / "tests" / "answers" / "compliant_seed_example.md"
    found, errors = AnswerCheck("answer.md", tmp_path).run(
        answer.read_text(encoding="utf-8")
    )
    assert errors == []
    brackets = {BRACKET_RE.search(item.text)["path"] for item in found}
    assert "apps/users/services.py" in brackets
    assert all(path.startswith("apps/users/") for path in brackets), brackets
    assert {item.line for item in found} == {12}


BASES = '''"""Shared API bases."""

from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import IsAuthenticated
from rest_framework.views import APIView


class ShopApi(APIView):
    """Base of the shop endpoints."""
{policies}'''
POLICIES = (
    "\n    authentication_classes = (SessionAuthentication,)\n"
    "    permission_classes = (IsAuthenticated,)\n"
)
APIS = '''"""Shop endpoints."""

from apps.shop.bases import ShopApi


class PingApi(ShopApi):
    """Answer pings."""
'''


@pytest.mark.parametrize("edit_base", [False, True])
def test_edited_file_replaces_the_projects_copy(
    tmp_path: Path,
    edit_base: bool,  # noqa: FBT001 - a pytest parameter
) -> None:
    """Cross-module rules see the answer's version of a project module.

    Args:
        tmp_path: A temporary project root.
        edit_base: Whether the answer also gives a base module without policies.
    """
    shop = tmp_path / "apps" / "shop"
    shop.mkdir(parents=True)
    for name in ("apps/__init__.py", "apps/shop/__init__.py"):
        (tmp_path / name).write_text("", encoding="utf-8")
    (shop / "bases.py").write_text(BASES.format(policies=POLICIES), encoding="utf-8")
    answer = REASONING + f"`apps/shop/apis.py`\n```python\n{APIS}```\n"
    if edit_base:
        answer += f"\n`apps/shop/bases.py`\n```python\n{BASES.format(policies='')}```\n"
    found, errors = AnswerCheck("answer.md", tmp_path).run(answer)
    assert errors == []
    on_apis = sorted(item.code for item in found if "[apps/shop/apis.py:" in item.text)
    assert on_apis == (["DJA010", "DJA011"] if edit_base else [])
    assert (tmp_path / "apps" / "shop" / "bases.py").read_text(
        encoding="utf-8"
    ) == BASES.format(policies=POLICIES)
