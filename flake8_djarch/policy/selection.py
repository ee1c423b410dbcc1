"""Which codes are enabled for which file: one answer for every entry point.

Two filters must both select a code:

* flake8's own options, read from the first of ``setup.cfg``, ``tox.ini``,
  ``.flake8`` with a ``[flake8]`` section in the project root (``select``,
  ``extend-select``, ``ignore``, ``extend-ignore``, ``per-file-ignores``),
  decided by flake8's ``DecisionEngine`` so prefixes and the longest-match
  rule are flake8's. Under flake8 itself this filter is flake8's job, so the
  plugin builds its selection without it.
* ``[tool.djarch]`` ``select`` / ``ignore`` / ``per-file-ignores`` with the
  same prefix semantics; ``per-file-ignores`` globs are relative to the
  ``pyproject.toml`` that declares them and all matching entries apply.
"""

from __future__ import annotations

import argparse
import configparser
import fnmatch
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from flake8_djarch.config import Config

FLAKE8_CONFIG_FILES = ("setup.cfg", "tox.ini", ".flake8")
# flake8 7's built-in default selection plus this plugin's entry point prefix.
EXTENDED_DEFAULT_SELECT = ("C90", "F", "E", "W", "DJA")
LIST_SPLIT = re.compile(r"[,\s]")


def split_codes(value: str) -> tuple[str, ...]:
    """Split a comma or whitespace separated option value as flake8 does.

    Args:
        value: The raw value.

    Returns:
        The non-empty items.
    """
    return tuple(item.strip() for item in LIST_SPLIT.split(value) if item.strip())


@dataclass(frozen=True)
class CodeFilter:
    """``select`` / ``ignore`` options with flake8's decision rules.

    Attributes:
        select: The ``select`` option, ``None`` when unset.
        extend_select: ``extend-select`` codes.
        ignore: The ``ignore`` option, ``None`` when unset.
        extend_ignore: ``extend-ignore`` codes.
        default_select: What counts as selected when ``select`` is unset.
    """

    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] | None = None
    extend_ignore: tuple[str, ...] = ()
    default_select: tuple[str, ...] = EXTENDED_DEFAULT_SELECT

    def with_ignored(self, codes: Sequence[str]) -> CodeFilter:
        """Return a copy that also ignores codes (a per-file entry).

        Args:
            codes: Extra ignored codes or prefixes.

        Returns:
            The new filter.
        """
        return CodeFilter(
            self.select,
            self.extend_select,
            self.ignore,
            (*self.extend_ignore, *codes),
            self.default_select,
        )

    def selects(self, code: str) -> bool:
        """Decide a code as flake8's ``DecisionEngine`` would.

        Args:
            code: The code.

        Returns:
            True when the code is selected.
        """
        return _decide(self, code)


@lru_cache(maxsize=4096)
def _decide(code_filter: CodeFilter, code: str) -> bool:
    """Ask flake8's decision engine (cached: filters are few, codes are few).

    Args:
        code_filter: The options.
        code: The code.

    Returns:
        True when the code is selected.
    """
    from flake8.style_guide import Decision, DecisionEngine  # noqa: PLC0415 - flake8 is slow to import

    options = argparse.Namespace(
        select=list(code_filter.select) if code_filter.select is not None else None,
        extend_select=list(code_filter.extend_select),
        ignore=list(code_filter.ignore) if code_filter.ignore is not None else None,
        extend_ignore=list(code_filter.extend_ignore),
        extended_default_select=list(code_filter.default_select),
        extended_default_ignore=[],
    )
    return DecisionEngine(options).decision_for(code) is Decision.Selected


@dataclass(frozen=True)
class FileRule:
    """A ``per-file-ignores`` entry.

    Attributes:
        pattern: The glob; for flake8, normalised as flake8 does (absolute
            when it contains a slash), for ``[tool.djarch]`` relative to the
            declaring directory.
        codes: The ignored codes or prefixes.
    """

    pattern: str
    codes: tuple[str, ...]


