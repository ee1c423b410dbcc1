"""Hostile trees (issue #11): safe, bounded and honest on any repository.

Each case of ``tests/hostile_cases.py`` is built in a temporary folder and run
in a child interpreter under an address-space limit with an ``open`` audit
hook; the test asserts the exit status, one-line errors without tracebacks or
``repr``, that no file outside the root (nor a device) was opened, a time
bound (generous: the machine is shared) and peak memory. Property tests feed
random bytes to every hook parser through the path the commands take.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pytest
from djarch_hooks import compose, dockerfile, ignorefiles, nginx, pyproject
from djarch_hooks.common import HookFinding, UnusableInputError, check_path
from djarch_hooks.envfile import check_env_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flake8_djarch import config as config_module
from flake8_djarch.api import lint_file
from flake8_djarch.project import files
from tests.hostile_cases import (
    CASES,
    MEMORY_LIMIT,
    SECRET,
    TIME_LIMIT,
    Case,
    Outcome,
    forbidden_opens,
    no_traceback,
    run_case,
)

PEAK_LIMIT_KB = 300 * 1024


def _params() -> list[object]:
    """Parametrise the cases, the large ones marked ``slow``.

    Returns:
        pytest parameters.
    """
    return [
        pytest.param(case, id=case.name, marks=[pytest.mark.slow] if case.slow else [])
        for case in CASES
    ]


_POOL: dict[str, Future[tuple[Outcome, Path]]] = {}


def _outcome(case: Case, base: Path) -> tuple[Outcome, Path]:
    """Run a case; the first call starts every fast case in a small pool.

    Children spend most of their time starting the interpreter, so running
    a few at once keeps the module's wall time low.

    Args:
        case: The case.
        base: A temporary folder for cases run on their own.

    Returns:
        The outcome and the project root.
    """
    if case.slow:
        return run_case(case, base)
    if not _POOL:
        executor = ThreadPoolExecutor(max_workers=4)
        for item in CASES:
            if not item.slow:
                folder = Path(tempfile.mkdtemp(prefix="hostile-"))
                atexit.register(shutil.rmtree, folder, ignore_errors=True)
                _POOL[item.name] = executor.submit(run_case, item, folder)
        executor.shutdown(wait=False)
    return _POOL[case.name].result()


@pytest.mark.parametrize("case", _params())
def test_hostile_tree(case: Case, tmp_path: Path) -> None:
    """A hostile tree gives the right status, one-line errors, and stays bounded."""
    outcome, root = _outcome(case, tmp_path)
    assert outcome.status is not None, f"timed out after {TIME_LIMIT}s"
    assert outcome.status in case.statuses, (outcome.status, outcome.stderr)
    assert not no_traceback(outcome, root), outcome.stderr
    for line in outcome.stderr.splitlines():
        assert ": error: " in line or "configuration error" in line, line
    assert len(outcome.stderr.splitlines()) <= 8, outcome.stderr
    assert SECRET not in outcome.stdout + outcome.stderr
    assert not forbidden_opens(outcome, root)
    assert outcome.seconds < TIME_LIMIT
    assert 0 < outcome.peak_kb < PEAK_LIMIT_KB, outcome.peak_kb
    if case.check is not None:
        problem = case.check(outcome, root)
        assert not problem, problem


def test_memory_limit_is_below_what_dev_zero_needed() -> None:
    """The child's limit is low enough that reading /dev/zero would fail."""
    assert MEMORY_LIMIT <= 600 * 1024 * 1024


def test_config_error_is_one_line_per_run(tmp_path: Path) -> None:
    """A configuration error in djarch check is reported once, not per file."""

    def build(root: Path, _outside: Path) -> None:
        (root / "pyproject.toml").write_text("[tool.djarch]\nbogus = 1\n")
        for index in range(5):
            (root / f"m{index}.py").write_text('"""Module."""\n')

    case = Case("config-error", build, ("djarch", "check", "{root}"), (2,))
    outcome, _ = run_case(case, tmp_path)
    assert outcome.status == 2
    assert outcome.stderr.count("\n") == 1, outcome.stderr
    assert "unknown key 'bogus'" in outcome.stderr
    assert "ConfigError(" not in outcome.stderr


# --- the file-access layer --------------------------------------------------


