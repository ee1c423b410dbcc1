"""flake8-djarch: architecture and security rules for Django + DRF projects."""

__version__ = "0.1.0"
