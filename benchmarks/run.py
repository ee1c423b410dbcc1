"""Reproducible performance benchmark of flake8-djarch on real code.

Usage::

    uv run python benchmarks/run.py [PATH ...] [--repeats N] [--quick] [--output FILE]
    uv run python benchmarks/run.py --project /work/real/saleor \\
        --flake8-dir /work/real/netbox/netbox/dcim \\
        --editor-file /work/real/netbox/netbox/dcim/views.py

The second form measures real projects side by side (see
``benchmarks/projects.py``) and replaces only their section of the results.

The corpus is the installed source of ``django`` and ``rest_framework``
(located without importing them), ``reference_project/`` when present, and
any extra PATH. Every flake8 measurement is a fresh subprocess
(:mod:`benchmarks.flake8_child`); configurations alternate within each
repeat and the medians are reported. Results go to stdout and, as a markdown
table, to ``docs/performance.md`` (``--quick``: one repeat over a tiny
corpus, written only when ``--output`` is given).
"""

from __future__ import annotations

import argparse
import ast
import datetime as dt
import importlib.util
import io
import json
import logging
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import tokenize
from dataclasses import dataclass, field
from pathlib import Path

logger = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
CHILD = HERE / "flake8_child.py"
DEFAULT_OUTPUT = REPO / "docs" / "performance.md"
EXCLUDE = (
    ".venv",
    "venv",
    ".tox",
    "node_modules",
    "build",
    "dist",
    "__pycache__",
    ".git",
)
QUICK_FILES = 8
BASE_CHECKS = ("pyflakes", "pycodestyle", "mccabe")
PLUGIN_DIST = "flake8-djarch"

#: name -> (what it measures, --select, distributions to drop)
FLAKE8_CONFIGS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "floor": (
        "no checks at all: read, tokenize, parse (E9)",
        "E9",
        (*BASE_CHECKS, PLUGIN_DIST),
    ),
    "default": (
        "flake8 defaults E,F,W,C90, plugin not installed",
        "E,F,W,C90",
        (PLUGIN_DIST,),
    ),
    "default+DJA": ("defaults plus every DJA rule", "E,F,W,C90,DJA", ()),
    "DJA": ("DJA rules alone (no pyflakes/pycodestyle/mccabe)", "DJA", BASE_CHECKS),
}

HEADER = """# Performance

How fast flake8-djarch is on real code, and how it is kept robust.

## Commands

```sh
# Benchmark: django + rest_framework (installed source) + reference_project/
# + any PATH; medians over --repeats runs (default 5). Rewrites this file.
uv run python benchmarks/run.py [PATH ...] [--repeats N]
uv run python benchmarks/run.py --quick          # smoke run, 1 repeat, tiny corpus

# Robustness: lint every .py file of every installed package in-process with
# all DJA rules; exit 1 on any plugin exception (DJA000).
uv run python benchmarks/robustness.py [--limit N]
uv run pytest -m slow tests/test_robustness.py   # the same, bounded, plus
                                                  # hypothesmith and 3.12 syntax
```

What is measured:

* **flake8 runs** are fresh subprocesses at `--jobs=1` and `--jobs=auto`.
  flake8 runs *every installed plugin* whatever `--select` says and only
  filters the output, so the baselines are obtained by hiding plugins from
  flake8's plugin finder (`benchmarks/flake8_child.py --drop`): `floor` has no
  checks at all (read, tokenize, parse), `default` is E,F,W,C90 *without*
  flake8-djarch installed, `default+DJA` adds every DJA rule, `DJA` runs the
  DJA rules without pyflakes/pycodestyle/mccabe.
* **single file**: one flake8 process on one module (the editor case), with
  and without the plugin; the difference includes importing the plugin.
* **in-process**: every file parsed and tokenized once (as flake8 does), then
  `engine.run` timed over all of them on one core, versus `ast.parse` alone.
* **peak memory**: `ru_maxrss` of the flake8 process (or its largest worker).

"""


