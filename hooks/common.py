"""Shared plumbing of the project-file hooks: findings, noqa, reading, main."""

from __future__ import annotations

import argparse
import functools
import logging
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, ParamSpec

from flake8_djarch.policy import noqa, secrets
from flake8_djarch.project import files

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

    from flake8_djarch.violations.base import Violation

P = ParamSpec("P")

logger = logging.getLogger(__name__)


class UnusableInputError(Exception):
    """A file cannot be judged: it is missing, binary or does not parse."""


class HookArgumentParser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line on stderr, exit 2."""

    def error(self, message: str) -> NoReturn:
        """Report a command-line error as one line and exit with status 2.

        Args:
            message: argparse's description of the problem.

        Raises:
            SystemExit: Always, with status 2.
        """
        first = message.splitlines()[0] if message else "invalid arguments"
        sys.stderr.write(f"{self.prog}: error: {first}\n")
        raise SystemExit(2)


def silence_broken_pipe() -> None:
    """Point stdout at ``/dev/null`` after the reader went away.

    Python flushes stdout again at exit; without this, a reader such as
    ``head`` that closed the pipe early makes that flush print a second
    ``BrokenPipeError`` message.
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError) as exc:
        logger.debug("cannot redirect stdout after a broken pipe: %s", exc)


def guard_broken_pipe(main: Callable[P, int]) -> Callable[P, int]:
    """Make a console-script main survive a closed stdout (``| head``).

    Args:
        main: The main function; it returns the exit status.

    Returns:
        The wrapped main: when the reader closes the pipe it stops writing
        and returns 1 (output is only written for findings).
    """

    @functools.wraps(main)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> int:
        """Run the main function, handling a broken stdout pipe.

        Args:
            *args: Positional arguments of the main function.
            **kwargs: Keyword arguments of the main function.

        Returns:
            The main function's exit status, 1 after a broken pipe.
        """
        try:
            status = main(*args, **kwargs)
            sys.stdout.flush()
        except BrokenPipeError:
            silence_broken_pipe()
            return 1
        return status

    return wrapper


@dataclass(frozen=True, order=True)
class HookFinding:
    """One problem reported by a hook.

    Attributes:
        path: The path as printed (as given on the command line or joined
            to the project root).
        line: 1-based line number.
        col: 1-based column number.
        code: The rule code, ``DJAnnn``.
        text: The full finding text, code first.
    """

    path: str
    line: int
    col: int
    code: str
    text: str

    def render(self) -> str:
        """Format the finding flake8-style.

        Returns:
            ``path:line:col: DJAnnn message``.
        """
        return (
            f"{files.shown(self.path)}:{self.line}:{self.col}: {files.shown(self.text)}"
        )


def finding(
    where: str, line: int, violation: type[Violation], /, col: int = 1, **values: object
) -> HookFinding:
    """Build a finding from a rule declaration.

    Args:
        where: The path to print.
        line: 1-based line number.
        violation: The rule class (a ``Violation`` subclass).
        col: 1-based column number.
        **values: Values for the rule's message template.

    Returns:
        The finding.
    """
    return HookFinding(
        where, max(line, 1), max(col, 1), violation.code, violation.text(**values)
    )


def is_silenced(code: str, lines: Sequence[str], line_numbers: Iterable[int]) -> bool:
    """Tell whether a ``# noqa`` on any of the given lines silences a code.

    Args:
        code: The finding's code.
        lines: The file's lines.
        line_numbers: 1-based line numbers whose comments apply.

    Returns:
        ``True`` when a bare ``# noqa`` or one naming the code (or a prefix
        of it) is present, read as flake8 reads it.
    """
    return any(
        noqa.silenced(code, lines[number - 1])
        for number in line_numbers
        if 1 <= number <= len(lines)
    )


def drop_silenced(findings: Iterable[HookFinding], text: str) -> list[HookFinding]:
    """Remove findings silenced by a ``# noqa`` comment on their line.

    Args:
        findings: The findings of one file.
        text: That file's text.

    Returns:
        The findings that stay.
    """
    lines = text.splitlines()
    return [item for item in findings if not is_silenced(item.code, lines, [item.line])]


def read_text(path: str | Path, root: str | Path | None = None) -> str:
    """Read a text file for judging, through the safe file-access layer.

    Args:
        path: The file.
        root: The project root the file must stay inside (after symlinks);
            default: the working directory for a path below it, else the
            file's own folder.

    Returns:
        Its UTF-8 text (a leading BOM removed).

    Raises:
        UnusableInputError: If the file is missing, outside the root, not a
            regular file, too large, binary or not UTF-8.
    """
    try:
        return files.read_text(path, files.default_root(path) if root is None else root)
    except files.FileAccessError as exc:
        raise UnusableInputError(str(exc)) from exc


def secret_like_key(key: str) -> bool:
    """Tell whether an environment variable name looks like it holds a secret.

    Args:
        key: The variable name.

    Returns:
        ``True`` for secret-like names (:mod:`flake8_djarch.policy.secrets`).
    """
    return secrets.secret_like_name(key)


