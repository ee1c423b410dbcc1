"""``djarch check [ROOT]``: every hook and every flake8 rule over one project."""

from __future__ import annotations

import logging
import os
import sys
from itertools import islice, repeat
from operator import add, lt, mul
from pathlib import Path
from typing import TYPE_CHECKING

from djarch_hooks import (
    compose_files,
    dockerfile,
    envfile,
    ignorefiles,
    layout,
    nginx,
    pyproject,
    settings_finder,
)
from djarch_hooks.common import (
    HookArgumentParser,
    HookFinding,
    UnusableInputError,
    check_path,
    display_join,
    guarded,
    one_line,
    silence_broken_pipe,
)

from flake8_djarch import config as config_module
from flake8_djarch import report_formats
from flake8_djarch.config import Config, ConfigError
from flake8_djarch.parallel_check import (
    AT_WIDTH,
    CheckOptions,
    Columns,
    FindingsCache,
    Run,
    lint_columns,
)
from flake8_djarch.policy import baseline as baseline_module
from flake8_djarch.policy.baseline import BaselineError
from flake8_djarch.policy.gate import Gate, entries_for, is_warning
from flake8_djarch.project import facts, files, heap, unresolved_bases
from flake8_djarch.report_formats import Outcome, Record
from flake8_djarch.violations import all_violations

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence

logger = logging.getLogger(__name__)

SKIP_DIRS = frozenset({".venv", "venv", "node_modules", "__pycache__", "site-packages"})
UNRESOLVED_SHOWN = 5
#: Files whose content is part of the findings cache key.
SETTINGS = frozenset({"pyproject.toml", "setup.cfg", "tox.ini", ".flake8"})


def _nginx_path(relative: str) -> bool:
    """Tell whether a project path is an nginx configuration file.

    Args:
        relative: A path relative to the project root.

    Returns:
        ``True`` for ``*.conf`` files below a folder or with a name containing ``nginx``.
    """
    parts = relative.split("/")
    return nginx.is_nginx_conf(relative) and any(
        "nginx" in part.lower() for part in parts
    )


def _root_only(accepts: Callable[[str], bool]) -> Callable[[str], bool]:
    """Restrict a file test to the project root's own files.

    Args:
        accepts: The file-name test.

    Returns:
        A test that also requires the path to have no folder: a nested
        ``sub/.gitignore`` or ``sub/pyproject.toml`` belongs to something else.
    """
    return lambda relative: "/" not in relative and accepts(relative)


# Which project files each pre-commit hook judges; tests/policy/test_hook_files.py
# checks that the ``files:`` patterns of .pre-commit-hooks.yaml agree.
HOOK_ACCEPTS: dict[str, Callable[[str], bool]] = {
    "djarch-dockerfile": dockerfile.is_dockerfile,
    "djarch-compose": compose_files.is_compose_file,
    "djarch-ignorefiles": _root_only(ignorefiles.is_ignore_file),
    "djarch-pyproject": _root_only(pyproject.is_pyproject),
    "djarch-nginx": _nginx_path,
}

FILE_HOOKS: tuple[
    tuple[Callable[[str], bool], Callable[[str, Path], list[HookFinding]]], ...
] = (
    (HOOK_ACCEPTS["djarch-dockerfile"], dockerfile.check_file),
    (
        HOOK_ACCEPTS["djarch-compose"],
        lambda path, root: check_path(path, _check_compose, root),
    ),
    (
        HOOK_ACCEPTS["djarch-ignorefiles"],
        lambda path, root: check_path(path, ignorefiles.check_ignore_file, root),
    ),
    (
        HOOK_ACCEPTS["djarch-pyproject"],
        lambda path, root: check_path(path, pyproject.check_pyproject, root),
    ),
    (HOOK_ACCEPTS["djarch-nginx"], nginx.check_path_in),
)


def _check_compose(text: str, path: str) -> list[HookFinding]:
    """Run the compose hook, importing it (and the YAML parser) on first use.

    Args:
        text: The compose file's text.
        path: The file as printed.

    Returns:
        The hook's findings.
    """
    from djarch_hooks import compose  # noqa: PLC0415 - PyYAML only for compose files

    return compose.check_compose(text, path)


