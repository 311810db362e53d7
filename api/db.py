"""Database access of the API: the shared driver's parameterised reads and writes, run off the event loop.

Each transaction carries the request's time budget as its Neo4j timeout (settings().api_timeout): a request
given up by api.guards.time_budget leaves no query running behind it. Threads are abandoned on cancel (the
transaction timeout ends them), so a given-up request frees its worker at once.
"""

from __future__ import annotations

from typing import Any

from anyio import to_thread
from neo4j import READ_ACCESS, ManagedTransaction, Query, unit_of_work

from core.connection import get_driver, guarded, remember_read
from core.settings import settings


def fetch_sync(query: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    # An auto-commit read: one round trip (RUN and PULL together), where a managed transaction adds BEGIN
    # and COMMIT; a read that meets a transient error fails and the client asks again.
    with guarded(), get_driver().session(default_access_mode=READ_ACCESS) as session:
        rows = [record.data() for record in session.run(Query(query, timeout=settings().api_timeout), params)]
    remember_read(query, params)
    return rows


async def fetch(query: str, **params: Any) -> list[dict[str, Any]]:
    """A read query in a worker thread (the neo4j driver is synchronous)."""
    return await to_thread.run_sync(fetch_sync, query, params, abandon_on_cancel=True)


def write_sync(query: str, **params: Any) -> list[dict[str, Any]]:
    @unit_of_work(timeout=settings().api_timeout)
    def work(tx: ManagedTransaction) -> list[dict[str, Any]]:
        return [record.data() for record in tx.run(query, **params)]

    with guarded(), get_driver().session() as session:
        return session.execute_write(work)


async def write(query: str, **params: Any) -> list[dict[str, Any]]:
    return await to_thread.run_sync(lambda: write_sync(query, **params), abandon_on_cancel=True)


def _guarded_call(fn: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    with guarded():
        return fn(*args, **kwargs)


async def call(fn: Any, *args: Any, **kwargs: Any) -> Any:
    """Any synchronous stage function (cases.actions ...) in a worker thread."""
    return await to_thread.run_sync(_guarded_call, fn, args, kwargs, abandon_on_cancel=True)
