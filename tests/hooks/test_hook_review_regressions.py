"""Regressions found in the adversarial review of the project-file hooks.

One test per bug: DJA112, DJA115, DJA119, DJA121, DJA122 (Dockerfile),
DJA130, DJA131, DJA132, DJA133 (compose), DJA140, DJA141 (ignore files),
DJA150, DJA151, DJA152 (pyproject), DJA161 (nginx), DJA170 (env), plus
broken pipes, one-line usage errors and unknown Dockerfile instructions.
"""

from __future__ import annotations

import subprocess
from typing import TYPE_CHECKING

import pytest
from djarch_hooks.common import UnusableInputError, check_path
from djarch_hooks.compose import check_compose
from djarch_hooks.dockerfile import check_dockerfile
from djarch_hooks.envfile import check_env, parse_env
from djarch_hooks.ignorefiles import check_dockerignore, check_gitignore
from djarch_hooks.nginx import check_conf
from djarch_hooks.pyproject import check_pyproject
from hooks_testlib import BIN, FIXTURES, codes, script

if TYPE_CHECKING:
    from pathlib import Path

BUILDER = """FROM python:3.12-slim AS builder
COPY --from=ghcr.io/astral-sh/uv:latest /uv /uvx /bin/
WORKDIR /app
RUN uv sync --frozen --no-dev
RUN uv run ruff check --fix . && uv run ruff format .
RUN uv run python manage.py collectstatic --noinput
"""
ENTRY = (
    'ENTRYPOINT ["/app/.venv/bin/gunicorn", "config.asgi:application",'
    ' "-c", "/app/config/gunicorn.conf.py"]\n'
)
INTERPRETER = "COPY --from=builder /usr/local /usr/local\n"
COMPOSE_GOOD = (FIXTURES / "compose" / "good" / "docker-compose.yml").read_text(
    encoding="utf-8"
)
PYPROJECT_GOOD = (FIXTURES / "pyproject" / "good" / "pyproject.toml").read_text(
    encoding="utf-8"
)


def docker(text: str) -> list[str]:
    """Judge a Dockerfile text.

    Args:
        text: The Dockerfile.

    Returns:
        The codes found.
    """
    return codes(check_dockerfile(text, "Dockerfile"))


def compose(text: str, name: str = "docker-compose.yml") -> list[str]:
    """Judge a compose text.

    Args:
        text: The compose file.
        name: The file name.

    Returns:
        The codes found.
    """
    return codes(check_compose(text, name))


def pyproject(text: str, tmp_path: Path, *extra: str) -> list[str]:
    """Judge a pyproject text written to a temporary folder.

    Args:
        text: The TOML text.
        tmp_path: A fresh temporary directory.
        *extra: Sibling file names to create first.

    Returns:
        The codes found.
    """
    for name in extra:
        (tmp_path / name).write_text("", encoding="utf-8")
    lock = FIXTURES / "pyproject" / "good" / "uv.lock"
    (tmp_path / "uv.lock").write_text(
        lock.read_text(encoding="utf-8"), encoding="utf-8"
    )
    path = tmp_path / "pyproject.toml"
    path.write_text(text, encoding="utf-8")
    return codes(check_pyproject(text, str(path)))


def test_dja112_dja121_final_stage_built_from_an_earlier_stage() -> None:
    """DJA112/DJA121: ``FROM runtime`` inherits the earlier stage's image and USER."""
    runtime = (
        "FROM python:3.12-slim AS runtime\n"
        "FROM runtime\n"
        "COPY --from=builder /app/.venv /app/.venv\n"
        'ENV PATH="/app/.venv/bin:$PATH"\n' + ENTRY
    )
    found = docker(BUILDER + runtime)
    assert "DJA112" in found
    assert "DJA121" in found
    distroless = (
        "FROM gcr.io/distroless/python3-debian12:nonroot AS runtime\n"
        + INTERPRETER
        + 'ENV PATH="/app/.venv/bin:$PATH"\n'
        "FROM runtime\n"
        "COPY --from=builder /app/.venv /app/.venv\n" + ENTRY
    )
    assert docker(BUILDER + distroless) == []


