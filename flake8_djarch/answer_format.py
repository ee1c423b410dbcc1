"""Read an assistant's answer in the rulebook's response format (seed §12).

The answer is Markdown. Its structure is read with markdown-it-py (a
CommonMark parser), never with hand-written fence matching: a fence may be
opened with more than three backticks or with tildes, carry an info string,
be indented, or hold a Markdown file whose own fences are part of its text;
only a real parser closes each fence where CommonMark does, and its tokens
carry the source lines (``Token.map``) that findings are mapped back to.
The import is lazy so that flake8 runs never load it.

This module is pure: it judges the text (DJA300-DJA306) and lists the file
blocks; :mod:`flake8_djarch.answer` lays those files over a project.
"""

from __future__ import annotations

import re
import shlex
import tomllib
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from djarch_hooks.common import HookFinding, finding
from djarch_hooks.pyproject import normalise_name

from flake8_djarch.violations import answers as rules

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from markdown_it.token import Token

    from flake8_djarch.violations.base import Violation

REASONING = "Цепочка мыслей"
FILES = "Файлы"
OUT_OF_SCOPE = "⚠️ РЕКОМЕНДУЕМЫЕ ИЗМЕНЕНИЯ (ВНЕ СКОУПА)"
LABELS = ("Анализ", "Операции файловой системы", "Архитектурные решения")
# A line holding only one backticked path: any backtick run, no whitespace inside.
PATH_LINE_RE = re.compile(r"^\s{0,3}(?P<ticks>`+)(?P<path>[^`\s]+)(?P=ticks)\s*$")
SPLIT_RE = re.compile(
    r"SOLUTION\s+SPLIT:\s*PART\s+\d+\s*[—–-]+\s*CONTINUE\?\s*"
    r"\(\s*remaining:\s*(?P<rest>.*)\)",
    re.IGNORECASE,
)
UV_RE = re.compile(r"\buv\s+(?:add|remove)\b(?P<args>[^\n`;|&]*)")
# uv add/remove options that take a value (the value is not a package).
UV_VALUE_OPTIONS = frozenset(
    {
        "--group",
        "-G",
        "--optional",
        "--extra",
        "--index",
        "--default-index",
        "--index-url",
        "--extra-index-url",
        "--find-links",
        "-f",
        "--package",
        "--project",
        "--directory",
        "--script",
        "--python",
        "-p",
        "--tag",
        "--branch",
        "--rev",
        "--requirements",
        "-r",
        "--constraints",
        "-c",
        "--marker",
        "-m",
        "--bounds",
        "--config-file",
        "--cache-dir",
    }
)
DIFF_INFOS = frozenset({"diff", "patch", "udiff"})
# Files that may quote a diff in their own text; judged by their fence only.
PROSE_SUFFIXES = (".md", ".markdown", ".rst", ".txt")
CYRILLIC_RE = re.compile(r"[\u0400-\u052f\u1c80-\u1c8f\u2de0-\u2dff\ua640-\ua69f]")


@dataclass(frozen=True)
class FileBlock:
    """One file of the answer: a backticked path line and its fenced block.

    Attributes:
        path: The relative POSIX path, ``./`` and doubled slashes removed.
        path_line: 1-based answer line of the path line.
        fence_line: 1-based answer line of the opening fence.
        content: The file's text.
        indent: Columns the fence is indented by (added to finding columns).
        info: The fence's info string.
    """

    path: str
    path_line: int
    fence_line: int
    content: str
    indent: int
    info: str

    @property
    def line_count(self) -> int:
        """The number of lines of the file.

        Returns:
            0 for an empty block.
        """
        return len(self.content.splitlines())

    def answer_line(self, line: int) -> int:
        """Map a line of the file to the answer's line.

        Args:
            line: A 1-based line of the file (clamped to the file).

        Returns:
            The answer's 1-based line; the fence line for an empty file.
        """
        count = self.line_count
        if count == 0:
            return self.fence_line
        return self.fence_line + min(max(line, 1), count)


