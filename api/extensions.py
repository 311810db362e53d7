"""Schema extensions: error codes for clients, the audit trail written once per operation."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator

from anyio import to_thread
from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType

from api.audit import READS, write_rows
from api.errors import INTERNAL, client_error

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
