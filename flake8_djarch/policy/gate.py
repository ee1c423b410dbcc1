"""Selection, baseline and severity applied to a run's findings in one place.

Every entry point that prints findings outside flake8 (``djarch check`` and the
hooks) passes them through :class:`Gate`; the flake8 plugin uses the same
selection and baseline through :func:`plugin_filter`.
"""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import compress
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

from flake8_djarch.policy import baseline as baseline_module
from flake8_djarch.policy import selection as selection_module
from flake8_djarch.project import files

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from typing import TextIO

    from flake8_djarch.config import Config

MAX_LINE_FILE_BYTES = 8 * 1024 * 1024


class Located(Protocol):
    """What the gate needs of a finding."""

    @property
    def path(self) -> str:
        """The path as printed."""

    @property
    def line(self) -> int:
        """1-based line."""

    @property
    def col(self) -> int:
        """Column."""

    @property
    def code(self) -> str:
        """The rule code."""


T = TypeVar("T", bound="Located")
_CODE = attrgetter("code")


def is_warning(code: str, warn: Sequence[str]) -> bool:
    """Tell whether a code is reported as a warning (never fails the run).

    Args:
        code: The code.
        warn: ``[tool.djarch] warn`` codes or prefixes.

    Returns:
        True for a warning.
    """
    return bool(warn) and code.startswith(tuple(warn))


def read_lines(path: Path, root: str | None = None) -> list[str]:
    """Read a file's lines for fingerprints, tolerating anything.

    Args:
        path: The file.
        root: The project root the file must stay inside (``None``: any).

    Returns:
        Its lines, or none when it is missing, unsafe, too large or not text.
    """
    try:
        data = files.read_bytes(path, root, limit=MAX_LINE_FILE_BYTES)
    except files.FileAccessError:
        return []
    text = data.decode("utf-8", errors="replace")
    # flake8's universal newlines, not str.splitlines (which also splits at
    # form feeds), so line numbers agree with the plugin's
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return text.split("\n")


def baseline_path(config: Config, override: str | None) -> Path | None:
    """Find the run's baseline file.

    Args:
        config: The ``[tool.djarch]`` configuration.
        override: ``--baseline`` from the command line.

    Returns:
        The file, or ``None`` when no baseline is configured.
    """
    if override:
        return Path(override)
    if config.baseline:
        return Path(config.config_dir or config.root) / config.baseline
    return None


@dataclass
class Gate:
    """The policy of one run.

    Attributes:
        selection: Which codes are enabled where.
        warn: Warning-only codes or prefixes.
        baseline: The accepted findings, if any.
        judged: Baseline-relative paths of the files this run judged.
    """

    selection: selection_module.Selection
    warn: tuple[str, ...] = ()
    baseline: baseline_module.Baseline | None = None
    judged: set[str] = field(default_factory=set)

    @classmethod
    def for_root(
        cls,
        root: Path,
        config: Config,
        baseline_override: str | None = None,
        *,
        use_baseline: bool = True,
    ) -> Gate:
        """Build the gate of a run over a project root.

        Args:
            root: The project root (flake8's working directory).
            config: The ``[tool.djarch]`` configuration.
            baseline_override: ``--baseline`` from the command line.
            use_baseline: False when the run rewrites the baseline.

        Returns:
            The gate.

        Raises:
            BaselineError: When a configured baseline cannot be read.
        """
        path = baseline_path(config, baseline_override) if use_baseline else None
        return cls(
            selection=selection_module.from_config(root, config, under_flake8=False),
            warn=config.warn,
            baseline=baseline_module.load(path) if path is not None else None,
        )

    def absolute(self, path: str) -> str:
        """Resolve a printed path.

        Args:
            path: The path as printed (relative to the current directory).

        Returns:
            The absolute path.
        """
        # Path.absolute without pathlib's parsing: join to the cwd, normalise.
        return os.path.normpath(os.path.join(os.getcwd(), path))  # noqa: PTH109, PTH118

    def enabled(self, items: Iterable[T]) -> list[T]:
        """Keep the findings whose code is enabled for their file.

        Args:
            items: The findings.

        Returns:
            The enabled ones.
        """
        # One path resolution per file and one decision per (file, code):
        # a run has 100k findings but a few thousand files and a few codes.
        per_file = self.selection.per_file()
        if not per_file:
            return self._enabled_by_code(list(items))
        decided: dict[object, bool] = {}
        kept: list[T] = []
        for item in items:
            code = item.code
            key = (item.path, code) if per_file else code
            verdict = decided.get(key)
            if verdict is None:
                verdict = self.selection.enabled(code, self.absolute(item.path))
                decided[key] = verdict
            if verdict:
                kept.append(item)
        return kept

    def _enabled_by_code(self, items: list[T]) -> list[T]:
        """Keep the findings whose code is enabled, the code deciding alone.

        Without per-file rules a code is decided once, at its first finding's
        path, and the findings are kept without a Python step per finding.

        Args:
            items: The findings.

        Returns:
            The enabled ones, in order.
        """
        codes = list(map(_CODE, items))
        # Reversed, the first finding of each code is the one left in the dict.
        first = dict(zip(reversed(codes), reversed(items), strict=True))
        verdict = {
            code: self.selection.enabled(code, self.absolute(item.path))
            for code, item in first.items()
        }
        if all(verdict.values()):
            return items
        return list(compress(items, map(verdict.__getitem__, codes)))

    def new(self, items: Iterable[T]) -> list[T]:
        """Drop baselined findings (recording which entries matched).

        Args:
            items: Enabled findings.

        Returns:
            The findings not in the baseline.
        """
        items = list(items)
        if self.baseline is None:
            return items
        kept: list[T] = []
        for relative, group, prints in _by_file(
            items, self.baseline.folder, self.selection.root
        ):
            self.judged.add(relative)
            kept.extend(
                item
                for item, fingerprint in zip(group, prints, strict=True)
                if not self.baseline.accepts(fingerprint)
            )
        return kept

    def failing(self, items: Iterable[T]) -> list[T]:
        """Keep the findings that fail the run (not warnings).

        Args:
            items: Reported findings.

        Returns:
            The errors.
        """
        if not self.warn:
            return list(items)
        return [item for item in items if not is_warning(item.code, self.warn)]


