"""Hostile repositories of issue #11, built in a temporary folder, and a runner.

Each case builds a crafted but legal tree and names the command to run on it.
:func:`run_case` runs the command in a child interpreter under an address
space limit, with an ``open`` audit hook that logs every path the child opens,
and returns what the test asserts on: exit status, output, time, memory and
whether anything outside the project root (or a device) was opened.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

#: Address-space limit of the child (the issue: 300 MB of real memory; the
#: interpreter and its shared libraries map ~100 MB more that is never touched).
MEMORY_LIMIT = 600 * 1024 * 1024
#: Wall-clock bound per case: generous because the test machine is shared.
TIME_LIMIT = 20.0
SECRET = "TOPSECRET-do-not-print"  # noqa: S105 - a marker, not a credential

CHILD = r"""
import atexit, os, resource, sys
limit, log_path, entry = int(sys.argv[1]), sys.argv[2], sys.argv[3]
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
log = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
def audit(event, args):
    if event == "open" and args and isinstance(args[0], (str, bytes)):
        path = os.fsencode(args[0])
        os.write(log, os.path.abspath(path) + b"\0")
def rss():
    # ru_maxrss survives fork/exec, so a child of a big pytest process would
    # report its parent's peak; VmHWM belongs to this process image alone.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    try:
        with open("/proc/self/status") as status:
            for row in status:
                if row.startswith("VmHWM:"):
                    peak = int(row.split()[1])
    except OSError:
        pass
    with open(log_path + ".rss", "w") as handle:
        handle.write(str(peak))
