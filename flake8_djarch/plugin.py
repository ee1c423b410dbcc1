"""The thin flake8 adapter: the only module that imports flake8."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from flake8.style_guide import Decision, DecisionEngine

from flake8_djarch import __version__
from flake8_djarch import config as config_module
from flake8_djarch.checks import all_checkers
from flake8_djarch.config import Config, ConfigError, parse_role_items
from flake8_djarch.engine import Context, Finding, relative_path, run
from flake8_djarch.policy import baseline as baseline_module
from flake8_djarch.policy import selection as selection_module
from flake8_djarch.policy.baseline import Baseline, BaselineError
from flake8_djarch.policy.gate import baseline_path
from flake8_djarch.project import facts, heap
from flake8_djarch.violations import all_violations

if TYPE_CHECKING:
    import argparse
    import ast
    from collections.abc import Iterator, Sequence

    from flake8.options.manager import OptionManager

    from flake8_djarch.policy.selection import Selection

LIST_OPTIONS = (
    (
        "--djarch-source-roots",
        "source_roots",
        "Folders whose subfolders are top-level project packages (e.g. src).",
    ),
    (
        "--djarch-exempt-receivers",
        "exempt_receivers",
        "Extra receiver names whose .save()/.delete() are not ORM writes.",
    ),
    (
        "--djarch-side-effect-calls",
        "side_effect_calls",
        "Extra qualified call names that count as side effects.",
    ),
    (
        "--djarch-view-bases",
        "view_bases",
        "Extra qualified base classes to treat as DRF views.",
    ),
    (
        "--djarch-serializer-bases",
        "serializer_bases",
        "Extra qualified base classes to treat as DRF serializers.",
    ),
    (
        "--djarch-model-bases",
        "model_bases",
        "Extra qualified base classes to treat as Django models.",
    ),
)


class DjarchPlugin:
    """flake8 entry point for the DJA rules.

    It does not ask flake8 for ``file_tokens``: flake8 builds that list with a
    second full tokenize of every file, which costs more than all the rules;
    the engine finds comments with its own cheaper scan only when needed.
    """

    name = "flake8-djarch"
    version = __version__
    config: ClassVar[Config | None] = None
    enabled: ClassVar[frozenset[str] | None] = None
    selection: ClassVar[Selection | None] = None
    overrides: ClassVar[dict[str, Any]] = {}
    baseline: ClassVar[Baseline | None] = None
    _folder_configs: ClassVar[dict[str, tuple[Config, ConfigError | None]]] = {}

    def __init__(
        self,
        tree: ast.Module,
        filename: str,
        lines: Sequence[str],
    ) -> None:
        """Receive one file from flake8.

        Args:
            tree: The parsed module.
            filename: The path flake8 reports (the stdin display name for stdin).
            lines: The source lines.
        """
        self.tree = tree
        self.filename = filename
        self.lines = lines

    @staticmethod
    def add_options(manager: OptionManager) -> None:
        """Register the plugin's flake8 options.

        Args:
            manager: flake8's option manager.
        """
        manager.add_option(
            "--djarch-role",
            default="",
            parse_from_config=True,
            comma_separated_list=True,
            help="Replace a role's globs: ROLE=GLOB, repeatable and comma separated "
            "(e.g. settings=config/django/*.py). Overrides [tool.djarch.roles].",
        )
        manager.add_option(
            "--djarch-extend-role",
            default="",
            parse_from_config=True,
            comma_separated_list=True,
            help="Add globs to a role, keeping its defaults: ROLE=GLOB, repeatable and "
            "comma separated (e.g. tests=config/settings/local.py). Adds to [tool.djarch.extend-roles].",
        )
        manager.add_option(
            "--djarch-no-cache",
            action="store_true",
            default=False,
            parse_from_config=True,
            help="Neither read nor write the persisted project index in the user "
            f"cache folder (also: {facts.OFF_VARIABLE}=1).",
        )
        for flag, _, text in LIST_OPTIONS:
            manager.add_option(
                flag,
                default="",
                parse_from_config=True,
                comma_separated_list=True,
                help=f"{text} Overrides [tool.djarch].",
            )

    @classmethod
    def parse_options(cls, options: argparse.Namespace) -> None:
        """Build the run's configuration from pyproject and flake8 options.

        Args:
            options: flake8's parsed options.

        Raises:
            SystemExit: With status 2 after one error line when the
                configuration is malformed.
        """
        root = str(Path.cwd())
        facts.configure(
            enabled=False if getattr(options, "djarch_no_cache", False) else None
        )
        try:
            cfg = config_module.load(root)
            overrides: dict[str, Any] = {}
            role_items = [
                item for item in getattr(options, "djarch_role", None) or [] if item
            ]
            extend_items = [
                item
                for item in getattr(options, "djarch_extend_role", None) or []
                if item
            ]
            if role_items or extend_items:
                roles = {**cfg.roles, **parse_role_items(role_items)}
                for role, globs in parse_role_items(extend_items).items():
                    roles[role] = (*roles[role], *globs)
                overrides["roles"] = roles
            for flag, attr, _ in LIST_OPTIONS:
                values = getattr(options, flag[2:].replace("-", "_"), None) or []
                values = [value for value in values if value]
                if values:
                    overrides[attr] = tuple(values)
            cls.overrides = overrides
            cls.config = cfg.with_overrides(**overrides) if overrides else cfg
            cls.selection = selection_module.from_config(
                Path(root), cls.config, under_flake8=True
            )
            path = baseline_path(cls.config, None)
            cls.baseline = baseline_module.load(path) if path is not None else None
        except (ConfigError, BaselineError) as error:
            sys.stderr.write(f"flake8-djarch: configuration error: {error}\n")
            raise SystemExit(2) from None
        cls.enabled = _selected_codes(options)
        cls._folder_configs = {}

    def run(self) -> Iterator[tuple[int, int, str, type]]:
        """Lint the file.

        Yields:
            ``(line, col, text, type)`` tuples as flake8 expects.
        """
        cfg = self.config or config_module.load(str(Path.cwd()))
        file_cfg, error = self._config_for(cfg)
        if error is not None:
            sys.stderr.write(f"flake8-djarch: configuration error: {error}\n")
        if file_cfg is not cfg:
            path = relative_path(str(Path(self.filename).absolute()), file_cfg.root)
        else:
            path = relative_path(
                self.filename, cfg.root if self.config else str(Path.cwd())
            )
        ctx = Context(self.tree, path, self.lines, file_cfg)
        ctx.enabled = self.enabled
        findings = run(ctx, all_checkers())
        heap.settle()
        if self.selection is not None:
            absolute = str(Path(self.filename).absolute())
            findings = [
                item for item in findings if self.selection.enabled(item.code, absolute)
            ]
        if self.baseline is not None and findings:
            findings = self._new(findings)
        for finding in findings:
            yield finding.line, finding.col, finding.text, type(self)

    def _config_for(self, cfg: Config) -> tuple[Config, ConfigError | None]:
        """Choose the configuration of the file, once per folder and run.

        The files of one folder share the nearest ``pyproject.toml``: looking
        for it costs a ``stat`` per parent folder, so one run (one
        :meth:`parse_options`) looks once per folder.

        Args:
            cfg: The run's configuration.

        Returns:
            The file's configuration (a sub-project's ``[tool.djarch]`` with
            flake8's own options over it) and the error that made it fall
            back to ``cfg``, if any.
        """
        folder = str(Path(self.filename).absolute().parent)
        memo = self._folder_configs if cfg is self.config else {}
        found = memo.get(folder)
        if found is None:
            error: ConfigError | None = None
            try:
                file_cfg = config_module.for_file(Path(self.filename), cfg)
            except ConfigError as failure:
                file_cfg, error = cfg, failure
            if file_cfg is not cfg:
                # a sub-project's [tool.djarch]; flake8's own options still win
                file_cfg = file_cfg.with_overrides(**self.overrides)
            found = memo[folder] = (file_cfg, error)
        return found

    def _new(self, findings: list[Finding]) -> list[Finding]:
        """Drop the findings the baseline accepts.

        Args:
            findings: This file's findings.

        Returns:
            The new ones, in their order.
        """
        baseline = self.baseline
        if baseline is None:
            return findings
        relative = baseline_module.relative_to(baseline.folder, self.filename)
        ordered = sorted(findings, key=lambda item: (item.line, item.col, item.code))
        prints = baseline_module.fingerprints(
            relative,
            [
                (
                    item.code,
                    self.lines[item.line - 1]
                    if 1 <= item.line <= len(self.lines)
                    else "",
                )
                for item in ordered
            ],
        )
        return [
            item
            for item, fingerprint in zip(ordered, prints, strict=True)
            if not baseline.accepts(fingerprint)
        ]


def _selected_codes(options: argparse.Namespace) -> frozenset[str] | None:
    """Decide which DJA codes flake8's select/ignore options enable.

    Args:
        options: flake8's parsed options.

    Returns:
        The selected plugin codes, or ``None`` when undecidable.
    """
    try:
        decider = DecisionEngine(options)
        return frozenset(
            violation.code
            for violation in all_violations()
            if violation.tool == "flake8"
            and decider.decision_for(violation.code) is Decision.Selected
        )
    except (AttributeError, TypeError, ValueError):
        return None