@dataclass(frozen=True)
class Selection:
    """The enabled codes of one project.

    Attributes:
        root: The absolute project root (relative paths are below it).
        flake8: flake8's filter, ``None`` under flake8 (it filters itself).
        flake8_files: flake8's ``per-file-ignores``.
        djarch: The ``[tool.djarch]`` filter.
        djarch_files: The ``[tool.djarch]`` ``per-file-ignores``.
        djarch_dir: The directory ``djarch_files`` globs are relative to.
    """

    root: str
    flake8: CodeFilter | None = None
    flake8_files: tuple[FileRule, ...] = ()
    djarch: CodeFilter = CodeFilter(default_select=("DJA",))
    djarch_files: tuple[FileRule, ...] = ()
    djarch_dir: str = ""

    def enabled(self, code: str, path: str) -> bool:
        """Tell whether a code is reported for a file.

        Args:
            code: The code.
            path: The file, absolute or relative to the root.

        Returns:
            True when both filters select the code for the file.
        """
        return self._decide(code, *self._for_file(path))

    def per_file(self) -> bool:
        """Tell whether any ``per-file-ignores`` entry can apply.

        Returns:
            False when a code's decision is the same for every file.
        """
        return bool(self.flake8_files or self.djarch_files)

    def enabled_anywhere(self, code: str) -> bool:
        """Tell whether a code is enabled before any per-file entry applies.

        Args:
            code: The code.

        Returns:
            True when both global filters select it (``djarch rules``).
        """
        return self._decide(code, self.flake8, ())

    def enabled_codes(self, codes: Iterable[str], path: str) -> frozenset[str]:
        """Select the enabled codes among some for one file.

        Args:
            codes: Candidate codes.
            path: The file.

        Returns:
            Those enabled for the file.
        """
        flake8_part, ignored = self._for_file(path)
        # Files share a handful of (filter, ignored) pairs: decide each once.
        return _enabled_among(self, tuple(codes), flake8_part, ignored)

    def _for_file(self, path: str) -> tuple[CodeFilter | None, tuple[str, ...]]:
        """Resolve the per-file entries that apply to a file.

        Args:
            path: The file, absolute or relative to the root.

        Returns:
            flake8's filter for the file (``None`` under flake8) and the
            ``[tool.djarch]`` prefixes ignored in it.
        """
        if not self.flake8_files and not self.djarch_files:
            return self.flake8, ()
        absolute = os.path.normpath(Path(self.root, path))
        flake8_part = self.flake8
        if flake8_part is not None and self.flake8_files:
            chosen = _flake8_rule(self.flake8_files, absolute)
            if chosen is not None:
                flake8_part = flake8_part.with_ignored(chosen.codes)
        ignored: tuple[str, ...] = ()
        if self.djarch_files:
            relative = _relative(absolute, self.djarch_dir or self.root)
            ignored = tuple(
                code
                for rule in self.djarch_files
                if _glob_match(rule.pattern, relative)
                for code in rule.codes
            )
        return flake8_part, ignored

    def _decide(
        self, code: str, flake8_part: CodeFilter | None, ignored: tuple[str, ...]
    ) -> bool:
        """Combine the filters for one code.

        Args:
            code: The code.
            flake8_part: flake8's filter for the file, if any.
            ignored: ``[tool.djarch]`` per-file prefixes for the file.

        Returns:
            True when the code is reported.
        """
        if flake8_part is not None and not flake8_part.selects(code):
            return False
        if code.startswith(ignored):
            return False
        # [tool.djarch] select narrows this plugin's codes only; flake8's own
        # E999 for an unparsable module stays flake8's decision
        return self.djarch.selects(code) if code.startswith("DJA") else True


@lru_cache(maxsize=256)
def _enabled_among(
    selection: Selection,
    codes: tuple[str, ...],
    flake8_part: CodeFilter | None,
    ignored: tuple[str, ...],
) -> frozenset[str]:
    """Select the enabled codes under one file's resolved filters.

    Args:
        selection: The project's selection.
        codes: Candidate codes.
        flake8_part: flake8's filter for the file, if any.
        ignored: ``[tool.djarch]`` per-file prefixes for the file.

    Returns:
        Those enabled.
    """
    return frozenset(
        code for code in codes if selection._decide(code, flake8_part, ignored)
    )


def _relative(absolute: str, base: str) -> str:
    """Express a path relative to a directory in POSIX form.

    Args:
        absolute: The absolute path.
        base: The directory.

    Returns:
        The relative path (with ``..`` when outside).
    """
    try:
        return Path(os.path.relpath(absolute, base)).as_posix()
    except ValueError:
        return Path(absolute).as_posix()


def _glob_match(pattern: str, relative: str) -> bool:
    """Match a ``[tool.djarch]`` per-file glob like flake8 matches its own.

    Args:
        pattern: The glob (``*`` also crosses ``/``, as in flake8).
        relative: The file relative to the declaring directory.

    Returns:
        True when the basename or the relative path matches.
    """
    pattern = pattern.removeprefix("./").rstrip("/")
    return fnmatch.fnmatch(relative.rsplit("/", 1)[-1], pattern) or fnmatch.fnmatch(
        relative, pattern
    )


