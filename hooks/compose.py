"""djarch-compose: the docker compose stack of seed §10.3."""

from __future__ import annotations

import re
from pathlib import PurePath
from typing import TYPE_CHECKING

import yaml
from djarch_hooks.common import (
    HookFinding,
    UnusableInputError,
    finding,
    guard_broken_pipe,
    non_secret_value,
    run_file_hook,
    secret_like_key,
)
from djarch_hooks.compose_files import is_compose_file
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from flake8_djarch.violations import project as rules

if TYPE_CHECKING:
    from collections.abc import Sequence

REQUIRED_SERVICES = {
    "app": "the ASGI application, built from the Dockerfile",
    "db": "image postgres:16.11",
    "redis": "image redis:7.2.7-alpine",
    "nginx": "image nginx:stable-alpine, reverse proxy and static files",
    "migrate": "image python:3.12-slim, runs migrations before app starts",
}
REGISTRY = r"(?:(?:docker\.io|index\.docker\.io)/)?(?:library/)?"
DIGEST = r"(?:@sha256:[0-9a-f]+)?"
PINNED_IMAGES = {
    "db": (
        "postgres:16.11",
        re.compile(rf"^{REGISTRY}postgres:16\.11(?:-[A-Za-z0-9.]+)?{DIGEST}$"),
    ),
    "redis": (
        "redis:7.2.7-alpine",
        re.compile(rf"^{REGISTRY}redis:7\.2\.7-alpine[0-9.]*{DIGEST}$"),
    ),
    "nginx": (
        "nginx:stable-alpine",
        re.compile(rf"^{REGISTRY}nginx:stable-alpine[A-Za-z0-9.-]*{DIGEST}$"),
    ),
    "migrate": (
        "python:3.12-slim",
        # Lookahead + possessive run: linear, where ``[^@]*-slim[^@]*`` backtracks.
        re.compile(rf"^{REGISTRY}python:3\.12(?![0-9])(?=[^@]*-slim)[^@]*+{DIGEST}$"),
    ),
}


MAX_FLOW_DEPTH = 100


def flow_depth(text: str) -> int:
    """Measure how deeply ``[`` / ``{`` flow collections nest, in one pass.

    Quoted strings and comments are skipped roughly (quotes within a line);
    the result only guards the parser against hostile input.

    Args:
        text: The YAML text.

    Returns:
        The deepest nesting seen.
    """
    deepest = depth = 0
    quote = ""
    for char in text:
        if quote:
            if char in {quote, "\n"}:
                quote = ""
        elif char in "'\"":
            quote = char
        elif char == "#":
            quote = "\n"
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth = max(depth - 1, 0)
    return deepest


def load_node(text: str) -> Node | None:
    """Parse YAML into a node tree that keeps line numbers.

    Args:
        text: The YAML text.

    Returns:
        The first document's root node (merge keys flattened), or ``None``
        for an empty document.

    Raises:
        UnusableInputError: If the YAML does not parse or nests too deeply.
    """
    if flow_depth(text) > MAX_FLOW_DEPTH:
        # PyYAML's scanner is quadratic in the flow depth, then recurses.
        raise UnusableInputError(
            f"YAML nested more than {MAX_FLOW_DEPTH} levels deep; not judged"
        )
    try:
        documents = [
            node
            for node in yaml.compose_all(text, Loader=yaml.SafeLoader)
            if node is not None
        ]
    except yaml.YAMLError as exc:
        reason = str(exc).replace("\n", " ")
        raise UnusableInputError(f"invalid YAML: {reason}") from exc
    if not documents:
        return None
    _flatten(documents[0], set())
    return documents[0]


def _flatten(node: Node, seen: set[int]) -> None:
    """Flatten YAML merge keys in a node tree, in place.

    Args:
        node: The node.
        seen: What was already visited.

    Raises:
        UnusableInputError: If the input is unusable.
    """
    if id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, MappingNode):
        try:
            SafeConstructor().flatten_mapping(node)
        except ConstructorError as exc:
            raise UnusableInputError(f"invalid YAML merge key: {exc.problem}") from exc
        for key, value in node.value:
            _flatten(key, seen)
            _flatten(value, seen)
    elif isinstance(node, SequenceNode):
        for item in node.value:
            _flatten(item, seen)


