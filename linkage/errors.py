"""Errors of the linkage stage: one base class, subclasses that carry what went wrong."""

from __future__ import annotations

from core.errors import ChungBaekError


class LinkageError(ChungBaekError):
    """An expected failure of entity resolution, with a message that says what to do."""


class SettingsError(LinkageError):
    """A linkage pipeline description (settings) is invalid."""


class InputError(LinkageError):
    """An input file or table cannot be matched (empty, unknown column, duplicate ids...)."""
