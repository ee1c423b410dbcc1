"""Run flake8 once, optionally without some plugins, and record its peak memory.

Used by :mod:`benchmarks.run` as a fresh subprocess per measurement::

    python benchmarks/flake8_child.py RESULT.json [--drop DIST,...] -- FLAKE8 ARGS

``--drop`` removes the plugins of the named distributions (``flake8-djarch``,
``pyflakes``, ``pycodestyle``, ``mccabe``) before flake8 loads them: flake8
runs every installed plugin whatever ``--select`` says and only filters the
output, so uninstalling is the only honest "without" baseline. The result
file receives the peak resident set sizes (KiB) of this process and of its
children (the ``--jobs`` workers).
"""

from __future__ import annotations

import json
import logging
import resource
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator

logger = logging.getLogger(__name__)


def _drop_plugins(dists: frozenset[str]) -> None:
    """Hide the plugins of some distributions from flake8's plugin finder.

    Args:
        dists: Normalised distribution names to hide.
    """
    from flake8.plugins import finder  # noqa: PLC0415 - only in the child

    found = finder._find_importlib_plugins

    def filtered() -> Iterator[finder.Plugin]:
        """Yield the plugins flake8 would find, minus the dropped ones.

        Yields:
            Each kept plugin.
        """
        for plugin in found():
            if plugin.package.lower().replace("_", "-") not in dists:
                yield plugin

    finder._find_importlib_plugins = filtered


def _own_peak_kib() -> int:
    """Return this process's peak RSS since it started.

    ``ru_maxrss`` survives ``exec`` on Linux, so a child of a big benchmark
    process would report its parent's size; ``VmHWM`` belongs to the new image.

    Returns:
        KiB.
    """
    try:
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        logger.debug("no /proc/self/status; using ru_maxrss")
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main(argv: list[str]) -> int:
    """Run flake8 with the given arguments and write the memory figures.

    Args:
        argv: ``RESULT [--drop DISTS] -- FLAKE8 ARGS``.

    Returns:
        flake8's exit status.
    """
    result_path = Path(argv[0])
    rest = argv[1:]
    dists: frozenset[str] = frozenset()
    if rest[:1] == ["--drop"]:
        dists = frozenset(
            name.strip().lower() for name in rest[1].split(",") if name.strip()
        )
        rest = rest[2:]
    if rest[:1] == ["--"]:
        rest = rest[1:]
    if dists:
        _drop_plugins(dists)
    from flake8.main import cli  # noqa: PLC0415 - after patching the finder

    try:
        status = cli.main(rest)
    except SystemExit as exit_:
        status = exit_.code if isinstance(exit_.code, int) else 1
    figures = {
        "self_kib": _own_peak_kib(),
        "children_kib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
        "status": status,
    }
    result_path.write_text(json.dumps(figures), encoding="utf-8")
    return 0 if status in {0, 1} else int(status or 0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