atexit.register(rss)
sys.addaudithook(audit)
module, _, function = entry.partition(":")
sys.argv = [module, *sys.argv[4:]]
namespace = __import__(module, fromlist=[function])
status = getattr(namespace, function)()
sys.exit(status)
"""

ENTRIES = {
    "djarch": "flake8_djarch.cli:main",
    "djarch-layout": "djarch_hooks.layout:main",
    "djarch-env": "djarch_hooks.envfile:main",
    "djarch-nginx": "djarch_hooks.nginx:main",
    "djarch-dockerfile": "djarch_hooks.dockerfile:main",
    "djarch-compose": "djarch_hooks.compose:main",
    "djarch-ignorefiles": "djarch_hooks.ignorefiles:main",
    "djarch-pyproject": "djarch_hooks.pyproject:main",
    "flake8": "flake8.main.cli:main",
}


@dataclass
class Outcome:
    """What one run of a case produced.

    Attributes:
        status: Exit status (``None`` after a timeout).
        stdout: Standard output.
        stderr: Standard error.
        seconds: Wall-clock time.
        peak_kb: Peak resident memory of the child in KiB.
        opened: Real paths the child opened.
    """

    status: int | None
    stdout: str
    stderr: str
    seconds: float
    peak_kb: int
    opened: list[str] = field(default_factory=list)


@dataclass
class Case:
    """One hostile tree and the command run on it.

    Attributes:
        name: Case identifier.
        build: Builds the tree below ``root`` (``outside`` is a sibling folder
            holding files the run must never open).
        command: The console script name and its arguments; ``{root}`` is
            replaced by the project root.
        statuses: Accepted exit statuses.
        cwd_root: Run with the project root as working directory.
        check: Extra assertion on the outcome (returns an error or ``""``).
        slow: Builds or scans a large input (marked ``slow`` in the tests).
    """

    name: str
    build: Callable[[Path, Path], None]
    command: tuple[str, ...]
    statuses: tuple[int, ...]
    cwd_root: bool = True
    check: Callable[[Outcome, Path], str] | None = None
    slow: bool = False


def run_case(case: Case, base: Path) -> tuple[Outcome, Path]:
    """Build a case below ``base`` and run its command.

    Args:
        case: The case.
        base: An empty temporary folder.

    Returns:
        The outcome and the project root.
    """
    root, outside = base / "project", base / "outside"
    root.mkdir()
    outside.mkdir()
    (outside / "secret.txt").write_text(f"{SECRET}=1\n")
    case.build(root, outside)
    log = base / "opened.log"
    script, *args = case.command
    argv = [
        sys.executable,
        "-c",
        CHILD,
        str(MEMORY_LIMIT),
        str(log),
        ENTRIES[script],
        *(arg.replace("{root}", str(root)) for arg in args),
    ]
    env = {
        key: value for key, value in os.environ.items() if not key.startswith("GIT_")
    }
    env["HOME"] = str(outside)
    # djarch check's findings cache lives in the user's cache folder, which is
    # neither the tree nor the hostile "outside".
    cache_home = base.parent / f"{base.name}-xdg-cache"
    env["XDG_CACHE_HOME"] = str(cache_home)
    start = time.monotonic()
    try:
        completed = subprocess.run(
            argv,
            cwd=root if case.cwd_root else base,
            capture_output=True,
            timeout=TIME_LIMIT,
            check=False,
            env=env,
        )
        status: int | None = completed.returncode
        stdout, stderr = completed.stdout, completed.stderr
    except subprocess.TimeoutExpired as exc:
        status, stdout, stderr = None, exc.stdout or b"", exc.stderr or b""
    seconds = time.monotonic() - start
    shutil.rmtree(cache_home, ignore_errors=True)
    rss = Path(f"{log}.rss")
    peak = int(rss.read_text() or 0) if rss.exists() else 0
    opened = (
        [os.fsdecode(item) for item in log.read_bytes().split(b"\0") if item]
        if log.exists()
        else []
    )
    return (
        Outcome(
            status,
            stdout.decode("utf-8", "replace"),
            stderr.decode("utf-8", "replace"),
            seconds,
            peak,
            opened,
        ),
        root,
    )


def forbidden_opens(outcome: Outcome, root: Path) -> list[str]:
    """List opened paths that are outside the root's tree or devices.

    Args:
        outcome: The outcome.
        root: The project root.

    Returns:
        Paths below the case folder but outside the project root, and
        devices or system files the hostile tree points at.
    """
    # flake8 itself looks for its own configuration files in parent folders.
    flake8_own = {"setup.cfg", "tox.ini", ".flake8"}
    base = root.parent.resolve()
    real_root = root.resolve()
    bad: list[str] = []
    for path in outcome.opened:
        real = Path(os.path.realpath(path))
        if real.is_relative_to(base) and not real.is_relative_to(real_root):
            if real.name.startswith("opened.log") or real.name in flake8_own:
                continue
            bad.append(path)
        elif str(real).startswith(("/dev/zero", "/dev/urandom", "/etc/")):
            bad.append(path)
    return bad


# --- builders -------------------------------------------------------------


def _write(path: Path, text: str | bytes) -> None:
    """Write a file, creating its folders.

    Args:
        path: The file.
        text: Its content.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text)


def _link(path: Path, target: str | Path) -> None:
    """Create a symlink, creating its folders.

    Args:
        path: The link.
        target: Where it points.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(target)


def _fifo(path: Path) -> None:
    """Create a FIFO, creating its folders.

    Args:
        path: The FIFO.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)


GOOD_SITE = """\
server {
    listen 80;
    location /static/ { alias /srv/static/; }
    location / {
        proxy_pass http://app:8000;
        proxy_set_header X-Forwarded-Proto $scheme;
    }
}
"""
NO_STATIC_SITE = """\
server {
    listen 80;
    %s
    location / {
        proxy_pass http://app:8000;
        proxy_set_header X-Forwarded-Proto $scheme;
    }
}
"""


def dev_zero_module(root: Path, _outside: Path) -> None:
    """A committed module that is a link to ``/dev/zero``."""
    _write(root / "apps/x/__init__.py", "")
    _link(root / "apps/x/services.py", "/dev/zero")


def env_example_to_secret(root: Path, outside: Path) -> None:
    """``.env.example`` links to a credentials file outside the project."""
    _link(root / ".env.example", outside / "secret.txt")


