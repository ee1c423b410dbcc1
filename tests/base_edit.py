"""Source texts of the "base class edited in another module" cases.

The findings cache, the parallel check and the persisted project index each
prove that editing a base class in one module changes its subclass's finding
in another: one serializer base, the same base made plain, one subclass.
"""

BASE = '''"""Bases."""

from rest_framework import serializers


class Base(serializers.ModelSerializer):
    """A DRF serializer base."""
'''
PLAIN_BASE = '''"""Bases."""


class Base:
    """Not a serializer any more."""
'''
SUBCLASS = '''"""Serializers."""

from apps.core.bases import Base


class ThingSerializer(Base):
    """A serializer."""

    class Meta:
        """Options."""

        fields = "__all__"
'''
