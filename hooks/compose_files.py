"""Which project files are docker compose files, without the YAML parser.

``djarch check`` asks this of every project file; it imports the compose
hook (and PyYAML) only when a compose file exists.
"""

from __future__ import annotations

import re
from pathlib import PurePath

COMPOSE_NAME_RE = re.compile(r"^(docker-)?compose[^/]*\.ya?ml$", re.IGNORECASE)


def is_compose_file(path: str) -> bool:
    """Tell whether a file name is a docker compose file.

    Args:
        path: The file path.

    Returns:
        ``True`` for ``docker-compose*.yml/yaml`` and ``compose*.yml/yaml``.
    """
    return bool(COMPOSE_NAME_RE.match(PurePath(path).name))
