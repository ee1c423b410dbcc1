"""djarch-dockerfile: DJA110-DJA122, the tokenizer, noqa and exit codes."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from djarch_hooks.common import UnusableInputError
from djarch_hooks.dockerfile import check_dockerfile, is_dockerfile, main, silence
from djarch_hooks.dockerfile_parser import stages, tokenize
from hooks_testlib import FIXTURES, codes, script

if TYPE_CHECKING:
    from pathlib import Path

GOOD = (FIXTURES / "docker" / "good" / "Dockerfile").read_text(encoding="utf-8")
BUILDER = """FROM python:3.12-slim AS builder
COPY --from=ghcr.io/astral-sh/uv:latest /uv /uvx /bin/
WORKDIR /app
RUN uv sync --frozen --no-dev
RUN uv run ruff check --fix . && uv run ruff format .
RUN uv run python manage.py collectstatic --noinput
"""
FINAL = """FROM gcr.io/distroless/python3-debian12:nonroot
COPY --from=builder /usr/local/bin/python3.12 /usr/local/bin/python3.12
COPY --from=builder /usr/local/lib/python3.12 /usr/local/lib/python3.12
COPY --from=builder /app /app
ENV PATH="/app/.venv/bin:$PATH"
ENTRYPOINT ["/app/.venv/bin/gunicorn", "config.asgi:application", "-c", "/app/config/gunicorn.conf.py"]
"""


def check(text: str) -> list[str]:
    """Check.

    Args:
        text: The input text.

    Returns:
        The result.
    """
    return codes(check_dockerfile(text, "Dockerfile"))


def test_good_fixture_is_clean() -> None:
    assert check(GOOD) == []
    assert check(BUILDER + FINAL) == []


def test_bad_fixture_reports_each_problem() -> None:
    found = check(
        (FIXTURES / "docker" / "bad" / "Dockerfile").read_text(encoding="utf-8")
    )
    for code in (
        "DJA111",
        "DJA112",
        "DJA113",
        "DJA114",
        "DJA115",
        "DJA116",
        "DJA117",
        "DJA119",
        "DJA120",
        "DJA121",
    ):
        assert code in found


def test_dja110_single_stage() -> None:
    found = check_dockerfile("FROM python:3.12-slim\nRUN echo hi\n", "Dockerfile")
    assert "DJA110" in codes(found)
    assert next(item for item in found if item.code == "DJA110").line == 1
    assert "DJA110" not in check(BUILDER + FINAL)


@pytest.mark.parametrize(
    ("image", "expected"),
    [
        ("python:3.12-slim", False),
        ("python:3.12.12-slim-bookworm", False),
        ("python:3.12-slim@sha256:" + "a" * 64, False),
        ("docker.io/library/python:3.12-slim", False),
        ("python:3.11-slim", True),
        ("python:3.12", True),
        ("python:3.12-alpine", True),
        ("python:3.120-slim", True),
        ("ubuntu:24.04", True),
    ],
)
def test_dja111_builder_image(image: str, *, expected: bool) -> None:
    text = BUILDER.replace("python:3.12-slim", image) + FINAL
    assert ("DJA111" in check(text)) is expected


def test_dja111_resolves_global_args() -> None:
    assert "DJA111" not in check(
        "ARG V=3.12\n" + BUILDER.replace("3.12-slim", "${V}-slim") + FINAL
    )
    assert "DJA111" in check(
        "ARG V=3.11\n" + BUILDER.replace("3.12-slim", "${V}-slim") + FINAL
    )


@pytest.mark.parametrize(
    ("image", "expected"),
    [
        ("gcr.io/distroless/python3-debian12", False),
        ("gcr.io/distroless/python3-debian12:latest", False),
        ("gcr.io/distroless/python3-debian12@sha256:" + "b" * 64, False),
        ("python:3.12-slim", True),
        ("gcr.io/distroless/base-debian12", True),
    ],
)
def test_dja112_final_image(image: str, *, expected: bool) -> None:
    text = BUILDER + FINAL.replace("gcr.io/distroless/python3-debian12:nonroot", image)
    assert ("DJA112" in check(text)) is expected


def test_dja113_uv_copy() -> None:
    assert "DJA113" in check(
        BUILDER.replace(
            "COPY --from=ghcr.io/astral-sh/uv:latest", "RUN pip install uv #"
        )
        + FINAL
    )
    via_stage = (
        "FROM ghcr.io/astral-sh/uv:0.5 AS uv\n"
        + BUILDER.replace("ghcr.io/astral-sh/uv:latest", "uv")
        + FINAL
    )
    assert "DJA113" not in check(via_stage)
    assert "DJA111" not in check(via_stage)


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("uv sync --frozen --no-dev", False),
        ("uv sync --no-dev --frozen --no-install-project", False),
        ("uv sync --frozen", True),
        ("uv sync --no-dev", True),
        ("uv sync", True),
        ("pip install -r requirements.txt", True),
    ],
)
def test_dja114_uv_sync(command: str, *, expected: bool) -> None:
    text = BUILDER.replace("uv sync --frozen --no-dev", command) + FINAL
    assert ("DJA114" in check(text)) is expected


def test_dja114_env_flags_count() -> None:
    text = (
        BUILDER.replace(
            "RUN uv sync --frozen --no-dev", "ENV UV_FROZEN=1 UV_NO_DEV=1\nRUN uv sync"
        )
        + FINAL
    )
    assert "DJA114" not in check(text)


def test_dja115_ruff_gate() -> None:
    assert "DJA115" in check(
        BUILDER.replace("uv run ruff check --fix . && ", "") + FINAL
    )
    assert "DJA115" in check(BUILDER.replace(" && uv run ruff format .", "") + FINAL)


def test_dja116_collectstatic() -> None:
    assert "DJA116" in check(BUILDER.replace(" --noinput", "") + FINAL)
    assert "DJA116" not in check(BUILDER.replace("--noinput", "--no-input") + FINAL)


def test_dja117_shell_form() -> None:
    text = BUILDER + FINAL.replace(
        'ENTRYPOINT ["/app/.venv/bin/gunicorn", "config.asgi:application", "-c", "/app/config/gunicorn.conf.py"]',
        "ENTRYPOINT /app/.venv/bin/gunicorn config.asgi:application -c /app/config/gunicorn.conf.py",
    )
    found = check_dockerfile(text, "Dockerfile")
    assert "DJA117" in codes(found)
    assert "DJA120" not in codes(found)
    assert "DJA117" not in check(BUILDER + FINAL + 'CMD ["--workers", "3"]\n')


def test_dja118_run_in_distroless() -> None:
    found = check(
        BUILDER + FINAL + 'RUN python manage.py migrate\nSHELL ["/busybox/sh", "-c"]\n'
    )
    assert found.count("DJA118") == 2
    assert "DJA118" not in check(
        BUILDER + FINAL + 'RUN ["/app/.venv/bin/python", "-c", "print(1)"]\n'
    )
    assert "DJA118" in check(BUILDER + FINAL + 'RUN ["/bin/sh", "-c", "echo 1"]\n')


@pytest.mark.parametrize(
    ("final", "expected"),
    [
        (FINAL, False),
        (
            FINAL.replace(
                "COPY --from=builder /app /app",
                "COPY --from=builder /app/.venv /app/.venv",
            ),
            False,
        ),
        (
            FINAL.replace(
                "COPY --from=builder /app /app", "COPY --from=0 /app/.venv/ /app/.venv/"
            ),
            False,
        ),
        (
            FINAL.replace("COPY --from=builder /app /app", "COPY --from=builder / /"),
            False,
        ),
        (FINAL.replace("COPY --from=builder /app /app", "COPY . /app"), True),
        (FINAL.replace('ENV PATH="/app/.venv/bin:$PATH"\n', ""), True),
        (
            FINAL.replace("COPY --from=builder /app /app\n", "").replace(
                'ENV PATH="/app/.venv/bin:$PATH"\n', ""
            ),
            True,
        ),
    ],
)
def test_dja119_venv_and_path(final: str, *, expected: bool) -> None:
    found = check(BUILDER + final)
    assert ("DJA119" in found) is expected
    assert found.count("DJA119") <= 1


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        (
            'ENTRYPOINT ["gunicorn", "config.asgi:application", "--config", "config/gunicorn.conf.py"]',
            False,
        ),
        (
            'ENTRYPOINT ["/app/.venv/bin/gunicorn"]\nCMD ["config.asgi:application", "-c", "/app/config/gunicorn.conf.py"]',
            False,
        ),
        (
            'ENTRYPOINT ["/app/.venv/bin/gunicorn", "config.wsgi:application", "-c", "/app/config/gunicorn.conf.py"]',
            True,
        ),
        ('ENTRYPOINT ["/app/.venv/bin/gunicorn", "config.asgi:application"]', True),
        ('ENTRYPOINT ["/app/.venv/bin/uvicorn", "config.asgi:application"]', True),
        ("", True),
    ],
)
def test_dja120_entrypoint(entry: str, *, expected: bool) -> None:
    final = FINAL.rsplit("ENTRYPOINT", 1)[0] + entry + "\n"
    assert ("DJA120" in check(BUILDER + final)) is expected


@pytest.mark.parametrize(
    ("tag", "user", "expected"),
    [
        (":nonroot", "", False),
        (":debug-nonroot", "", False),
        ("", "USER nonroot", False),
        ("", "USER 65532:65532", False),
        ("", "", True),
        (":latest", "", True),
        ("", "USER root", True),
        (":nonroot", "USER 0", True),
    ],
)
def test_dja121_root(tag: str, user: str, *, expected: bool) -> None:
    final = FINAL.replace(":nonroot", tag) + (user + "\n" if user else "")
    assert ("DJA121" in check(BUILDER + final)) is expected


def test_dja122_python_mismatch() -> None:
    without = FINAL.replace(
        "COPY --from=builder /usr/local/bin/python3.12 /usr/local/bin/python3.12\n", ""
    ).replace(
        "COPY --from=builder /usr/local/lib/python3.12 /usr/local/lib/python3.12\n", ""
    )
    found = check_dockerfile(BUILDER + without, "Dockerfile")
    assert "DJA122" in codes(found)
    assert next(item for item in found if item.code == "DJA122").line == 7
    assert "DJA122" not in check(BUILDER + FINAL)
    assert "DJA122" not in check(BUILDER.replace("3.12-slim", "3.11-slim") + without)
    libpython = without.replace(
        "COPY --from=builder /app /app",
        "COPY --from=builder /usr/local/lib/libpython3.12.so.1.0 /usr/local/lib/\nCOPY --from=builder /app /app",
    )
    assert "DJA122" not in check(BUILDER + libpython)


def test_tokenizer_continuations_heredocs_and_forms() -> None:
    text = (
        "# escape=\\\n"
        "FROM python:3.12-slim AS builder\n"
        "RUN apt-get update \\\n"
        "    # dropped comment\n"
        "\n"
        "    && apt-get install -y curl\n"
        "COPY <<-EOF /app/x.txt\n"
        "\thello\n"
        "\tEOF\n"
        'CMD ["a", "b"]\n'
        "CMD a b\n"
    )
    instructions = tokenize(text)
    assert [(item.keyword, item.line, item.end_line) for item in instructions] == [
        ("FROM", 2, 2),
        ("RUN", 3, 6),
        ("COPY", 7, 9),
        ("CMD", 10, 10),
        ("CMD", 11, 11),
    ]
    assert instructions[1].value == "apt-get update && apt-get install -y curl"
    assert instructions[2].heredocs == ["\thello"]
    assert instructions[3].exec_form() == ["a", "b"]
    assert instructions[4].exec_form() is None
    assert stages(instructions)[0].name == "builder"


def test_tokenizer_backtick_escape() -> None:
    instructions = tokenize(
        "# escape=`\nFROM mcr.microsoft.com/windows\nRUN dir `\n  c:\\\n"
    )
    assert instructions[1].value == "dir c:\\"


@pytest.mark.parametrize(
    "text",
    [
        "FROM python:3.12-slim\nRUN echo \\\n",
        "FROM python:3.12-slim\nRUN <<EOF\necho hi\n",
        "FROM python:3.12-slim\n{ not docker }\n",
    ],
)
def test_unusable_dockerfiles_raise(text: str) -> None:
    with pytest.raises(UnusableInputError):
        check_dockerfile(text, "Dockerfile")


def test_noqa_on_line_and_above() -> None:
    text = (
        BUILDER + FINAL + "# noqa: DJA118\nRUN echo a\nRUN echo b # noqa\nRUN echo c\n"
    )
    found = silence(check_dockerfile(text, "Dockerfile"), text)
    assert [item.line for item in found if item.code == "DJA118"] == [16]
    other = (
        "# noqa: DJA113\n"
        + BUILDER.replace(
            "COPY --from=ghcr.io/astral-sh/uv:latest /uv /uvx /bin/\n", ""
        )
        + FINAL
    )
    assert "DJA113" not in codes(silence(check_dockerfile(other, "Dockerfile"), other))


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Dockerfile", True),
        ("docker/Dockerfile", True),
        ("app.Dockerfile", True),
        ("Dockerfile.prod", True),
        ("Dockerfile.dockerignore", False),
        ("README.md", False),
    ],
)
def test_file_names(name: str, *, expected: bool) -> None:
    assert is_dockerfile(name) is expected


def test_main_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good" / "Dockerfile"
    good.parent.mkdir()
    good.write_text(GOOD, encoding="utf-8")
    assert main([str(good)]) == 0
    bad = tmp_path / "Dockerfile"
    bad.write_text("FROM python:3.12-slim\n", encoding="utf-8")
    assert main([str(bad), str(tmp_path / "notes.txt")]) == 1
    out = capsys.readouterr().out
    assert f"{bad}:1:1: DJA110 " in out
    broken = tmp_path / "x" / "Dockerfile"
    broken.parent.mkdir()
    broken.write_text("FROM python:3.12-slim\nRUN echo \\\n", encoding="utf-8")
    assert main([str(broken)]) == 2
    assert main([str(tmp_path / "missing" / "Dockerfile")]) == 2
    garbage = tmp_path / "g" / "Dockerfile"
    garbage.parent.mkdir()
    garbage.write_bytes(b"\x00\xff\xfe garbage")
    assert main([str(garbage)]) == 2
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    assert len(captured.err.strip().splitlines()) == 3


def test_console_script() -> None:
    result = script(
        "djarch-dockerfile", str(FIXTURES / "docker" / "bad" / "Dockerfile")
    )
    assert result.returncode == 1
    assert "DJA112" in result.stdout
    assert (
        script(
            "djarch-dockerfile", str(FIXTURES / "docker" / "good" / "Dockerfile")
        ).returncode
        == 0
    )
