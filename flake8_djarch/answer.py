"""``djarch answer FILE``: judge an assistant's answer before applying it.

The answer's format is judged by :mod:`flake8_djarch.answer_format`
(DJA300-DJA306). Its files are then laid over a *temporary copy* of the
project and judged there by the same checks ``djarch check`` runs: the
flake8 rules on each Python file the answer gives (with its real path, so
its real roles, the project's configuration, and cross-module lookups that
see the answer's files and the project's together), the file hooks on the
files they judge, and the project-wide hooks (layout, ``.env.example``).
A copy rather than an in-memory overlay because every check reads the
project from disk (resolver, settings discovery, hooks); the project itself
is only read, never written.

Findings are printed as ``ANSWER:LINE:COL: CODE message [path:line]``, LINE
being the answer's Markdown line where the offending code line stands.
Project-wide hook findings about a path the answer does not give are
reported only when the answer introduces them (absent from the project
alone), on the path line of the answer's file nearest to that path.
"""

from __future__ import annotations

import logging
import os
import re
import stat
import sys
import tempfile
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from djarch_hooks import envfile, ignorefiles, layout
from djarch_hooks.common import (
    HookArgumentParser,
    HookFinding,
    UnusableInputError,
    guarded,
    one_line,
    silence_broken_pipe,
)

from flake8_djarch import answer_format
from flake8_djarch import config as config_module
from flake8_djarch.api import lint_file
from flake8_djarch.config import Config, ConfigError
from flake8_djarch.project import clear_cache as clear_project_cache
from flake8_djarch.project import files
from flake8_djarch.project_check import FILE_HOOKS, SKIP_DIRS
from flake8_djarch.project_check import _write as write_report
from flake8_djarch.violations import all_violations

if TYPE_CHECKING:
    from collections.abc import Sequence

    from flake8_djarch.answer_format import FileBlock

logger = logging.getLogger(__name__)

#: A module that may declare a pydantic-settings class (directly or by subclassing one).
SETTINGS_CLASS_RE = re.compile(
    r"pydantic_settings|BaseSettings|\bclass\s+\w+\([^)]*Settings\b"
)
#: Codes of the layout hook (judged per folder, see AnswerCheck._caused).
LAYOUT_CODES = frozenset(
    rule.code for rule in all_violations() if rule.tool == "djarch-layout"
)
#: The largest answer read (bytes); longer input is unusable.
MAX_ANSWER_BYTES = 8 * 1024 * 1024
#: Files larger than the safe reader's cap are copied empty (they still exist
#: for layout checks).
MAX_FILE_BYTES = files.MAX_FILE_BYTES
#: A project with more files than this is not copied.
MAX_PROJECT_FILES = 50_000
#: Nor one whose copied bytes exceed this.
MAX_PROJECT_BYTES = 512 * 1024 * 1024

# An answer cannot regenerate uv.lock: its `uv add` commands do. DJA304 judges
# its dependency edits, so DJA153 (lock drift) would only repeat it wrongly.
SUPERSEDED_IN_ANSWERS = frozenset({"DJA153"})


