"""djarch-compose: DJA130-DJA133, YAML line numbers, noqa and exit codes."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from djarch_hooks.common import UnusableInputError, drop_silenced
from djarch_hooks.compose import check_compose, main
from djarch_hooks.compose_files import is_compose_file
from hooks_testlib import FIXTURES, codes, script

if TYPE_CHECKING:
    from pathlib import Path

GOOD = (FIXTURES / "compose" / "good" / "docker-compose.yml").read_text(
    encoding="utf-8"
)
BAD = (FIXTURES / "compose" / "bad" / "docker-compose.yml").read_text(encoding="utf-8")


def check(text: str, name: str = "docker-compose.yml") -> list[str]:
    """Check.

    Args:
        text: The input text.
        name: The file name.

    Returns:
        The result.
    """
    return codes(check_compose(text, name))


def test_good_fixture_is_clean() -> None:
    assert check(GOOD) == []


def test_bad_fixture() -> None:
    found = check_compose(BAD, "docker-compose.yml")
    assert sorted(codes(found)) == [
        "DJA130",
        "DJA131",
        "DJA131",
        "DJA131",
        "DJA131",
        "DJA132",
        "DJA132",
        "DJA133",
    ]
    secret_lines = [(item.line, item.col) for item in found if item.code == "DJA132"]
    assert secret_lines == [(5, 7), (13, 9)]
    assert [item.line for item in found if item.code == "DJA130"] == [1]


def test_dja130_one_per_missing_service() -> None:
    found = check("services:\n  app:\n    build: .\n")
    assert found.count("DJA130") == 4
    assert check("").count("DJA130") == 5
    assert "DJA130" not in check(
        "services:\n  app:\n    build: .\n", "docker-compose.override.yml"
    )


@pytest.mark.parametrize(
    ("service", "image", "expected"),
    [
        ("db", "postgres:16.11", False),
        ("db", "postgres:16.11@sha256:" + "c" * 64, False),
        ("db", "postgres:16", True),
        ("db", "postgres", True),
        ("redis", "redis:7.2.7-alpine", False),
        ("redis", "redis:7.2-alpine", True),
        ("nginx", "nginx:stable-alpine", False),
        ("nginx", "nginx:latest", True),
        ("migrate", "python:3.12-slim", False),
        ("migrate", "python:3.12.12-slim-bookworm", False),
        ("migrate", "python:3.11-slim", True),
        ("worker", "whatever:latest", False),
    ],
)
def test_dja131_images(service: str, image: str, *, expected: bool) -> None:
    text = f"services:\n  {service}:\n    image: {image}\n"
    assert ("DJA131" in check(text)) is expected


def test_dja131_app_needs_build() -> None:
    assert "DJA131" in check("services:\n  app:\n    image: shop:latest\n")
    assert "DJA131" not in check("services:\n  app:\n    build:\n      context: .\n")
    assert "DJA131" in check("services:\n  db:\n    build: ./db\n")


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ("      SECRET_KEY: abc123\n", True),
        ("      API_TOKEN: 'tok_9f2a'\n", True),
        ("      API_TOKEN: 'tok'\n", False),
        ("      MODULE_TOKEN: '{module}'\n", False),
        ("      - DB_PASSWORD=hunter2\n", True),
        ("      STRIPE_API_KEY: sk_live_1\n", True),
        ("      CACHE_KEY_PREFIX: orders\n", False),
        ("      SECRET_KEY: ${SECRET_KEY}\n", False),
        ("      - DB_PASSWORD=${DB_PASSWORD:?required}\n", False),
        ("      - DB_PASSWORD\n", False),
        ("      DB_PASSWORD:\n", False),
        ("      DB_PASSWORD_FILE: /run/secrets/db\n", False),
        ("      DEBUG: 'false'\n", False),
        ("      CACHE_KEY_PREFIX: shop\n", False),
        ("      ACCESS_TOKEN_LIFETIME: 3600\n", False),
    ],
)
def test_dja132_literal_secrets(environment: str, *, expected: bool) -> None:
    text = "services:\n  app:\n    build: .\n    environment:\n" + environment
    assert ("DJA132" in check(text)) is expected


@pytest.mark.parametrize(
    ("depends", "expected"),
    [
        (
            "    depends_on:\n      migrate:\n        condition: service_completed_successfully\n",
            False,
        ),
        ("    depends_on:\n      - migrate\n", True),
        ("    depends_on:\n      migrate:\n        condition: service_started\n", True),
        ("    depends_on:\n      - db\n", True),
        ("", True),
    ],
)
def test_dja133_app_after_migrate(depends: str, *, expected: bool) -> None:
    text = "services:\n  app:\n    build: .\n" + depends
    assert ("DJA133" in check(text)) is expected


def test_merge_keys_and_anchors() -> None:
    text = (
        "x-app: &app\n  build: .\n  depends_on:\n    migrate:\n      condition: service_completed_successfully\n"
        "services:\n  app:\n    <<: *app\n"
    )
    assert "DJA133" not in check(text)
    assert "DJA131" not in check(text)


@pytest.mark.parametrize(
    "text",
    ["services: [\n", "services:\n  app: {build: .\n", "- a\n- b\n", "a: *missing\n"],
)
def test_unusable_yaml(text: str) -> None:
    with pytest.raises(UnusableInputError):
        check_compose(text, "docker-compose.yml")


def test_noqa() -> None:
    text = "services:\n  db:\n    image: postgres:15  # noqa: DJA131\n  redis:\n    image: redis  # noqa\n"
    assert "DJA131" not in codes(
        drop_silenced(check_compose(text, "compose.yaml"), text)
    )
    text2 = "# noqa: DJA130\nservices: {}\n"
    assert codes(drop_silenced(check_compose(text2, "compose.yaml"), text2)) == []


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("docker-compose.yml", True),
        ("docker-compose.prod.yaml", True),
        ("compose.yaml", True),
        ("deploy/compose.override.yml", True),
        ("config.yml", False),
    ],
)
def test_file_names(name: str, *, expected: bool) -> None:
    assert is_compose_file(name) is expected


def test_main_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "docker-compose.yml"
    good.write_text(GOOD, encoding="utf-8")
    assert main([str(good)]) == 0
    bad = tmp_path / "compose.yaml"
    bad.write_text(BAD, encoding="utf-8")
    assert main([str(bad)]) == 1
    broken = tmp_path / "compose.yml"
    broken.write_text("services: [\n", encoding="utf-8")
    assert main([str(broken)]) == 2
    assert main([str(tmp_path / "nope" / "compose.yml")]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 2


def test_console_script() -> None:
    result = script(
        "djarch-compose", str(FIXTURES / "compose" / "bad" / "docker-compose.yml")
    )
    assert result.returncode == 1
    assert "DJA133" in result.stdout