@dataclass
class ParsedAnswer:
    """What the answer says, and what is wrong with its format.

    Attributes:
        findings: DJA300-DJA306 findings.
        blocks: The file blocks that can be laid over a project (valid path,
            first of their path, not a diff).
    """

    findings: list[HookFinding] = field(default_factory=list)
    blocks: list[FileBlock] = field(default_factory=list)


@dataclass(frozen=True)
class _Section:
    """A top-level ``##`` section: heading text and 0-based line range."""

    title: str
    start: int
    end: int
    shown: str


def _parse_tokens(text: str) -> list[Token]:
    """Parse Markdown with markdown-it-py's CommonMark preset.

    Args:
        text: The answer, line endings normalised to ``\\n``.

    Returns:
        The block tokens.
    """
    from markdown_it import MarkdownIt  # noqa: PLC0415 - only `djarch answer` pays for it

    return MarkdownIt("commonmark").parse(text)


def _normal_title(title: str) -> str:
    """Normalise a heading for comparison.

    Args:
        title: The heading's inline text.

    Returns:
        The text with whitespace collapsed and emoji variation selectors removed.
    """
    return " ".join(title.replace("\ufe0f", "").split())


def parse_answer(
    text: str,
    display: str,
    project_file: Callable[[str], str | None] = lambda _path: None,
) -> ParsedAnswer:
    """Judge an answer's format and list its files.

    Args:
        text: The answer's Markdown.
        display: The name to print for the answer.
        project_file: Returns the project's text of a relative path (``None``
            when it has none); DJA304 compares ``pyproject.toml`` with it.

    Returns:
        The findings and the usable file blocks.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    tokens = _parse_tokens(text)
    sections = _sections(tokens, len(lines))
    result = ParsedAnswer()
    report = _reporter(display, result.findings)
    _check_sections(sections, report)
    reasoning = next((s for s in sections if s.title == _normal_title(REASONING)), None)
    if reasoning is not None:
        _check_reasoning(tokens, lines, reasoning, report)
    code_lines = _code_lines(tokens)
    files = [s for s in sections if s.title == _normal_title(FILES)]
    commands_text = (
        "\n".join(lines[reasoning.start + 1 : reasoning.end]) if reasoning else ""
    )
    for section in files:
        result.blocks.extend(
            _file_blocks(
                tokens,
                lines,
                section,
                code_lines,
                report=report,
                earlier=result.blocks,
            )
        )
    for block in result.blocks:
        _check_dependencies(block, commands_text, project_file, report)
    _check_split(lines, code_lines, {block.path for block in result.blocks}, report)
    return result


def _reporter(display: str, found: list[HookFinding]) -> Callable[..., None]:
    """Build the function that records a format finding.

    Args:
        display: The answer's name.
        found: The list to append to.

    Returns:
        ``report(line, violation, **values)`` with a 1-based answer line.
    """

    def report(line: int, violation: type[Violation], **values: object) -> None:
        """Record one finding.

        Args:
            line: 1-based answer line.
            violation: The rule class.
            **values: Its message values.
        """
        found.append(finding(display, line, violation, 1, **values))

    return report


def _sections(tokens: list[Token], line_count: int) -> list[_Section]:
    """List the top-level ``##`` sections.

    Args:
        tokens: The block tokens.
        line_count: The answer's number of lines.

    Returns:
        The sections in order, each up to the next ``##`` heading.
    """
    heads: list[tuple[str, int, str]] = []
    for index, token in enumerate(tokens):
        if (
            token.type == "heading_open"
            and token.tag == "h2"
            and token.level == 0
            and token.map
        ):
            title = tokens[index + 1].content if index + 1 < len(tokens) else ""
            heads.append((_normal_title(title), token.map[0], title.strip()))
    return [
        _Section(
            title,
            start,
            heads[i + 1][1] if i + 1 < len(heads) else line_count,
            shown,
        )
        for i, (title, start, shown) in enumerate(heads)
    ]


def _check_sections(sections: list[_Section], report: Callable[..., None]) -> None:
    """DJA300: exactly the reasoning and files sections, in that order.

    Args:
        sections: The ``##`` sections.
        report: Records a finding.
    """
    titles = [section.title for section in sections]
    expected = [_normal_title(REASONING), _normal_title(FILES)]
    allowed = (expected, [*expected, _normal_title(OUT_OF_SCOPE)])
    if titles in allowed:
        return
    full = [*expected, _normal_title(OUT_OF_SCOPE)]
    line = next(
        (
            section.start + 1
            for index, section in enumerate(sections)
            if index >= len(full) or section.title != full[index]
        ),
        1,
    )
    found = (
        ", ".join(f"'## {section.shown}'" for section in sections)
        if sections
        else "missing"
    )
    report(line, rules.AnswerSections, found=found)


def _check_reasoning(
    tokens: list[Token],
    lines: list[str],
    section: _Section,
    report: Callable[..., None],
) -> None:
    """DJA301 (bold labels) and DJA306 (Russian) on the reasoning section.

    Args:
        tokens: The block tokens.
        lines: The answer's lines.
        section: The reasoning section.
        report: Records a finding.
    """
    heading = section.start + 1
    bold = {
        label.rstrip(":").strip()
        for token in tokens
        if token.type == "inline"
        and token.map
        and section.start < token.map[0] < section.end
        for label in _strong_texts(token)
    }
    for label in LABELS:
        if label not in bold:
            report(heading, rules.ReasoningParts, label=label)
    body = "\n".join(lines[section.start + 1 : section.end])
    if not any(char.isalpha() for char in CYRILLIC_RE.findall(body)):
        report(heading, rules.ReasoningLanguage)


def _strong_texts(token: Token) -> Iterable[str]:
    """Yield the text of each bold span of an inline token.

    Args:
        token: An ``inline`` token.

    Yields:
        The plain text between ``strong_open`` and ``strong_close``.
    """
    depth = 0
    parts: list[str] = []
    for child in token.children or []:
        if child.type == "strong_open":
            depth += 1
            if depth == 1:
                parts = []
        elif child.type == "strong_close":
            depth -= 1
            if depth == 0:
                yield "".join(parts)
        elif depth and child.type in {"text", "code_inline"}:
            parts.append(child.content)


def _code_lines(tokens: list[Token]) -> set[int]:
    """Collect the 0-based lines inside code or HTML blocks.

    Args:
        tokens: The block tokens.

    Returns:
        The line indexes no prose check may look at.
    """
    inside: set[int] = set()
    for token in tokens:
        if token.type in {"fence", "code_block", "html_block"} and token.map:
            inside.update(range(token.map[0], token.map[1]))
    return inside


def _path_problem(path: str) -> str | None:
    """Tell why a block path cannot name a project file.

    Args:
        path: The path as written.

    Returns:
        The problem, or ``None`` for a usable relative path.
    """
    if path.startswith(("/", "\\", "~")) or re.match(r"^[A-Za-z]:[\\/]", path):
        return f"absolute path {path}"
    parts = re.split(r"[\\/]", path)
    if ".." in parts:
        return f"path {path} leaves the project (..)"
    if ".git" in parts:
        return f"path {path} is inside .git, not a project file"
    return None


def _normal_path(path: str) -> str:
    """Normalise a relative block path for comparison and writing.

    Args:
        path: A usable relative path.

    Returns:
        The POSIX path without ``.`` components.
    """
    return PurePosixPath(path.replace("\\", "/")).as_posix().removeprefix("./")


def _file_blocks(
    tokens: list[Token],
    lines: list[str],
    section: _Section,
    code_lines: set[int],
    *,
    report: Callable[..., None],
    earlier: list[FileBlock],
) -> list[FileBlock]:
    """DJA302/DJA303 on one files section, and its usable blocks.

    Args:
        tokens: The block tokens.
        lines: The answer's lines.
        section: The section.
        code_lines: Lines inside code blocks.
        report: Records a finding.
        earlier: Blocks of earlier files sections (for duplicates).

    Returns:
        The usable blocks of this section.
    """
    path_lines: dict[int, str] = {}
    for number in range(section.start + 1, section.end):
        match = PATH_LINE_RE.match(lines[number])
        if match and number not in code_lines:
            path_lines[number] = match.group("path")
    fences = [
        (token, token.map[0])
        for token in tokens
        if token.type == "fence"
        and token.map
        and section.start < token.map[0] < section.end
    ]
    seen = {block.path for block in earlier}
    paired: set[int] = set()
    blocks: list[FileBlock] = []
    for fence, start in fences:
        path = path_lines.get(start - 1)
        above = start - 1
        while above > section.start and not lines[above].strip():
            above -= 1
        if path is None and above < start - 1 and above in path_lines:
            paired.add(above)
            report(
                above + 1,
                rules.FileBlockFormat,
                problem=f"blank line between path line `{path_lines[above]}` and its fenced block",
            )
            continue
        if path is None:
            report(
                start + 1,
                rules.FileBlockFormat,
                problem="code block without a backticked path line right above it",
            )
            continue
        paired.add(start - 1)
        problem = _path_problem(path)
        normal = _normal_path(path) if problem is None else path
        if problem is None and normal in seen:
            problem = f"{normal} is given twice"
        if problem is not None:
            report(start, rules.FileBlockFormat, problem=problem)
            continue
        seen.add(normal)
        raw = lines[start]
        block = FileBlock(
            path=normal,
            path_line=start,
            fence_line=start + 1,
            content=fence.content,
            indent=len(raw) - len(raw.lstrip(" ")),
            info=fence.info.strip(),
        )
        if _is_diff(block):
            report(start + 1, rules.DiffInsteadOfFile, path=normal)
            continue
        blocks.append(block)
    for number, path in sorted(path_lines.items()):
        if number not in paired:
            report(
                number + 1,
                rules.FileBlockFormat,
                problem=f"path line `{path}` is not directly followed by a fenced block",
            )
    return blocks


def _is_diff(block: FileBlock) -> bool:
    """Tell whether a file block holds a diff instead of a file (DJA303).

    Args:
        block: The block.

    Returns:
        True when fenced as a diff, or when its lines form a unified diff.
    """
    lower = block.path.lower()
    if lower.endswith((".diff", ".patch")):
        return False
    info = block.info.split(maxsplit=1)[0].lower() if block.info else ""
    if info in DIFF_INFOS:
        return True
    if lower.endswith(PROSE_SUFFIXES):
        return False
    body = block.content.split("\n")
    headers = [
        index
        for index in range(len(body) - 1)
        if body[index].startswith("--- ") and body[index + 1].startswith("+++ ")
    ]
    return bool(headers) and any(
        line.startswith("@@ ") for line in body[headers[0] + 2 :]
    )


def dependency_lines(text: str) -> dict[str, int] | None:
    """Read the dependency names a ``pyproject.toml`` declares.

    Args:
        text: The TOML text.

    Returns:
        PEP 503 names with the 1-based line that first quotes each, or
        ``None`` when the text is not TOML.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return None
    requirements: list[str] = []
    project = data.get("project")
    if isinstance(project, dict):
        requirements += _strings(project.get("dependencies"))
        optional = project.get("optional-dependencies")
        if isinstance(optional, dict):
            for value in optional.values():
                requirements += _strings(value)
    groups = data.get("dependency-groups")
    if isinstance(groups, dict):
        for value in groups.values():
            requirements += _strings(value)
    tool = data.get("tool")
    uv = tool.get("uv") if isinstance(tool, dict) else None
    if isinstance(uv, dict):
        requirements += _strings(uv.get("dev-dependencies"))
    source = text.split("\n")
    names: dict[str, int] = {}
    for requirement in requirements:
        name = normalise_name(requirement)
        if name and name not in names:
            names[name] = next(
                (
                    number
                    for number, line in enumerate(source, start=1)
                    if f'"{requirement}"' in line or f"'{requirement}'" in line
                ),
                1,
            )
    return names


