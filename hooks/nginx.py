"""djarch-nginx: the reverse proxy configuration of seed §6.3 and §10.3."""

from __future__ import annotations

import glob
import os
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

import crossplane
from djarch_hooks.common import (
    HookFinding,
    UnusableInputError,
    check_path,
    finding,
    guard_broken_pipe,
    read_text,
    run_file_hook,
)

from flake8_djarch.project import files
from flake8_djarch.violations import project as rules

if TYPE_CHECKING:
    from collections.abc import Sequence

Directive = dict[str, Any]
MAX_INCLUDE_DEPTH = 8
#: Included files parsed per checked file, at most (fan-out of globs and
#: repeated includes).
MAX_INCLUDED_FILES = 64


def is_nginx_conf(path: str) -> bool:
    """Tell whether a file name is an nginx configuration file.

    Args:
        path: The file path.

    Returns:
        ``True`` for ``*.conf`` files and the ``*.conf.template`` files that
        the official nginx image renders with envsubst.
    """
    name = PurePath(path).name
    return name.endswith(".conf") or name.endswith(".conf.template")


def parse_file(path: str, root: str | Path | None = None) -> list[Directive]:
    """Parse one nginx file (without following includes).

    Args:
        path: The file.
        root: The project root it must stay inside (default: see
            :func:`djarch_hooks.common.read_text`).

    Returns:
        crossplane's directive list, with line numbers.

    Raises:
        UnusableInputError: If the file cannot be read safely or does not
            parse.
    """
    # Checked first (regular file inside the root, size cap): crossplane
    # opens the path itself.
    read_text(path, root)
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


@dataclass
class IncludeBudget:
    """Bounds include expansion: cycles stop, fan-out is capped.

    Attributes:
        root: The project root; includes leaving it are not read.
        files_left: How many more included files may be parsed.
        chain: Real paths of the files being expanded (cycle detection).
    """

    root: str
    files_left: int = MAX_INCLUDED_FILES
    chain: list[str] = field(default_factory=list)


def include_matches(pattern: str, base: str, root: str) -> list[str]:
    """Resolve an ``include`` argument to files inside the project root.

    nginx globs with ``glob(3)``, where ``**`` is the same as ``*``; an
    absolute path or one that leaves the root is not resolved (it is
    outside what the hook may read).

    Args:
        pattern: The include argument.
        base: The directory relative includes resolve against.
        root: The project root.

    Returns:
        The matching paths, sorted, at most :data:`MAX_INCLUDED_FILES`.
    """
    if not pattern or Path(pattern).is_absolute():
        return []
    # Lexical first: a pattern climbing out of the root is never globbed.
    joined = os.path.normpath(Path(base) / pattern)
    real_root = os.path.realpath(root)
    if not files.inside(Path(joined).parent, real_root):
        return []
    if glob.has_magic(joined):
        found = glob.glob(joined)  # noqa: PTH207 - glob(3) semantics: ** is *
    else:
        found = [joined] if os.path.lexists(joined) else []
    return sorted(item for item in found if files.inside(item, real_root))[
        :MAX_INCLUDED_FILES
    ]


