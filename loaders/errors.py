"""Errors of the loaders stage. Each says what to do; none carries a resident registration number."""

from __future__ import annotations

from core.errors import ChungBaekError


class LoaderError(ChungBaekError):
    """Base of the loaders' errors."""


class ContractError(LoaderError):
    """A contract file in loaders/contracts/ is wrong; the message names the file and the place."""


class UnknownKind(ContractError):
    """A contract names an identifier kind that is not in the registry."""


class ExtractError(LoaderError):
    """The extract directory cannot be read at all (missing, not a directory)."""