def test_read_refuses_links_out_of_the_root(tmp_path: Path) -> None:
    """A link leaving the root is refused without quoting the target."""
    root = tmp_path / "root"
    root.mkdir()
    (tmp_path / "secret").write_text(SECRET)
    (root / "link.py").symlink_to(tmp_path / "secret")
    with pytest.raises(files.FileAccessError) as error:
        files.read_text(root / "link.py", root)
    assert SECRET not in str(error.value)
    assert "outside the project root" in str(error.value)


def test_read_follows_links_inside_the_root(tmp_path: Path) -> None:
    """A link that stays inside the root is read."""
    (tmp_path / "a.py").write_text("A = 1\n")
    (tmp_path / "b.py").symlink_to(tmp_path / "a.py")
    assert files.read_source(tmp_path / "b.py", tmp_path) == "A = 1\n"


def test_read_refuses_fifos_without_blocking(tmp_path: Path) -> None:
    """A FIFO is refused (it would block a reader forever)."""
    os.mkfifo(tmp_path / "x.py")
    with pytest.raises(files.FileAccessError, match="FIFO"):
        files.read_bytes(tmp_path / "x.py", tmp_path)
    assert not files.is_readable_file(tmp_path / "x.py", tmp_path)


def test_read_caps_the_size(tmp_path: Path) -> None:
    """A file over the cap is refused with its size, not truncated."""
    (tmp_path / "big.py").write_bytes(b"#" * 101)
    with pytest.raises(files.FileAccessError, match="too large: 101 bytes"):
        files.read_bytes(tmp_path / "big.py", tmp_path, limit=100)
    assert files.read_bytes(tmp_path / "big.py", tmp_path, limit=101)


def test_read_source_decodes_like_tokenize(tmp_path: Path) -> None:
    """BOM and PEP 263 cookies decode; undecodable bytes are a decode error."""
    (tmp_path / "bom.py").write_bytes(b"\xef\xbb\xbfA = 1\n")
    (tmp_path / "latin.py").write_bytes(b"# coding: latin-1\nA = '\xe9'\n")
    (tmp_path / "bad.py").write_bytes(b"A = 1\nB = '\xe9'\n")
    assert files.read_source(tmp_path / "bom.py", tmp_path) == "A = 1\n"
    assert "é" in files.read_source(tmp_path / "latin.py", tmp_path)
    with pytest.raises(files.SourceDecodeError) as error:
        files.read_source(tmp_path / "bad.py", tmp_path)
    assert error.value.lineno == 2


def test_shown_keeps_one_line() -> None:
    """Newlines and undecodable name bytes are escaped; plain text is unchanged."""
    assert files.shown("apps/x.py") == "apps/x.py"
    assert files.shown("a\nb.py") == "a\\nb.py"
    assert files.shown(os.fsdecode(b"caf\xe9.py")) == "caf\\xe9.py"
    finding = HookFinding("a\nb.py", 1, 1, "DJA100", "DJA100 x")
    assert "\n" not in finding.render()


def test_lint_file_reports_e999(tmp_path: Path) -> None:
    """A file the interpreter cannot parse is one E999 finding (RULES R11)."""
    (tmp_path / "broken.py").write_text("def f(:\n    pass\n")
    cfg = config_module.Config(root=str(tmp_path))
    [finding] = lint_file(tmp_path / "broken.py", tmp_path, cfg)
    assert (finding.line, finding.col + 1, finding.code) == (1, 8, "E999")
    assert finding.text == "E999 SyntaxError: invalid syntax"


def test_config_is_not_read_above_a_confined_root(tmp_path: Path) -> None:
    """``load(confined=True)`` ignores a pyproject.toml above the root."""
    (tmp_path / "pyproject.toml").write_text("[tool.djarch]\nbogus = 1\n")
    root = tmp_path / "project"
    root.mkdir()
    assert config_module.load(str(root), confined=True).root == str(root)
    with pytest.raises(config_module.ConfigError):
        config_module.load(str(root))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('tool = "x"\n', "[tool] must be a table"),
        ("x = " + "[" * 500 + "]" * 500 + "\n", "nested too deeply"),
        ("[tool.djarch\n", "cannot read"),
    ],
)
def test_config_errors_are_config_errors(
    tmp_path: Path, text: str, message: str
) -> None:
    """Malformed pyproject files raise ConfigError, never another exception."""
    (tmp_path / "pyproject.toml").write_text(text)
    with pytest.raises(config_module.ConfigError, match=message.replace("[", r"\[")):
        config_module.load(str(tmp_path), confined=True)


