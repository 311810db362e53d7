"""The one base exception of the application; every stage's own errors derive from it.

A ChungBaekError carries a message a person can act on. The CLI prints it without a stack trace.
"""

from __future__ import annotations


class ChungBaekError(Exception):
    """An expected failure with a message that says what to do."""

    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message}\n  -> {self.hint}" if self.hint else self.message


class ConfigurationError(ChungBaekError):
    """A setting is missing or wrong."""


class EnvironmentProblem(ChungBaekError):
    """A tool the project needs (Java, Maven) is missing or unusable."""


class Neo4jUnavailable(ChungBaekError):
    """The database cannot be reached."""


class DatabaseReplaced(Neo4jUnavailable):
    """The database was replaced since this process last read it; asking again succeeds."""