def test_dja115_ruff_with_a_version_pin() -> None:
    """DJA115: ``uvx ruff@0.6 check`` / ``uvx ruff==0.6 format`` count."""
    builder = BUILDER.replace(
        "uv run ruff check --fix . && uv run ruff format .",
        "uvx ruff@0.6.1 check --fix . && uvx ruff==0.6.1 format .",
    )
    final = (
        "FROM gcr.io/distroless/python3-debian12:nonroot\n"
        + INTERPRETER
        + "COPY --from=builder /app/.venv /app/.venv\n"
        'ENV PATH="/app/.venv/bin:$PATH"\n' + ENTRY
    )
    assert docker(builder + final) == []
    assert "DJA115" in docker(builder.replace("check --fix", "lint") + final)


def test_dja119_path_through_an_env_variable() -> None:
    """DJA119: ``ENV PATH="$VIRTUAL_ENV/bin:$PATH"`` expands an earlier ENV."""
    final = (
        "FROM gcr.io/distroless/python3-debian12:nonroot\n"
        + INTERPRETER
        + "COPY --from=builder /app/.venv /venv\n"
        "ENV VIRTUAL_ENV=/venv\n"
        'ENV PATH="$VIRTUAL_ENV/bin:$PATH"\n' + ENTRY
    )
    assert docker(BUILDER + final) == []
    assert "DJA119" in docker(BUILDER + final.replace("$VIRTUAL_ENV", "$OTHER"))


def test_dja122_interpreter_copied_from_the_python_image() -> None:
    """DJA122: copying the interpreter from ``python:3.12-slim`` itself counts."""
    final = (
        "FROM gcr.io/distroless/python3-debian12:nonroot\n"
        "COPY --from=python:3.12-slim /usr/local/lib/python3.12"
        " /usr/local/lib/python3.12\n"
        "COPY --from=builder /app/.venv /app/.venv\n"
        'ENV PATH="/app/.venv/bin:$PATH"\n' + ENTRY
    )
    assert docker(BUILDER + final) == []
    assert "DJA122" in docker(BUILDER + final.replace("python3.12", "tools"))


def test_unknown_dockerfile_instruction_is_unusable(tmp_path: Path) -> None:
    """A line that is no Dockerfile instruction makes the file unusable (exit 2).

    Args:
        tmp_path: A fresh temporary directory.
    """
    with pytest.raises(UnusableInputError, match="unknown Dockerfile instruction"):
        check_dockerfile("FROM python:3.12-slim\nhello world\n", "Dockerfile")
    path = tmp_path / "Dockerfile"
    path.write_text("hello world\n", encoding="utf-8")
    result = script("djarch-dockerfile", str(path))
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_dja130_services_that_are_not_a_mapping_are_unusable() -> None:
    """DJA130: ``services`` as a list is invalid compose (exit 2), not 5 findings."""
    with pytest.raises(UnusableInputError, match="services"):
        check_compose("services:\n  - app\n  - db\n", "docker-compose.yml")
    assert compose("services:\n").count("DJA130") == 5


def test_dja131_dja133_override_files_are_partial() -> None:
    """DJA131/DJA133: an override file need not repeat build or depends_on."""
    text = "services:\n  app:\n    ports: ['8000:8000']\n  db:\n    ports: ['5432']\n"
    assert compose(text, "docker-compose.override.yml") == []
    assert compose(text, "docker-compose.yml").count("DJA131") == 2
    assert "DJA133" in compose(text, "docker-compose.yml")
    wrong = "services:\n  app:\n    depends_on: [migrate]\n"
    assert compose(wrong, "compose.override.yaml") == ["DJA133"]
    pinned = "services:\n  db:\n    image: postgres:16\n"
    assert compose(pinned, "compose.override.yaml") == ["DJA131"]


def test_dja132_numeric_password_is_a_literal_secret() -> None:
    """DJA132: ``POSTGRES_PASSWORD: 123456`` is a literal; a TTL number is not."""
    text = COMPOSE_GOOD.replace(
        "POSTGRES_DB: app\n", "POSTGRES_DB: app\n      REDIS_PASSWORD: 123456\n"
    )
    assert text != COMPOSE_GOOD
    assert compose(text) == ["DJA132"]
    text = COMPOSE_GOOD.replace(
        "POSTGRES_DB: app\n", "POSTGRES_DB: app\n      TOKEN_LIFETIME: 3600\n"
    )
    assert compose(text) == []


