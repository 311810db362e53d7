"""Database access of the API: the shared driver's parameterised reads and writes, run off the event loop."""

from __future__ import annotations

from typing import Any

from anyio import to_thread
from neo4j import READ_ACCESS, ManagedTransaction

from core.connection import get_driver, guarded


def fetch_sync(query: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    # An auto-commit read: one round trip (RUN and PULL together), where a managed transaction adds BEGIN
    # and COMMIT; a read that meets a transient error fails and the client asks again.
    with guarded(), get_driver().session(default_access_mode=READ_ACCESS) as session:
        return [record.data() for record in session.run(query, params)]


async def fetch(query: str, **params: Any) -> list[dict[str, Any]]:
    """A read query in a worker thread (the neo4j driver is synchronous)."""
    return await to_thread.run_sync(fetch_sync, query, params)


def write_sync(query: str, **params: Any) -> list[dict[str, Any]]:
    def work(tx: ManagedTransaction) -> list[dict[str, Any]]:
        return [record.data() for record in tx.run(query, **params)]

    with get_driver().session() as session:
        return session.execute_write(work)


async def write(query: str, **params: Any) -> list[dict[str, Any]]:
    return await to_thread.run_sync(lambda: write_sync(query, **params))


async def call(fn: Any, *args: Any, **kwargs: Any) -> Any:
    """Any synchronous stage function (cases.actions ...) in a worker thread."""
    return await to_thread.run_sync(lambda: fn(*args, **kwargs))
