"""djarch-ignorefiles: the .gitignore and .dockerignore entries of seed §10.4."""

from __future__ import annotations

import functools
import re
import warnings
from pathlib import PurePath
from typing import TYPE_CHECKING

import pathspec
from djarch_hooks.common import (
    HookFinding,
    finding,
    guard_broken_pipe,
    run_file_hook,
)

from flake8_djarch.violations import project as rules

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

GITIGNORE_ENTRIES = (
    "*.pyc",
    "__pycache__/",
    "*.pyo",
    "*.egg-info/",
    "dist/",
    "build/",
    ".venv/",
    "venv/",
    ".env",
    "*.sqlite3",
    "db.sqlite3",
    "staticfiles/",
    "media/",
    ".ruff_cache/",
    ".pytest_cache/",
    ".mypy_cache/",
    ".coverage",
    "htmlcov/",
    "*.log",
    ".idea/",
    ".vscode/",
    "*.swp",
    "*.swo",
)
DOCKERIGNORE_ENTRIES = (
    ".git",
    ".gitignore",
    ".venv",
    "venv",
    ".env",
    "*.md",
    "*.log",
    ".pytest_cache",
    ".ruff_cache",
    ".mypy_cache",
    "__pycache__",
    "*.pyc",
    ".idea",
    ".vscode",
    "docker-compose*.yml",
    ".dockerignore",
    "Dockerfile",
    "tests/",
    "docs/",
    "*.sqlite3",
)


def is_ignore_file(path: str) -> bool:
    """Tell whether a file name is ``.gitignore`` or ``.dockerignore``.

    Args:
        path: The file path.

    Returns:
        ``True`` for the two ignore files this hook judges.
    """
    return PurePath(path).name in {".gitignore", ".dockerignore"}


def normalise(entry: str) -> str:
    """Normalise an ignore-file entry for comparison.

    Args:
        entry: One line of an ignore file.

    Returns:
        The entry trimmed, without a leading ``/`` or ``**/`` and without a
        trailing ``/``.
    """
    text = entry.strip()
    while text.startswith(("/", "**/")):
        text = text[1:] if text.startswith("/") else text[3:]
    return text.rstrip("/")


