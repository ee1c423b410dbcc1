"""The one definition of a secret shared by DJA072, DJA132 and DJA171 (RULES.md R10)."""

import pytest

from flake8_djarch.policy.secrets import secret_like_name, secret_looking_value


@pytest.mark.parametrize(
    "name",
    [
        "SECRET_KEY",
        "SECRET",
        "TOKEN",
        "PASSWORD",
        "DB_PASSWORD",
        "DBPASSWORD",
        "CLIENT_SECRET",
        "GITHUB_TOKEN",
        "API_KEY",
        "STRIPE_API_KEY",
        "MYAPI_KEY",
        "AWS_SECRET_ACCESS_KEY",
        "postgres_password",
    ],
)
def test_secret_like_names(name: str) -> None:
    assert secret_like_name(name)


@pytest.mark.parametrize(
    "name",
    [
        "TOKEN_TTL",
        "PASSWORD_HASHERS",
        "DB_PASSWORD_FILE",
        "CACHE_KEY_PREFIX",
        "SORT_KEY",
    ],
)
def test_names_about_a_secret(name: str) -> None:
    assert not secret_like_name(name)


@pytest.mark.parametrize(
    ("name", "value", "secret"),
    [
        ("SECRET_KEY", "k3y-9f8a7b6c5d", True),
        ("PASSWORD", "hunter22", True),
        ("SECRET", "Secret", False),
        ("REQUIRE_PASSWORD", "require_password", False),
        ("MODULE_TOKEN", "{module}", False),
        ("PASSWORD", "********", False),
        ("PASSWORD", "abc12", False),
        ("PASSWORD", "two words", False),
        ("SECRET_KEY", "%(env)s-key", False),
        ("TOKEN", "<your token>", False),
    ],
)
def test_secret_looking_values(name: str, value: str, *, secret: bool) -> None:
    assert secret_looking_value(value, name) is secret