def test_dja140_negation_re_includes_the_entry() -> None:
    """DJA140: ``.env`` followed by ``!.env`` leaves .env unignored."""
    from djarch_hooks.ignorefiles import GITIGNORE_ENTRIES

    base = "\n".join(GITIGNORE_ENTRIES)
    found = check_gitignore(base + "\n!.env\n", ".gitignore")
    assert codes(found) == ["DJA140"]
    assert ".env" in found[0].text
    assert check_gitignore(base + "\n!.env.example\n", ".gitignore") == []
    assert check_gitignore(base.replace(".env", "/.env/") + "\n", ".gitignore") == []


def test_dja141_coverage_and_negation() -> None:
    """DJA141: ``*`` allow-lists cover every entry; ``!`` re-includes one."""
    from djarch_hooks.ignorefiles import DOCKERIGNORE_ENTRIES

    allow_list = "*\n!apps\n!config\n!manage.py\n!pyproject.toml\n!uv.lock\n"
    assert check_dockerignore(allow_list, ".dockerignore") == []
    base = "\n".join(DOCKERIGNORE_ENTRIES)
    found = check_dockerignore(base + "\n!.env\n", ".dockerignore")
    assert codes(found) == ["DJA141"]
    covered = base.replace("docker-compose*.yml", "docker-compose*")
    assert check_dockerignore(covered, ".dockerignore") == []


def test_dja150_broader_selectors_and_ruff_toml(tmp_path: Path) -> None:
    """DJA150: ``C``/``T``/``PLC+PLE+PLR+PLW`` cover families; ruff.toml wins.

    Args:
        tmp_path: A fresh temporary directory.
    """
    broader = PYPROJECT_GOOD.replace('"C4"', '"C"').replace('"T10"', '"T"')
    broader = broader.replace('"PL",', '"PLC", "PLE", "PLR", "PLW",')
    assert broader != PYPROJECT_GOOD
    assert pyproject(broader, tmp_path) == []
    partial = PYPROJECT_GOOD.replace('"PL",', '"PLC",')
    assert pyproject(partial, tmp_path) == ["DJA150"]
    no_ruff = "\n".join(
        line for line in PYPROJECT_GOOD.splitlines() if "tool.ruff" not in line
    )
    weak = no_ruff.replace('"FBT",', "")
    assert "DJA150" not in pyproject(weak, tmp_path, "ruff.toml")


def test_dja151_coverage_fail_under_and_paths(tmp_path: Path) -> None:
    """DJA151: coverage's ``fail_under`` and ``--cov ./apps`` count.

    Args:
        tmp_path: A fresh temporary directory.
    """
    text = (
        '[tool.pytest.ini_options]\nDJANGO_SETTINGS_MODULE = "config.settings"\n'
        'addopts = "--strict-markers --cov ./apps"\n'
        "[tool.coverage.report]\nfail_under = {value}\n"
    )
    assert "DJA151" not in pyproject(text.format(value=85), tmp_path)
    found = check_pyproject(text.format(value=70), str(tmp_path / "pyproject.toml"))
    weak = [item for item in found if item.code == "DJA151"]
    assert len(weak) == 1
    assert weak[0].line == 5


def test_dja152_default_groups(tmp_path: Path) -> None:
    """DJA152: dev tools in a ``[tool.uv] default-groups`` group count.

    Args:
        tmp_path: A fresh temporary directory.
    """
    text = PYPROJECT_GOOD.replace(', "ruff>=0.8"', "")
    assert text != PYPROJECT_GOOD
    assert "DJA152" in pyproject(text, tmp_path)
    text += '\n[tool.uv]\ndefault-groups = ["dev", "lint"]\n'
    text = text.replace("[dependency-groups]", '[dependency-groups]\nlint = ["ruff"]')
    assert "DJA152" not in pyproject(text, tmp_path)


def test_dja161_snippets_of_plain_directives(tmp_path: Path) -> None:
    """DJA161: a snippet of plain directives is not a server of its own.

    Args:
        tmp_path: A fresh temporary directory.
    """
    snippet = tmp_path / "nginx" / "proxy.conf"
    snippet.parent.mkdir()
    snippet.write_text(
        "proxy_set_header Host $host;\nproxy_set_header X-Forwarded-Proto $scheme;\n",
        encoding="utf-8",
    )
    assert check_path(str(snippet), check_conf) == []
    server = tmp_path / "nginx" / "nginx.conf"
    server.write_text(
        "server {\n  location / {\n    proxy_pass http://app:8000;\n"
        "    proxy_set_header X-Forwarded-Proto $scheme;\n  }\n}\n",
        encoding="utf-8",
    )
    assert codes(check_path(str(server), check_conf)) == ["DJA161"]
    empty = tmp_path / "nginx" / "empty.conf"
    empty.write_text("", encoding="utf-8")
    assert codes(check_path(str(empty), check_conf)) == ["DJA161"]