def publish(findings: Sequence[Located], out: TextIO, root: Path | None = None) -> int:
    """Print a hook's findings after the project's policy, concise format.

    Args:
        findings: The hook's findings (``HookFinding`` or records).
        out: The stream.
        root: The project root (default: the current directory).

    Returns:
        How many printed findings are errors.

    Raises:
        ValueError: When the configuration or the baseline cannot be read
            (:class:`ConfigError` and :class:`BaselineError` are both).
    """
    from flake8_djarch import config as config_module  # noqa: PLC0415 - avoids an import cycle
    from flake8_djarch import report_formats  # noqa: PLC0415 - avoids an import cycle

    base = root or Path.cwd()
    try:
        gate = Gate.for_root(base, config_module.load(str(base.resolve())))
    except (config_module.ConfigError, baseline_module.BaselineError) as exc:
        raise ValueError(str(exc)) from exc
    records = [
        report_formats.Record(
            item.path,
            item.line,
            item.col,
            item.code,
            _message(item),
            severity="warning" if is_warning(item.code, gate.warn) else "error",
        )
        for item in gate.new(gate.enabled(findings))
    ]
    for record in records:
        out.write(report_formats.concise_line(record) + "\n")
    return sum(1 for record in records if record.severity == "error")


def _message(item: Located) -> str:
    """Read a finding's message without its code.

    Args:
        item: A hook finding (``text``) or a record (``message``).

    Returns:
        The message.
    """
    text = getattr(item, "message", None)
    if isinstance(text, str):
        return text
    return str(getattr(item, "text", "")).removeprefix(item.code).strip()


def _by_file(
    items: Iterable[T], folder: str, root: str | None = None
) -> list[tuple[str, list[T], list[str]]]:
    """Group findings by file and fingerprint them.

    Args:
        items: The findings.
        folder: The absolute folder of the baseline file.
        root: The project root files must stay inside (``None``: any).

    Returns:
        Per file: its path relative to the folder, its findings in line
        order and their fingerprints.
    """
    by_path: dict[str, list[T]] = defaultdict(list)
    for item in items:
        by_path[item.path].append(item)
    result = []
    for path, group in by_path.items():
        absolute = os.path.normpath(Path(path).absolute())
        relative = baseline_module.relative_to(folder, absolute)
        group.sort(key=lambda item: (item.line, item.col, item.code))
        lines = read_lines(Path(absolute), root)
        prints = baseline_module.fingerprints(
            relative,
            [
                (
                    item.code,
                    lines[item.line - 1] if 1 <= item.line <= len(lines) else "",
                )
                for item in group
            ],
        )
        result.append((relative, group, prints))
    return result


def entries_for(
    items: Iterable[Located], folder: str, message: dict[int, str]
) -> list[baseline_module.Entry]:
    """Describe findings as entries of a baseline stored in a folder.

    Args:
        items: The findings.
        folder: The absolute folder of the baseline file.
        message: Text per ``id()`` of a finding (informative).

    Returns:
        The entries.
    """
    return [
        baseline_module.Entry(
            relative, item.code, fingerprint, item.line, message.get(id(item), "")
        )
        for relative, group, prints in _by_file(items, folder)
        for item, fingerprint in zip(group, prints, strict=True)
    ]