def nginx_include_dev_zero(root: Path, _outside: Path) -> None:
    """An nginx include of a link to ``/dev/zero``."""
    _write(root / "nginx/site.conf", NO_STATIC_SITE % "include zero.conf;")
    _link(root / "nginx/zero.conf", "/dev/zero")


def nginx_include_outside(root: Path, outside: Path) -> None:
    """An nginx include above the root whose content would flip the verdict."""
    _write(outside / "static.conf", "location /static/ { alias /srv/static/; }\n")
    _write(
        root / "nginx/site.conf", NO_STATIC_SITE % "include ../../outside/static.conf;"
    )


def nginx_include_glob(root: Path, outside: Path) -> None:
    """An nginx include globbing the filesystem above the root."""
    _write(outside / "static.conf", "location /static/ { alias /srv/static/; }\n")
    _write(root / "nginx/site.conf", NO_STATIC_SITE % "include ../../**/*.conf;")


def parent_pyproject(root: Path, _outside: Path) -> None:
    """A broken ``[tool.djarch]`` in the ``pyproject.toml`` above the root."""
    _write(root.parent / "pyproject.toml", "[tool.djarch]\nbogus = 1\n")
    _write(root / "apps/x/services.py", '"""Clean."""\n')


def fsmonitor_repo(root: Path, outside: Path) -> None:
    """A git repository whose config runs a command through core.fsmonitor."""
    marker = outside / "FSMONITOR-RAN"
    hook = outside / "fsmonitor.sh"
    hook.write_text(f"#!/bin/sh\ntouch {marker}\n")
    hook.chmod(0o755)
    _write(root / "apps/x/services.py", '"""Clean."""\n')
    env = {**os.environ, "HOME": str(outside), "GIT_CONFIG_NOSYSTEM": "1"}
    for command in (
        ["git", "init", "-q"],
        ["git", "add", "."],
        ["git", "config", "core.fsmonitor", str(hook)],
        ["git", "config", "core.hooksPath", str(outside)],
    ):
        subprocess.run(command, cwd=root, check=True, env=env, capture_output=True)


def fsmonitor_not_run(_outcome: Outcome, root: Path) -> str:
    """Check that the fsmonitor command never ran."""
    marker = root.parent / "outside" / "FSMONITOR-RAN"
    return "core.fsmonitor command ran" if marker.exists() else ""


def fifo_files(root: Path, _outside: Path) -> None:
    """FIFOs named like every kind of file the suite reads."""
    for name in ("apps/x/services.py", "Dockerfile", ".gitignore", ".env.example"):
        _fifo(root / name)
    _write(
        root / "nginx/site.conf", GOOD_SITE.replace("listen 80;", "include fifo.conf;")
    )
    _fifo(root / "nginx/fifo.conf")


def fifo_env(root: Path, _outside: Path) -> None:
    """``.env.example`` is a FIFO."""
    _fifo(root / ".env.example")


def fifo_nginx_include(root: Path, _outside: Path) -> None:
    """An nginx include of a FIFO."""
    _write(
        root / "nginx/site.conf", GOOD_SITE.replace("listen 80;", "include fifo.conf;")
    )
    _fifo(root / "nginx/fifo.conf")


def fifo_dockerfile(root: Path, _outside: Path) -> None:
    """The Dockerfile is a FIFO."""
    _fifo(root / "Dockerfile")


PLACEHOLDER = "def f():\n    pass\n"


def encodings(root: Path, _outside: Path) -> None:
    """Files the linting interpreter decodes (BOM, cookie) or cannot parse."""
    _write(root / "apps/x/bom.py", b"\xef\xbb\xbf" + PLACEHOLDER.encode())
    _write(
        root / "apps/x/latin.py",
        b"# -*- coding: latin-1 -*-\nNAME = '\xe9'\n" + PLACEHOLDER.encode(),
    )
    _write(root / "apps/x/broken.py", "def f(:\n    pass\n")
    _write(root / "apps/x/newer.py", "type Alias = int\n")
    _write(root / "apps/x/undecodable.py", b"NAME = '\xe9'\n")