def _strings(value: object) -> list[str]:
    """Keep the string items of a TOML array.

    Args:
        value: A TOML value.

    Returns:
        Its strings (group includes and other tables are skipped).
    """
    if isinstance(value, list):
        return [item for item in value if isinstance(item, str)]
    return []


def uv_packages(text: str) -> set[str]:
    """Collect the packages that ``uv add`` / ``uv remove`` commands name.

    Args:
        text: The reasoning section.

    Returns:
        PEP 503 names of the packages.
    """
    names: set[str] = set()
    for match in UV_RE.finditer(text):
        try:
            words = shlex.split(match.group("args"))
        except ValueError:
            words = match.group("args").split()
        skip = False
        for word in words:
            if skip:
                skip = False
                continue
            if word.startswith("-"):
                skip = word in UV_VALUE_OPTIONS
                continue
            name = normalise_name(word.strip("'\".,"))
            if name:
                names.add(name)
    return names


def _check_dependencies(
    block: FileBlock,
    commands_text: str,
    project_file: Callable[[str], str | None],
    report: Callable[..., None],
) -> None:
    """DJA304: dependency changes in a ``pyproject.toml`` need uv commands.

    Args:
        block: A file block.
        commands_text: The reasoning section's text.
        project_file: Reads the project's copy of a path.
        report: Records a finding.
    """
    if PurePosixPath(block.path).name != "pyproject.toml":
        return
    new = dependency_lines(block.content)
    before = project_file(block.path)
    old = dependency_lines(before) if before is not None else {}
    if new is None or old is None:
        return
    named = uv_packages(commands_text)
    changed = sorted((set(new) ^ set(old)) - named)
    if not changed:
        return
    line = min((new[name] for name in changed if name in new), default=1)
    report(
        block.answer_line(line),
        rules.DependencyEditedByHand,
        packages=", ".join(changed),
        path=block.path,
    )