def iter_project_files(root: Path) -> Iterator[str]:
    """Walk a project, skipping virtualenvs, hidden folders and git-ignored paths.

    Args:
        root: The project root.

    Yields:
        POSIX paths relative to the root, sorted.
    """
    ignore_file = root / ".gitignore"
    lines: list[str] = []
    if ignore_file.exists():
        # An unreadable .gitignore is reported by the ignore-file hook.
        try:
            lines = files.read_text(ignore_file, root).splitlines()
        except files.FileAccessError as exc:
            logger.debug("cannot read %s: %s", ignore_file, exc)
    ignored = ignorefiles.ignore_test(lines)
    # Each folder's root-relative prefix, by the path os.walk will yield for
    # it (os.path.join of its parent's): no pathlib per folder.
    prefixes: dict[str, str] = {}
    for directory, dirs, names in os.walk(root):
        prefix = prefixes.pop(directory, "")
        dirs[:] = sorted(
            name
            for name in dirs
            if name not in SKIP_DIRS
            and not name.startswith(".")
            and not ignored(f"{prefix}{name}/")
        )
        for name in dirs:
            prefixes[os.path.join(directory, name)] = f"{prefix}{name}/"  # noqa: PTH118
        for name in sorted(names):
            relative = f"{prefix}{name}"
            if name.startswith(".") and name not in {".gitignore", ".dockerignore"}:
                continue
            if not ignored(relative):
                yield relative


def collect(
    root: Path, display_root: str, config: Config | None = None
) -> tuple[list[HookFinding], list[str]]:
    """Run every hook and the flake8 rules over a project (no policy applied).

    Args:
        root: The project root.
        display_root: The root as typed, for printing paths.
        config: The configuration (default: loaded from the root only).

    Returns:
        The findings and the error lines of unusable inputs (escaped, one
        line each).
    """
    records, errors = collect_records(root, display_root, config)
    return [
        HookFinding(
            item.path, item.line, item.col, item.code, f"{item.code} {item.message}"
        )
        for item in records
    ], errors


def _record(item: HookFinding) -> Record:
    """Turn a hook finding into a printable record.

    Args:
        item: The hook finding.

    Returns:
        The record (hooks know only where a finding starts).
    """
    return Record(
        item.path,
        item.line,
        item.col,
        item.code,
        item.text.removeprefix(item.code).strip(),
    )


def collect_records(
    root: Path,
    display_root: str,
    config: Config | None = None,
    enabled: Callable[[str], frozenset[str] | None] | None = None,
    options: CheckOptions | None = None,
) -> tuple[list[Record], list[str]]:
    """Run every hook and the flake8 rules over a project.

    Args:
        root: The project root.
        display_root: The root as typed, for printing paths.
        config: The configuration (default: loaded from the root only).
        enabled: Gives the flake8 codes to run for a root-relative path
            (default: all); findings are still filtered by the caller.
        options: Parallelism and cache of the Python files.

    Returns:
        The findings, sorted and distinct, and the error lines of unusable
        inputs (escaped, one line each).
    """
    absolute_root = root.resolve()
    cfg = config or config_module.load(str(absolute_root), confined=True)
    options = options or CheckOptions()
    relatives = list(iter_project_files(root))
    python_files = sorted(rel for rel in relatives if rel.endswith(".py"))
    cache = None
    if options.cache:
        # The loaded cache is large, long-lived and acyclic.
        with heap.collector_paused(freeze=True):
            cache = FindingsCache(
                Run(absolute_root, cfg, enabled),
                python_files,
                sorted(rel for rel in relatives if rel.rpartition("/")[2] in SETTINGS),
                options.cache_dir,
            )
    found: list[Record] = [
        _record(item) for item in layout.check_layout(root, display_root)
    ]
    errors: list[str] = []

    def scan_env() -> None:
        """Run the ``.env.example`` hook, noting its findings or its error."""
        # The settings scan parses every settings module: it runs while the
        # workers lint (in a one-process run, first, sharing its parses),
        # without the cycle collector re-traversing the parses it keeps.
        try:
            # Frozen before the collector resumes: its first collection would
            # otherwise traverse every node the scan parsed.
            with heap.collector_paused(freeze=True):
                rows = _env_rows(root, display_root, cache)
            found.extend(_record(HookFinding(*row)) for row in rows)  # type: ignore[arg-type]
        except UnusableInputError as exc:
            errors.append(_error(display_join(display_root, envfile.ENV_EXAMPLE), exc))
        heap.settle(collect=False)

    def scanned() -> frozenset[str]:
        """List the modules the settings scan parses (left to the late worker).

        Returns:
            Root-relative paths.
        """
        model = settings_finder.project_model(root)
        return frozenset(
            module.path for module in settings_finder.scanned_modules(model)
        )

    if cache is None:
        linted = lint_columns(
            Run(absolute_root, cfg, enabled),
            python_files,
            options.workers(),
            scan_env,
            scanned,
        )
    else:
        linted = cache.lint(python_files, options.workers(), scan_env, scanned)
    python: dict[str, list[Record]] = {}
    # 100k records and no cycles: the collector would re-traverse them.
    with heap.collector_paused(freeze=True):
        for relative in relatives:
            shown = display_join(display_root, relative)
            if relative.endswith(".py"):
                columns = linted[relative]
                if isinstance(columns, str):
                    errors.append(f"{files.shown(shown)}: error: {columns}")
                elif columns.codes:
                    python[shown] = _python_records(shown, columns)
                continue
            for name, (accepts, check) in zip(HOOK_ACCEPTS, FILE_HOOKS, strict=True):
                if not accepts(relative):
                    continue
                try:
                    found.extend(
                        _record(HookFinding(*row))  # type: ignore[arg-type]
                        for row in _file_hook_rows(
                            name, check, root, relative, shown=shown, cache=cache
                        )
                    )
                except UnusableInputError as exc:
                    errors.append(_error(shown, exc))
    if cache is not None:
        cache.save()
    return _in_order(python, found), errors


