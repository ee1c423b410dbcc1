"""Feed many files to real flake8 on stdin, one after another, in one process.

``python flake8_stdin.py FLAKE8_ARGS... -- FILE...`` runs, for each file
relative to the working directory, what ``flake8 FLAKE8_ARGS
--stdin-display-name=FILE - < FILE`` would: a fresh flake8 application whose
``sys.stdin`` holds the file's bytes, so the source reaches the plugin through
flake8's own stdin reader. Only the interpreter start-up and plugin loading are
shared, which made one process per fixture file the bulk of the suite's time.
The exit status is the highest of the runs.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from flake8 import utils
from flake8.main.application import Application


def main(argv: list[str]) -> int:
    """Run flake8 on stdin once per file.

    Args:
        argv: flake8 arguments, ``--``, then the files to feed.

    Returns:
        The highest flake8 exit status.
    """
    split = argv.index("--")
    args, files = argv[:split], argv[split + 1 :]
    status = 0
    for name in files:
        data = Path(name).read_bytes()
        sys.stdin = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
        # flake8 caches stdin once per process: each run must read its own file.
        utils.stdin_get_value.cache_clear()
        app = Application()
        app.run([*args, f"--stdin-display-name={name}", "-"])
        sys.stdout.flush()
        status = max(status, app.exit_code())
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
