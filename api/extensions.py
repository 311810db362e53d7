"""Schema extensions: the request's cost before anything else, then who asks, error codes for clients, the
audit trail written once per operation."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from typing import Any

from anyio import to_thread
from graphql import ExecutionResult, GraphQLError
from strawberry.extensions import SchemaExtension, ValidationCache
from strawberry.types.graphql import OperationType

from api.audit import READS, write_rows
from api.cost import CostError, measure, root_fields
from api.errors import GRAPHQL_VALIDATION_FAILED, INTERNAL, UNAUTHENTICATED, client_error, code_of
from api.permissions import IsAuthenticated
from core.settings import settings

MAX_DEPTH = 10  # the deepest useful query has 7 levels; introspection is not counted
MAX_ALIASES = 15

log = logging.getLogger("chungbaek.api")


class ClientErrors(SchemaExtension):
    """Every error gets a code; unexpected ones lose their message (the stack trace stays in the log)."""

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if result is not None and getattr(result, "errors", None):
            answers = []
            for error in result.errors:
                answer = client_error(error)
                original = error.original_error
                if (answer.extensions or {}).get("code") == INTERNAL and original is not None:
                    log.error("unexpected error at %s", error.path,
                              exc_info=(type(original), original, original.__traceback__))
                answers.append(answer)
            result.errors = answers


class AuditTrail(SchemaExtension):
    """Hands on the audit entries the resolvers collected when the operation ends: a mutation's are
    written before it answers, a query's join the shared buffer (api.audit.READS)."""

    async def on_operation(self) -> AsyncIterator[None]:  # type: ignore[override]
        yield
        context = self.execution_context.context
        audit = getattr(context, "audit", None)
        if audit is None or not audit.entries:
            return
        audit.operation = self.execution_context.operation_name or ""
        if self.execution_context.operation_type != OperationType.MUTATION:
            READS.add(audit.rows())
            return
        try:
            await to_thread.run_sync(write_rows, audit.rows())
        except Exception:
            log.exception("could not write the API audit trail")


MAX_FIELDS = 50_000  # the heaviest explorer query measures 4,603; a page of 100 cases with evidence 23,502


def cost_refusal(execution_context: Any) -> GraphQLError | None:
    """Why the document is refused before it is validated or run, or None (api.cost: linear in its length)."""
    document = execution_context.graphql_document
    try:
        cost = measure(execution_context.schema._schema, document, execution_context.operation_name,
                       execution_context.variables or {})
    except CostError as exc:
        return _refused(f"{exc}: fragments may not spread themselves")
    if cost.fields > MAX_FIELDS:
        return _refused(f"this query would ask for about {cost.fields:,} fields (at most {MAX_FIELDS:,}): ask for "
                        "fewer fields, smaller pages (first, nodeCap) or fewer fragment spreads")
    if cost.depth > MAX_DEPTH:
        return _refused(f"this query has depth {cost.depth}, above the maximum query depth of {MAX_DEPTH}")
    if cost.aliases > MAX_ALIASES:
        return _refused(f"{cost.aliases} aliases (fragments counted each time they are used), at most "
                        f"{MAX_ALIASES}: send several requests instead")
    if cost.introspection and not settings().graphiql:
        return _refused("introspection is off on this server", hint="api/schema.graphql is the schema; a server "
                        "started with CHUNGBAEK_GRAPHIQL=1 answers introspection to signed-in users")
    return None


def _refused(message: str, hint: str | None = None) -> GraphQLError:
    return GraphQLError(message, extensions={"code": GRAPHQL_VALIDATION_FAILED, **({"hint": hint} if hint else {})})


class RequestCost(ValidationCache):
    """The document's cost first; only a document within the limits goes through the validation rules
    (those results cached per document, as strawberry's ValidationCache does)."""

    def __init__(self) -> None:
        super().__init__(maxsize=256)

    def on_validate(self) -> Iterator[None]:
        refusal = cost_refusal(self.execution_context)
        if refusal is not None:
            self.execution_context.pre_execution_errors = [refusal]
            yield
            return
        yield from super().on_validate()


ANONYMOUS_FIELDS = frozenset({"login", "__typename"})


class Authentication(SchemaExtension):
    """Who asks is settled after the document passed its limits and before any field runs: an operation
    of anything but `login` without a valid token is refused whole, introspection included."""

    async def on_execute(self) -> AsyncIterator[None]:  # type: ignore[override]
        ctx = self.execution_context
        refusal = await authenticate(ctx.context, ctx.graphql_document, ctx.operation_name)
        if refusal is not None:
            ctx.result = ExecutionResult(data=None, errors=[refusal])
        yield


async def authenticate(context: Any, document: Any, operation_name: str | None) -> GraphQLError | None:
    await context.authenticate()
    asked = root_fields(document, operation_name) - ANONYMOUS_FIELDS
    if context.auth_error is not None:  # the database is down: say so instead of "bad token"
        error = context.auth_error
        return GraphQLError(error.message, extensions={"code": code_of(error),
                                                       **({"hint": error.hint} if error.hint else {})})
    if context.user is None and asked:
        return GraphQLError(IsAuthenticated.message, extensions={"code": UNAUTHENTICATED})
    return None
