"""The ``djarch`` pre-commit hook: flake8 on the changed files and their dependents.

pre-commit passes only the changed files, but a subclass's class-level findings
(DJA002, DJA008, DJA010-DJA014) depend on its project ancestors: removing
``authentication_classes`` from a mixin makes every view inheriting it a
DJA010 although no view changed. This entry adds the project files whose
classes inherit (transitively) from classes of the changed files, as the
project model resolves them, and runs real flake8 in-process on them all, so
the user's flake8 configuration, ``noqa`` comments and selection apply as
when flake8 is the entry.
"""

from __future__ import annotations

import sys
from pathlib import Path

from flake8.main import cli as flake8_cli

from flake8_djarch import config as config_module
from flake8_djarch.config import Config, ConfigError
from flake8_djarch.project import model_for


def dependent_files(names: list[str], cwd: Path) -> list[str]:
    """Return the files to lint besides ``names``: those inheriting from them.

    Args:
        names: The arguments pre-commit passes (options are ignored; only
            existing ``.py`` files count as changed).
        cwd: The directory flake8 runs in.

    Returns:
        The dependents, relative to ``cwd`` when below it, in a stable order,
        none of them already among ``names``.
    """
    changed = [
        name
        for name in names
        if not name.startswith("-") and name.endswith(".py") and (cwd / name).is_file()
    ]
    if not changed:
        return []
    try:
        run_config = config_module.load(str(cwd))
        groups: dict[str, tuple[Config, list[str]]] = {}
        for name in changed:
            file_config = config_module.for_file(cwd / name, run_config)
            key = str(Path(file_config.root).resolve())
            groups.setdefault(key, (file_config, []))[1].append(str(cwd / name))
    except ConfigError:
        # flake8 itself reports the malformed configuration on the changed files.
        return []
    given = {str((cwd / name).resolve()) for name in changed}
    found: dict[str, None] = {}
    for file_config, files in groups.values():
        for path in model_for(file_config).dependents(files):
            if path not in given:
                found.setdefault(path, None)
    root = cwd.resolve()
    return [
        Path(path).relative_to(root).as_posix()
        if Path(path).is_relative_to(root)
        else path
        for path in found
    ]


def main(argv: list[str] | None = None) -> int:
    """Run flake8 on the given files plus the project files inheriting from them.

    Args:
        argv: flake8's arguments and the changed files (``sys.argv[1:]`` when
            ``None``), as pre-commit passes them.

    Returns:
        flake8's exit status.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    extra = dependent_files(args, Path.cwd())
    status: int = flake8_cli.main([*args, *extra])
    return status


if __name__ == "__main__":
    sys.exit(main())
