"""Errors of the cases stage."""

from __future__ import annotations

from core.errors import ChungBaekError


class CaseError(ChungBaekError):
    """Base of the case queue's errors."""


class CaseNotFound(CaseError):
    """No case with this id."""


class TransitionRefused(CaseError):
    """A status change the lifecycle does not allow (the message names the allowed ones)."""

    def __init__(self, message: str, *, case_id: str, status: str, attempted: str, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.case_id = case_id
        self.status = status
        self.attempted = attempted


class PermissionRefused(CaseError):
    """The user's role or jurisdiction does not allow this."""


class InvalidAction(CaseError):
    """A bad argument: unknown action, missing amount or reason."""
