"""What DJA200 (non-English text) costs on real code.

Usage::

    uv run python benchmarks/language_cost.py [--repeats N]

Times :class:`~flake8_djarch.checks.language.LanguageChecker` on the
installed ``django`` package (located without importing it), pre-parsed and
tokenized as under flake8: over all modules, and over the pure-ASCII ones,
which must cost no more than one ``str.isascii()`` each.
"""

from __future__ import annotations

import argparse
import ast
import importlib.util
import io
import statistics
import sys
import time
import tokenize
from pathlib import Path

from flake8_djarch import config as config_module
from flake8_djarch.checks.language import LanguageChecker
from flake8_djarch.engine import Context

Module = tuple[str, str, ast.Module, list[str], list[tokenize.TokenInfo]]


def django_modules() -> tuple[Path, list[Module]]:
    """Read, parse and tokenize the installed django package.

    Returns:
        The folder holding ``django`` and the parsed modules.

    Raises:
        SystemExit: If django is not installed.
    """
    spec = importlib.util.find_spec("django")
    if spec is None or spec.origin is None:
        raise SystemExit("django is not installed")
    root = Path(spec.origin).parent.parent
    modules: list[Module] = []
    for path in sorted((root / "django").rglob("*.py")):
        try:
            source = path.read_text(encoding="utf-8")
            tree = ast.parse(source)
            tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
        except (OSError, UnicodeDecodeError, SyntaxError, tokenize.TokenError):
            continue
        rel = path.relative_to(root).as_posix()
        modules.append((rel, source, tree, source.splitlines(keepends=True), tokens))
    return root, modules


def checker_seconds(root: Path, modules: list[Module]) -> tuple[float, int]:
    """Time the checker's whole work (it runs once per module, before the walk).

    Args:
        root: The run directory.
        modules: The modules.

    Returns:
        Seconds and the number of findings.
    """
    config = config_module.load(str(root)).with_overrides(root=str(root))
    contexts = [
        Context(tree, rel, lines, config, tokens=tokens)
        for rel, _source, tree, lines, tokens in modules
    ]
    started = time.perf_counter()
    for ctx in contexts:
        LanguageChecker(ctx).begin()
    return time.perf_counter() - started, sum(len(ctx.findings) for ctx in contexts)


def main(argv: list[str] | None = None) -> int:
    """Print the timings.

    Args:
        argv: Command-line arguments.

    Returns:
        0.
    """
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    root, modules = django_modules()
    ascii_only = [module for module in modules if module[1].isascii()]
    lines = sum(len(module[3]) for module in modules)
    sys.stdout.write(
        f"django: {len(modules)} modules, {lines} lines, {len(ascii_only)} pure ASCII\n"
    )
    for label, subset in (("all modules", modules), ("pure-ASCII modules", ascii_only)):
        runs = [checker_seconds(root, subset) for _ in range(args.repeats)]
        seconds = statistics.median(run[0] for run in runs)
        per_module = seconds / max(len(subset), 1) * 1e6
        sys.stdout.write(
            f"DJA200 on {label}: {seconds * 1000:.1f} ms "
            f"({per_module:.1f} µs per module, {runs[0][1]} findings)\n"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
