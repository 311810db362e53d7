"""One Neo4j driver per process, with failures turned into messages a person can act on."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from neo4j import Driver, GraphDatabase
from neo4j.exceptions import (
    AuthError,
    DatabaseUnavailable,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)

from core.errors import DatabaseReplaced, Neo4jUnavailable
from core.settings import Settings, settings

_lock = threading.Lock()
_drivers: dict[tuple[str, str], Driver] = {}
_retired: list[Driver] = []  # shared drivers given up for their bookmarks; closed with the others

# A driver remembers, as bookmarks, the last transaction it saw, and asks the server to wait for it. When
# `load --initial` replaces the database, the new one counts its transactions from the start again, so the
# old bookmarks name a version that never comes: the server waits (db.transaction.bookmark_ready_timeout)
# and answers this code. The only cure is a driver without them.
STALE_BOOKMARK = "Neo.TransientError.Transaction.BookmarkTimeout"

# What the database being away looks like to the driver: not reachable, a connection lost, the database
# stopped or still starting.
LOST = (ServiceUnavailable, SessionExpired, DatabaseUnavailable)

# How long the driver waits for the database. Batch commands wait long enough to ride out a slow start;
# a server answering people (`fail_fast()`) says UNAVAILABLE within two seconds instead of hanging on a
# connection or retrying a transaction for 30 s, and reconnects by itself on the next request.
PATIENT = {"connection_timeout": 10.0}
FAST = {"connection_timeout": 0.5, "connection_acquisition_timeout": 1.0, "max_transaction_retry_time": 0.3}
_profile: dict[str, float] = dict(PATIENT)


def fail_fast() -> None:
    """Drivers made from now on in this process give up quickly when the database is away (the API)."""
    with _lock:
        _profile.clear()
        _profile.update(FAST)


def unavailable(cfg: Settings, cause: Exception | None = None) -> Neo4jUnavailable:
    hint = (
        "check NEO4J_URI, NEO4J_USER and NEO4J_PASSWORD"
        if cfg.external_neo4j
        else "start it with: chungbaek neo4j start"
    )
    detail = f" ({type(cause).__name__})" if cause else ""
    return Neo4jUnavailable(f"Neo4j is not reachable at {cfg.neo4j_uri}{detail}", hint=hint)


def _new_driver(cfg: Settings, timeout: float | None = None) -> Driver:
    options = dict(_profile)
    if timeout is not None:
        options["connection_timeout"] = timeout
    return GraphDatabase.driver(
        cfg.neo4j_uri,
        auth=(cfg.neo4j_user, cfg.neo4j_password),
        max_connection_pool_size=100,
        notifications_min_severity="OFF",
        **options,
    )


def get_driver(cfg: Settings | None = None) -> Driver:
    """The shared driver for these settings; created on first use, checked once."""
    cfg = cfg or settings()
    key = (cfg.neo4j_uri, cfg.neo4j_user)
    with _lock:
        driver = _drivers.get(key)
        if driver is None:
            driver = _new_driver(cfg)
            try:
                driver.verify_connectivity()
            except AuthError as exc:
                driver.close()
                raise Neo4jUnavailable(
                    f"Neo4j at {cfg.neo4j_uri} refused the credentials for user {cfg.neo4j_user!r}",
                    hint="set NEO4J_PASSWORD, or for the local server rerun: chungbaek neo4j install",
                ) from exc
            except (*LOST, OSError, ValueError) as exc:
                driver.close()
                raise unavailable(cfg, exc) from exc
            _drivers[key] = driver
        return driver


def close_drivers() -> None:
    with _lock:
        for driver in [*_drivers.values(), *_retired]:
            driver.close()
        _drivers.clear()
        _retired.clear()


def is_shared(driver: Driver) -> bool:
    with _lock:
        return any(driver is shared for shared in _drivers.values())


def forget_bookmarks() -> None:
    """Give up the shared drivers and their bookmarks: the next get_driver() starts afresh.

    They are retired rather than closed, because other threads may still be reading through them.
    """
    with _lock:
        _retired.extend(_drivers.values())
        _drivers.clear()


def verify_connectivity(cfg: Settings, timeout: float = 5.0) -> bool:
    """True when Bolt answers with our credentials (a fresh short-lived driver, never the shared one)."""
    try:
        with _new_driver(cfg, timeout=timeout) as driver:
            driver.verify_connectivity()
        return True
    except Exception:  # noqa: BLE001 - any failure means "not answering"
        return False


def counts(cfg: Settings) -> tuple[int, int, str | None]:
    driver = get_driver(cfg)
    nodes = driver.execute_query("MATCH (n) RETURN count(n) AS c").records[0]["c"]
    rels = driver.execute_query("MATCH ()-[r]->() RETURN count(r) AS c").records[0]["c"]
    comp = driver.execute_query("CALL dbms.components() YIELD versions RETURN versions[0] AS v").records
    return nodes, rels, (comp[0]["v"] if comp else None)


@contextmanager
def guarded(cfg: Settings | None = None) -> Iterator[None]:
    """Turn a connection lost mid-work (or a database not answering) into Neo4jUnavailable, and a bookmark
    of a database since replaced into DatabaseReplaced, after forgetting the shared drivers' bookmarks."""
    try:
        yield
    except LOST as exc:
        raise unavailable(cfg or settings(), exc) from exc
    except TransientError as exc:
        if exc.code != STALE_BOOKMARK:
            raise
        forget_bookmarks()
        raise DatabaseReplaced(
            "Neo4j's database was replaced (chungbaek load --initial) since this process last read it",
            hint="ask again: the next request starts without the old database's bookmarks",
        ) from exc