def _python_records(shown: str, columns: Columns) -> list[Record]:
    """Turn one Python file's findings into printable records, sorted and distinct.

    Args:
        shown: The file as printed.
        columns: Its findings.

    Returns:
        The records in :class:`Record` order, each once.
    """
    at = columns.at
    count = len(columns.codes)
    end_lines = at[2::AT_WIDTH]
    # Built by C iterators (a warm run turns 100k cached findings into
    # records): columns 1-based, an unknown end (line 0) printed as 0.
    records: list[Record] = list(
        map(
            tuple.__new__,
            repeat(Record, count),
            zip(
                repeat(shown, count),
                at[0::AT_WIDTH],
                map(add, at[1::AT_WIDTH], repeat(1)),
                columns.codes,
                columns.messages,
                end_lines,
                map(mul, map(add, at[3::AT_WIDTH], repeat(1)), map(bool, end_lines)),
                repeat("error", count),
                strict=True,
            ),
        )
    )
    # The engine reports a file's findings in order: check it in C, sort
    # only a file that is not.
    if not all(map(lt, records, islice(records, 1, None))):
        records = sorted(dict.fromkeys(records))
    return records


def _in_order(python: dict[str, list[Record]], others: list[Record]) -> list[Record]:
    """Merge the Python files' records and the hooks' into one sorted, distinct list.

    Equal to ``sorted(dict.fromkeys(...))`` of all of them: records sort by
    path first, each Python file's list is sorted and distinct already, and
    only a path that also has hook findings is sorted again.

    Args:
        python: Each Python file's records, sorted and distinct, by path.
        others: The hooks' records, in any order.

    Returns:
        Every record once, sorted.
    """
    by_path: dict[str, list[Record]] = {}
    for item in others:
        by_path.setdefault(item.path, []).append(item)
    merged: list[Record] = []
    for path in sorted(python.keys() | by_path.keys()):
        own = python.get(path)
        extra = by_path.get(path)
        if extra is None:
            merged += own  # type: ignore[arg-type]
        else:
            merged += sorted(dict.fromkeys([*(own or ()), *extra]))
    return merged


#: Files a file hook reads besides its own file, for hooks worth caching (the
#: pyproject hook parses the uv.lock beside it: tens of milliseconds).
CACHED_HOOK_READS: dict[str, tuple[str, ...]] = {"djarch-pyproject": ("uv.lock",)}


def _file_hook_rows(
    name: str,
    check: Callable[[str, Path], list[HookFinding]],
    root: Path,
    relative: str,
    *,
    shown: str,
    cache: FindingsCache | None,
) -> list[list[object]]:
    """Run a file hook on one project file, from the cache when it allows.

    Args:
        name: The hook's name.
        check: The hook's check.
        root: The project root.
        relative: The file, relative to the root.
        shown: The file as printed.
        cache: The run's findings cache, if any.

    Returns:
        The hook's findings as rows of :class:`HookFinding` fields.
    """

    def compute() -> list[list[object]]:
        """Run the hook.

        Returns:
            Its findings as rows.
        """
        return [
            [item.path, item.line, item.col, item.code, item.text]
            for item in check(str(root / relative), root)
        ]

    if cache is None or name not in CACHED_HOOK_READS:
        return compute()
    folder = relative.rpartition("/")[0]
    reads = (
        relative,
        *(
            f"{folder}/{other}" if folder else other
            for other in CACHED_HOOK_READS[name]
        ),
    )
    return cache.hook(f"{name}:{shown}", compute, reads)


