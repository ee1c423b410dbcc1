"""``djarch check``: all hooks plus the flake8 rules over a project root."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

from djarch_hooks.common import HookFinding
from hooks_testlib import write_good_project

from flake8_djarch.parallel_check import Columns
from flake8_djarch.project_check import (
    _in_order,
    _python_records,
    iter_project_files,
    main_check,
    summary,
)
from flake8_djarch.report_formats import Record

if TYPE_CHECKING:
    from pathlib import Path

    import pytest


def test_summary_line() -> None:
    assert summary([]) == "no findings"
    found = [
        HookFinding("a", 1, 1, "DJA110", "DJA110 x"),
        HookFinding("b", 1, 1, "DJA041", "DJA041 x"),
        HookFinding("c", 2, 1, "DJA041", "DJA041 x"),
    ]
    assert summary(found) == "3 findings: DJA041 x2, DJA110 x1"
    assert summary(found[:1]) == "1 finding: DJA110 x1"


def test_walk_skips_venvs_and_gitignored(tmp_path: Path) -> None:
    (tmp_path / ".venv" / "lib").mkdir(parents=True)
    (tmp_path / ".venv" / "lib" / "x.py").write_text("", encoding="utf-8")
    (tmp_path / "node_modules").mkdir()
    (tmp_path / "node_modules" / "y.py").write_text("", encoding="utf-8")
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "z.py").write_text("", encoding="utf-8")
    (tmp_path / "app.py").write_text("", encoding="utf-8")
    (tmp_path / ".gitignore").write_text("build/\n", encoding="utf-8")
    assert list(iter_project_files(tmp_path)) == [".gitignore", "app.py"]


def test_good_project_is_clean(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_good_project(tmp_path)
    code = main_check([str(tmp_path)])
    captured = capsys.readouterr()
    assert code == 0, captured.out + captured.err
    assert captured.out.strip().splitlines()[-1] == "no findings"


def test_bad_project_reports_and_summarises(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_good_project(tmp_path)
    (tmp_path / "Dockerfile").write_text("FROM python:3.12-slim\n", encoding="utf-8")
    (tmp_path / "apps" / "core" / "pagination.py").unlink()
    assert main_check([str(tmp_path)]) == 1
    lines = capsys.readouterr().out.strip().splitlines()
    assert re.fullmatch(r"\d+ findings: .*DJA100 x1.*DJA110 x1.*", lines[-1])
    paths = [line.split(":", 1)[0] for line in lines[:-1]]
    assert paths == sorted(paths)
    assert f"{tmp_path}/apps/core/pagination.py:1:1: DJA100" in "\n".join(lines)


def test_json_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_good_project(tmp_path)
    (tmp_path / ".env.example").write_text(
        "DJANGO_SECRET_KEY=change-me\n", encoding="utf-8"
    )
    assert main_check([str(tmp_path), "--format", "json"]) == 1
    payload = json.loads(capsys.readouterr().out)
    assert payload["summary"]["by_code"] == {"DJA170": 1}
    assert payload["findings"][0]["code"] == "DJA170"
    assert payload["findings"][0]["line"] == 1
    assert payload["errors"] == []


def test_unusable_inputs_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_good_project(tmp_path)
    (tmp_path / "docker-compose.yml").write_text("services: [\n", encoding="utf-8")
    assert main_check([str(tmp_path)]) == 2
    assert "docker-compose.yml: error: invalid YAML" in capsys.readouterr().err
    assert main_check([str(tmp_path / "missing")]) == 2


def test_records_merge_as_one_sort() -> None:
    """Per-file records merged with hook records equal one global sort, each once."""
    ordered = Columns.of(
        [
            (1, 0, "DJA001", "DJA001 a", 1, 4),
            (2, 0, "DJA002", "DJA002 b", 0, 0),
        ]
    )
    # Out of order, with a duplicate and a finding equal but for its end.
    shuffled = Columns.of(
        [
            (9, 0, "DJA050", "DJA050 z", 0, 0),
            (3, 2, "DJA051", "DJA051 y", 3, 9),
            (9, 0, "DJA050", "DJA050 z", 0, 0),
            (9, 0, "DJA050", "DJA050 z", 9, 3),
        ]
    )
    python = {
        "b.py": _python_records("b.py", ordered),
        "a/x.py": _python_records("a/x.py", shuffled),
    }
    assert python["b.py"][1] == Record("b.py", 2, 1, "DJA002", "b")
    assert python["b.py"][0].end == (1, 5)
    hooks = [
        Record("b.py", 1, 1, "DJA105", "untested"),
        Record("Dockerfile", 1, 1, "DJA110", "x"),
        Record("b.py", 1, 1, "DJA105", "untested"),
        Record("a/x.py", 9, 1, "DJA050", "z"),
    ]
    everything = [*hooks, *python["b.py"], *python["a/x.py"]]
    assert _in_order(python, hooks) == sorted(dict.fromkeys(everything))
    assert len(_in_order(python, hooks)) == len(set(everything)) == 7
