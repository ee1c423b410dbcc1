"""The ``djarch`` command: rule listing, rule docs, doc generation, project check."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from flake8_djarch import __version__, docgen
from flake8_djarch.violations import all_violations, by_code

if TYPE_CHECKING:
    from collections.abc import Sequence


def _write(text: str) -> None:
    """Write a line to standard output.

    Args:
        text: The text; a newline is added when missing.
    """
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def _fail(text: str) -> int:
    """Report a usage error on standard error.

    Args:
        text: The error, without the program name.

    Returns:
        Exit status 2.
    """
    sys.stderr.write(f"djarch: {text}\n")
    return 2


def cmd_rules(args: argparse.Namespace) -> int:
    """List the rules as a table.

    Args:
        args: Parsed arguments (``family`` filter).

    Returns:
        The exit status.
    """
    enabled = _enabled_codes()
    rows = [("CODE", "NAME", "FAMILY", "SEED", "ENABLED")]
    for violation in all_violations():
        if args.family and violation.family != args.family:
            continue
        if violation.tool.startswith("djarch "):
            state = violation.tool
        elif violation.tool != "flake8":
            state = f"hook {violation.tool}"
        elif enabled is None:
            state = "yes"
        else:
            state = "yes" if violation.code in enabled else "no"
        rows.append(
            (violation.code, violation.name, violation.family, violation.seed, state)
        )
    if len(rows) == 1:
        return _fail(f"no rules in family {args.family!r}")
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        _write(
            "  ".join(
                cell.ljust(width) for cell, width in zip(row, widths, strict=True)
            ).rstrip()
        )
    return 0


def _enabled_codes() -> frozenset[str] | None:
    """Decide which codes the project in the cwd enables (the shared selection).

    flake8's options come from its configuration file in the cwd, read as
    data (no plugin is loaded, nothing of the project runs), then
    ``[tool.djarch]`` ``select``/``ignore`` narrow them, as in ``djarch check``.

    Returns:
        The enabled codes, or ``None`` when the configuration is unusable.
    """
    from flake8_djarch import config as config_module  # noqa: PLC0415 - only for `djarch rules`
    from flake8_djarch.policy import selection  # noqa: PLC0415 - only for `djarch rules`

    root = Path.cwd()
    try:
        chosen = selection.from_config(
            root, config_module.load(str(root)), under_flake8=False
        )
    except config_module.ConfigError:
        return None
    return frozenset(
        violation.code
        for violation in all_violations()
        if chosen.enabled_anywhere(violation.code)
    )


def cmd_rule(args: argparse.Namespace) -> int:
    """Print the documentation of one rule.

    Args:
        args: Parsed arguments (``code``).

    Returns:
        The exit status: 2 for an unknown code.
    """
    violation = by_code(args.code)
    if violation is None:
        return _fail(
            f"unknown rule code {args.code!r}; run 'djarch rules' for the list"
        )
    _write(docgen.rule_page(violation))
    return 0


def cmd_docs(args: argparse.Namespace) -> int:
    """Generate (or check) the rule docs and README table.

    Args:
        args: Parsed arguments (``root``, ``check``).

    Returns:
        The exit status: 1 when ``--check`` finds drift.
    """
    root = Path(args.root)
    if args.check:
        changed = docgen.drift(root)
        for path in changed:
            _write(f"out of date: {path}")
        return 1 if changed else 0
    for path in docgen.write(root):
        _write(f"wrote {path}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``djarch`` command.

    Args:
        argv: Arguments without the program name (default: ``sys.argv[1:]``).

    Returns:
        The exit status.
    """
    try:
        return _main(list(sys.argv[1:] if argv is None else argv))
    except BrokenPipeError:
        # The reader (``djarch rules | head``) went away: stop quietly.
        from djarch_hooks.common import silence_broken_pipe  # noqa: PLC0415 - rare path

        silence_broken_pipe()
        return 1


def _main(args_list: list[str]) -> int:
    """Dispatch a ``djarch`` command.

    Args:
        args_list: Arguments without the program name.

    Returns:
        The exit status.
    """
    if args_list and args_list[0] == "check":
        from flake8_djarch.project_check import main_check  # noqa: PLC0415 - loads the hooks lazily

        return main_check(args_list[1:])
    if args_list and args_list[0] == "answer":
        from flake8_djarch.answer import main_answer  # noqa: PLC0415 - loads the Markdown parser lazily

        return main_answer(args_list[1:])
    parser = argparse.ArgumentParser(
        prog="djarch", description="flake8-djarch rules and project checks."
    )
    parser.add_argument("--version", action="version", version=f"djarch {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    rules = sub.add_parser("rules", help="list every rule")
    rules.add_argument("--family", default="", help="only rules of this family")
    rules.set_defaults(func=cmd_rules)
    rule = sub.add_parser("rule", help="print one rule's documentation")
    rule.add_argument("code", help="a code such as DJA041")
    rule.set_defaults(func=cmd_rule)
    docs = sub.add_parser("docs", help="generate docs/rules and the README table")
    docs.add_argument("--root", default=".", help="repository root (default: .)")
    docs.add_argument("--check", action="store_true", help="only report drift (exit 1)")
    docs.set_defaults(func=cmd_docs)
    sub.add_parser(
        "check",
        help="run every hook and flake8 rule over a project root (djarch check --help)",
    )
    sub.add_parser(
        "answer",
        help="judge an assistant's answer and its files over a project (djarch answer --help)",
    )
    try:
        args = parser.parse_args(args_list)
    except SystemExit as error:
        return int(error.code or 0)
    return int(args.func(args))


if __name__ == "__main__":
    raise SystemExit(main())
