"""Tests for the shared permission classes."""

from types import SimpleNamespace

from django.contrib.auth.models import AnonymousUser

from apps.core.permissions import IsOwner


def test_is_owner() -> None:
    """Only the user referenced by ``user_id`` passes the object check."""
    permission = IsOwner()
    owner = SimpleNamespace(pk=1, is_authenticated=True)
    stranger = SimpleNamespace(pk=2, is_authenticated=True)
    obj = SimpleNamespace(user_id=1)

    assert permission.has_object_permission(SimpleNamespace(user=owner), None, obj)
    assert not permission.has_object_permission(
        SimpleNamespace(user=stranger), None, obj
    )
    assert not permission.has_object_permission(
        SimpleNamespace(user=AnonymousUser()), None, obj
    )