def non_secret_value(value: str, key: str = "") -> bool:
    """Tell whether a value cannot be a secret (:mod:`flake8_djarch.policy.secrets`).

    Args:
        value: The value, unquoted.
        key: The name it is bound to.

    Returns:
        ``True`` for values such as ``3600``, ``true``, ``{module}`` or a label
        equal to the name.
    """
    return not secrets.secret_looking_value(value.strip(), key)


def display_join(root: str, relative: str) -> str:
    """Join a project root as given by the user and a path inside it.

    Args:
        root: The root as typed (``.`` keeps paths relative).
        relative: A POSIX path relative to the root.

    Returns:
        The path to print.
    """
    if root in {"", "."}:
        return relative
    return Path(os.path.normpath(Path(root) / relative)).as_posix()


def write_report(findings: Iterable[HookFinding]) -> int:
    """Print findings sorted by path and position, after the project's policy.

    The policy is the one ``djarch check`` applies in the current directory:
    flake8's and ``[tool.djarch]``'s selection, the baseline, and ``warn``.

    Args:
        findings: The findings.

    Returns:
        How many printed findings fail the hook (warnings do not).

    Raises:
        SystemExit: With status 2 after one error line when the
            configuration or the baseline cannot be read.
    """
    from flake8_djarch.policy.gate import publish  # noqa: PLC0415 - flake8 only when there is something to print

    ordered = sorted(findings)
    if not ordered:
        return 0
    try:
        return publish(ordered, sys.stdout)
    except ValueError as exc:
        sys.stderr.write(f"djarch: error: {exc}\n")
        raise SystemExit(2) from None


def error_line(path: str, error: Exception) -> None:
    """Report an unusable input as one line on stderr.

    Args:
        path: The file concerned.
        error: The reason.
    """
    sys.stderr.write(f"{files.shown(path)}: error: {one_line(error)}\n")


def one_line(error: BaseException) -> str:
    """Describe an error in one printable line, without a ``repr``.

    Args:
        error: The error.

    Returns:
        Its first message line, or a plain description of deep or huge input.
    """
    if isinstance(error, RecursionError):
        return "nested too deeply to judge"
    if isinstance(error, MemoryError):
        return "too large to judge"
    text = str(error).strip()
    first = text.splitlines()[0] if text else ""
    if isinstance(error, UnusableInputError | files.FileAccessError):
        return files.shown(first or "unusable input")
    return files.shown(
        f"cannot judge this file: {type(error).__name__}"
        + (f": {first}" if first else "")
    )


def run_file_hook(
    argv: Sequence[str] | None,
    prog: str,
    description: str,
    accepts: Callable[[str], bool],
    check: Callable[[str, str], list[HookFinding]],
) -> int:
    """Run a hook that judges the files named on the command line.

    Args:
        argv: The arguments (default: ``sys.argv[1:]``).
        prog: The console script's name.
        description: Its ``--help`` text.
        accepts: Tells whether a file name is one this hook judges.
        check: Judges one file's text given (text, path to print); raises
            :class:`UnusableInputError` for unusable input.

    Returns:
        0 when clean, 1 with findings, 2 when an input was unusable.
    """
    parser = HookArgumentParser(prog=prog, description=description)
    parser.add_argument("files", nargs="*", help="files to check (others are skipped)")
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    findings: list[HookFinding] = []
    unusable = False
    for path in args.files:
        if not accepts(path):
            logger.debug("skipping %s: not a file this hook judges", path)
            continue
        try:
            findings.extend(check_path(path, check))
        except UnusableInputError as exc:
            error_line(path, exc)
            unusable = True
    count = write_report(findings)
    if unusable:
        return 2
    return 1 if count else 0


#: What a parser may raise on hostile input; reported as unusable input.
JUDGE_ERRORS = (
    RecursionError,
    MemoryError,
    ValueError,
    TypeError,
    LookupError,
    AttributeError,
)


def guarded(judge: Callable[[], list[HookFinding]]) -> list[HookFinding]:
    """Run a judgement, turning a parser failure into unusable input.

    Args:
        judge: Produces the findings of one file.

    Returns:
        The findings.

    Raises:
        UnusableInputError: With one readable line when the judgement failed
            on the input (too deep, too large, malformed).
    """
    try:
        return judge()
    except UnusableInputError:
        raise
    except JUDGE_ERRORS as exc:
        raise UnusableInputError(one_line(exc)) from exc


def check_path(
    path: str,
    check: Callable[[str, str], list[HookFinding]],
    root: str | Path | None = None,
) -> list[HookFinding]:
    """Read and judge one file, applying ``# noqa`` comments.

    Args:
        path: The file.
        check: Judges the text given (text, path to print).
        root: The project root the file must stay inside (default: see
            :func:`read_text`).

    Returns:
        The findings that are not silenced.

    Raises:
        UnusableInputError: When the file cannot be read or judged.
    """
    text = read_text(path, root)
    return guarded(lambda: drop_silenced(check(text, path), text))