def mapping_items(node: Node | None) -> list[tuple[str, ScalarNode, Node]]:
    """List a mapping node's entries with scalar keys.

    Args:
        node: A node, possibly not a mapping.

    Returns:
        ``(key, key_node, value_node)`` triples; empty for other nodes.
    """
    if not isinstance(node, MappingNode):
        return []
    return [
        (key.value, key, value)
        for key, value in node.value
        if isinstance(key, ScalarNode)
    ]


def get(node: Node | None, key: str) -> Node | None:
    """Look a key up in a mapping node.

    Args:
        node: A node, possibly not a mapping.
        key: The key.

    Returns:
        The value node (the last one for a repeated key), or ``None``.
    """
    found = None
    for name, _, value in mapping_items(node):
        if name == key:
            found = value
    return found


def scalar(node: Node | None) -> str | None:
    """Return a scalar node's text.

    Args:
        node: A node or ``None``.

    Returns:
        The text, or ``None`` for other nodes and YAML null.
    """
    if not isinstance(node, ScalarNode) or node.tag == "tag:yaml.org,2002:null":
        return None
    return str(node.value)


def line_of(node: Node) -> int:
    """Return the 1-based line a node starts on.

    Args:
        node: The node.

    Returns:
        The line number.
    """
    return int(node.start_mark.line) + 1


def col_of(node: Node) -> int:
    """Return the 1-based column a node starts on.

    Args:
        node: The node.

    Returns:
        The column number.
    """
    return int(node.start_mark.column) + 1


def check_compose(text: str, path: str) -> list[HookFinding]:
    """Judge one compose file against seed §10.3 (DJA130–DJA133).

    Args:
        text: The compose file.
        path: The path to print.

    Returns:
        The findings, ``# noqa`` not yet applied.

    Raises:
        UnusableInputError: If the YAML does not parse or is not a mapping.
    """
    root = load_node(text)
    if root is not None and not isinstance(root, MappingNode):
        raise UnusableInputError(
            "a compose file must be a YAML mapping at the top level"
        )
    services_node = get(root, "services")
    if services_node is not None and not (
        isinstance(services_node, MappingNode)
        or (isinstance(services_node, ScalarNode) and scalar(services_node) is None)
    ):
        raise UnusableInputError(
            f"line {line_of(services_node)}: `services` must be a mapping of"
            " service names to definitions"
        )
    services = {name: (key, value) for name, key, value in mapping_items(services_node)}
    found: list[HookFinding] = []
    override = is_override(path)
    if not override:
        found.extend(
            finding(path, 1, rules.ComposeServiceMissing, service=name, purpose=purpose)
            for name, purpose in REQUIRED_SERVICES.items()
            if name not in services
        )
    for name, (key, value) in services.items():
        found.extend(_image_findings(path, name, key, value, override=override))
        found.extend(_secret_findings(path, name, value))
    if "app" in services:
        key, value = services["app"]
        problem = _migrate_dependency_problem(value, override=override)
        if problem:
            found.append(
                finding(
                    path,
                    line_of(key),
                    rules.ComposeAppNotAfterMigrate,
                    col=col_of(key),
                    problem=problem,
                )
            )
    return found


def is_override(path: str) -> bool:
    """Tell whether a compose file only overrides another one.

    Override files (``docker-compose.override.yml``, ``compose.override.yaml``)
    hold partial service definitions merged over the main file, so nothing
    is required to be in them: only what they set is judged.

    Args:
        path: The file path.

    Returns:
        ``True`` for override files.
    """
    return "override" in PurePath(path).name.lower()