def encodings_check(outcome: Outcome, _root: Path) -> str:
    """Check E999 lines for the broken files and findings for the decodable ones."""
    lines = outcome.stdout.splitlines()
    wanted = {
        "bom.py:1:1: DJA051",
        "latin.py:3:1: DJA051",
        "broken.py:1:8: E999 SyntaxError: invalid syntax",
        "undecodable.py:1:",
    }
    if sys.version_info < (3, 12):
        wanted.add("newer.py:1:7: E999 SyntaxError: invalid syntax")
    missing = [item for item in wanted if not any(item in line for line in lines)]
    return f"missing {missing} in {lines}" if missing else ""


def deep_expression(root: Path, _outside: Path) -> None:
    """A ~3,000-term expression in a module and in settings."""
    expression = " + ".join(["1"] * 3000)
    _write(root / "apps/x/services.py", f'"""Deep."""\n\nTOTAL = {expression}\n')
    _write(root / "config/settings.py", f'"""Deep."""\n\nTOTAL = {expression}\n')


def bad_gitignore(root: Path, _outside: Path) -> None:
    """A ``.gitignore`` with invalid patterns."""
    _write(root / ".gitignore", "[z-a]\nbuild\\\n!\n.env\n__pycache__/\n")


def bad_nginx(root: Path, _outside: Path) -> None:
    """nginx directives without arguments."""
    _write(
        root / "nginx/site.conf",
        GOOD_SITE.replace("listen 80;", 'proxy_set_header;\n    include "";'),
    )


def deep_yaml(root: Path, _outside: Path) -> None:
    """A compose file nested 20,000 levels deep."""
    _write(root / "docker-compose.yml", "services: " + "[" * 20000 + "]" * 20000 + "\n")


def deep_docker_json(root: Path, _outside: Path) -> None:
    """A Dockerfile exec form nested 20,000 levels deep."""
    _write(
        root / "Dockerfile",
        "FROM python:3.12-slim\nCMD " + "[" * 20000 + "]" * 20000 + "\n",
    )


def tool_string(root: Path, _outside: Path) -> None:
    """``tool`` is a string in ``pyproject.toml``."""
    _write(root / "pyproject.toml", 'tool = "x"\n')
    _write(root / "apps/x/services.py", '"""Clean."""\n')


def deep_toml(root: Path, _outside: Path) -> None:
    """A 500-deep array in ``pyproject.toml``."""
    _write(root / "pyproject.toml", "x = " + "[" * 500 + "]" * 500 + "\n")
    _write(root / "apps/x/services.py", '"""Clean."""\n')


def bad_name(root: Path, _outside: Path) -> None:
    """File names with a newline and with bytes that are not UTF-8."""
    _write(root / "apps/x/evil\nx.py:1:1: DJA999 forged.py", "def f(:\n")
    (root / "apps/x").mkdir(parents=True, exist_ok=True)
    name = os.fsencode(root / "apps/x") + b"/caf\xe9.py"
    Path(os.fsdecode(name)).write_bytes(PLACEHOLDER.encode())


def one_line_per_finding(outcome: Outcome, _root: Path) -> str:
    """Check that no finding was forged and every path prints."""
    lines = outcome.stdout.splitlines()
    if any("DJA999" in line and line.startswith("x.py") for line in lines):
        return f"forged line: {lines}"
    if not any("caf\\xe9.py" in line for line in lines):
        return f"undecodable name not shown escaped: {lines}"
    return ""


def nginx_self_include(root: Path, _outside: Path) -> None:
    """An nginx file including itself four times."""
    _write(root / "nginx/site.conf", (GOOD_SITE + "include site.conf;\n" * 4))


def long_gitignore(root: Path, _outside: Path) -> None:
    """A 2,000-line ``.gitignore`` and a few hundred files to match."""
    lines = [".env", "__pycache__/", *(f"build{i}/dist{i}/*.tmp" for i in range(2000))]
    _write(root / ".gitignore", "\n".join(lines) + "\n")
    for i in range(300):
        _write(root / f"pkg{i % 10}/m{i}.py", '"""Clean."""\n')


