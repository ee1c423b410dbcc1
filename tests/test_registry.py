"""The rule registry: declarations, documented examples, generated docs, DJA000."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

from flake8_djarch import docgen
from flake8_djarch.api import lint_source
from flake8_djarch.engine import Checker, Context, run
from flake8_djarch.violations import Violation, all_violations, by_code
from flake8_djarch.violations.base import REQUIRED_HEADINGS, DeclarationError

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT.parent / "shared" / "spec" / "RULES.md"
FENCE_RE = re.compile(r"```[a-z]*\n(?P<body>.*?)```", re.DOTALL)
RULES = all_violations()
PLUGIN_RULES = [
    rule for rule in RULES if rule.tool == "flake8" and rule.code != "DJA000"
]
HOOK_RULES = [rule for rule in RULES if rule.tool.startswith("djarch-")]
ANSWER_RULES = [rule for rule in RULES if rule.tool == "djarch answer"]


def _blocks(rule: type[Violation], heading: str) -> list[str]:
    """Extract the fenced code blocks under one heading of a rule's doc.

    Args:
        rule: The rule class.
        heading: The heading text.

    Returns:
        The blocks' bodies.
    """
    return [match.group("body") for match in FENCE_RE.finditer(rule.section(heading))]


def _lint_block(block: str, tmp_path: Path) -> set[str]:
    """Lint one example block as the file its ``# path:`` line names.

    Args:
        block: The block text.
        tmp_path: An empty project root.

    Returns:
        The codes reported.
    """
    first, _, source = block.partition("\n")
    match = re.match(r"#\s*path:\s*(\S+)", first)
    assert match, f"example block must start with '# path: ...', got {first!r}"
    return {
        finding.code
        for finding in lint_source(source, match.group(1), root=str(tmp_path))
    }


def test_codes_unique_and_final() -> None:
    """Codes are unique, every class is @final, names are unique."""
    codes = [rule.code for rule in RULES]
    assert len(codes) == len(set(codes))
    names = [rule.name for rule in RULES]
    assert len(names) == len(set(names))
    assert all(getattr(rule, "__final__", False) for rule in RULES)


def test_duplicate_code_rejected() -> None:
    """Declaring a taken code fails at import time."""
    with pytest.raises(DeclarationError, match="already used"):
        type(
            "Clash",
            (Violation,),
            {
                "__doc__": "Clash.\n\n"
                + "\n".join(f"{h}\nx" for h in REQUIRED_HEADINGS),
                "code": "DJA041",
                "name": "clash",
                "family": "placeholders",
                "seed": "§1",
                "message": "clash",
            },
        )


def test_unknown_shared_paragraph_rejected() -> None:
    """A docstring line naming no shared paragraph is rejected at import."""
    with pytest.raises(DeclarationError, match="shared paragraph"):
        type(
            "Shared",
            (Violation,),
            {
                "__doc__": "Shared.\n\n    {no-such-paragraph}\n\n"
                + "\n".join(f"{h}\nx" for h in REQUIRED_HEADINGS),
                "code": "DJA097",
                "name": "shared",
                "family": "typing",
                "seed": "§1",
                "message": "x",
            },
        )


def test_shared_paragraph_expanded() -> None:
    """Rule docs that share a paragraph show its text, not the marker."""
    doc = by_code("DJA073").doc()
    assert "{main-settings}" not in doc
    assert "``DJANGO_SETTINGS_MODULE``" in doc


def test_missing_heading_rejected() -> None:
    """A docstring without the four headings is rejected."""
    with pytest.raises(DeclarationError, match="lacks"):
        type(
            "NoDoc",
            (Violation,),
            {
                "__doc__": "No doc.",
                "code": "DJA098",
                "name": "no-doc",
                "family": "typing",
                "seed": "§1",
                "message": "x",
            },
        )


# Codes RULES.md revision 2 names (§12, §13) that have no rule class yet. The
# list may only shrink: a code leaves it in the change that builds the rule.
NOT_YET_BUILT: frozenset[str] = frozenset()


@pytest.mark.skipif(
    not SPEC.is_file(), reason="shared/spec/RULES.md is not beside this checkout"
)
def test_every_contract_code_is_declared() -> None:
    """Every code of RULES.md has a rule class, except the listed ones to build."""
    contract = set(re.findall(r"DJA\d{3}", SPEC.read_text(encoding="utf-8")))
    missing = {code for code in contract if by_code(code) is None}
    assert sorted(missing - NOT_YET_BUILT) == []
    built_but_listed = sorted(
        code for code in NOT_YET_BUILT if by_code(code) is not None
    )
    assert built_but_listed == [], "built codes must leave NOT_YET_BUILT"
    assert contract >= NOT_YET_BUILT


@pytest.mark.parametrize("rule", PLUGIN_RULES, ids=lambda rule: rule.code)
def test_plugin_example_triggers(rule: type[Violation], tmp_path: Path) -> None:
    """Each plugin rule's Example triggers it and its Use instead does not.

    Args:
        rule: The rule class under test.
        tmp_path: A temporary directory.
    """
    examples = _blocks(rule, "Example")
    fixes = _blocks(rule, "Use instead")
    assert examples and fixes
    for block in examples:
        assert rule.code in _lint_block(block, tmp_path), block
    for block in fixes:
        assert rule.code not in _lint_block(block, tmp_path), block


@pytest.mark.parametrize("rule", HOOK_RULES, ids=lambda rule: rule.code)
def test_hook_example_triggers(rule: type[Violation]) -> None:
    """Each hook rule's Example triggers it and its Use instead does not.

    Args:
        rule: The rule class under test.
    """
    from djarch_hooks import example_codes

    examples = _blocks(rule, "Example")
    fixes = _blocks(rule, "Use instead")
    assert examples and fixes
    for block in examples:
        assert rule.code in example_codes(block), block
    for block in fixes:
        assert rule.code not in example_codes(block), block


@pytest.mark.parametrize("rule", ANSWER_RULES, ids=lambda rule: rule.code)
def test_answer_example_triggers(rule: type[Violation]) -> None:
    """Each answer rule's Example answer triggers it and its Use instead does not.

    Args:
        rule: The rule class under test.
    """
    from flake8_djarch.answer_format import doc_examples, parse_answer

    examples = doc_examples(rule.doc(), "Example")
    fixes = doc_examples(rule.doc(), "Use instead")
    assert examples and fixes
    for block in examples:
        codes = {item.code for item in parse_answer(block, "answer.md").findings}
        assert rule.code in codes, block
    for block in fixes:
        codes = {item.code for item in parse_answer(block, "answer.md").findings}
        assert codes == set(), block


def test_docs_are_generated() -> None:
    """docs/rules and the README table match the registry."""
    assert docgen.drift(ROOT) == []
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert docgen.README_START in readme
    for rule in RULES:
        assert f"[{rule.code}](docs/rules/{rule.code}.md)" in readme


def test_docs_drift_detected(tmp_path: Path) -> None:
    """A stale page is reported as drift.

    Args:
        tmp_path: A temporary directory.
    """
    (tmp_path / "README.md").write_text(
        f"x\n{docgen.README_START}\nold\n{docgen.README_END}\n", encoding="utf-8"
    )
    docgen.write(tmp_path)
    assert docgen.drift(tmp_path) == []
    page = tmp_path / "docs" / "rules" / "DJA041.md"
    page.write_text("edited", encoding="utf-8")
    assert docgen.drift(tmp_path) == [page]


class _Exploding(Checker):
    """A checker that fails on every call."""

    violations = (by_code("DJA041"),)  # type: ignore[assignment]

    def visit_Call(self, node: ast.Call) -> None:
        """Fail.

        Args:
            node: The call.

        Raises:
            RuntimeError: Always.
        """
        raise RuntimeError(f"boom at {node.lineno}")


def test_internal_error_is_reported_and_others_continue() -> None:
    """A raising rule becomes DJA000 at the node; other rules still report."""
    from flake8_djarch.checks.placeholders import StatementChecker

    source = 'def f() -> None:\n    """Do."""\n    print(1)\n    pass\n'
    from flake8_djarch.config import Config

    ctx = Context(
        ast.parse(source),
        "apps/x/services.py",
        source.splitlines(keepends=True),
        Config(),
    )
    findings = run(ctx, [_Exploding, StatementChecker])
    codes = [(finding.line, finding.code) for finding in findings]
    assert (3, "DJA000") in codes
    assert (4, "DJA041") in codes
    internal = next(finding for finding in findings if finding.code == "DJA000")
    assert internal.text == "DJA000 internal error in DJA041: RuntimeError: boom at 3"


def test_internal_error_through_flake8_adapter(monkeypatch: pytest.MonkeyPatch) -> None:
    """The flake8 adapter yields DJA000 instead of raising.

    Args:
        monkeypatch: pytest's monkeypatch fixture.
    """
    from flake8_djarch import plugin

    monkeypatch.setattr(plugin, "all_checkers", lambda: (_Exploding,))
    source = "x = len([])\n"
    checker = plugin.DjarchPlugin(ast.parse(source), "apps/x/services.py", [source])
    results = list(checker.run())
    assert [(line, text.split(" ", 1)[0]) for line, _, text, _ in results] == [
        (1, "DJA000")
    ]


def test_cli_rules_and_rule() -> None:
    """`djarch rules` lists every code; `djarch rule` prints docs; unknown codes exit 2."""
    listing = subprocess.run(
        [sys.executable, "-m", "flake8_djarch.cli", "rules"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for rule in RULES:
        assert rule.code in listing
    page = subprocess.run(
        [sys.executable, "-m", "flake8_djarch.cli", "rule", "dja041"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert page.startswith("# DJA041 pass-statement")
    assert "## Use instead" in page
    bad = subprocess.run(
        [sys.executable, "-m", "flake8_djarch.cli", "rule", "DJA999"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 2
    assert (
        bad.stderr.strip()
        == "djarch: unknown rule code 'DJA999'; run 'djarch rules' for the list"
    )


def test_flake8_lists_plugin() -> None:
    """flake8 --version names the plugin."""
    out = subprocess.run(
        [sys.executable, "-m", "flake8", "--version"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "flake8-djarch" in out


def test_cli_rules_reflect_flake8_config(tmp_path: Path) -> None:
    """`djarch rules` marks codes the project's flake8 config ignores as not enabled.

    Args:
        tmp_path: A temporary project root.
    """
    (tmp_path / ".flake8").write_text(
        "[flake8]\nextend-ignore = DJA04\n", encoding="utf-8"
    )
    listing = subprocess.run(
        [sys.executable, "-m", "flake8_djarch.cli", "rules"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    states = {line.split()[0]: line.split()[-1] for line in listing.splitlines()[1:]}
    assert states["DJA041"] == "no"
    assert states["DJA050"] == "yes"
    assert states["DJA110"] == "djarch-dockerfile"
