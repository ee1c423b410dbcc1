"""Real projects side by side: ``djarch check`` cold, parallel, warm, one leaf edit.

Used by :mod:`benchmarks.run` (``--project``, ``--flake8-dir``,
``--editor-file``). Every measurement is a fresh subprocess; within each
repeat the configurations run one after the other (so that a busy machine
slows them alike) and the medians are reported, as ratios to ``ast.parse``
of the same files measured in the same run. Projects are copied to a
temporary folder first (the originals are never written to; the leaf edit
needs a writable copy).
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
CHILD = HERE / "flake8_child.py"
SKIP_COPY = shutil.ignore_patterns(".git", "node_modules", "__pycache__", "*.pyc")

PARSE_SCRIPT = """
import ast, sys
failed = 0
for name in open(sys.argv[1], encoding="utf-8").read().splitlines():
    try:
        ast.parse(open(name, "rb").read(), filename=name)
    except (SyntaxError, ValueError):
        failed += 1
print(failed)
"""

#: The same parse plus one bare ``ast.walk`` of each tree: the least that any
#: one-pass rule engine written in Python pays before its first rule runs.
FLOOR_SCRIPT = """
import ast, sys
failed = 0
for name in open(sys.argv[1], encoding="utf-8").read().splitlines():
    try:
        tree = ast.parse(open(name, "rb").read(), filename=name)
    except (SyntaxError, ValueError):
        failed += 1
        continue
    for _node in ast.walk(tree):
        pass
print(failed)
"""


@dataclass
class Timed:
    """Medians of one configuration.

    Attributes:
        seconds: Wall times, one per repeat.
        peak_kib: Peak RSS of the largest process, per repeat.
        cpu: CPU seconds of all its processes, per repeat.
    """

    seconds: list[float] = field(default_factory=list)
    peak_kib: list[int] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)

    def add(self, run: Run) -> None:
        """Record one run.

        Args:
            run: The measurements.
        """
        self.seconds.append(run.seconds)
        self.peak_kib.append(run.peak_kib)
        self.cpu.append(run.cpu)

    def median_cpu(self) -> float:
        """Return the median CPU time (user + system, all processes).

        Returns:
            Seconds.
        """
        return statistics.median(self.cpu)

    def median(self) -> float:
        """Return the median wall time.

        Returns:
            Seconds.
        """
        return statistics.median(self.seconds)

    def peak_mib(self) -> float:
        """Return the largest peak memory seen.

        Returns:
            MiB.
        """
        return max(self.peak_kib) / 1024


#: A checkout of an older flake8-djarch to compare with. Configurations named
#: ``... (before)`` run with its own virtual environment (``BEFORE/.venv``,
#: made by ``uv sync``) when it has one: ``PYTHONPATH`` alone would pair its
#: ``flake8_djarch`` with this checkout's ``djarch_hooks`` (an editable
#: mapping of ``hooks/``), which measures neither version.
BEFORE: list[Path] = []


def _before_python() -> Path | None:
    """Return the interpreter of the older checkout's environment.

    Returns:
        ``BEFORE/.venv/bin/python``, or ``None`` without one.
    """
    if not BEFORE:
        return None
    python = BEFORE[0] / ".venv" / "bin" / "python"
    return python if python.is_file() else None


def _command_for(name: str, command: list[str]) -> list[str]:
    """Return the command of a configuration, on the older environment if named so.

    Args:
        name: The configuration name.
        command: The command for this checkout.

    Returns:
        The command, its interpreter swapped for a ``(before)`` configuration.
    """
    python = _before_python()
    if (
        name.endswith("(before)")
        and python is not None
        and command[0] == sys.executable
    ):
        return [str(python), *command[1:]]
    return command


def _env_for(name: str) -> dict[str, str] | None:
    """Return the environment of a configuration.

    Args:
        name: The configuration name.

    Returns:
        ``None`` (inherit) unless it is a ``(before)`` configuration without
        its own environment (then the older checkout goes first on
        ``PYTHONPATH``).
    """
    if not name.endswith("(before)") or not BEFORE or _before_python() is not None:
        return None
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(BEFORE[0]), *filter(None, [env.get("PYTHONPATH")])]
    )
    return env


#: Bytecode folder shared by every measured process (outside the measured trees).
PYCACHE = Path(tempfile.gettempdir()) / f"djarch-bench-pycache-{os.getuid()}"


#: Runs a command and records its tree's peak memory and CPU time. A child
#: of a big process inherits that process's peak RSS across ``exec`` on
#: Linux; a grandchild of a fresh interpreter does not.
LAUNCHER = """
import json, os, subprocess, sys
process = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(process.pid, 0)
process.returncode = 0
with open(sys.argv[1], "w") as out:
    json.dump([usage.ru_maxrss, usage.ru_utime + usage.ru_stime], out)
