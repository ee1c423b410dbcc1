"""djarch-nginx: the reverse proxy configuration of seed §6.3 and §10.3."""

from __future__ import annotations

from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

import crossplane
from djarch_hooks.common import (
    HookFinding,
    UnusableInputError,
    finding,
    guard_broken_pipe,
    run_file_hook,
)

from flake8_djarch.violations import project as rules

if TYPE_CHECKING:
    from collections.abc import Sequence

Directive = dict[str, Any]
MAX_INCLUDE_DEPTH = 8


def is_nginx_conf(path: str) -> bool:
    """Tell whether a file name is an nginx configuration file.

    Args:
        path: The file path.

    Returns:
        ``True`` for ``*.conf`` files.
    """
    return PurePath(path).suffix == ".conf"


def parse_file(path: str) -> list[Directive]:
    """Parse one nginx file (without following includes).

    Args:
        path: The file.

    Returns:
        crossplane's directive list, with line numbers.

    Raises:
        UnusableInputError: If the file does not parse.
    """
    payload = crossplane.parse(
        path,
        comments=False,
        single=True,
        catch_errors=True,
        check_ctx=False,
        check_args=False,
    )
    configs = payload.get("config") or []
    errors = payload.get("errors") or []
    if errors or not configs:
        first = errors[0] if errors else {"error": "cannot parse", "line": None}
        where = f"line {first.get('line')}: " if first.get("line") else ""
        raise UnusableInputError(
            f"invalid nginx configuration: {where}{first.get('error')}"
        )
    return list(configs[0].get("parsed") or [])


def expand(directives: list[Directive], base: str, depth: int = 0) -> list[Directive]:
    """Replace relative ``include`` directives by the directives they include.

    Args:
        directives: Parsed directives of one file.
        base: The directory relative includes resolve against.
        depth: Current include depth (cycles stop at ``MAX_INCLUDE_DEPTH``).

    Returns:
        The directives, included ones marked ``"included": True``; includes
        that cannot be resolved stay, marked ``"unresolved": True``.
    """
    result: list[Directive] = []
    for directive in directives:
        if directive.get("directive") == "include" and directive.get("args"):
            pattern = str(directive["args"][0])
            matches = (
                []
                if Path(pattern).is_absolute()
                else sorted(str(item) for item in Path(base).glob(pattern))
            )
            if not matches or depth >= MAX_INCLUDE_DEPTH:
                result.append({**directive, "unresolved": True})
                continue
            for match in matches:
                try:
                    included = parse_file(match)
                except UnusableInputError:
                    result.append({**directive, "unresolved": True})
                    continue
                result.extend(_mark(item) for item in expand(included, base, depth + 1))
            continue
        copy = dict(directive)
        if "block" in copy:
            copy["block"] = expand(list(copy["block"]), base, depth)
        result.append(copy)
    return result


def _mark(directive: Directive) -> Directive:
    """Mark a directive and its children as coming from an included file.

    Args:
        directive: The directive.

    Returns:
        A marked copy.
    """
    marked = {**directive, "included": True}
    if "block" in marked:
        marked["block"] = [_mark(item) for item in marked["block"]]
    return marked