def star_gitignore(root: Path, _outside: Path) -> None:
    """A ``.gitignore`` line of 25 stars and an ``x``, and long names."""
    _write(root / ".gitignore", ".env\n__pycache__/\n" + "*" * 25 + "x\n")
    for i in range(20):
        _write(root / f"pkg/{'a' * 200}{i}.py", '"""Clean."""\n')


def env_spaces(root: Path, _outside: Path) -> None:
    """An ``.env.example`` value of 100k spaces."""
    _write(root / ".env.example", "SECRET_KEY=a" + " " * 100_000 + "b\n")


def big_pyproject(root: Path, _outside: Path) -> None:
    """A valid 3 KB ``pyproject.toml`` with a line the old header regex backtracked on."""
    _write(root / "pyproject.toml", 'x = """\n[' + " " * 3000 + 'x\n"""\n')


def long_from(root: Path, _outside: Path) -> None:
    """A 40 KB ``FROM`` line the builder-image regex used to backtrack on."""
    image = "python:3.12" + "-slim" * 8_000 + "@"
    _write(root / "Dockerfile", f"FROM {image} AS b\nFROM {image}\n")


def many_servers(root: Path, _outside: Path) -> None:
    """10,000 nginx server blocks."""
    _write(root / "nginx/site.conf", "http {\n" + GOOD_SITE * 10_000 + "}\n")


def many_stages(root: Path, _outside: Path) -> None:
    """A Dockerfile of 20,000 stages."""
    stages = "".join(
        f"FROM python:3.12-slim AS s{i}\nCOPY --from=s{max(i - 1, 0)} /a /a\n"
        for i in range(20_000)
    )
    _write(root / "Dockerfile", stages)


def no_traceback(outcome: Outcome, _root: Path) -> str:
    """Check for a traceback or a repr on stderr."""
    if "Traceback" in outcome.stderr or "Error(" in outcome.stderr:
        return f"traceback or repr on stderr: {outcome.stderr[-500:]}"
    return ""