class ProjectCopy:
    """A bounded copy of a project's regular files in a temporary directory.

    Symbolic links are never followed or copied, hidden folders (``.git``
    among them), virtualenvs and git-ignored paths are left out.

    Attributes:
        root: The project root to read.
        target: The directory the copy is written to.
    """

    def __init__(self, root: Path, target: Path) -> None:
        """Prepare a copy.

        Args:
            root: The project root.
            target: An empty directory.
        """
        self.root = root
        self.target = target
        self._files = 0
        self._bytes = 0

    def run(self) -> None:
        """Copy the project.

        Raises:
            UnusableInputError: If the project exceeds the size bounds.
        """
        spec = ignorefiles.compile_lines(self._ignore_lines())
        for directory, dirs, names in os.walk(self.root, followlinks=False):
            here = Path(directory)
            relative_dir = here.relative_to(self.root).as_posix()
            prefix = "" if relative_dir == "." else f"{relative_dir}/"
            dirs[:] = sorted(
                name
                for name in dirs
                if name not in SKIP_DIRS
                and not name.startswith(".")
                and not (here / name).is_symlink()
                and not spec.match_file(f"{prefix}{name}/")
            )
            (self.target / prefix).mkdir(parents=True, exist_ok=True)
            for name in names:
                if not spec.match_file(f"{prefix}{name}"):
                    self._copy(here / name, self.target / prefix / name)

    def _ignore_lines(self) -> list[str]:
        """Read the project's ``.gitignore``.

        Returns:
            Its lines; none when it is missing or unreadable.
        """
        path = self.root / ".gitignore"
        if path.is_symlink() or not path.exists():
            return []
        try:
            return files.read_text(path, self.root).splitlines()
        except files.FileAccessError as exc:
            logger.debug("cannot read %s: %s", path, exc)
            return []

    def _copy(self, source: Path, target: Path) -> None:
        """Copy one regular file within the bounds.

        Args:
            source: The project file.
            target: Where it goes.

        Raises:
            UnusableInputError: If the project exceeds the size bounds.
        """
        try:
            info = source.lstat()
        except OSError:
            return
        if not stat.S_ISREG(info.st_mode):
            return
        self._files += 1
        if self._files > MAX_PROJECT_FILES:
            raise UnusableInputError(
                f"project has more than {MAX_PROJECT_FILES} files; too large to overlay"
            )
        try:
            # Opened without blocking and re-checked after opening: a file
            # swapped for a FIFO or grown past the cap is not read.
            data = files.read_bytes(source, self.root, limit=MAX_FILE_BYTES)
        except files.FileAccessError:
            data = b""
        self._bytes += len(data)
        if self._bytes > MAX_PROJECT_BYTES:
            raise UnusableInputError(
                f"project holds more than {MAX_PROJECT_BYTES // 2**20} MiB; too large to overlay"
            )
        target.write_bytes(data)


def read_project_file(root: Path, relative: str) -> str | None:
    """Read a project file the answer may replace (for DJA304).

    Args:
        root: The project root.
        relative: A relative POSIX path without ``..``.

    Returns:
        Its text; ``None`` when missing, not a regular file, too large or
        not UTF-8.
    """
    path = root / relative
    if path.is_symlink() or not path.exists():
        return None
    try:
        return files.read_text(path, root)
    except files.FileAccessError:
        return None


def _touches_env(blocks: Sequence[FileBlock]) -> bool:
    """Tell whether the ``.env.example`` hook applies to an answer's files.

    It compares ``.env.example`` with the project's pydantic-settings classes,
    so it applies when the answer gives that file or a module that may
    declare such a class (the hook is expensive on large projects).

    Args:
        blocks: The answer's files.

    Returns:
        True when the answer gives ``.env.example`` or such a module.
    """
    return any(
        block.path == envfile.ENV_EXAMPLE
        or (block.path.endswith(".py") and SETTINGS_CLASS_RE.search(block.content))
        for block in blocks
    )


def _project_hooks(root: Path, *, env: bool) -> tuple[set[HookFinding], list[str]]:
    """Run the project-wide hooks (layout, ``.env.example``) on a copy.

    Args:
        root: The copy's root.
        env: Whether to run the ``.env.example`` hook too.

    Returns:
        Findings with paths relative to the root, and error messages.
    """
    found = set(layout.check_layout(root, ""))
    errors: list[str] = []
    if env:
        try:
            found.update(guarded(lambda: envfile.check_env(root, "")))
        except UnusableInputError as exc:
            errors.append(f"{envfile.ENV_EXAMPLE}: {one_line(exc)}")
    return found, errors


def _lay_over(block: FileBlock, root: Path) -> str | None:
    """Write one answer file into the copy.

    Args:
        block: The file block.
        root: The copy's root.

    Returns:
        Why the file could not be written, or ``None``.
    """
    parts = PurePosixPath(block.path).parts
    target = root.joinpath(*parts)
    try:
        if target.is_dir():
            return "the project has a folder at this path"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(block.content, encoding="utf-8")
    except (OSError, ValueError) as exc:
        return f"cannot write it: {exc}"
    return None


def _nearest(blocks: Sequence[FileBlock], path: str) -> FileBlock:
    """Pick the answer file whose folder is closest to a project path.

    Args:
        blocks: The answer's files (not empty).
        path: A relative path.

    Returns:
        The block sharing the longest folder prefix (the first on ties).
    """
    wanted = PurePosixPath(path).parts

    def shared(block: FileBlock) -> int:
        """Count the leading path parts a block shares with ``path``.

        Args:
            block: A file block.

        Returns:
            The number of shared leading parts.
        """
        count = 0
        for mine, theirs in zip(PurePosixPath(block.path).parts, wanted, strict=False):
            if mine != theirs:
                break
            count += 1
        return count

    return max(blocks, key=shared)


