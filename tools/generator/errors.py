"""Errors of the generator: expected failures with a message that says what to do."""

from __future__ import annotations

from core.errors import ChungBaekError


class GeneratorError(ChungBaekError):
    """The generator cannot run with these options or cannot write its output."""