@dataclass
class Corpus:
    """Files to lint, grouped by the directory flake8 runs in.

    Attributes:
        name: A label.
        root: The run directory (roles and project imports resolve from it).
        files: Files relative to ``root``.
        lines: Their total line count.
    """

    name: str
    root: Path
    files: list[str] = field(default_factory=list)
    lines: int = 0


@dataclass
class Sample:
    """One flake8 measurement.

    Attributes:
        seconds: Wall time of the subprocess.
        peak_kib: Peak RSS of the largest process involved.
    """

    seconds: float
    peak_kib: int


def package_dir(name: str) -> Path | None:
    """Locate an installed package's folder without importing it.

    Args:
        name: A top-level package name.

    Returns:
        Its folder, or ``None`` when it is not installed.
    """
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def python_files(folder: Path) -> list[Path]:
    """List the Python files below a folder, skipping virtualenvs and caches.

    Args:
        folder: A folder or a single file.

    Returns:
        The sorted ``.py`` files.
    """
    if folder.is_file():
        return [folder]
    return sorted(
        path
        for path in folder.rglob("*.py")
        if not set(path.relative_to(folder).parts) & set(EXCLUDE)
    )


def count_lines(path: Path) -> int:
    """Count a file's lines.

    Args:
        path: The file.

    Returns:
        The number of lines (0 when unreadable).
    """
    try:
        return len(path.read_bytes().splitlines())
    except OSError:
        return 0


def build_corpora(paths: list[str], *, quick: bool) -> list[Corpus]:
    """Assemble the corpora.

    Args:
        paths: Extra files or folders given on the command line.
        quick: Use a tiny corpus (a few ``rest_framework`` files).

    Returns:
        The non-empty corpora.
    """
    corpora: list[Corpus] = []
    for name in ("django", "rest_framework"):
        folder = package_dir(name)
        if folder is None:
            logger.warning("%s is not installed; skipped", name)
            continue
        if quick and name == "django":
            continue
        files = python_files(folder)
        if quick:
            files = files[:QUICK_FILES]
        corpora.append(
            Corpus(
                name,
                folder.parent,
                [path.relative_to(folder.parent).as_posix() for path in files],
            )
        )
    reference = REPO / "reference_project"
    if reference.is_dir() and not quick:
        corpora.append(
            Corpus(
                "reference_project",
                reference,
                [p.relative_to(reference).as_posix() for p in python_files(reference)],
            )
        )
    for raw in paths:
        path = Path(raw).resolve()
        root = path.parent if path.is_file() else path
        corpora.append(
            Corpus(
                path.name,
                root,
                [p.relative_to(root).as_posix() for p in python_files(path)],
            )
        )
    for corpus in corpora:
        corpus.lines = sum(count_lines(corpus.root / rel) for rel in corpus.files)
    return [corpus for corpus in corpora if corpus.files]


