"""A small Dockerfile tokenizer: directives, continuations, heredocs, forms."""

from __future__ import annotations

import functools
import json
import re
import shlex
from dataclasses import dataclass, field

from djarch_hooks.common import UnusableInputError

DIRECTIVE_RE = re.compile(r"^#\s*([a-zA-Z][a-zA-Z0-9_-]*)\s*=\s*(.*?)\s*$")
INSTRUCTION_RE = re.compile(r"^\s*([A-Za-z]+)(?:\s+(.*))?$", re.DOTALL)
HEREDOC_RE = re.compile(r"<<(-?)([\"']?)([A-Za-z_][A-Za-z0-9_]*)\2")
HEREDOC_INSTRUCTIONS = frozenset({"RUN", "COPY", "ADD"})
KNOWN_INSTRUCTIONS = frozenset(
    {
        "ADD",
        "ARG",
        "CMD",
        "COPY",
        "ENTRYPOINT",
        "ENV",
        "EXPOSE",
        "FROM",
        "HEALTHCHECK",
        "LABEL",
        "MAINTAINER",
        "ONBUILD",
        "RUN",
        "SHELL",
        "STOPSIGNAL",
        "USER",
        "VOLUME",
        "WORKDIR",
    }
)
VAR_RE = re.compile(
    r"\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::?[-+]([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))"
)


@dataclass
class Instruction:
    """One Dockerfile instruction with its continuation lines joined.

    Attributes:
        keyword: The upper-cased instruction, e.g. ``RUN``.
        value: The arguments after the keyword, continuations joined by a space.
        line: The 1-based line the instruction starts on.
        end_line: The 1-based last line (heredoc bodies included).
        heredocs: Bodies of ``<<EOF`` here-documents, in order.
    """

    keyword: str
    value: str
    line: int
    end_line: int
    heredocs: list[str] = field(default_factory=list)

    def flags(self) -> tuple[dict[str, str], str]:
        """Split leading ``--flag=value`` options from the arguments.

        Returns:
            The flags by name (lower-cased, without dashes) and the rest.
        """
        flags: dict[str, str] = {}
        rest = self.value.lstrip()
        while rest.startswith("--"):
            token, _, remainder = rest.partition(" ")
            name, _, flag_value = token[2:].partition("=")
            flags[name.lower()] = flag_value
            rest = remainder.lstrip()
        return flags, rest

    def exec_form(self) -> list[str] | None:
        """Parse the JSON (exec) form of the arguments.

        Returns:
            The argument list, or ``None`` for the shell form.
        """
        _, rest = self.flags()
        text = rest.strip()
        if not text.startswith("["):
            return None
        try:
            parsed = json.loads(text)
        except (ValueError, RecursionError):
            return None
        if isinstance(parsed, list) and all(isinstance(item, str) for item in parsed):
            return parsed
        return None

    def command_text(self) -> str:
        """Return the command a RUN/CMD/ENTRYPOINT runs, as one string.

        Returns:
            The exec-form words joined by spaces, or the shell text with the
            heredoc bodies appended.
        """
        words = self.exec_form()
        if words is not None:
            return " ".join(words)
        _, rest = self.flags()
        return "\n".join([rest, *self.heredocs])

    def words(self) -> list[str]:
        """Split the command into words (exec form, or shell form via shlex).

        Returns:
            The words; an unbalanced quote falls back to whitespace splitting.
        """
        words = self.exec_form()
        if words is not None:
            return words
        _, rest = self.flags()
        try:
            return shlex.split(rest, comments=False, posix=True)
        except ValueError:
            return rest.split()


@dataclass
class Stage:
    """One ``FROM`` stage.

    Attributes:
        index: 0-based stage number.
        image: The image reference with global ``ARG`` defaults substituted.
        name: The ``AS`` name, lower-cased, or ``""``.
        line: The ``FROM`` line.
        instructions: The instructions after ``FROM`` up to the next stage.
    """

    index: int
    image: str
    name: str
    line: int
    instructions: list[Instruction] = field(default_factory=list)

    def of(self, *keywords: str) -> list[Instruction]:
        """List this stage's instructions of the given kinds.

        Args:
            *keywords: Upper-cased instruction names.

        Returns:
            The matching instructions in order.
        """
        return [item for item in self.instructions if item.keyword in keywords]


