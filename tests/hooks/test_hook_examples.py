"""Each project-file rule's documented Example triggers it; Use instead does not."""

from __future__ import annotations

import re

import pytest
from djarch_hooks import example_codes
from djarch_hooks.examples import split_block

from flake8_djarch.violations import all_violations

HOOK_RULES = [rule for rule in all_violations() if rule.tool.startswith("djarch-")]


def _block(section: str) -> str:
    """block.

    Args:
        section: A documentation section.

    Returns:
        The result.
    """
    match = re.search(r"```[^\n]*\n(.*?)```", section, re.DOTALL)
    assert match is not None
    return match.group(1)


def test_every_hook_code_is_declared() -> None:
    declared = {rule.code for rule in HOOK_RULES}
    expected = {
        f"DJA{number}"
        for number in (*range(100, 103), *range(110, 123), *range(130, 134))
    }
    expected |= {
        "DJA140",
        "DJA141",
        "DJA142",
        "DJA150",
        "DJA151",
        "DJA152",
        "DJA160",
        "DJA161",
        "DJA170",
        "DJA171",
    }
    assert expected <= declared
    for rule in HOOK_RULES:
        assert rule.family == "project-files"
        assert rule.tool.startswith("djarch-")


@pytest.mark.parametrize("rule", HOOK_RULES, ids=lambda rule: rule.code)
def test_examples(rule: type) -> None:
    assert rule.code in example_codes(_block(rule.section("Example")))
    assert rule.code not in example_codes(_block(rule.section("Use instead")))


def test_split_block() -> None:
    block = "```text\n# path: a/\n# path: b.txt\nx\n  y\n# path: c\n```\n"
    assert split_block(block) == {"a/": "", "b.txt": "x\n  y\n", "c": ""}