def expand(
    directives: list[Directive],
    base: str,
    depth: int = 0,
    budget: IncludeBudget | None = None,
) -> list[Directive]:
    """Replace relative ``include`` directives by the directives they include.

    Args:
        directives: Parsed directives of one file.
        base: The directory relative includes resolve against.
        depth: Current include depth (stops at ``MAX_INCLUDE_DEPTH``).
        budget: The include budget and project root (default: ``base`` is
            the root).

    Returns:
        The directives, included ones marked ``"included": True``; includes
        that cannot be resolved (outside the root, cyclic, over budget,
        unreadable) stay, marked ``"unresolved": True``.
    """
    budget = budget or IncludeBudget(root=base)
    result: list[Directive] = []
    for directive in directives:
        if directive.get("directive") == "include":
            args = directive.get("args") or [""]
            matches = (
                include_matches(str(args[0]), base, budget.root)
                if depth < MAX_INCLUDE_DEPTH
                else []
            )
            if not matches:
                result.append({**directive, "unresolved": True})
                continue
            for match in matches:
                real = os.path.realpath(match)
                if real in budget.chain or budget.files_left <= 0:
                    result.append({**directive, "unresolved": True})
                    continue
                budget.files_left -= 1
                try:
                    included = parse_file(match, budget.root)
                except UnusableInputError:
                    result.append({**directive, "unresolved": True})
                    continue
                budget.chain.append(real)
                try:
                    inner = expand(included, base, depth + 1, budget)
                finally:
                    budget.chain.pop()
                result.extend(_mark(item) for item in inner)
            continue
        copy = dict(directive)
        if "block" in copy:
            copy["block"] = expand(list(copy["block"]), base, depth, budget)
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
    summaries: dict[int, tuple[bool, bool | None]] = {}
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
            problem = _forwarded_proto_problem(block, scopes, summaries)
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


def _scope_summary(level: list[Directive]) -> tuple[bool, bool | None]:
    """Summarise one scope's proxy headers.

    Args:
        level: The scope's directives.

    Returns:
        Whether an unresolved include may set proxy headers, and ``None``
        without ``proxy_set_header`` here, else whether one sets
        X-Forwarded-Proto.
    """
    unresolved_proxy = any(
        item.get("directive") == "include"
        and item.get("unresolved")
        and "proxy" in str((item.get("args") or [""])[0]).lower()
        for item in level
    )
    headers = [
        str((item.get("args") or [""])[0]).lower()
        for item in level
        if item.get("directive") == "proxy_set_header"
    ]
    if not headers:
        return unresolved_proxy, None
    return unresolved_proxy, "x-forwarded-proto" in headers


def _forwarded_proto_problem(
    block: list[Directive],
    scopes: list[list[Directive]],
    summaries: dict[int, tuple[bool, bool | None]] | None = None,
) -> bool:
    """Tell whether a proxying location lacks X-Forwarded-Proto.

    Args:
        block: The block's directives.
        scopes: The enclosing http/server/location blocks, outermost first.
        summaries: Per-scope summaries already computed (by ``id``), so that
            a scope shared by many locations is scanned once.

    Returns:
        ``True`` when the effective headers lack it.
    """
    own = _own(block)
    if not any(item.get("directive") == "proxy_pass" for item in own):
        return False
    cache = {} if summaries is None else summaries
    for scope in [block, *reversed(scopes)]:
        if scope is block:
            unresolved_proxy, has_proto = _scope_summary(own)
        else:
            if id(scope) not in cache:
                cache[id(scope)] = _scope_summary(scope)
            unresolved_proxy, has_proto = cache[id(scope)]
        if unresolved_proxy:
            return False
        if has_proto is not None:
            return not has_proto
    return True


def check_conf(
    text: str, path: str, root: str | Path | None = None
) -> list[HookFinding]:
    """Parse and judge one nginx file on disk.

    Args:
        text: The file's text (read to validate it; crossplane reads the path).
        path: The file.
        root: The project root includes must stay inside (default: the
            working directory for a file below it, else the file's folder).

    Returns:
        The findings, ``# noqa`` not yet applied.
    """
    if not text.strip():
        return check_nginx([], path)
    root = files.default_root(path) if root is None else root
    directives = parse_file(path, root)
    budget = IncludeBudget(root=str(root), chain=[os.path.realpath(path)])
    return check_nginx(expand(directives, str(Path(path).parent), 0, budget), path)


def check_path_in(path: str, root: str | Path) -> list[HookFinding]:
    """Read and judge one nginx file of a project, ``# noqa`` applied.

    Args:
        path: The file.
        root: The project root.

    Returns:
        The findings that are not silenced.
    """
    return check_path(path, lambda text, shown: check_conf(text, shown, root), root)


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