def _image_findings(
    path: str, name: str, key: ScalarNode, value: Node, *, override: bool = False
) -> list[HookFinding]:
    """Judge one service's image or build (DJA131).

    Args:
        path: The path to print.
        name: The name.
        key: The service's key node.
        value: The value.
        override: Whether the file is an override file (a missing ``build``
            or ``image`` is then inherited, not a finding).

    Returns:
        The DJA131 findings.
    """
    if name == "app":
        if get(value, "build") is None and not override:
            return [
                finding(
                    path,
                    line_of(key),
                    rules.ComposeServiceImage,
                    col=col_of(key),
                    service=name,
                    problem="has no build",
                    expected="`build: .` (the project's Dockerfile)",
                )
            ]
        return []
    if name not in PINNED_IMAGES:
        return []
    expected, pattern = PINNED_IMAGES[name]
    image_node = get(value, "image")
    image = scalar(image_node)
    if image is None and override:
        return []
    if image is None:
        return [
            finding(
                path,
                line_of(key),
                rules.ComposeServiceImage,
                col=col_of(key),
                service=name,
                problem="has no image",
                expected=f"image {expected}",
            )
        ]
    if "$" in image or pattern.match(image.strip()):
        return []
    node = image_node if image_node is not None else key
    return [
        finding(
            path,
            line_of(node),
            rules.ComposeServiceImage,
            col=col_of(node),
            service=name,
            problem=f"uses image {image}",
            expected=f"image {expected}",
        )
    ]


def _secret_findings(path: str, service: str, value: Node) -> list[HookFinding]:
    """Judge one service's environment entries (DJA132).

    Args:
        path: The path to print.
        service: The service name.
        value: The value.

    Returns:
        The DJA132 findings.
    """
    environment = get(value, "environment")
    entries: list[tuple[str, str | None, Node]] = []
    if isinstance(environment, MappingNode):
        entries = [
            (name, scalar(node), key) for name, key, node in mapping_items(environment)
        ]
    elif isinstance(environment, SequenceNode):
        for item in environment.value:
            text = scalar(item)
            if text is None:
                continue
            name, sep, rest = text.partition("=")
            entries.append((name, rest if sep else None, item))
    found: list[HookFinding] = []
    for name, literal, node in entries:
        if (
            literal is None
            or not literal.strip()
            or "$" in literal
            or not secret_like_key(name)
        ):
            continue
        if non_secret_value(literal, name):
            continue
        found.append(
            finding(
                path,
                line_of(node),
                rules.ComposeLiteralSecret,
                col=col_of(node),
                key=name.strip(),
                service=service,
            )
        )
    return found


def _migrate_dependency_problem(app: Node, *, override: bool = False) -> str:
    """Describe what is wrong with app's dependency on migrate (DJA133).

    Args:
        app: The app service's node.
        override: Whether the file is an override file (only a
            ``depends_on`` it sets on migrate is judged there).

    Returns:
        The problem, or ``""`` when app waits for migrate correctly.
    """
    depends = get(app, "depends_on")
    if override and not _mentions_migrate(depends):
        return ""
    if isinstance(depends, SequenceNode):
        if any(scalar(item) == "migrate" for item in depends.value):
            return (
                "depends on migrate without `condition: service_completed_successfully`"
            )
        return "does not depend on migrate"
    migrate = get(depends, "migrate")
    if migrate is None:
        return "does not depend on migrate"
    if scalar(get(migrate, "condition")) != "service_completed_successfully":
        return "depends on migrate without `condition: service_completed_successfully`"
    return ""


def _mentions_migrate(depends: Node | None) -> bool:
    """Tell whether a ``depends_on`` value names the migrate service.

    Args:
        depends: The ``depends_on`` node, if any.

    Returns:
        ``True`` when migrate is listed (short or long syntax).
    """
    if isinstance(depends, SequenceNode):
        return any(scalar(item) == "migrate" for item in depends.value)
    return get(depends, "migrate") is not None


@guard_broken_pipe
def main(argv: Sequence[str] | None = None) -> int:
    """Run the hook on the compose files given as arguments.

    Args:
        argv: Command-line arguments (default: ``sys.argv[1:]``).

    Returns:
        0 when clean, 1 with findings, 2 on unusable input.
    """
    return run_file_hook(
        argv,
        "djarch-compose",
        "Check docker compose files against the seed's service stack (DJA130-DJA133).",
        is_compose_file,
        check_compose,
    )