sys.exit(os.waitstatus_to_exitcode(status) if status else 0)
"""


@dataclass
class Run:
    """One measured command.

    Attributes:
        seconds: Wall time.
        peak_kib: Peak RSS of the largest process of its tree.
        cpu: User plus system CPU seconds of its tree.
        stdout: What it printed.
    """

    seconds: float
    peak_kib: int
    cpu: float
    stdout: str


def run_measured(
    command: list[str], cwd: Path, env: dict[str, str] | None = None
) -> Run:
    """Run a command through :data:`LAUNCHER`, timing it.

    Args:
        command: The command.
        cwd: Its working directory.
        env: Its environment (default: inherited).

    Returns:
        The measurements.
    """
    env = dict(os.environ if env is None else env)
    # An installed package runs from bytecode (pip compiles it at install);
    # with PYTHONDONTWRITEBYTECODE set (as on this machine) every measured
    # process would compile flake8, pyflakes and the plugin from source.
    if "PYTHONPYCACHEPREFIX" not in env:
        env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryDirectory() as tmp:
        figures = Path(tmp) / "usage.json"
        out_path = Path(tmp) / "stdout"
        with out_path.open("wb") as out:
            started = time.perf_counter()
            subprocess.run(
                [sys.executable, "-c", LAUNCHER, str(figures), *command],
                cwd=cwd,
                stdout=out,
                stderr=subprocess.DEVNULL,
                env=env,
                check=False,
            )
            seconds = time.perf_counter() - started
        text = out_path.read_bytes().decode("utf-8", "replace")
        try:
            peak, cpu = json.loads(figures.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            peak, cpu = 0, 0.0
    return Run(seconds, int(peak), float(cpu), text)


def commit_of(path: Path) -> str:
    """Look a project's commit up in a ``COMMITS`` file next to it.

    Args:
        path: The project folder (``/work/real/saleor``).

    Returns:
        The recorded commit, or ``unknown``.
    """
    for folder in (path.parent, path.parent.parent):
        commits = folder / "COMMITS"
        if commits.is_file():
            for line in commits.read_text(encoding="utf-8").splitlines():
                name, _, sha = line.partition(" ")
                if name == path.name and sha.strip():
                    return sha.strip()[:12]
    return "unknown"


def cores() -> int:
    """Count the usable cores.

    Returns:
        At least 1.
    """
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


@dataclass
class ProjectResult:
    """One project's measurements.

    Attributes:
        name: The project folder name.
        commit: Its commit.
        files: Python files linted.
        unparsable: Files ``ast.parse`` rejects on this interpreter (E999).
        findings: Findings of the cold run.
        leaf: The file edited for the leaf configuration.
        timed: Configuration name to measurements.
    """

    name: str
    commit: str
    files: int
    unparsable: int
    findings: int
    leaf: str
    timed: dict[str, Timed]


def _leaf_file(files: list[str]) -> str:
    """Pick a module nothing imports: the first test module, else the last file.

    Args:
        files: The project's Python files.

    Returns:
        A relative path.
    """
    for relative in files:
        name = relative.rsplit("/", 1)[-1]
        if name.startswith("test_") and "/tests/" in f"/{relative}":
            return relative
    return files[-1]


def measure_project(path: Path, repeats: int, progress: object = None) -> ProjectResult:
    """Measure ``djarch check`` on a copy of a project, side by side with ``ast.parse``.

    Args:
        path: The project folder.
        repeats: Repeats per configuration.
        progress: A callable taking a status line, or ``None``.

    Returns:
        The measurements.
    """
    from flake8_djarch.project_check import iter_project_files  # noqa: PLC0415

    djarch = [sys.executable, "-m", "flake8_djarch.cli", "check", "."]
    jobs = cores()
    with tempfile.TemporaryDirectory(prefix="djarch-bench-") as tmp:
        copy = Path(tmp) / path.name
        shutil.copytree(path, copy, ignore=SKIP_COPY, symlinks=True)
        cache = Path(tmp) / "cache"
        files = [rel for rel in iter_project_files(copy) if rel.endswith(".py")]
        listing = Path(tmp) / "files.txt"
        listing.write_text("\n".join(files) + "\n", encoding="utf-8")
        leaf = _leaf_file(files)
        leaf_path = copy / leaf
        original = leaf_path.read_bytes()
        configs: dict[str, list[str]] = {
            "parse": [sys.executable, "-c", PARSE_SCRIPT, str(listing)],
            "floor": [sys.executable, "-c", FLOOR_SCRIPT, str(listing)],
            "cold-1": [*djarch, "--no-cache", "--jobs", "1"],
            f"cold-{jobs}": [*djarch, "--no-cache", "--jobs", str(jobs)],
            "warm": [*djarch, "--cache-dir", str(cache)],
            "leaf": [*djarch, "--cache-dir", str(cache)],
        }
        if BEFORE:
            configs["cold-1 (before)"] = configs["cold-1"]
        timed = {name: Timed() for name in configs}
        primed = run_measured(configs["warm"], copy).stdout
        findings = max(0, len(primed.splitlines()) - 1)
        failed = run_measured(configs["parse"], copy).stdout
        for repeat in range(repeats):
            for name, command in configs.items():
                if name == "leaf":
                    leaf_path.write_bytes(original + f"# edit {repeat}\n".encode())
                if callable(progress):
                    progress(f"{path.name} {name} {repeat + 1}/{repeats}")
                timed[name].add(
                    run_measured(_command_for(name, command), copy, _env_for(name))
                )
        return ProjectResult(
            path.name,
            commit_of(path),
            len(files),
            int(failed.strip() or 0),
            findings,
            leaf,
            timed,
        )


@dataclass
class Flake8Result:
    """flake8 with and without the plugin.

    Attributes:
        timed: ``default``, ``default+DJA`` and their ``editor-`` variants.
        folder: The folder linted, relative to the run directory.
        files: Its Python files.
        lines: Their physical lines.
        editor: The editor-case file, relative to the run directory.
        editor_lines: Its lines.
    """

    timed: dict[str, Timed]
    folder: str
    files: int
    lines: int
    editor: str
    editor_lines: int


def flake8_side_by_side(
    folder: Path, editor: Path | None, repeats: int, progress: object = None
) -> Flake8Result:
    """Compare flake8's defaults with and without the DJA rules (jobs=1).

    flake8 runs in the folder's parent, so that roles and project imports
    resolve as for a user of that project.

    Args:
        folder: The folder to lint (netbox ``dcim/``).
        editor: One file for the editor case, or ``None``.
        repeats: Repeats per configuration.
        progress: A callable taking a status line, or ``None``.

    Returns:
        The measurements.
    """
    root = folder.parent
    files = sorted(
        path.relative_to(root).as_posix()
        for path in folder.rglob("*.py")
        if "__pycache__" not in path.parts
    )
    lines = sum(
        (root / rel).read_bytes().count(b"\n") for rel in files
    )  # physical lines
    runs: dict[str, list[str]] = {
        "default": [
            "--drop",
            "flake8-djarch",
            "--",
            "--isolated",
            "--select=E,F,W,C90",
            "--jobs=1",
            "--exit-zero",
            *files,
        ],
        "default+DJA": [
            "--",
            "--isolated",
            "--select=E,F,W,C90,DJA",
            "--jobs=1",
            "--exit-zero",
            *files,
        ],
    }
    if BEFORE:
        runs["default+DJA (before)"] = runs["default+DJA"]
    editor_lines = 0
    editor_rel = ""
    if editor is not None:
        editor_rel = editor.resolve().relative_to(root.resolve()).as_posix()
        editor_lines = editor.read_bytes().count(b"\n")
        for name in [name for name in runs if name.startswith("default")]:
            head = runs[name][: runs[name].index("--jobs=1") + 2]
            runs[f"editor-{name}"] = [*head, editor_rel]
    timed = {name: Timed() for name in runs}
    with tempfile.TemporaryDirectory() as tmp:
        result = Path(tmp) / "result.json"
        for repeat in range(repeats):
            for name, arguments in runs.items():
                if callable(progress):
                    progress(f"flake8 {name} {repeat + 1}/{repeats}")
                command = [sys.executable, str(CHILD), str(result), *arguments]
                timed[name].add(
                    run_measured(_command_for(name, command), root, _env_for(name))
                )
    return Flake8Result(
        timed,
        folder.relative_to(root).as_posix(),
        len(files),
        lines,
        editor_rel,
        editor_lines,
    )


def report_projects(
    results: list[ProjectResult],
    flake8: Flake8Result | None,
    repeats: int,
) -> str:
    """Render the real-project measurements as markdown.

    Args:
        results: Per project.
        flake8: The flake8 comparison, if measured.
        repeats: Repeats per configuration.

    Returns:
        The section text.
    """
    jobs = cores()
    out = [
        "## Real projects (`benchmarks/run.py --project ...`)",
        "",
        f"* Python {sys.version.split()[0]}, {jobs} cores, {repeats} repeats: "
        "medians, configurations alternating within each repeat; absolute "
        "times depend on how busy the machine is, the ratios (measured side by "
        "side) are what to compare.",
        "* `parse`: `ast.parse` of the same files on one core (the reference); "
        "`cold-N`: `djarch check --no-cache --jobs N`; `warm`: cache primed, no "
        "file changed; `leaf`: one test module edited before each run; "
        "`floor`: the same parse plus one bare `ast.walk` of each tree, the "
        "least a one-pass rule engine in Python costs before any rule runs.",
        "* target (issue #15): cold ≤ 1.2 × parse / cores used; warm ≤ 1 s; "
        "leaf ≤ 1.5 s; peak ≤ 300 MiB. CPU is user + system time of all the "
        "run's processes (less sensitive to a busy machine than wall time).",
        "* Every measured process shares one bytecode folder "
        "(`PYTHONPYCACHEPREFIX`), as an installed package runs from bytecode.",
        "",
        "| project | commit | files | E999 | findings | config | wall s | "
        "wall × (parse / cores) | CPU s | CPU × parse | peak MiB |",
        "|---|---|---:|---:|---:|---|---:|---:|---:|---:|---:|",
    ]
    for result in results:
        parse = result.timed["parse"].median()
        parse_cpu = result.timed["parse"].median_cpu()
        for name, timed in result.timed.items():
            seconds = timed.median()
            used = int(name.split()[0].split("-")[1]) if name.startswith("cold-") else 1
            budget = parse / used
            out.append(
                f"| {result.name} | `{result.commit}` | {result.files} | "
                f"{result.unparsable} | {result.findings} | `{name}` | "
                f"{seconds:.2f} | {seconds / budget:.2f}x | "
                f"{timed.median_cpu():.2f} | {timed.median_cpu() / parse_cpu:.2f}x | "
                f"{timed.peak_mib():.0f} |"
            )
    out.append("")
    out.extend(f"* leaf edited in {r.name}: `{r.leaf}`" for r in results)
    if flake8:
        default = flake8.timed["default"]
        out += [
            "",
            f"### flake8 on `{flake8.folder}/` ({flake8.files} files, "
            f"{flake8.lines:,} lines), --jobs=1",
            "",
            "| configuration | wall s | wall vs default | CPU s | CPU vs default "
            "| peak MiB |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        labels = {
            "default": "default (E,F,W,C90, plugin not installed)",
            "default+DJA": "default + DJA",
            "default+DJA (before)": "default + DJA, before this branch",
        }
        for key, label in labels.items():
            timed = flake8.timed.get(key)
            if timed is None:
                continue
            out.append(
                f"| {label} | {timed.median():.2f} | "
                f"{timed.median() / default.median():.2f}x | "
                f"{timed.median_cpu():.2f} | "
                f"**{timed.median_cpu() / default.median_cpu():.2f}x** | "
                f"{timed.peak_mib():.0f} |"
            )
        if "editor-default" in flake8.timed:
            lines = max(flake8.editor_lines, 1)
            base = flake8.timed["editor-default"]
            out += [
                "",
                f"Editor case `{flake8.editor}` ({lines:,} lines), added to "
                f"flake8's {base.median() * 1000:.0f} ms wall / "
                f"{base.median_cpu() * 1000:.0f} ms CPU (target ≤ 30 ms per "
                "1,000 lines):",
                "",
                "| plugin | added wall ms | per 1,000 lines | added CPU ms | "
                "per 1,000 lines |",
                "|---|---:|---:|---:|---:|",
            ]
            for key, label in (
                ("editor-default+DJA", "this branch"),
                ("editor-default+DJA (before)", "before this branch"),
            ):
                timed = flake8.timed.get(key)
                if timed is None:
                    continue
                wall = (timed.median() - base.median()) * 1000
                cpu = (timed.median_cpu() - base.median_cpu()) * 1000
                out.append(
                    f"| {label} | {wall:+.0f} | {wall * 1000 / lines:.1f} | "
                    f"{cpu:+.0f} | **{cpu * 1000 / lines:.1f}** |"
                )
    return "\n".join(out) + "\n"