def flake8_once(
    root: Path, files: list[str], select: str, drop: tuple[str, ...], jobs: str
) -> Sample:
    """Run flake8 once in a fresh subprocess.

    Args:
        root: The run directory.
        files: Files relative to ``root``.
        select: The ``--select`` value.
        drop: Distributions whose plugins are hidden.
        jobs: The ``--jobs`` value.

    Returns:
        The wall time and peak memory.

    Raises:
        RuntimeError: When flake8 crashes (status other than 0 or 1).
    """
    with tempfile.TemporaryDirectory() as tmp:
        result = Path(tmp) / "result.json"
        command = [sys.executable, str(CHILD), str(result)]
        if drop:
            command += ["--drop", ",".join(drop)]
        command += [
            "--",
            "--isolated",
            f"--select={select}",
            f"--jobs={jobs}",
            "--exit-zero",
            *files,
        ]
        started = time.perf_counter()
        completed = subprocess.run(
            command,
            cwd=root,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
        seconds = time.perf_counter() - started
        if completed.returncode != 0 or not result.exists():
            raise RuntimeError(f"flake8 failed in {root}: {completed.stderr[-2000:]}")
        figures = json.loads(result.read_text(encoding="utf-8"))
    return Sample(seconds, max(int(figures["self_kib"]), int(figures["children_kib"])))


def flake8_corpora(
    corpora: list[Corpus], select: str, drop: tuple[str, ...], jobs: str
) -> Sample:
    """Run one flake8 configuration over every corpus.

    Args:
        corpora: The corpora (one process per run directory).
        select: The ``--select`` value.
        drop: Distributions whose plugins are hidden.
        jobs: The ``--jobs`` value.

    Returns:
        The summed wall time and the largest peak memory.
    """
    samples = [
        flake8_once(corpus.root, corpus.files, select, drop, jobs) for corpus in corpora
    ]
    return Sample(
        sum(sample.seconds for sample in samples),
        max(sample.peak_kib for sample in samples),
    )


def closest_file(corpora: list[Corpus], lines: int) -> tuple[Path, str, int]:
    """Pick the module whose length is closest to a target.

    Args:
        corpora: Where to look.
        lines: The target line count.

    Returns:
        ``(run directory, relative path, line count)``.

    Raises:
        SystemExit: When the corpus is empty.
    """
    best: tuple[int, Path, str, int] | None = None
    for corpus in corpora:
        for rel in corpus.files:
            count = count_lines(corpus.root / rel)
            score = abs(count - lines)
            if best is None or score < best[0]:
                best = (score, corpus.root, rel, count)
    if best is None:
        raise SystemExit("empty corpus")
    return best[1], best[2], best[3]


def single_files(corpora: list[Corpus]) -> list[tuple[Path, str, int]]:
    """Choose the editor-case modules: one of about 1,000 lines and a large one.

    Args:
        corpora: The corpora.

    Returns:
        ``(run directory, relative path, line count)`` for each.
    """
    chosen = [closest_file(corpora, 1000)]
    for corpus in corpora:
        if "django/db/models/query.py" in corpus.files:
            rel = "django/db/models/query.py"
            chosen.append((corpus.root, rel, count_lines(corpus.root / rel)))
            break
    else:
        chosen.append(closest_file(corpora, 10**6))
    return chosen


@dataclass
class Parsed:
    """A module prepared as flake8 hands it to the plugin.

    Attributes:
        rel: The path relative to the run directory.
        root: The run directory.
        source: The text.
        tree: The parsed module.
        lines: The source lines.
        tokens: The tokens.
    """

    rel: str
    root: Path
    source: str
    tree: ast.Module
    lines: list[str]
    tokens: list[tokenize.TokenInfo]


def prepare(corpora: list[Corpus]) -> list[Parsed]:
    """Read, parse and tokenize every file once.

    Args:
        corpora: The corpora.

    Returns:
        The modules that parse.
    """
    modules: list[Parsed] = []
    for corpus in corpora:
        for rel in corpus.files:
            try:
                source = (corpus.root / rel).read_text(encoding="utf-8")
                tree = ast.parse(source, filename=rel)
                tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
            except (
                OSError,
                UnicodeDecodeError,
                SyntaxError,
                ValueError,
                tokenize.TokenError,
            ):
                continue
            modules.append(
                Parsed(
                    rel,
                    corpus.root,
                    source,
                    tree,
                    source.splitlines(keepends=True),
                    tokens,
                )
            )
    return modules


def time_parse(modules: list[Parsed]) -> float:
    """Time ``ast.parse`` over every module.

    Args:
        modules: The modules.

    Returns:
        Seconds.
    """
    started = time.perf_counter()
    for module in modules:
        ast.parse(module.source, filename=module.rel)
    return time.perf_counter() - started


def time_engine(modules: list[Parsed]) -> tuple[float, int]:
    """Time the plugin's engine over pre-parsed modules, as under flake8.

    Args:
        modules: The modules.

    Returns:
        Seconds and the number of findings.
    """
    from flake8_djarch import config as config_module  # noqa: PLC0415 - timed separately
    from flake8_djarch.checks import all_checkers  # noqa: PLC0415
    from flake8_djarch.engine import Context, run  # noqa: PLC0415

    checkers = all_checkers()
    configs = {
        root: config_module.load(str(root)).with_overrides(root=str(root))
        for root in {m.root for m in modules}
    }
    findings = 0
    started = time.perf_counter()
    for module in modules:
        ctx = Context(
            module.tree,
            module.rel,
            module.lines,
            configs[module.root],
            tokens=module.tokens,
        )
        findings += len(run(ctx, checkers))
    return time.perf_counter() - started, findings


def resolver_stats() -> dict[str, int] | None:
    """Read the class resolver's counters, when the plugin exposes them.

    Returns:
        The counters, or ``None``.
    """
    try:
        from flake8_djarch import project as resolve  # noqa: PLC0415
    except ImportError:
        return None
    stats = getattr(resolve, "stats", None)
    return dict(stats()) if callable(stats) else None


def pylint_seconds(corpora: list[Corpus]) -> tuple[float, str] | None:
    """Time pylint with pylint-django on ``rest_framework``, when both are installed.

    Args:
        corpora: The corpora.

    Returns:
        Seconds and the corpus label, or ``None`` when skipped.
    """
    if (
        importlib.util.find_spec("pylint") is None
        or importlib.util.find_spec("pylint_django") is None
    ):
        return None
    corpus = next((c for c in corpora if c.name == "rest_framework"), None)
    if corpus is None:
        return None
    started = time.perf_counter()
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "pylint",
            "--load-plugins=pylint_django",
            "--jobs=1",
            "--exit-zero",
            *corpus.files,
        ],
        cwd=corpus.root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    if completed.returncode != 0:
        return None
    return time.perf_counter() - started, corpus.name