def check_nginx(directives: list[Directive], path: str) -> list[HookFinding]:
    """Judge an nginx configuration (DJA160, DJA161).

    DJA161 is judged on files that define a ``server`` (their own or an
    included one), and on files without includes that are not snippets:
    a file of plain directives only (e.g. shared ``proxy_set_header``
    lines) is included elsewhere and serves nothing by itself.

    Args:
        directives: The parsed (and include-expanded) directives.
        path: The path to print.

    Returns:
        The findings, ``# noqa`` not yet applied.
    """
    found: list[HookFinding] = []
    servers: list[Directive] = []
    has_include = False
    static_served = False
    stack: list[tuple[Directive, list[list[Directive]]]] = [
        (directive, [directives]) for directive in directives
    ]
    while stack:
        directive, scopes = stack.pop()
        name = directive.get("directive")
        block = directive.get("block")
        if name == "include":
            has_include = True
        if name == "server":
            servers.append(directive)
        if name == "location" and block is not None:
            if _serves_static(directive):
                static_served = True
            problem = _forwarded_proto_problem(block, scopes)
            if problem and not directive.get("included"):
                location = " ".join(str(arg) for arg in directive.get("args", []))
                found.append(
                    finding(
                        path,
                        int(directive.get("line", 1)),
                        rules.NginxNoForwardedProto,
                        location=location,
                    )
                )
        if block is not None:
            inner_scopes = (
                [*scopes, block] if name in {"http", "server", "location"} else scopes
            )
            stack.extend((child, inner_scopes) for child in block)
    snippet = bool(directives) and not any(
        item.get("block") is not None for item in directives
    )
    if (servers or not (has_include or snippet)) and not static_served:
        found.append(finding(path, 1, rules.NginxNoStaticLocation))
    return found


def _serves_static(location: Directive) -> bool:
    """Tell whether a location serves /static itself.

    Args:
        location: The location directive.

    Returns:
        ``True`` for a /static location without proxy_pass.
    """
    args = [str(arg) for arg in location.get("args", [])]
    if not args:
        return False
    uri = args[-1].lstrip("^")
    if not uri.startswith("/static"):
        return False
    return not any(
        item.get("directive") in {"proxy_pass", "uwsgi_pass"}
        for item in _own(location.get("block") or [])
    )


def _own(block: list[Directive]) -> list[Directive]:
    """List a block's directives, those of nested if/limit_except blocks included.

    Args:
        block: The block's directives.

    Returns:
        The directives.
    """
    result: list[Directive] = []
    for item in block:
        result.append(item)
        if item.get("directive") in {"if", "limit_except"} and item.get("block"):
            result.extend(_own(item["block"]))
    return result


def _forwarded_proto_problem(
    block: list[Directive], scopes: list[list[Directive]]
) -> bool:
    """Tell whether a proxying location lacks X-Forwarded-Proto.

    Args:
        block: The block's directives.
        scopes: The enclosing http/server/location blocks, outermost first.

    Returns:
        ``True`` when the effective headers lack it.
    """
    own = _own(block)
    if not any(item.get("directive") == "proxy_pass" for item in own):
        return False
    for scope in [block, *reversed(scopes)]:
        level = _own(scope) if scope is block else scope
        headers = [
            item for item in level if item.get("directive") == "proxy_set_header"
        ]
        unresolved = [
            item
            for item in level
            if item.get("directive") == "include" and item.get("unresolved")
        ]
        if any(
            "proxy" in str(item.get("args", [""])[0]).lower() for item in unresolved
        ):
            return False
        if headers:
            return not any(
                str(item.get("args", [""])[0]).lower() == "x-forwarded-proto"
                for item in headers
            )
    return True


def check_conf(text: str, path: str) -> list[HookFinding]:
    """Parse and judge one nginx file on disk.

    Args:
        text: The file's text (read to validate it; crossplane reads the path).
        path: The file.

    Returns:
        The findings, ``# noqa`` not yet applied.
    """
    if not text.strip():
        return check_nginx([], path)
    directives = parse_file(path)
    return check_nginx(expand(directives, str(Path(path).parent)), path)


@guard_broken_pipe
def main(argv: Sequence[str] | None = None) -> int:
    """Run the hook on the nginx ``*.conf`` files given as arguments.

    Args:
        argv: Command-line arguments (default: ``sys.argv[1:]``).

    Returns:
        0 when clean, 1 with findings, 2 on unusable input.
    """
    return run_file_hook(
        argv,
        "djarch-nginx",
        "Check nginx configuration files for the proxy headers and static location (DJA160-DJA161).",
        is_nginx_conf,
        check_conf,
    )