def _env_rows(
    root: Path, display_root: str, cache: FindingsCache | None
) -> list[list[object]]:
    """Run the ``.env.example`` hook, whose settings scan reads every settings module.

    Args:
        root: The project root.
        display_root: The root as typed, for printing paths.
        cache: The run's findings cache, if any: the scan is redone only
            when ``.env.example`` or a module it read changed.

    Returns:
        The hook's findings as rows of :class:`HookFinding` fields.

    Raises:
        UnusableInputError: When ``.env.example`` cannot be read.
    """

    def compute() -> list[list[object]]:
        """Run the hook.

        Returns:
            Its findings as rows.
        """
        return [
            [item.path, item.line, item.col, item.code, item.text]
            for item in guarded(lambda: envfile.check_env(root, display_root))
        ]

    if cache is None:
        return compute()
    return cache.hook(
        f"djarch-env:{display_root}", compute, reads=(envfile.ENV_EXAMPLE,)
    )


def _error(path: str, error: BaseException) -> str:
    """Format the one error line of an unusable input.

    Args:
        path: The path as printed.
        error: The reason.

    Returns:
        ``path: error: reason``, escaped to one line.
    """
    return f"{files.shown(path)}: error: {one_line(error)}"


def summary(found: Sequence[HookFinding]) -> str:
    """Summarise findings by code.

    Args:
        found: The findings.

    Returns:
        ``no findings`` or e.g. ``3 findings: DJA041 x2, DJA110 x1``.
    """
    return report_formats.summary([_record(item) for item in found])


def main_check(argv: Sequence[str]) -> int:
    """Run ``djarch check``: all hooks and flake8 rules over a project root.

    Args:
        argv: The arguments after ``check`` (``djarch check --help``).

    Returns:
        0 when clean or only warnings remain, 1 with findings, 2 on unusable
        input or configuration.
    """
    parser = HookArgumentParser(
        prog="djarch check",
        description="Run every djarch hook and flake8 rule over a Django project.",
    )
    parser.add_argument(
        "root", nargs="?", default=".", help="the project root (default: .)"
    )
    parser.add_argument(
        "--format",
        choices=(*report_formats.FORMATS, "text"),
        default="concise",
        help="output format (text is concise)",
    )
    parser.add_argument(
        "--baseline",
        default=None,
        metavar="FILE",
        help="report only findings not in FILE (default: [tool.djarch] baseline)",
    )
    parser.add_argument(
        "--write-baseline",
        default=None,
        metavar="FILE",
        help="record every current finding in FILE and exit 0",
    )
    parser.add_argument(
        "--add-noqa",
        nargs="?",
        const="",
        default=None,
        metavar="REASON",
        help="append '# noqa: CODE REASON' to the lines of current findings",
    )
    parser.add_argument(
        "--jobs", type=int, default=None, help="processes (default: all cores)"
    )
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="ignore and keep no findings cache and no project index",
    )
    parser.add_argument(
        "--cache-dir",
        type=Path,
        default=None,
        help="cache folder (findings and project index), e.g. .djarch_cache "
        "(default: ~/.cache/djarch)",
    )
    args = parser.parse_args(list(argv))
    facts.configure(enabled=False if args.no_cache else None, cache_dir=args.cache_dir)
    root = Path(args.root)
    if not root.is_dir():
        sys.stderr.write(
            f"{files.shown(args.root)}: error: project root is not a directory\n"
        )
        return 2
    try:
        cfg = config_module.load(str(root.resolve()), confined=True)
    except ConfigError as exc:
        # Once per run: the configuration is shared by every file.
        message = files.shown(str(exc).splitlines()[0] if str(exc) else "invalid")
        sys.stderr.write(f"djarch check: configuration error: {message}\n")
        return 2
    try:
        gate = Gate.for_root(
            root,
            cfg,
            None if args.write_baseline else args.baseline,
            use_baseline=args.write_baseline is None and args.add_noqa is None,
        )
    except BaselineError as exc:
        sys.stderr.write(f"djarch check: error: {files.shown(str(exc))}\n")
        return 2
    python_codes = tuple(
        violation.code for violation in all_violations() if violation.tool == "flake8"
    )
    records, errors = collect_records(
        root,
        str(args.root),
        cfg,
        lambda relative: gate.selection.enabled_codes(python_codes, relative),
        CheckOptions(args.jobs, cache=not args.no_cache, cache_dir=args.cache_dir),
    )
    records = gate.enabled(records)
    if args.write_baseline is not None:
        return _write_baseline(records, errors, Path(args.write_baseline))
    if args.add_noqa is not None:
        return _add_noqa(records, errors, args.add_noqa)
    records = gate.new(records)
    if gate.warn:
        records = [
            item._replace(severity="warning")
            if is_warning(item.code, gate.warn)
            else item
            for item in records
        ]
    outcome = Outcome(
        root=str(args.root),
        errors=tuple(errors),
        baseline=_shown(gate.baseline.path) if gate.baseline is not None else "",
        stale=len(gate.baseline.stale()) if gate.baseline is not None else 0,
    )
    try:
        report_formats.write(records, args.format, sys.stdout, outcome)
        sys.stdout.flush()
    except BrokenPipeError:
        silence_broken_pipe()
    for line in errors:
        sys.stderr.write(line + "\n")
    _note_unresolved()
    if errors:
        return 2
    return 1 if gate.failing(records) else 0