CHECK = ("djarch", "check", "{root}")
CASES = [
    Case("dev-zero-module/check", dev_zero_module, CHECK, (2,)),
    Case("dev-zero-module/env", dev_zero_module, ("djarch-env", "--root", "."), (0, 1)),
    Case("env-example-secret/env", env_example_to_secret, ("djarch-env",), (2,)),
    Case("env-example-secret/check", env_example_to_secret, CHECK, (2,)),
    Case(
        "nginx-include-dev-zero",
        nginx_include_dev_zero,
        ("djarch-nginx", "nginx/site.conf"),
        (0, 1),
    ),
    Case(
        "nginx-include-outside",
        nginx_include_outside,
        ("djarch-nginx", "nginx/site.conf"),
        (1,),
    ),
    Case("nginx-include-outside/check", nginx_include_outside, CHECK, (1,)),
    Case(
        "nginx-include-glob",
        nginx_include_glob,
        ("djarch-nginx", "nginx/site.conf"),
        (1,),
    ),
    Case("parent-pyproject/check", parent_pyproject, CHECK, (0, 1), cwd_root=False),
    Case(
        "fsmonitor/layout",
        fsmonitor_repo,
        ("djarch-layout",),
        (0, 1),
        check=fsmonitor_not_run,
    ),
    Case("fsmonitor/check", fsmonitor_repo, CHECK, (0, 1), check=fsmonitor_not_run),
    Case("fifo/check", fifo_files, CHECK, (2,)),
    Case("fifo/env", fifo_env, ("djarch-env",), (2,)),
    Case(
        "fifo/nginx-include",
        fifo_nginx_include,
        ("djarch-nginx", "nginx/site.conf"),
        (0, 1),
    ),
    Case("fifo/dockerfile", fifo_dockerfile, ("djarch-dockerfile", "Dockerfile"), (2,)),
    Case("encodings/check", encodings, CHECK, (1,), check=encodings_check),
    Case("deep-expression/check", deep_expression, CHECK, (0, 1)),
    Case("deep-expression/env", deep_expression, ("djarch-env",), (0, 1)),
    Case(
        "bad-gitignore/hook",
        bad_gitignore,
        ("djarch-ignorefiles", ".gitignore"),
        (0, 1, 2),
    ),
    Case("bad-gitignore/check", bad_gitignore, CHECK, (0, 1, 2)),
    Case("bad-nginx", bad_nginx, ("djarch-nginx", "nginx/site.conf"), (0, 1)),
    Case("deep-yaml/hook", deep_yaml, ("djarch-compose", "docker-compose.yml"), (2,)),
    Case("deep-yaml/check", deep_yaml, CHECK, (2,), slow=True),
    Case(
        "deep-docker-json",
        deep_docker_json,
        ("djarch-dockerfile", "Dockerfile"),
        (0, 1, 2),
    ),
    Case("tool-string/flake8", tool_string, ("flake8", "--select=DJA", "apps"), (0, 2)),
    Case("tool-string/check", tool_string, CHECK, (0, 1, 2)),
    Case("deep-toml/flake8", deep_toml, ("flake8", "--select=DJA", "apps"), (2,)),
    Case("deep-toml/check", deep_toml, CHECK, (2,)),
    Case("bad-names/check", bad_name, CHECK, (1,), check=one_line_per_finding),
    Case(
        "nginx-self-include",
        nginx_self_include,
        ("djarch-nginx", "nginx/site.conf"),
        (0, 1),
    ),
    Case(
        "long-gitignore/hook",
        long_gitignore,
        ("djarch-ignorefiles", ".gitignore"),
        (0, 1),
    ),
    Case("long-gitignore/check", long_gitignore, CHECK, (0, 1), slow=True),
    Case(
        "star-gitignore/hook",
        star_gitignore,
        ("djarch-ignorefiles", ".gitignore"),
        (0, 1),
    ),
    Case("star-gitignore/check", star_gitignore, CHECK, (0, 1)),
    Case("env-spaces", env_spaces, ("djarch-env",), (0, 1)),
    Case(
        "big-pyproject", big_pyproject, ("djarch-pyproject", "pyproject.toml"), (0, 1)
    ),
    Case("long-from", long_from, ("djarch-dockerfile", "Dockerfile"), (0, 1)),
    Case(
        "many-servers",
        many_servers,
        ("djarch-nginx", "nginx/site.conf"),
        (0, 1),
        slow=True,
    ),
    Case(
        "many-stages",
        many_stages,
        ("djarch-dockerfile", "Dockerfile"),
        (0, 1),
        slow=True,
    ),
]


def main() -> None:
    """Print a table of every case's outcome (for reports)."""
    import tempfile

    rows = []
    start = os.environ.get("HOSTILE_FROM", "")
    names = [case.name for case in CASES]
    for case in CASES[names.index(start) if start else 0 :]:
        with tempfile.TemporaryDirectory() as folder:
            outcome, root = run_case(case, Path(folder))
            problems = [
                text
                for text in (
                    ""
                    if outcome.status in case.statuses
                    else f"status {outcome.status}",
                    no_traceback(outcome, root),
                    "opened outside" if forbidden_opens(outcome, root) else "",
                    case.check(outcome, root) if case.check else "",
                )
                if text
            ]
            rows.append(
                {
                    "case": case.name,
                    "status": outcome.status,
                    "seconds": round(outcome.seconds, 2),
                    "peak_mb": round(outcome.peak_kb / 1024),
                    "stderr": outcome.stderr.strip().splitlines()[-1:]
                    if outcome.stderr.strip()
                    else [],
                    "ok": not problems,
                    "problems": [item[:200] for item in problems],
                }
            )
            print(json.dumps(rows[-1]), flush=True)  # noqa: T201


if __name__ == "__main__":
    main()