class AnswerCheck:
    """Judge one answer against one project.

    Attributes:
        display: The answer's name as printed.
        project: The project root.
        found: Findings so far, on the answer's lines.
        errors: One-line reasons of unusable inputs.
    """

    def __init__(self, display: str, project: Path) -> None:
        """Prepare a check.

        Args:
            display: The answer's name as printed.
            project: The project root.
        """
        self.display = display
        self.project = project
        self.found: list[HookFinding] = []
        self.errors: list[str] = []

    def run(self, text: str) -> tuple[list[HookFinding], list[str]]:
        """Judge the answer's format, then its files over the project.

        Args:
            text: The answer's Markdown.

        Returns:
            The findings (sorted, unique) and error lines.
        """
        parsed = answer_format.parse_answer(
            text,
            self.display,
            lambda relative: read_project_file(self.project, relative),
        )
        self.found.extend(parsed.findings)
        if parsed.blocks:
            try:
                with tempfile.TemporaryDirectory(prefix="djarch-answer-") as tmp:
                    self._overlay(parsed.blocks, Path(tmp))
            except UnusableInputError as exc:
                self.errors.append(
                    f"{files.shown(str(self.project))}: error: {one_line(exc)}"
                )
            finally:
                # The project model and configuration caches are keyed by the
                # copy's path, which is gone now.
                clear_project_cache()
                config_module.load.cache_clear()
        return sorted(set(self.found)), self.errors

    def _overlay(self, blocks: list[FileBlock], root: Path) -> None:
        """Copy the project, lay the answer's files over it and judge them.

        Args:
            blocks: The answer's usable files.
            root: An empty temporary directory.
        """
        root = root.resolve()
        ProjectCopy(self.project, root).run()
        env = _touches_env(blocks)
        before, _ = _project_hooks(root, env=env)
        laid: list[FileBlock] = []
        for block in blocks:
            problem = _lay_over(block, root)
            if problem is None:
                laid.append(block)
            else:
                self._error(block, 1, problem)
        by_path = {block.path: block for block in laid}
        try:
            # The project's configuration, or the answer's if it edits
            # pyproject.toml; nothing above the copy is read.
            cfg: Config | None = config_module.load(str(root), confined=True)
        except ConfigError as exc:
            self.errors.append(
                f"{files.shown(self.display)}: error: configuration error: {one_line(exc)}"
            )
            cfg = None
        for block in laid:
            self._judge_file(block, root, cfg)
        after, errors = _project_hooks(root, env=env)
        for message in errors:
            self.errors.append(f"{files.shown(self.display)}: error: {message}")
        for item in sorted(after):
            owner = by_path.get(item.path)
            if owner is not None:
                self._add(owner, item.line, item.col, item.text)
            elif item not in before and self._caused(item, laid):
                anchor = _nearest(laid, item.path)
                self.found.append(
                    HookFinding(
                        self.display,
                        anchor.path_line,
                        1,
                        item.code,
                        f"{item.text} [{files.shown(item.path)}:{item.line}]",
                    )
                )

    @staticmethod
    def _caused(item: HookFinding, laid: list[FileBlock]) -> bool:
        """Tell whether a new project-wide finding is the answer's doing.

        A layout finding about a path the answer does not give counts only
        in a folder where the answer puts a file (an app it creates without
        ``services.py``), not for the rest of the project's layout, which
        merely becomes visible once the answer creates a parent folder.

        Args:
            item: A finding absent from the project alone.
            laid: The answer's files written over the copy.

        Returns:
            True when it is reported.
        """
        if not laid:
            return False
        if item.code not in LAYOUT_CODES:
            return True
        folder = PurePosixPath(item.path).parent
        return any(PurePosixPath(block.path).parent == folder for block in laid)

    def _judge_file(self, block: FileBlock, root: Path, cfg: Config | None) -> None:
        """Run the flake8 rules or the file hooks that judge one answer file.

        Args:
            block: The file block.
            root: The copy's root.
            cfg: The configuration; ``None`` when it is unusable (Python
                files are then not linted, the error is already reported).
        """
        path = root / block.path
        if block.path.endswith(".py"):
            if cfg is not None:
                self._python(block, path, root, cfg)
            return
        for accepts, check in FILE_HOOKS:
            if not accepts(block.path):
                continue
            try:
                results = check(str(path), root)
            except UnusableInputError as exc:
                self._error(block, 1, one_line(exc))
                continue
            for item in results:
                if item.code not in SUPERSEDED_IN_ANSWERS:
                    self._add(block, item.line, item.col, item.text)

    def _python(self, block: FileBlock, path: Path, root: Path, cfg: Config) -> None:
        """Run the flake8 rules on one Python file of the answer.

        A file that does not parse gives E999, as in ``djarch check``.

        Args:
            block: The file block.
            path: The file in the copy.
            root: The copy's root.
            cfg: The configuration.
        """
        try:
            results = lint_file(path, root, cfg)
        except files.FileAccessError as exc:
            self._error(block, 1, one_line(exc))
            return
        for item in results:
            self._add(block, item.line, item.col + 1, item.text)

    def _add(self, block: FileBlock, line: int, col: int, text: str) -> None:
        """Record a finding of an answer file on the answer's line.

        Args:
            block: The file block.
            line: 1-based line in the file.
            col: 1-based column in the file.
            text: The finding text, code first.
        """
        code = text.split(" ", 1)[0]
        self.found.append(
            HookFinding(
                self.display,
                block.answer_line(line),
                col + block.indent,
                code,
                f"{text} [{files.shown(block.path)}:{line}]",
            )
        )

    def _error(self, block: FileBlock, line: int, message: str) -> None:
        """Record why an answer file cannot be judged.

        Args:
            block: The file block.
            line: 1-based line in the file.
            message: The reason.
        """
        self.errors.append(
            f"{files.shown(self.display)}:{block.answer_line(line)}: error: "
            f"{files.shown(block.path)}:{line}: {files.shown(message)}"
        )