def test_gitignore_star_runs_collapse() -> None:
    """Runs of stars collapse as git reads them; ``**`` components stay."""
    assert ignorefiles.collapse_stars("*" * 25 + "x") == "*x"
    assert ignorefiles.collapse_stars("a/***/b") == "a/**/b"
    assert ignorefiles.collapse_stars("**/x") == "**/x"
    assert ignorefiles.compile_line("[z-a]") is None
    assert ignorefiles.compile_line("build\\") is None
    spec = ignorefiles.compile_lines(["[z-a]", "*" * 25 + "x", "!"])
    assert spec.match_file("abx")
    assert not spec.match_file("abc")


def test_nginx_includes_stay_inside_the_root(tmp_path: Path) -> None:
    """Includes leaving the root or cycling are unresolved, never read."""
    root = tmp_path / "root"
    (root / "nginx").mkdir(parents=True)
    (tmp_path / "out.conf").write_text("location /static/ {}\n")
    assert nginx.include_matches("../../out.conf", str(root / "nginx"), str(root)) == []
    assert nginx.include_matches("../../*.conf", str(root / "nginx"), str(root)) == []
    assert nginx.include_matches("", str(root / "nginx"), str(root)) == []
    (root / "nginx" / "a.conf").write_text("include a.conf;\n")
    directives = nginx.parse_file(str(root / "nginx" / "a.conf"), root)
    budget = nginx.IncludeBudget(
        root=str(root), chain=[os.path.realpath(root / "nginx" / "a.conf")]
    )
    [include] = nginx.expand(directives, str(root / "nginx"), 0, budget)
    assert include["unresolved"]


# --- property tests: random bytes through every hook parser -----------------

HOOKS = [
    ("Dockerfile", dockerfile.check_file),
    (
        "docker-compose.yml",
        lambda path, root: check_path(path, compose.check_compose, root),
    ),
    (
        ".gitignore",
        lambda path, root: check_path(path, ignorefiles.check_ignore_file, root),
    ),
    (
        ".dockerignore",
        lambda path, root: check_path(path, ignorefiles.check_ignore_file, root),
    ),
    (
        "pyproject.toml",
        lambda path, root: check_path(path, pyproject.check_pyproject, root),
    ),
    ("nginx/site.conf", nginx.check_path_in),
    (
        ".env.example",
        lambda path, root: check_path(
            path, lambda text, shown: check_env_text(text, [], shown), root
        ),
    ),
]

# Bytes biased towards the syntax of the parsed formats.
SYNTAX = st.sampled_from(
    [
        b"[",
        b"]",
        b"{",
        b"}",
        b"\n",
        b" ",
        b"=",
        b'"',
        b"'",
        b"#",
        b"*",
        b"!",
        b"\\",
        b";",
        b":",
        b"-",
        b"FROM ",
        b"include ",
        b"server",
        b"location",
        b"&",
        b"\x00",
        b"\xe9",
        b"\xef\xbb\xbf",
        b"AS ",
        b"[tool.ruff]",
        b"services:",
        b"x",
    ]
)
CONTENT = st.one_of(
    st.binary(max_size=300), st.lists(SYNTAX, max_size=80).map(b"".join)
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(hook=st.sampled_from(HOOKS), content=CONTENT)
def test_hook_parsers_survive_random_bytes(
    hook: tuple[str, object], content: bytes
) -> None:
    """Any bytes give findings (one line each) or one UnusableInputError."""
    name, judge = hook
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        try:
            found = judge(str(path), root)  # type: ignore[operator]
        except UnusableInputError as exc:
            assert "\n" not in str(exc)
            return
        for item in found:
            assert "\n" not in item.render()


@settings(max_examples=60, deadline=None)
@given(content=CONTENT)
def test_python_files_survive_random_bytes(content: bytes) -> None:
    """Any bytes in a ``.py`` file give findings or one E999, never an exception."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "m.py").write_bytes(content)
        found = lint_file(root / "m.py", root, config_module.Config(root=folder))
        codes = {item.code for item in found}
        assert "DJA000" not in codes
        assert all("\n" not in item.text for item in found)