def patterns(text: str) -> list[tuple[int, str]]:
    """List the patterns of an ignore file with their line numbers.

    Args:
        text: The file.

    Returns:
        ``(line, pattern)`` pairs, comments and blank lines left out.
    """
    result: list[tuple[int, str]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if line and not line.startswith("#"):
            result.append((number, line))
    return result


#: A pattern with more wildcards than this is skipped: regex matching of many
#: ``*`` can take time exponential in the name length, and no real ignore
#: file needs them.
MAX_STARS = 10


def collapse_stars(line: str) -> str:
    """Collapse runs of ``*`` the way git's wildmatch reads them.

    A path component made only of stars is ``**``; elsewhere a run of stars
    matches what one ``*`` matches. Escaped stars (``\\*``) are kept.

    Args:
        line: One ignore-file line.

    Returns:
        The equivalent line without runs of stars.
    """
    if "**" not in line:
        return line
    components = []
    for component in line.split("/"):
        if component and set(component) == {"*"}:
            components.append("**" if len(component) > 1 else "*")
            continue
        out: list[str] = []
        escaped = False
        for char in component:
            if char == "*" and not escaped and out and out[-1] == "*":
                continue
            out.append(char)
            escaped = char == "\\" and not escaped
        components.append("".join(out))
    return "/".join(components)


@functools.lru_cache(maxsize=4096)
def compile_line(line: str) -> pathspec.GitIgnoreSpec | None:
    """Compile one ignore-file line on its own.

    Args:
        line: The line (a pattern, possibly ``!``-negated).

    Returns:
        Its spec, or ``None`` for a line git would not use: an invalid
        pattern (``[z-a]``, a trailing backslash, a lone ``!``) or one with
        more than :data:`MAX_STARS` wildcards.
    """
    collapsed = collapse_stars(line)
    if collapsed.count("*") > MAX_STARS:
        return None
    try:
        return pathspec.GitIgnoreSpec.from_lines([collapsed])
    except (ValueError, TypeError, re.error):
        return None


def compile_lines(lines: Iterable[str]) -> pathspec.GitIgnoreSpec:
    """Compile ignore-file lines, leaving out the ones git would not use.

    Args:
        lines: The lines.

    Returns:
        The spec of the usable lines, in order.
    """
    usable = [collapse_stars(line) for line in lines if compile_line(line) is not None]
    return pathspec.GitIgnoreSpec.from_lines(usable)


#: How pathspec starts the regex of a pattern that may match at any depth.
ANY_DEPTH = "^(?:.+/)?"
#: A named group (a pattern's directory mark) or a back reference in a
#: pattern's regex.
_NAMED_GROUP = re.compile(r"\(\?P<[A-Za-z_][A-Za-z0-9_]*>")
_BACK_REFERENCE = re.compile(r"\(\?P=|\\[1-9]")


def _prefilter(spec: pathspec.GitIgnoreSpec) -> re.Pattern[str] | None:
    """Combine every pattern of a spec into one regex that any match must pass.

    The spec decides a path by the last pattern that matches it (negations,
    directory marks): a path that no pattern matches is never ignored. One
    alternation of all the patterns tells that in one C-level search, where
    the spec runs each pattern in Python; patterns that may match at any
    depth share one prefix. Named groups become plain groups (only the
    spec reads them).

    Args:
        spec: The compiled lines.

    Returns:
        A regex whose ``search`` finds every path some pattern matches;
        ``None`` when the patterns cannot be combined safely.
    """
    anywhere: list[str] = []
    others: list[str] = []
    flags: set[int] = set()
    for pattern in spec.patterns:
        regex = getattr(pattern, "regex", None)
        if getattr(pattern, "include", None) is None:
            continue  # a no-op line: the spec skips it too
        if not isinstance(regex, re.Pattern) or not isinstance(regex.pattern, str):
            return None
        source = regex.pattern
        if _BACK_REFERENCE.search(source):
            return None  # group numbers change once combined
        flags.add(regex.flags)
        if source.startswith(ANY_DEPTH):
            anywhere.append(f"(?:{source[len(ANY_DEPTH) :]})")
        else:
            others.append(f"(?:{source})")
    if len(flags) > 1:
        return None
    if anywhere:
        others.insert(0, f"(?:{ANY_DEPTH}(?:{'|'.join(anywhere)}))")
    if not others:
        return re.compile(r"(?!)")  # no usable pattern: nothing is ignored
    try:
        # A line such as ``[[`` warns once, when pathspec compiles it.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return re.compile(_NAMED_GROUP.sub("(?:", "|".join(others)), flags.pop())
    except re.error:
        return None


def ignore_test(lines: Iterable[str]) -> Callable[[str], bool]:
    """Compile ignore-file lines into a test of root-relative paths.

    Gives exactly what :func:`compile_lines`' ``match_file`` gives, faster:
    a walk asks it of every file and folder, and few paths match any line.

    Args:
        lines: The lines.

    Returns:
        Whether a POSIX path relative to the root (a folder with a trailing
        ``/``) is ignored.
    """
    spec = compile_lines(lines)
    quick = _prefilter(spec)
    if quick is None:
        return spec.match_file
    search = quick.search
    match_file = spec.match_file

    def ignored(path: str) -> bool:
        """Tell whether a path is ignored.

        Args:
            path: The path.

        Returns:
            The spec's answer; ``False`` at once when no pattern matches
            (pathspec only strips a leading ``/`` or ``./``, which a walk
            never produces, before matching).
        """
        if search(path) is None and not path.startswith(("/", "./")):
            return False
        return match_file(path)

    return ignored


def _sample(entry: str) -> list[str]:
    """Build sample paths that an ignore entry is meant to match.

    Args:
        entry: The ignore entry.

    Returns:
        Sample paths, ``*`` replaced by ``x``.
    """
    name = entry.replace("*", "x")
    if name.endswith("/"):
        return [f"{name}x", f"sub/{name}x"]
    return [name, f"sub/{name}"]


def _covered(
    entries: list[tuple[int, str]],
    entry: str,
    samples: list[str],
    spec: pathspec.GitIgnoreSpec | None = None,
) -> bool:
    """Tell whether an ignore file holds a required entry.

    The entry counts when the file, read with gitignore semantics (order
    and ``!`` negations included), ignores every sample path of the entry
    (so ``*.py[cod]`` covers ``*.pyc`` and ``*`` covers everything), or when
    a line equal to the entry after trimming, a leading ``/`` and a trailing
    ``/`` is present and no later ``!`` line re-includes it.

    Args:
        entries: The file's ``(line, pattern)`` pairs.
        entry: The required entry.
        samples: Paths the entry is meant to ignore.
        spec: The compiled file (compiled here when not given).

    Returns:
        ``True`` when the entry is effectively present.
    """
    if spec is None:
        spec = compile_lines(line for _, line in entries)
    if all(spec.match_file(sample) for sample in samples):
        return True
    wanted = normalise(entry)
    last = max(
        (
            index
            for index, (_, line) in enumerate(entries)
            if not line.startswith("!") and normalise(line) == wanted
        ),
        default=None,
    )
    if last is None:
        return False
    for _, line in entries[last + 1 :]:
        if not line.startswith("!"):
            continue
        negation = line[1:].strip()
        if normalise(negation) == wanted:
            return False
        single = compile_line(negation)
        if single is not None and any(single.match_file(s) for s in samples):
            return False
    return True


def check_gitignore(text: str, path: str) -> list[HookFinding]:
    """Judge a ``.gitignore`` (DJA140, DJA142).

    Args:
        text: The file.
        path: The path to print.

    Returns:
        The findings, ``# noqa`` not yet applied.
    """
    entries = patterns(text)
    spec = compile_lines(line for _, line in entries)
    found = [
        finding(path, 1, rules.GitignoreEntryMissing, entry=entry)
        for entry in GITIGNORE_ENTRIES
        if not _covered(entries, entry, _sample(entry), spec)
    ]
    ignoring: tuple[int, str] | None = None
    for number, line in entries:
        negated = line.startswith("!")
        single = compile_line(line[1:] if negated else line)
        if single is not None and single.match_file("uv.lock"):
            ignoring = None if negated else (number, line)
    if ignoring is not None:
        found.append(
            finding(path, ignoring[0], rules.UvLockIgnored, pattern=ignoring[1])
        )
    return found


def check_dockerignore(text: str, path: str) -> list[HookFinding]:
    """Judge a ``.dockerignore`` (DJA141).

    Docker matches ``.dockerignore`` patterns against paths from the build
    context root, so each entry is sampled at the top level only.

    Args:
        text: The file.
        path: The path to print.

    Returns:
        The findings, ``# noqa`` not yet applied.
    """
    entries = patterns(text)
    spec = compile_lines(line for _, line in entries)
    return [
        finding(path, 1, rules.DockerignoreEntryMissing, entry=entry)
        for entry in DOCKERIGNORE_ENTRIES
        if not _covered(entries, entry, _sample(entry)[:1], spec)
    ]


def check_ignore_file(text: str, path: str) -> list[HookFinding]:
    """Judge an ignore file by its name.

    Args:
        text: The file.
        path: Its path; the name picks the rules.

    Returns:
        The findings, ``# noqa`` not yet applied.
    """
    if PurePath(path).name == ".dockerignore":
        return check_dockerignore(text, path)
    return check_gitignore(text, path)


@guard_broken_pipe
def main(argv: Sequence[str] | None = None) -> int:
    """Run the hook on the ignore files given as arguments.

    Args:
        argv: Command-line arguments (default: ``sys.argv[1:]``).

    Returns:
        0 when clean, 1 with findings, 2 on unusable input.
    """
    return run_file_hook(
        argv,
        "djarch-ignorefiles",
        "Check .gitignore and .dockerignore against the seed's required entries (DJA140-DJA142).",
        is_ignore_file,
        check_ignore_file,
    )