def tokenize(text: str) -> list[Instruction]:
    """Split a Dockerfile into instructions.

    Args:
        text: The Dockerfile.

    Returns:
        The instructions in order.

    Raises:
        UnusableInputError: On an unterminated continuation (a truncated
            file) or heredoc, or a line that is not a known instruction.
    """
    lines = text.splitlines()
    escape = _escape_char(lines)
    instructions: list[Instruction] = []
    index = 0
    while index < len(lines):
        raw = lines[index]
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            index += 1
            continue
        start = index
        parts: list[str] = []
        current = raw
        while True:
            body = current.rstrip()
            if body.endswith(escape) and not HEREDOC_RE.search(body):
                parts.append(body[: -len(escape)])
                index += 1
                while index < len(lines) and (
                    not lines[index].strip() or lines[index].lstrip().startswith("#")
                ):
                    index += 1
                if index >= len(lines):
                    msg = f"line {start + 1}: unterminated line continuation at end of file"
                    raise UnusableInputError(msg)
                current = lines[index]
                continue
            parts.append(body)
            break
        joined = " ".join(part.strip() for part in parts)
        match = INSTRUCTION_RE.match(joined)
        if match is None:
            raise UnusableInputError(
                f"line {start + 1}: not a Dockerfile instruction: {stripped[:40]!r}"
            )
        keyword = match.group(1).upper()
        if keyword not in KNOWN_INSTRUCTIONS:
            raise UnusableInputError(
                f"line {start + 1}: unknown Dockerfile instruction {match.group(1)!r}"
            )
        value = (match.group(2) or "").strip()
        heredocs: list[str] = []
        if keyword in HEREDOC_INSTRUCTIONS:
            for heredoc in HEREDOC_RE.finditer(value):
                strip_tabs, delimiter = heredoc.group(1) == "-", heredoc.group(3)
                body_lines: list[str] = []
                index += 1
                while index < len(lines):
                    candidate = (
                        lines[index].lstrip("\t") if strip_tabs else lines[index]
                    )
                    if candidate.rstrip() == delimiter:
                        break
                    body_lines.append(lines[index])
                    index += 1
                else:
                    msg = f"line {start + 1}: unterminated heredoc <<{delimiter}"
                    raise UnusableInputError(msg)
                heredocs.append("\n".join(body_lines))
        instructions.append(Instruction(keyword, value, start + 1, index + 1, heredocs))
        index += 1
    return instructions


def _escape_char(lines: list[str]) -> str:
    """Read the escape parser directive.

    Args:
        lines: The Dockerfile's lines.

    Returns:
        The escape character, ``\\`` by default.
    """
    for line in lines:
        match = DIRECTIVE_RE.match(line.strip())
        if match is None:
            break
        if match.group(1).lower() == "escape" and match.group(2) in {"\\", "`"}:
            return match.group(2)
    return "\\"


def substitute(text: str, variables: dict[str, str]) -> str:
    """Expand ``$VAR`` / ``${VAR}`` / ``${VAR:-default}`` with known values.

    Args:
        text: The text.
        variables: Known ``ARG`` defaults.

    Returns:
        The text with known variables replaced; unknown ones stay.
    """

    def replace(match: re.Match[str]) -> str:
        """Replace one variable reference.

        Args:
            match: The variable match.

        Returns:
            The value, or the reference unchanged.
        """
        name = match.group(1) or match.group(3)
        if name in variables:
            return variables[name]
        if (
            match.group(2) is not None
            and match.group(0).startswith("${")
            and ":-" in match.group(0)
        ):
            return match.group(2)
        return match.group(0)

    return VAR_RE.sub(replace, text)


class StageList(list[Stage]):
    """The stages of a Dockerfile, with a name index built once."""

    @functools.cached_property
    def by_name(self) -> dict[str, list[Stage]]:
        """Index named stages by their lower-cased ``AS`` name.

        Returns:
            The stages of each name, in order.
        """
        index: dict[str, list[Stage]] = {}
        for stage in self:
            if stage.name:
                index.setdefault(stage.name, []).append(stage)
        return index


def stages(instructions: list[Instruction]) -> StageList:
    """Group instructions into ``FROM`` stages.

    Args:
        instructions: The tokenized Dockerfile.

    Returns:
        The stages in order; instructions before the first ``FROM`` (global
        ``ARG``) only feed the image substitution.
    """
    global_args: dict[str, str] = {}
    result = StageList()
    for item in instructions:
        if item.keyword == "FROM":
            _, rest = item.flags()
            words = rest.split()
            image = substitute(words[0], global_args) if words else ""
            name = (
                words[2].lower() if len(words) >= 3 and words[1].lower() == "as" else ""
            )
            result.append(Stage(len(result), image, name, item.line))
        elif result:
            result[-1].instructions.append(item)
        elif item.keyword == "ARG":
            name, _, default = item.value.strip().partition("=")
            if default:
                global_args[name.strip()] = default.strip().strip("\"'")
    return result