IMPORT_PROBE = """
import sys, time
import flake8.main.cli, flake8.checker
started = time.perf_counter()
import flake8_djarch.plugin
from flake8_djarch.checks import all_checkers
all_checkers()
sys.stdout.write(str(time.perf_counter() - started))
"""


def import_seconds() -> float:
    """Time importing the plugin and its rules in a fresh interpreter (flake8 already loaded).

    Returns:
        Seconds.
    """
    completed = subprocess.run(
        [sys.executable, "-c", IMPORT_PROBE],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    )
    return float(completed.stdout.strip())


def engine_seconds_for(root: Path, rel: str) -> float:
    """Time the engine alone on one module (best of three, already parsed).

    Args:
        root: The run directory.
        rel: The module, relative to ``root``.

    Returns:
        Seconds.
    """
    modules = [m for m in prepare([Corpus(rel, root, [rel])]) if m.rel == rel]
    return min(time_engine(modules)[0] for _ in range(3))


def median(values: list[float]) -> float:
    """Return the median of measurements.

    Args:
        values: At least one value.

    Returns:
        The median.
    """
    return statistics.median(values)


@dataclass
class Results:
    """Everything measured, as medians.

    Attributes:
        flake8: ``(config, jobs)`` -> (seconds, peak KiB, spread as (max - min) / median).
        single: ``(relative path, lines)`` -> (seconds without, seconds with
            plugin, seconds of the engine alone in-process).
        import_seconds: Importing the plugin and its rules.
        parse_seconds: ``ast.parse`` over the corpus.
        engine_seconds: ``engine.run`` over the corpus.
        findings: DJA findings in-process.
        resolver: The resolver's counters after two passes (``None`` if absent).
        resolver_first: The counters after the first pass.
        pylint: pylint seconds and corpus, or ``None``.
    """

    flake8: dict[tuple[str, str], tuple[float, int, float]] = field(
        default_factory=dict
    )
    single: dict[tuple[str, int], tuple[float, float, float]] = field(
        default_factory=dict
    )
    import_seconds: float = 0.0
    parse_seconds: float = 0.0
    engine_seconds: float = 0.0
    findings: int = 0
    resolver: dict[str, int] | None = None
    resolver_first: dict[str, int] | None = None
    pylint: tuple[float, str] | None = None