def test_dja170_annotated_field_alias(tmp_path: Path) -> None:
    """DJA170: ``Annotated[str, Field(alias=...)]`` sets the env name.

    Args:
        tmp_path: A fresh temporary directory.
    """
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "settings.py").write_text(
        "from typing import Annotated\n"
        "from pydantic import Field\n"
        "from pydantic_settings import BaseSettings, SettingsConfigDict\n\n\n"
        "class Settings(BaseSettings):\n"
        '    model_config = SettingsConfigDict(env_prefix="DJANGO_")\n'
        '    api_key: Annotated[str, Field(alias="THIRD_API_KEY")] = ""\n',
        encoding="utf-8",
    )
    (tmp_path / ".env.example").write_text("THIRD_API_KEY=\n", encoding="utf-8")
    assert check_env(tmp_path, ".") == []
    (tmp_path / ".env.example").write_text("DJANGO_API_KEY=\n", encoding="utf-8")
    assert codes(check_env(tmp_path, ".")) == ["DJA170"]


def test_env_multiline_quoted_value() -> None:
    """DJA171 input: a quoted value may span lines, as python-dotenv allows."""
    entries = parse_env('PEM_KEY="-----BEGIN\nabc\n-----END"\nX=1\n')
    assert [(line, key) for line, key, _ in entries] == [(1, "PEM_KEY"), (4, "X")]
    with pytest.raises(UnusableInputError, match="unterminated"):
        parse_env('PEM_KEY="-----BEGIN\nabc\n')


def test_usage_errors_are_one_line(tmp_path: Path) -> None:
    """Unknown options exit 2 with one line on stderr, no usage block.

    Args:
        tmp_path: A fresh temporary directory.
    """
    for name, args in (
        ("djarch-layout", ["--bogus"]),
        ("djarch-env", ["somefile"]),
        ("djarch-dockerfile", ["--bogus"]),
        ("djarch", ["check", str(tmp_path), "--format", "xml"]),
    ):
        result = script(name, *args)
        assert result.returncode == 2, name
        assert len(result.stderr.strip().splitlines()) == 1, name


@pytest.mark.parametrize(
    ("name", "make_args"),
    [
        ("djarch-dockerfile", "dockerfiles"),
        ("djarch-layout", "root"),
        ("djarch", "check"),
    ],
)
def test_broken_pipe_has_no_traceback(
    tmp_path: Path, name: str, make_args: str
) -> None:
    """Piping into ``head`` must not print a BrokenPipeError traceback.

    Args:
        tmp_path: A fresh temporary directory.
        name: The console script.
        make_args: Which arguments to build.
    """
    paths = []
    for number in range(400):
        folder = tmp_path / "apps" / f"app{number}"
        folder.mkdir(parents=True)
        (folder / "models.py").write_text('"""Models."""\n', encoding="utf-8")
        (folder / "Dockerfile").write_text("FROM python:3.12-slim\n", encoding="utf-8")
        paths.append(str(folder / "Dockerfile"))
    args = {
        "dockerfiles": paths,
        "root": ["--root", str(tmp_path)],
        "check": ["check", str(tmp_path)],
    }[make_args]
    command = f'{BIN / name} "$@" | head -n 1'
    result = subprocess.run(
        ["/bin/sh", "-c", command, "sh", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.stdout.count("\n") == 1
    assert "Traceback" not in result.stderr
    assert "BrokenPipeError" not in result.stderr
    assert "Exception ignored" not in result.stderr


def test_dja119_parent_folder_copy_lands_the_venv_below_the_target() -> None:
    """DJA119: ``COPY /opt/ /opt/`` of a venv at ``/opt/venv`` puts it on PATH."""
    builder = BUILDER.replace(
        "WORKDIR /app\n", "ENV UV_PROJECT_ENVIRONMENT=/opt/venv\n"
    )
    final = (
        "FROM gcr.io/distroless/python3-debian12:nonroot\n"
        + INTERPRETER
        + "COPY --from=builder /opt/ /opt/\n"
        "ENV PATH=/opt/venv/bin:/usr/bin\n" + ENTRY
    )
    assert docker(builder + final) == []
    assert "DJA119" in docker(builder + final.replace("/opt/venv/bin", "/opt/x/bin"))
