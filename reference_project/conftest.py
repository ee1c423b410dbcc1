"""Root pytest configuration.

pytest applies a ``conftest.py`` only to tests below its own folder. The
project-wide fixtures live in ``tests/conftest.py`` (the seed layout); importing
them here makes them available to the app test packages under ``apps/`` too.
"""

from tests.conftest import (
    _clear_cache,
    _secret_key,
    _test_settings,
    api_client,
    auth_client,
    other_user,
    product,
    staff_user,
    user,
)

__all__ = (
    "_clear_cache",
    "_secret_key",
    "_test_settings",
    "api_client",
    "auth_client",
    "other_user",
    "product",
    "staff_user",
    "user",
)