def measure(
    corpora: list[Corpus], repeats: int, jobs_values: tuple[str, ...]
) -> Results:
    """Run every measurement, alternating configurations within each repeat.

    Args:
        corpora: The corpora.
        repeats: Repeats per measurement.
        jobs_values: The ``--jobs`` values to try.

    Returns:
        The medians.
    """
    results = Results()
    flake8_samples: dict[tuple[str, str], list[Sample]] = {}
    singles = single_files(corpora)
    single_samples: dict[
        tuple[str, int], tuple[list[float], list[float], list[float]]
    ] = {(rel, lines): ([], [], []) for _, rel, lines in singles}
    import_times: list[float] = []
    modules = prepare(corpora)
    parse_times: list[float] = []
    engine_times: list[float] = []
    for repeat in range(repeats):
        for name, (_, select, drop) in FLAKE8_CONFIGS.items():
            for jobs in jobs_values:
                sample = flake8_corpora(corpora, select, drop, jobs)
                flake8_samples.setdefault((name, jobs), []).append(sample)
                _progress(
                    f"[{repeat + 1}/{repeats}] flake8 {name} --jobs={jobs}: {sample.seconds:.2f}s"
                )
        for root, rel, lines in singles:
            without = flake8_once(root, [rel], "E,F,W,C90", (PLUGIN_DIST,), "1")
            with_plugin = flake8_once(root, [rel], "E,F,W,C90,DJA", (), "1")
            single_samples[rel, lines][0].append(without.seconds)
            single_samples[rel, lines][1].append(with_plugin.seconds)
            single_samples[rel, lines][2].append(engine_seconds_for(root, rel))
        import_times.append(import_seconds())
        parse_times.append(time_parse(modules))
        seconds, results.findings = time_engine(modules)
        engine_times.append(seconds)
        if repeat == 0:
            results.resolver_first = resolver_stats()
        _progress(
            f"[{repeat + 1}/{repeats}] in-process: parse {parse_times[-1]:.2f}s, engine {seconds:.2f}s"
        )
    for key, samples in flake8_samples.items():
        seconds = [s.seconds for s in samples]
        results.flake8[key] = (
            median(seconds),
            int(median([float(s.peak_kib) for s in samples])),
            (max(seconds) - min(seconds)) / median(seconds),
        )
    for key, (without_times, with_times, engine_times_one) in single_samples.items():
        results.single[key] = (
            median(without_times),
            median(with_times),
            median(engine_times_one),
        )
    results.import_seconds = median(import_times)
    results.parse_seconds = median(parse_times)
    results.engine_seconds = median(engine_times)
    results.resolver = resolver_stats()
    results.pylint = pylint_seconds(corpora)
    return results


def _progress(text: str) -> None:
    """Report progress on stderr.

    Args:
        text: One line.
    """
    sys.stderr.write(text + "\n")
    sys.stderr.flush()


def _ratio(numerator: float, denominator: float) -> str:
    """Format a ratio.

    Args:
        numerator: The measured value.
        denominator: The reference.

    Returns:
        ``1.23x`` or ``n/a``.
    """
    return f"{numerator / denominator:.2f}x" if denominator else "n/a"


