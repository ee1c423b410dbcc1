"""Run many flake8 invocations, each in a child forked from one warm parent.

``python flake8_runs.py JOBS RESULTS`` reads a JSON list of jobs
``{"cwd": DIR, "args": [...], "stdin_files": [...] | null}`` and writes to
RESULTS, in the same order, ``{"status": N, "stdout": ..., "stderr": ...}``.
A job without ``stdin_files`` is ``flake8 ARGS`` run in DIR; with them it is,
for each file relative to DIR, ``flake8 ARGS --stdin-display-name=FILE - <
FILE``: a fresh flake8 application whose ``sys.stdin`` holds the file's
bytes, so the source reaches the plugin through flake8's own stdin reader.

Every job runs in its own process, forked once flake8 and the plugin are
imported and the installed flake8 plugins found, with its own working
directory and its own standard output and error files: what a fresh
``flake8`` process would do, without the interpreter start, imports and
plugin discovery per run that were most of the suite's time.
Run it with ``tests/support/block_django`` on ``PYTHONPATH`` and the
children cannot import ``django`` or ``rest_framework`` either.
"""

from __future__ import annotations

import importlib
import io
import json
import os
import sys
import tempfile
import traceback
from pathlib import Path

from flake8 import utils
from flake8.main import cli
from flake8.main.application import Application
from flake8.plugins import finder

from flake8_djarch.checks import CHECK_MODULES

# Plugin discovery reads the metadata of every installed distribution, a
# fifth of a stdin run; the installed plugins cannot change during the
# driver's life, so the parent finds them once for every run.
_INSTALLED = list(finder._find_importlib_plugins())
finder._find_importlib_plugins = lambda: iter(_INSTALLED)
# What each run would import first (flake8's plugins, pycodestyle and
# pyflakes among them, and our rule families) is imported once, before the
# forks; imports only: no run's caches are filled here.
for _plugin in _INSTALLED:
    importlib.import_module(_plugin.entry_point.module)
for _name in CHECK_MODULES:
    importlib.import_module(f"flake8_djarch.checks.{_name}")

#: Exit status of a child whose flake8 raised (flake8 itself uses 0 to 2).
CRASHED = 3


def _flake8_stdin(args: list[str], files: list[str]) -> int:
    """Run flake8 on stdin once per file.

    Args:
        args: flake8 arguments.
        files: The files to feed, relative to the working directory.

    Returns:
        The highest flake8 exit status.
    """
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


def _child(job: dict[str, object], out: Path, err: Path) -> int:
    """Run one job with standard output and error sent to files.

    Args:
        job: The job.
        out: Receives the standard output.
        err: Receives the standard error.

    Returns:
        flake8's exit status, :data:`CRASHED` after an exception.
    """
    for fd, path in ((1, out), (2, err)):
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(handle, fd)
        os.close(handle)
    try:
        os.chdir(str(job["cwd"]))
        args = [str(arg) for arg in job["args"]]  # type: ignore[attr-defined]
        files = job.get("stdin_files")
        if files is None:
            return cli.main(args)
        return _flake8_stdin(args, [str(name) for name in files])  # type: ignore[attr-defined]
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else CRASHED
    except BaseException:  # reported to the test as a traceback
        traceback.print_exc()
        return CRASHED
    finally:
        sys.stdout.flush()
        sys.stderr.flush()


def _run(job: dict[str, object], folder: Path, index: int) -> dict[str, object]:
    """Fork a child for one job and collect what it printed.

    Args:
        job: The job.
        folder: A private folder for the output files.
        index: The job's number (names its files).

    Returns:
        The job's exit status, standard output and standard error.
    """
    out, err = folder / f"{index}.out", folder / f"{index}.err"
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        status = CRASHED
        try:
            status = _child(job, out, err)
        finally:
            os._exit(status)
    _, wait_status = os.waitpid(pid, 0)
    return {
        "status": os.waitstatus_to_exitcode(wait_status),
        "stdout": out.read_text(encoding="utf-8", errors="replace"),
        "stderr": err.read_text(encoding="utf-8", errors="replace"),
    }


def main(argv: list[str]) -> int:
    """Run the jobs of a JSON file and write their results.

    Args:
        argv: The jobs file and the results file.

    Returns:
        0; the statuses are in the results.
    """
    jobs = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="flake8-runs-") as folder:
        results = [_run(job, Path(folder), index) for index, job in enumerate(jobs)]
    Path(argv[1]).write_text(json.dumps(results), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
