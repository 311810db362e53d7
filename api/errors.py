"""Errors that reach API clients: a code and a message a person can act on, never a stack trace."""

from __future__ import annotations

from typing import Any

from graphql import GraphQLError
from neo4j.exceptions import ClientError

from core.connection import LOST
from core.errors import ChungBaekError

UNAUTHENTICATED = "UNAUTHENTICATED"
FORBIDDEN = "FORBIDDEN"
BAD_USER_INPUT = "BAD_USER_INPUT"
NOT_FOUND = "NOT_FOUND"
LIMIT_EXCEEDED = "LIMIT_EXCEEDED"
TRANSITION_REFUSED = "TRANSITION_REFUSED"
UNAVAILABLE = "UNAVAILABLE"
TIMEOUT = "TIMEOUT"
GRAPHQL_VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
INTERNAL = "INTERNAL_SERVER_ERROR"


class ApiError(ChungBaekError):
    """An expected failure of a request, with the code clients switch on."""

    code = BAD_USER_INPUT

    def __init__(self, message: str, *, code: str | None = None, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        if code:
            self.code = code

    def extensions(self) -> dict[str, Any]:
        return {"code": self.code, **({"hint": self.hint} if self.hint else {})}


class Forbidden(ApiError):
    code = FORBIDDEN


class LimitExceeded(ApiError):
    code = LIMIT_EXCEEDED


class BadInput(ApiError):
    code = BAD_USER_INPUT


def code_of(exc: BaseException) -> str:
    """The client-facing code of an expected error (cases, users and graph errors included)."""
    if isinstance(exc, ApiError):
        return exc.code
    name = type(exc).__name__
    return {
        "PermissionRefused": FORBIDDEN, "CaseNotFound": NOT_FOUND, "TransitionRefused": TRANSITION_REFUSED,
        "InvalidAction": BAD_USER_INPUT, "UserError": BAD_USER_INPUT, "Neo4jUnavailable": UNAVAILABLE,
        "ModelError": BAD_USER_INPUT,
    }.get(name, BAD_USER_INPUT)


def client_error(error: GraphQLError) -> GraphQLError:
    """The error as a client may see it: expected errors keep their message and get a code; anything
    unexpected becomes a generic message (the details go to the server log)."""
    original = error.original_error
    if original is None:
        code = (error.extensions or {}).get("code") or GRAPHQL_VALIDATION_FAILED
        return _with(error, error.message, {**(error.extensions or {}), "code": code})
    if isinstance(original, ChungBaekError):
        extensions = {"code": code_of(original)}
        if original.hint:
            extensions["hint"] = original.hint
        return _with(error, original.message, extensions)
    if isinstance(original, GraphQLError):
        return client_error(original)
    if unavailable(original):
        return _with(error, "the database is not answering; try again in a few seconds", {
            "code": UNAVAILABLE, "hint": "if it lasts, ask the operator to check Neo4j (chungbaek neo4j status)"})
    if error.path is None and isinstance(original, (ValueError, TypeError)):
        # a variable or literal refused while the request was checked (a scalar's parser said why)
        return _with(error, error.message, {"code": GRAPHQL_VALIDATION_FAILED})
    extensions = getattr(error, "extensions", None) or {}
    if extensions.get("code"):  # permission classes set their own code
        return _with(error, error.message, extensions)
    return _with(error, "the server could not answer this request; it has been logged, please try again or "
                 "report it", {"code": INTERNAL})


def unavailable(exc: BaseException) -> bool:
    """The driver's way of saying the database is away or every connection is busy (never a bug here)."""
    if isinstance(exc, LOST):
        return True
    return isinstance(exc, ClientError) and "failed to obtain a connection from the pool" in str(exc)


def _with(error: GraphQLError, message: str, extensions: dict[str, Any]) -> GraphQLError:
    return GraphQLError(message, nodes=error.nodes, source=error.source, positions=error.positions,
                        path=error.path, original_error=None, extensions=extensions)