def report(
    corpora: list[Corpus], results: Results, repeats: int, jobs_values: tuple[str, ...]
) -> str:
    """Render the results as markdown.

    Args:
        corpora: The corpora.
        results: The medians.
        repeats: Repeats per measurement.
        jobs_values: The ``--jobs`` values measured.

    Returns:
        The markdown results section.
    """
    total = sum(corpus.lines for corpus in corpora)
    import flake8  # noqa: PLC0415 - version only

    out = [
        "## Results",
        "",
        f"* Date: {dt.datetime.now(tz=dt.UTC).strftime('%Y-%m-%d %H:%M UTC')}",
        f"* Machine: {os.cpu_count()} cores, {platform.system()} {platform.machine()}, "
        f"Python {platform.python_version()}, flake8 {flake8.__version__}",
        f"* Repeats: {repeats} (medians; configurations alternate within each repeat)",
        "* Corpus:",
        "",
        "| corpus | files | lines |",
        "|---|---:|---:|",
    ]
    out += [
        f"| {corpus.name} | {len(corpus.files)} | {corpus.lines:,} |"
        for corpus in corpora
    ]
    out += [f"| **total** | {sum(len(c.files) for c in corpora)} | {total:,} |", ""]
    out += ["### flake8 over the corpus", ""]
    out += [
        "| configuration | --jobs | seconds | spread | lines/s | peak RSS (MiB) | vs default |"
    ]
    out += ["|---|---|---:|---:|---:|---:|---:|"]
    for name, (text, _, _) in FLAKE8_CONFIGS.items():
        for jobs in jobs_values:
            seconds, peak, spread = results.flake8[name, jobs]
            base = results.flake8["default", jobs][0]
            out.append(
                f"| `{name}`: {text} | {jobs} | {seconds:.2f} | {spread * 100:.0f} % | {total / seconds:,.0f} | "
                f"{peak / 1024:.0f} | {_ratio(seconds, base)} |"
            )
    out += [
        "",
        "Spread is (max - min) / median over the repeats; above ~10 % the machine was busy.",
        "",
    ]
    out.append("")
    summary = []
    for jobs in jobs_values:
        default, default_peak, _ = results.flake8["default", jobs]
        full, full_peak, _ = results.flake8["default+DJA", jobs]
        summary.append(
            f"* `--jobs={jobs}`: DJA rules add **{(full / default - 1) * 100:+.1f} %** to flake8's default run; "
            f"peak memory {_ratio(full_peak, default_peak)} of the default run."
        )
    out += [*summary, "", "### Single file (editor case)", ""]
    out += [
        "| module | lines | without plugin (ms) | with plugin (ms) | added (ms) | engine alone (ms) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for (rel, lines), (without, with_plugin, engine) in results.single.items():
        out.append(
            f"| `{rel}` | {lines:,} | {without * 1000:.0f} | {with_plugin * 1000:.0f} | "
            f"{(with_plugin - without) * 1000:+.0f} | {engine * 1000:.1f} |"
        )
    out += [
        "",
        f"Importing the plugin and all its rules (flake8 already loaded) takes {results.import_seconds * 1000:.0f} ms "
        "of the added time; the rest is the engine plus noise.",
    ]
    out += ["", "### In-process (one core)", ""]
    out += [
        f"* `ast.parse` alone: {results.parse_seconds:.2f} s ({total / results.parse_seconds:,.0f} lines/s)",
        f"* plugin engine (all DJA rules, trees and tokens given as by flake8): {results.engine_seconds:.2f} s "
        f"(**{total / results.engine_seconds:,.0f} lines/s**, {_ratio(results.engine_seconds, results.parse_seconds)} "
        f"the time of `ast.parse`), {results.findings:,} findings",
    ]
    if results.resolver is not None:
        first = results.resolver_first or {}
        out.append(
            f"* class resolver: {results.resolver.get('parsed', 0)} modules parsed after {repeats} passes "
            f"({first.get('parsed', 0)} after the first; {results.resolver.get('cached', 0)} cached) — "
            "each module is parsed at most once per process"
        )
    if results.pylint is not None:
        seconds, name = results.pylint
        out.append(f"* pylint + pylint-django on `{name}`: {seconds:.1f} s")
    else:
        out.append("* pylint + pylint-django: not installed, skipped")
    out.append("")
    return "\n".join(out)


def compile_bytecode() -> None:
    """Byte-compile flake8, its checkers and this plugin before measuring.

    ``pip install`` compiles bytecode, but uv and editable installs do not, and
    with ``PYTHONDONTWRITEBYTECODE`` set (as on CI machines) every fresh
    process would otherwise compile the sources again, which is not what a
    user's installed plugin costs.
    """
    import compileall  # noqa: PLC0415 - only the benchmark needs it

    for name in (
        "flake8",
        "pycodestyle",
        "pyflakes",
        "mccabe",
        "flake8_djarch",
        "djarch_hooks",
    ):
        spec = importlib.util.find_spec(name)
        if spec is None or spec.origin is None:
            continue
        folder = Path(spec.origin).parent
        if spec.submodule_search_locations:
            compileall.compile_dir(folder, quiet=1)
        else:
            compileall.compile_file(spec.origin, quiet=1)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark.

    Args:
        argv: Command-line arguments (default: ``sys.argv[1:]``).

    Returns:
        The exit status.
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", help="extra files or folders to include")
    parser.add_argument(
        "--repeats", type=int, default=5, help="repeats per measurement (default 5)"
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="1 repeat over a tiny corpus, --jobs=1 only",
    )
    parser.add_argument(
        "--output", type=Path, help=f"markdown file to write (default {DEFAULT_OUTPUT})"
    )
    parser.add_argument("--no-write", action="store_true", help="print only")
    parser.add_argument(
        "--project",
        action="append",
        type=Path,
        default=[],
        help="a real project root: djarch check cold/parallel/warm/leaf vs ast.parse",
    )
    parser.add_argument(
        "--flake8-dir",
        type=Path,
        help="a folder for flake8 default vs default+DJA at --jobs=1",
    )
    parser.add_argument(
        "--editor-file", type=Path, help="one file below --flake8-dir: the editor case"
    )
    parser.add_argument(
        "--before",
        type=Path,
        help="an older checkout to compare with (its .venv from uv sync is used when present)",
    )
    args = parser.parse_args(argv)
    if args.project or args.flake8_dir:
        return _main_projects(args)
    repeats = 1 if args.quick else max(1, args.repeats)
    jobs_values = ("1",) if args.quick else ("1", "auto")
    corpora = build_corpora(args.paths, quick=args.quick)
    if not corpora:
        sys.stderr.write("no corpus found\n")
        return 2
    compile_bytecode()
    results = measure(corpora, repeats, jobs_values)
    text = report(corpora, results, repeats, jobs_values)
    sys.stdout.write(text + "\n")
    output = (
        args.output
        if args.output is not None
        else (None if args.quick or args.no_write else DEFAULT_OUTPUT)
    )
    if output is not None and not args.no_write:
        output.write_text(HEADER + text, encoding="utf-8")
        sys.stderr.write(f"wrote {output}\n")
    return 0


PROJECTS_BEGIN = "<!-- real projects: begin -->"
PROJECTS_END = "<!-- real projects: end -->"


def _main_projects(args: argparse.Namespace) -> int:
    """Measure real projects and replace their section of the results file.

    Args:
        args: The parsed arguments.

    Returns:
        The exit status.
    """
    sys.path.insert(0, str(HERE))
    import projects  # noqa: PLC0415 - a sibling script, run as a file

    repeats = 1 if args.quick else max(1, args.repeats)
    compile_bytecode()
    if args.before:
        projects.BEFORE[:] = [args.before.resolve()]
    results = [
        projects.measure_project(path.resolve(), repeats, _progress)
        for path in args.project
    ]
    flake8 = (
        projects.flake8_side_by_side(
            args.flake8_dir.resolve(), args.editor_file, repeats, _progress
        )
        if args.flake8_dir
        else None
    )
    text = projects.report_projects(results, flake8, repeats)
    sys.stdout.write(text)
    output = args.output or DEFAULT_OUTPUT
    if args.no_write:
        return 0
    current = output.read_text(encoding="utf-8") if output.exists() else HEADER
    section = f"{PROJECTS_BEGIN}\n{text}{PROJECTS_END}\n"
    if PROJECTS_BEGIN in current and PROJECTS_END in current:
        head, _, rest = current.partition(PROJECTS_BEGIN)
        _, _, tail = rest.partition(PROJECTS_END)
        current = head + section + tail.lstrip("\n")
    else:
        current = current.rstrip("\n") + "\n\n" + section
    output.write_text(current, encoding="utf-8")
    sys.stderr.write(f"wrote {output}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
