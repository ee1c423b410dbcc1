"""djarch-dockerfile: the multi-stage, distroless Dockerfile of seed §10.1."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

from djarch_hooks.common import (
    HookFinding,
    finding,
    guard_broken_pipe,
    guarded,
    is_silenced,
    read_text,
    run_file_hook,
)
from djarch_hooks.dockerfile_parser import (
    Instruction,
    Stage,
    stages,
    substitute,
    tokenize,
)

from flake8_djarch.violations import project as rules

if TYPE_CHECKING:
    from collections.abc import Sequence

BUILDER_RE = re.compile(
    r"^(?:(?:docker\.io|index\.docker\.io)/)?(?:library/)?python"
    # Lookahead + possessive run: linear, where ``[^@]*-slim[^@]*`` backtracks.
    r"(?::3\.12(?![0-9])(?=[^@]*-slim)[^@]*+(?:@sha256:[0-9a-f]+)?|@sha256:[0-9a-f]+)$",
    re.IGNORECASE,
)
DISTROLESS_PYTHON_RE = re.compile(
    r"^gcr\.io/distroless/python3-debian(\d+)(?::([^@]+))?(?:@.+)?$"
)
UV_IMAGE_RE = re.compile(r"^ghcr\.io/astral-sh/uv(?:[:@].*)?$")
SHELLS = frozenset({"sh", "bash", "ash", "dash", "zsh", "busybox"})
DEBIAN_PYTHON = {"11": "3.9", "12": "3.11", "13": "3.13"}
ROOT_USERS = frozenset({"root", "0"})
RUFF_VERB = r"\bruff(?:[@=][^\s]*)?\s+{verb}\b"


def is_dockerfile(path: str) -> bool:
    """Tell whether a file name is a Dockerfile.

    Args:
        path: The file path.

    Returns:
        ``True`` for ``Dockerfile``, ``*.Dockerfile``, ``Dockerfile.*`` and
        the same with ``Containerfile`` (Podman/Buildah), in any case.
    """
    name = PurePath(path).name
    lower = name.lower()
    if lower.endswith((".dockerignore", ".containerignore")):
        return False
    return any(
        lower == stem or lower.endswith(f".{stem}") or lower.startswith(f"{stem}.")
        for stem in ("dockerfile", "containerfile")
    )


def check_dockerfile(text: str, path: str) -> list[HookFinding]:
    """Judge one Dockerfile against seed §10.1 (DJA110–DJA122).

    Args:
        text: The Dockerfile.
        path: The path to print.

    Returns:
        The findings, ``# noqa`` not yet applied.
    """
    all_stages = stages(tokenize(text))
    found: list[HookFinding] = []
    if len(all_stages) < 2:
        found.append(
            finding(path, 1, rules.DockerfileSingleStage, count=len(all_stages))
        )
    if not all_stages:
        return found
    final = effective_final(all_stages)
    builders = _builder_stages(all_stages)
    builder = builders[0]
    if not BUILDER_RE.match(builder.image) and "$" not in builder.image:
        found.append(
            finding(
                path, builder.line, rules.DockerfileBuilderImage, image=builder.image
            )
        )
    distroless = DISTROLESS_PYTHON_RE.match(final.image)
    if (
        (distroless is None or distroless.group(1) != "12")
        and "$" not in final.image
        and not _is_stage_ref(final.image, all_stages)
    ):
        found.append(
            finding(path, final.line, rules.DockerfileRuntimeImage, image=final.image)
        )
    found.extend(_builder_findings(path, builders, all_stages))
    found.extend(_final_findings(path, final, builders, all_stages))
    if distroless is not None:
        found.extend(_interpreter_findings(path, final, builder, distroless))
    return found


def effective_final(all_stages: list[Stage]) -> Stage:
    """Return the final stage as it runs, earlier stages it builds on included.

    ``FROM runtime`` where ``runtime`` is an earlier stage inherits that
    stage's base image, ``USER``, ``ENV``, ``COPY`` and entry point, so the
    final stage is judged with its parents' instructions in front of its own.

    Args:
        all_stages: Every stage (at least one).

    Returns:
        The final stage; for a stage reference, a copy carrying the resolved
        base image and the inherited instructions.
    """
    final = all_stages[-1]
    image = final.image
    parents: list[Stage] = []
    seen: set[int] = {final.index}
    named = stage_names(all_stages)
    while True:
        parent = next(
            (
                stage
                for stage in named.get(image.lower(), ())
                if stage.index < final.index
            ),
            None,
        )
        if parent is None or parent.index in seen:
            break
        seen.add(parent.index)
        parents.append(parent)
        image = parent.image
    inherited = [item for parent in reversed(parents) for item in parent.instructions]
    if not inherited and image == final.image:
        return final
    return Stage(
        final.index, image, final.name, final.line, [*inherited, *final.instructions]
    )


def stage_names(all_stages: list[Stage]) -> dict[str, list[Stage]]:
    """Index stages by their ``AS`` name (memoised on the list of stages).

    Args:
        all_stages: Every stage (as returned by ``stages``).

    Returns:
        Named stages by lower-cased name, in order.
    """
    cached: dict[str, list[Stage]] | None = getattr(all_stages, "by_name", None)
    if cached is not None:
        return cached
    index: dict[str, list[Stage]] = {}
    for stage in all_stages:
        if stage.name:
            index.setdefault(stage.name, []).append(stage)
    return index


def _builder_stages(all_stages: list[Stage]) -> list[Stage]:
    """Pick the builder stages: all but the final one, uv image stages left out.

    Args:
        all_stages: Every stage.

    Returns:
        The builder stages, first one first.
    """
    candidates = all_stages[:-1] if len(all_stages) > 1 else all_stages
    useful = [stage for stage in candidates if not UV_IMAGE_RE.match(stage.image)]
    return useful or candidates


def _is_stage_ref(image: str, all_stages: list[Stage]) -> bool:
    """Tell whether an image name refers to an earlier stage.

    Args:
        image: The image reference.
        all_stages: Every stage.

    Returns:
        ``True`` when a named stage has that name.
    """
    return image.lower() in stage_names(all_stages)


def _builder_findings(
    path: str, builders: list[Stage], all_stages: list[Stage]
) -> list[HookFinding]:
    """Judge the builder stages (DJA113-DJA116).

    Args:
        path: The path to print.
        builders: The builder stages.
        all_stages: Every stage.

    Returns:
        The findings.
    """
    instructions = [item for stage in builders for item in stage.instructions]
    runs = [item.command_text() for item in instructions if item.keyword == "RUN"]
    found: list[HookFinding] = []
    if not any(_copies_uv(item, all_stages) for item in instructions):
        found.append(finding(path, 1, rules.DockerfileUvNotCopied))
    env = _env_values(instructions)
    frozen_env = env.get("UV_FROZEN", "").lower() in {"1", "true", "yes"}
    no_dev_env = env.get("UV_NO_DEV", "").lower() in {"1", "true", "yes"}
    syncs = [
        segment
        for text in runs
        for segment in _segments(text)
        if re.search(r"\buv\s+sync\b", segment)
    ]
    good_sync = any(
        (frozen_env or "--frozen" in segment) and (no_dev_env or "--no-dev" in segment)
        for segment in syncs
    )
    if not good_sync:
        detail = (
            "no uv sync at all" if not syncs else "uv sync lacks --frozen or --no-dev"
        )
        found.append(finding(path, 1, rules.DockerfileUvSyncNotFrozen, detail=detail))
    missing = [
        f"`ruff {verb}`"
        for verb in ("check", "format")
        if not any(re.search(RUFF_VERB.format(verb=verb), text) for text in runs)
    ]
    if missing:
        found.append(
            finding(path, 1, rules.DockerfileNoRuffGate, missing=" and ".join(missing))
        )
    if not any(
        re.search(r"\bcollectstatic\b[^\n;&|]*--no-?input\b", text) for text in runs
    ):
        found.append(finding(path, 1, rules.DockerfileNoCollectstatic))
    return found


def _segments(text: str) -> list[str]:
    """Split a shell command into its simple commands.

    Args:
        text: The text.

    Returns:
        The commands split at ``&&``, ``||``, ``;`` and newlines.
    """
    return [part for part in re.split(r"&&|\|\||;|\n", text) if part.strip()]


def _copies_uv(item: Instruction, all_stages: list[Stage]) -> bool:
    """Tell whether an instruction takes uv from the ghcr.io/astral-sh/uv image.

    Args:
        item: The instruction.
        all_stages: Every stage.

    Returns:
        ``True`` for COPY/RUN --mount from the uv image or a stage based on it.
    """
    if item.keyword == "COPY":
        source = item.flags()[0].get("from", "")
        if UV_IMAGE_RE.match(source):
            return True
        return any(
            UV_IMAGE_RE.match(stage.image)
            for stage in stage_names(all_stages).get(source.lower(), ())
        )
    if item.keyword == "RUN":
        mount = item.flags()[0].get("mount", "")
        return "astral-sh/uv" in mount
    return False


def _env_values(instructions: list[Instruction]) -> dict[str, str]:
    """Collect the variables set by ENV (and ARG defaults) instructions.

    References to earlier variables are expanded the way Docker does it:
    with the values from before the instruction, so
    ``ENV PATH="$VIRTUAL_ENV/bin:$PATH"`` sees an earlier ``VIRTUAL_ENV``.

    Args:
        instructions: The instructions.

    Returns:
        Variable values by name.
    """
    values: dict[str, str] = {}
    for item in instructions:
        if item.keyword not in {"ENV", "ARG"}:
            continue
        words = item.words()
        before = dict(values)
        if item.keyword == "ENV" and words and "=" not in words[0]:
            values[words[0]] = substitute(" ".join(words[1:]), before)
            continue
        for word in words:
            name, sep, value = word.partition("=")
            if sep:
                values[name] = substitute(value, before)
    return values


def _final_findings(
    path: str, final: Stage, builders: list[Stage], all_stages: list[Stage]
) -> list[HookFinding]:
    """Judge the final stage (DJA117-DJA121).

    Args:
        path: The path to print.
        final: The final stage.
        builders: The builder stages.
        all_stages: Every stage.

    Returns:
        The findings.
    """
    found: list[HookFinding] = []
    distroless = DISTROLESS_PYTHON_RE.match(final.image)
    entry = final.of("ENTRYPOINT", "CMD")
    found.extend(
        finding(path, item.line, rules.DockerfileShellForm, instruction=item.keyword)
        for item in entry
        if item.exec_form() is None
    )
    if distroless is not None and "debug" not in (distroless.group(2) or ""):
        for item in final.of("RUN", "SHELL"):
            words = item.exec_form()
            if (
                item.keyword == "RUN"
                and words
                and posixpath.basename(words[0]) not in SHELLS
            ):
                continue
            found.append(
                finding(
                    path,
                    item.line,
                    rules.DockerfileShellInRuntime,
                    instruction=item.keyword,
                )
            )
    venv_problem = _venv_problem(final, builders, all_stages)
    if venv_problem:
        found.append(
            finding(path, 1, rules.DockerfileVenvNotOnPath, problem=venv_problem)
        )
    last_entry = [item for item in entry if item.keyword == "ENTRYPOINT"][-1:]
    last_cmd = [item for item in entry if item.keyword == "CMD"][-1:]
    command = [word for item in last_entry + last_cmd for word in item.words()]
    if not _runs_gunicorn(command):
        line = (last_entry or last_cmd)[0].line if entry else 1
        shown = " ".join(command) or "(none)"
        found.append(
            finding(path, line, rules.DockerfileEntrypointNotGunicorn, command=shown)
        )
    root_reason = _root_reason(final)
    if root_reason:
        line = root_reason[1]
        found.append(
            finding(path, line, rules.DockerfileRunsAsRoot, reason=root_reason[0])
        )
    return found


def _source_stage(item: Instruction, all_stages: list[Stage]) -> Stage | None:
    """Find the stage a COPY --from refers to.

    Args:
        item: The instruction.
        all_stages: Every stage.

    Returns:
        The stage, or ``None`` when --from names no stage of this Dockerfile.
    """
    source = item.flags()[0].get("from", "").lower()
    if not source:
        return None
    candidates = list(stage_names(all_stages).get(source, ()))[:1]
    if (
        source.isdigit()
        and str(int(source)) == source
        and int(source) < len(all_stages)
    ):
        candidates.append(all_stages[int(source)])
    return min(candidates, key=lambda stage: stage.index, default=None)


def _venv_path(stage: Stage) -> str:
    """Work out where uv creates the virtualenv in a stage.

    Args:
        stage: The stage.

    Returns:
        The absolute venv path.
    """
    env = _env_values(stage.instructions)
    if env.get("UV_PROJECT_ENVIRONMENT"):
        return posixpath.normpath(env["UV_PROJECT_ENVIRONMENT"])
    workdir = "/"
    for item in stage.of("WORKDIR"):
        workdir = posixpath.join(workdir, item.value.strip().strip("\"'"))
    return posixpath.normpath(posixpath.join(workdir, ".venv"))


def _venv_problem(final: Stage, builders: list[Stage], all_stages: list[Stage]) -> str:
    """Describe what the final stage lacks for the venv (DJA119).

    Args:
        final: The final stage.
        builders: The builder stages.
        all_stages: Every stage.

    Returns:
        The problem, or ``""``.
    """
    venv_targets: list[str] = []
    builder_ids = {id(stage) for stage in builders}
    for item in final.of("COPY"):
        source_stage = _source_stage(item, all_stages)
        if source_stage is None or source_stage is final:
            continue
        words = [word for word in item.words() if not word.startswith("--")]
        if len(words) < 2:
            continue
        is_builder = id(source_stage) in builder_ids
        venv = _venv_path(source_stage if is_builder else builders[0])
        for source in words[:-1]:
            if _covers(source, venv):
                venv_targets.extend(_landings(source, venv, words[-1]))
    env = _env_values(final.instructions)
    path_value = env.get("PATH", "")
    if not venv_targets:
        return "does not copy .venv from the builder"
    if ".venv/bin" not in path_value and not any(
        target.rstrip("/") and target.rstrip("/") + "/bin" in path_value
        for target in venv_targets
    ):
        return "does not put .venv/bin on PATH"
    return ""


def _landings(source: str, venv: str, target: str) -> list[str]:
    """Work out where a copied venv lands in the final stage.

    ``COPY`` copies a directory's contents, so ``COPY /opt/ /opt/`` of a venv
    at ``/opt/venv`` puts it at ``/opt/venv``.

    Args:
        source: The COPY source that covers the venv.
        venv: The venv's path in the source stage.
        target: The COPY destination.

    Returns:
        The copy target and, for a parent folder, the venv's path below it.
    """
    landings = [target]
    cleaned = posixpath.normpath(posixpath.join("/", source.strip()))
    if cleaned != venv and venv.startswith(cleaned.rstrip("/") + "/"):
        landings.append(
            posixpath.normpath(posixpath.join(target, posixpath.relpath(venv, cleaned)))
        )
    return landings


def _covers(source: str, venv: str) -> bool:
    """Tell whether a COPY source is the venv or a folder holding it.

    Args:
        source: The COPY source path.
        venv: The venv's absolute path.

    Returns:
        ``True`` when the source copies the venv.
    """
    cleaned = source.strip().rstrip("/") or "/"
    if cleaned.endswith("/*") or cleaned.endswith("/."):
        cleaned = cleaned[:-2] or "/"
    if posixpath.basename(cleaned) == ".venv":
        return True
    candidates = {posixpath.normpath(posixpath.join("/", cleaned))}
    if not cleaned.startswith("/"):
        candidates.add(
            posixpath.normpath(posixpath.join(posixpath.dirname(venv), cleaned))
        )
    return any(
        venv == item or venv.startswith(item.rstrip("/") + "/") for item in candidates
    )


def _runs_gunicorn(command: list[str]) -> bool:
    """Tell whether a command runs gunicorn with the ASGI app and its config file.

    Args:
        command: The command's words.

    Returns:
        ``True`` when it does.
    """
    if not any(
        posixpath.basename(word) == "gunicorn" or word == "gunicorn" for word in command
    ):
        return False
    if "config.asgi:application" not in command:
        return False
    for index, word in enumerate(command):
        if word in {"-c", "--config"} and index + 1 < len(command):
            value = command[index + 1]
        elif word.startswith("--config="):
            value = word.partition("=")[2]
        elif word.startswith("-c") and len(word) > 2:
            value = word[2:]
        else:
            continue
        if posixpath.basename(value.removeprefix("python:")) == "gunicorn.conf.py":
            return True
    return False


def _root_reason(final: Stage) -> tuple[str, int] | None:
    """Explain why the final stage runs as root, if it does.

    Args:
        final: The final stage.

    Returns:
        ``(reason, line)``, or ``None`` when the stage runs as another user.
    """
    tag = final.image.partition("@")[0]
    tag = tag.rpartition(":")[2] if ":" in tag.rpartition("/")[2] else ""
    users = final.of("USER")
    if users:
        last = users[-1]
        user = last.value.strip().partition(":")[0].strip("\"'")
        if user.lower() in ROOT_USERS:
            return (f"USER {user}", last.line)
        return None
    if "nonroot" in tag:
        return None
    return ("no USER and no :nonroot tag", final.line)


def _interpreter_findings(
    path: str,
    final: Stage,
    builder: Stage,
    distroless: re.Match[str],
) -> list[HookFinding]:
    """Judge whether the copied venv's Python exists in the final image (DJA122).

    Args:
        path: The path to print.
        final: The final stage.
        builder: The first builder stage.
        distroless: The match of the distroless image.

    Returns:
        The DJA122 finding, if any: a ``COPY --from`` of the interpreter
        from any stage or image (e.g. ``python:3.12-slim``) counts.
    """
    match = re.match(
        r"^(?:(?:docker\.io)/)?(?:library/)?python:(3\.\d+)", builder.image
    )
    final_version = DEBIAN_PYTHON.get(distroless.group(1))
    if match is None or final_version is None or match.group(1) == final_version:
        return []
    version = match.group(1)
    for item in final.of("COPY"):
        if not item.flags()[0].get("from"):
            continue
        for source in [word for word in item.words() if not word.startswith("--")][:-1]:
            cleaned = source.rstrip("/")
            if (
                f"python{version}" in cleaned
                or "libpython" in cleaned
                or cleaned in {"/usr/local", "/usr/local/lib"}
            ):
                return []
    return [
        finding(
            path,
            final.line,
            rules.DockerfilePythonMismatch,
            builder=version,
            image=final.image,
            final=final_version,
        )
    ]


def check_file(path: str, root: str | Path | None = None) -> list[HookFinding]:
    """Read, judge and apply ``# noqa`` to one Dockerfile.

    A ``# noqa`` comment counts on the finding's line, on any line of the
    instruction it belongs to, or on the comment line right above it
    (Dockerfiles have no trailing comments).

    Args:
        path: The Dockerfile.
        root: The project root it must stay inside (default: see
            :func:`djarch_hooks.common.read_text`).

    Returns:
        The findings that are not silenced.

    Raises:
        UnusableInputError: When the file cannot be read or judged.
    """
    text = read_text(path, root)
    return guarded(lambda: silence(check_dockerfile(text, path), text))


def silence(found: list[HookFinding], text: str) -> list[HookFinding]:
    """Drop Dockerfile findings silenced by ``# noqa``.

    Args:
        found: The findings.
        text: The Dockerfile.

    Returns:
        The findings that stay.
    """
    lines = text.splitlines()
    spans = {item.line: item.end_line for item in tokenize(text)}
    kept: list[HookFinding] = []
    for item in found:
        end = spans.get(item.line, item.line)
        numbers = list(range(item.line, end + 1))
        above = item.line - 1
        while above >= 1 and lines[above - 1].lstrip().startswith("#"):
            numbers.append(above)
            above -= 1
        if not is_silenced(item.code, lines, numbers):
            kept.append(item)
    return kept


def _check_and_silence(text: str, path: str) -> list[HookFinding]:
    """Judge a Dockerfile and apply its noqa comments.

    Args:
        text: The text.
        path: The path to print.

    Returns:
        The findings that stay.
    """
    return silence(check_dockerfile(text, path), text)


@guard_broken_pipe
def main(argv: Sequence[str] | None = None) -> int:
    """Run the hook on the Dockerfiles given as arguments.

    Args:
        argv: Command-line arguments (default: ``sys.argv[1:]``).

    Returns:
        0 when clean, 1 with findings, 2 on unusable input.
    """
    return run_file_hook(
        argv,
        "djarch-dockerfile",
        "Check Dockerfiles against the seed's multi-stage distroless build (DJA110-DJA122).",
        is_dockerfile,
        _check_and_silence,
    )