def _note_unresolved() -> None:
    """Tell once on stderr which DRF-looking bases the rules could not resolve."""
    names = unresolved_bases()
    if not names:
        return
    shown = ", ".join(names[:UNRESOLVED_SHOWN])
    more = (
        f" and {len(names) - UNRESOLVED_SHOWN} more"
        if len(names) > UNRESOLVED_SHOWN
        else ""
    )
    sys.stderr.write(
        f"djarch: note: could not resolve DRF-looking bases {shown}{more}; their "
        "classes were not checked (set source-roots in [tool.djarch] if they are "
        "project classes)\n"
    )


def _write(
    found: Sequence[HookFinding],
    errors: Sequence[str],
    root: str,
    *,
    json_format: bool = False,
    fmt: str | None = None,
) -> None:
    """Print hook findings through the one report writer (used by ``djarch answer``).

    Args:
        found: The findings.
        errors: Error lines of unusable inputs.
        root: The root as typed.
        json_format: Print the JSON document (shorthand for ``fmt="json"``).
        fmt: Any of :data:`report_formats.FORMATS` (default: concise).
    """
    report_formats.write(
        [_record(item) for item in sorted(found)],
        fmt or ("json" if json_format else "concise"),
        sys.stdout,
        Outcome(root=root, errors=tuple(errors)),
    )
    sys.stdout.flush()


def _shown(path: Path) -> str:
    """Print a path relative to the current directory when it lies below it.

    Args:
        path: The path.

    Returns:
        The path to print.
    """
    try:
        return path.absolute().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)


def _write_baseline(
    records: Sequence[Record], errors: Sequence[str], path: Path
) -> int:
    """Record the current findings as accepted.

    Args:
        records: The enabled findings.
        errors: Unusable inputs (printed; the baseline is still written).
        path: The baseline file.

    Returns:
        0, or 2 when inputs were unusable or the file cannot be written.
    """
    folder = str(path.absolute().parent)
    entries = entries_for(records, folder, {id(item): item.message for item in records})
    try:
        path.write_text(baseline_module.dump(entries), encoding="utf-8")
    except OSError as exc:
        sys.stderr.write(
            f"{path}: error: cannot write baseline: {exc.strerror or exc}\n"
        )
        return 2
    sys.stdout.write(f"wrote {len(entries)} baseline entries to {path}\n")
    for line in errors:
        sys.stderr.write(line + "\n")
    return 2 if errors else 0


def _add_noqa(records: Sequence[Record], errors: Sequence[str], reason: str) -> int:
    """Silence the current findings with ``# noqa`` comments.

    Args:
        records: The enabled findings.
        errors: Unusable inputs.
        reason: Text appended after the codes.

    Returns:
        0, or 2 when inputs were unusable.
    """
    # Imported here: it loads PyYAML (pre-commit configurations).
    from flake8_djarch.policy import add_noqa  # noqa: PLC0415

    result = add_noqa.insert(records, reason)
    sys.stdout.write(
        f"added {result.comments} noqa comments in {result.files} files; "
        f"{len(result.skipped)} findings need a manual noqa or the baseline\n"
    )
    for item in result.skipped:
        sys.stdout.write(f"  skipped {item.path}:{item.line}:{item.col}: {item.code}\n")
    for line in errors:
        sys.stderr.write(line + "\n")
    return 2 if errors else 0