def _flake8_rule(rules: Sequence[FileRule], absolute: str) -> FileRule | None:
    """Choose the flake8 per-file entry for a file: the longest matching pattern.

    Args:
        rules: flake8's entries, patterns normalised.
        absolute: The file's absolute path.

    Returns:
        The entry, or ``None`` when none matches.
    """
    basename = Path(absolute).name
    best: FileRule | None = None
    for rule in rules:
        matches = fnmatch.fnmatch(basename, rule.pattern) or fnmatch.fnmatch(
            absolute, rule.pattern
        )
        if matches and (best is None or len(rule.pattern) > len(best.pattern)):
            best = rule
    return best


def find_flake8_config(root: Path) -> Path | None:
    """Find flake8's configuration file in a project root (never above it).

    Args:
        root: The project root.

    Returns:
        The first of ``setup.cfg``, ``tox.ini``, ``.flake8`` with a
        ``[flake8]`` section, as flake8 picks it, or ``None``.
    """
    for name in FLAKE8_CONFIG_FILES:
        candidate = root / name
        if not candidate.is_file():
            continue
        parser = configparser.RawConfigParser()
        try:
            parser.read(candidate, encoding="utf-8")
        except (UnicodeDecodeError, configparser.Error, OSError):
            continue
        if "flake8" in parser or "flake8:local-plugins" in parser:
            return candidate
    return None


def _option(section: configparser.SectionProxy, name: str) -> str | None:
    """Read an option under its dashed or underscored name.

    Args:
        section: The ``[flake8]`` section.
        name: The dashed name.

    Returns:
        The raw value, or ``None`` when unset.
    """
    for key in (name, name.replace("-", "_")):
        if key in section:
            return section[key]
    return None


def flake8_filter(root: Path) -> tuple[CodeFilter, tuple[FileRule, ...]]:
    """Read flake8's selection options from the project root's config file.

    Args:
        root: The absolute project root (flake8's working directory).

    Returns:
        flake8's filter and its per-file entries; defaults when there is no
        configuration or it cannot be read.
    """
    path = find_flake8_config(root)
    if path is None:
        return CodeFilter(), ()
    parser = configparser.RawConfigParser()
    try:
        parser.read(path, encoding="utf-8")
        section = parser["flake8"]
    except (UnicodeDecodeError, configparser.Error, OSError, KeyError):
        return CodeFilter(), ()
    select = _option(section, "select")
    ignore = _option(section, "ignore")
    code_filter = CodeFilter(
        select=split_codes(select) if select is not None else None,
        extend_select=split_codes(_option(section, "extend-select") or ""),
        ignore=split_codes(ignore) if ignore is not None else None,
        extend_ignore=split_codes(_option(section, "extend-ignore") or ""),
    )
    return code_filter, _flake8_file_rules(_option(section, "per-file-ignores"), root)


def _flake8_file_rules(value: str | None, root: Path) -> tuple[FileRule, ...]:
    """Parse flake8's ``per-file-ignores`` with flake8's own parser.

    Args:
        value: The raw option.
        root: flake8's working directory, which relative patterns join.

    Returns:
        The entries; none when the option is malformed (flake8 exits then).
    """
    if not value:
        return ()
    from flake8 import utils  # noqa: PLC0415 - flake8 is slow to import

    try:
        mapping = utils.parse_files_to_codes_mapping(value)
    except ValueError:
        return ()
    return tuple(
        FileRule(utils.normalize_path(pattern, str(root)), tuple(codes))
        for pattern, codes in mapping
    )


def from_config(root: Path, config: Config, *, under_flake8: bool) -> Selection:
    """Build a project's selection.

    Args:
        root: The project root (flake8's working directory).
        config: The ``[tool.djarch]`` configuration.
        under_flake8: True inside the flake8 plugin, where flake8 applies its
            own options.

    Returns:
        The selection.
    """
    absolute = root.resolve()
    flake8_part: CodeFilter | None = None
    flake8_files: tuple[FileRule, ...] = ()
    if not under_flake8:
        flake8_part, flake8_files = flake8_filter(absolute)
    djarch_part = CodeFilter(
        select=config.select,
        ignore=config.ignore,
        default_select=("DJA",),
    )
    return Selection(
        root=str(absolute),
        flake8=flake8_part,
        flake8_files=flake8_files,
        djarch=djarch_part,
        djarch_files=tuple(
            FileRule(pattern, codes) for pattern, codes in config.per_file_ignores
        ),
        djarch_dir=str(Path(config.config_dir).resolve()) if config.config_dir else "",
    )