def _check_split(
    lines: list[str],
    code_lines: set[int],
    given: set[str],
    report: Callable[..., None],
) -> None:
    """DJA305: the split line ends the part and lists only files still to come.

    Args:
        lines: The answer's lines.
        code_lines: Lines inside code blocks.
        given: Paths of the files this part contains.
        report: Records a finding.
    """
    non_empty = [number for number, line in enumerate(lines) if line.strip()]
    last = non_empty[-1] if non_empty else -1
    for number, line in enumerate(lines):
        if number in code_lines:
            continue
        match = SPLIT_RE.search(line)
        if match is None:
            continue
        problems: list[str] = []
        if number != last:
            problems.append("is not the answer's last line")
        rest = match.group("rest")
        listed = re.findall(r"`([^`]+)`", rest) or re.split(r"[,\s]+", rest)
        repeated = sorted(
            {
                _normal_path(item.strip())
                for item in listed
                if item.strip() and _normal_path(item.strip()) in given
            }
        )
        if repeated:
            problems.append(
                f"lists {', '.join(repeated)} as remaining but this part contains it"
            )
        if problems:
            report(number + 1, rules.SplitProtocol, problem=" and ".join(problems))


def doc_examples(doc: str, heading: str) -> list[str]:
    """Extract the example answers under one heading of a rule's documentation.

    The examples hold ``##`` headings of their own inside their fences, so the
    sections are found by the Markdown parser, not by a text search.

    Args:
        doc: The rule's Markdown documentation.
        heading: The heading text, e.g. ``Example``.

    Returns:
        The fenced blocks' contents between that heading and the next ``##``.
    """
    tokens = _parse_tokens(doc)
    sections = _sections(tokens, len(doc.split("\n")))
    wanted = [section for section in sections if section.title == heading]
    return [
        token.content
        for token in tokens
        if token.type == "fence"
        and token.map
        and any(s.start < token.map[0] < s.end for s in wanted)
    ]
