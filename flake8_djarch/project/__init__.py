"""The linted project: safe file access and the one project model built on it.

Every rule, hook and ``djarch check`` asks the model (RULES.md §0b). Layers:
:mod:`~flake8_djarch.project.files` (safe reads),
:mod:`~flake8_djarch.project.modules` (parses, names bound
by a module), :mod:`~flake8_djarch.project.layout` (source roots, files,
settings modules), :mod:`~flake8_djarch.project.values` (known classes,
constants) and :mod:`~flake8_djarch.project.model` (the questions).
"""

from __future__ import annotations

from flake8_djarch.project.model import (
    ClassResolver,
    ModuleInfo,
    Namespace,
    ProjectModel,
    clear_cache,
    model_for,
    resolver_for,
    stats,
    unresolved_bases,
)
from flake8_djarch.project.values import (
    ABSTRACT_BASE_USER,
    ABSTRACT_USER,
    BASE_SETTINGS,
    DJANGO_VIEW,
    DRF_SERIALIZER,
    DRF_VIEW,
    FORM,
    KNOWN,
    MANAGER,
    MODEL,
    PROTOCOL,
    PYDANTIC_MODEL,
    QUERYSET,
    TEST_CASE,
    ApiDefault,
    Unknown,
)

__all__ = [
    "ABSTRACT_BASE_USER",
    "ABSTRACT_USER",
    "BASE_SETTINGS",
    "DJANGO_VIEW",
    "DRF_SERIALIZER",
    "DRF_VIEW",
    "FORM",
    "KNOWN",
    "MANAGER",
    "MODEL",
    "PROTOCOL",
    "PYDANTIC_MODEL",
    "QUERYSET",
    "TEST_CASE",
    "ApiDefault",
    "ClassResolver",
    "ModuleInfo",
    "Namespace",
    "ProjectModel",
    "Unknown",
    "clear_cache",
    "model_for",
    "resolver_for",
    "stats",
    "unresolved_bases",
]