def read_answer(name: str) -> str:
    """Read the answer from a file or standard input.

    Args:
        name: A path, or ``-`` for standard input.

    Returns:
        The text (a leading BOM removed).

    Raises:
        UnusableInputError: If it is missing, not a regular file, too large,
            binary or not UTF-8.
    """
    try:
        if name == "-":
            data = sys.stdin.buffer.read(MAX_ANSWER_BYTES + 1)
        else:
            path = Path(name)
            info = path.stat()
            if not stat.S_ISREG(info.st_mode):
                raise UnusableInputError("not a regular file")
            with path.open("rb") as handle:
                data = handle.read(MAX_ANSWER_BYTES + 1)
    except OSError as exc:
        raise UnusableInputError(f"cannot read: {exc.strerror or exc}") from exc
    if len(data) > MAX_ANSWER_BYTES:
        raise UnusableInputError(f"larger than {MAX_ANSWER_BYTES // 2**20} MiB")
    if b"\x00" in data:
        raise UnusableInputError("binary input (NUL bytes), expected Markdown")
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise UnusableInputError(
            f"not UTF-8 text: {exc.reason} at byte {exc.start}"
        ) from exc


def main_answer(argv: Sequence[str]) -> int:
    """Run ``djarch answer``.

    Args:
        argv: The arguments after ``answer``: ``FILE [--project ROOT] [--format text|json]``.

    Returns:
        0 when clean, 1 with findings, 2 on unusable input.
    """
    parser = HookArgumentParser(
        prog="djarch answer",
        description="Judge an assistant's answer (seed §12 format) and its files over a project.",
    )
    parser.add_argument("answer", help="the answer's Markdown file, or - for stdin")
    parser.add_argument(
        "--project", default=".", help="the project root the answer edits (default: .)"
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")
    args = parser.parse_args(list(argv))
    display = "stdin" if args.answer == "-" else args.answer
    try:
        text = read_answer(args.answer)
    except UnusableInputError as exc:
        sys.stderr.write(f"{files.shown(display)}: error: {one_line(exc)}\n")
        return 2
    project = Path(args.project)
    if not project.is_dir():
        sys.stderr.write(
            f"{files.shown(args.project)}: error: project root is not a directory\n"
        )
        return 2
    found, errors = AnswerCheck(display, project).run(text)
    try:
        write_report(
            found, errors, str(args.project), json_format=args.format == "json"
        )
    except BrokenPipeError:
        silence_broken_pipe()
    for line in errors:
        sys.stderr.write(line + "\n")
    if errors:
        return 2
    return 1 if found else 0
