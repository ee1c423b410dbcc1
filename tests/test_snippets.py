"""The snippet helper fails both ways, so a test written with it can fail."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.snippets import assert_snippet, lint_snippet

if TYPE_CHECKING:
    from pathlib import Path

SOURCE = """\
def pending() -> None:
    pass  # error: DJA041
"""


def test_marked_findings_pass_and_are_returned() -> None:
    findings = assert_snippet(SOURCE, codes={"DJA041"})
    assert [(finding.line, finding.code) for finding in findings] == [(2, "DJA041")]


def test_missing_finding_fails() -> None:
    source = SOURCE.replace("pass", "return None")
    with pytest.raises(
        AssertionError, match=r"missing apps/shop/services.py:2: DJA041"
    ):
        assert_snippet(source, codes={"DJA041"})


def test_unexpected_finding_fails() -> None:
    source = SOURCE.replace("  # error: DJA041", "")
    with pytest.raises(
        AssertionError, match=r"unexpected apps/shop/services.py:2:5: DJA041"
    ):
        assert_snippet(source, codes={"DJA041"})


def test_pinned_column_is_checked() -> None:
    source = SOURCE.replace("DJA041", "DJA041@1")
    with pytest.raises(AssertionError, match=r"column .*expected 1, got \[5\]"):
        assert_snippet(source, codes={"DJA041"})


def test_codes_select_what_runs_and_files_are_written(tmp_path: Path) -> None:
    assert [finding.code for finding in lint_snippet(SOURCE)].count("DJA060") == 1
    assert lint_snippet(SOURCE, codes={"DJA050"}) == []
    lint_snippet(
        "from apps.shop.base import Base\n",
        root=tmp_path,
        files={"apps/shop/base.py": "    class Base:\n        '''Base.'''\n"},
    )
    assert (tmp_path / "apps/shop/base.py").read_text(encoding="utf-8") == (
        "class Base:\n    '''Base.'''\n"
    )
