"""One Neo4j driver per process, with failures turned into messages a person can act on."""

from __future__ import annotations

import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from neo4j import READ_ACCESS, Driver, EagerResult, GraphDatabase, Query, RoutingControl
from neo4j.api import BookmarkManager
from neo4j.exceptions import (
    AuthError,
    DatabaseUnavailable,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)

from core.breaker import Breaker
from core.errors import DatabaseReplaced, Neo4jUnavailable
from core.settings import Settings, settings

_lock = threading.Lock()
_drivers: dict[tuple[str, str], Driver] = {}
_connecting: dict[tuple[str, str], threading.Lock] = {}  # server -> its first connection under way

# A driver's queries remember, as bookmarks, the last transaction they saw, and ask the server to wait for
# it. When `load --initial` replaces the database, the new one counts its transactions from the start
# again, so the old bookmarks name a version that never comes: the server waits
# (db.transaction.bookmark_ready_timeout) and answers this code. The cure is to start the bookmarks
# afresh, which is why every query goes through execute() with a bookmark manager of ours, not the
# driver's own (which cannot be emptied).
_bookmarks: weakref.WeakKeyDictionary[Driver, BookmarkManager] = weakref.WeakKeyDictionary()
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


def _probe() -> None:
    driver = _shared(settings())
    with driver.session() as session:  # the default database: the one requests need, not only Bolt
        session.run("RETURN 1").consume()


# The reads a fail-fast process asked lately (query text -> its last parameters), asked again by the
# breaker before it lets requests through after an outage.
_recent: OrderedDict[str, dict[str, Any]] = OrderedDict()
RECENT = 32
# The warm-up's whole time, newest read first. A server that has just started plans every query afresh,
# and on a slow machine 32 of them took longer than people should wait for the breaker to close.
WARM_UP_S = 2.0


def remember_read(query: str, params: dict[str, Any]) -> None:
    if _breaker is None:
        return
    with _lock:
        _recent[query] = params
        _recent.move_to_end(query)
        while len(_recent) > RECENT:
            _recent.popitem(last=False)


def _warm_up() -> None:
    with _lock:
        reads = list(reversed(_recent.items()))
    driver = _shared(settings())
    deadline = time.monotonic() + WARM_UP_S
    for query, params in reads:
        left = deadline - time.monotonic()
        if left <= 0.05:
            return
        # best effort: a read that fails or is slow here is only not warmed; it must never keep the breaker
        # open (the requests that asked it were refused meanwhile, so it would never age out)
        try:
            with driver.session(default_access_mode=READ_ACCESS) as session:
                session.run(Query(query, timeout=left), params).consume()
        except Exception:  # noqa: BLE001 - see above
            continue


# Only a fail-fast process has one: a batch command rides out an outage instead.
_breaker: Breaker | None = None


def fail_fast() -> None:
    """Drivers made from now on in this process give up quickly when the database is away (the API), and
    once it has been seen away, requests are refused at once until it answers again (core.breaker)."""
    global _breaker
    with _lock:
        _profile.clear()
        _profile.update(FAST)
        _breaker = _breaker or Breaker(_probe, _warm_up)


def unavailable(cfg: Settings, cause: Exception | None = None, away: bool = False) -> Neo4jUnavailable:
    hint = (
        "check NEO4J_URI, NEO4J_USER and NEO4J_PASSWORD"
        if cfg.external_neo4j
        else "start it with: chungbaek neo4j start"
    )
    detail = f" ({type(cause).__name__})" if cause else " (it was seen away and has not answered since)" if away else ""
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
    """The shared driver for these settings; created on first use, checked once. In a fail-fast process
    whose breaker is open, Neo4jUnavailable at once."""
    cfg = cfg or settings()
    if _breaker is not None and _breaker.is_open:
        raise unavailable(cfg, away=True)
    return _shared(cfg)


def _shared(cfg: Settings) -> Driver:
    key = (cfg.neo4j_uri, cfg.neo4j_user)
    with _lock:
        driver = _drivers.get(key)
        if driver is not None:
            return driver
        gate = _connecting.setdefault(key, threading.Lock())
    # one connection attempt per server at a time, outside _lock: every query takes _lock for a moment
    # (bookmarks, remembered reads), and a first connection can take the whole connection timeout
    with gate:
        with _lock:
            driver = _drivers.get(key)
        if driver is not None:
            return driver
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
            failure = exc
        else:
            with _lock:
                _drivers[key] = driver
            return driver
    if _breaker is not None:  # away from the first connection on: the next requests need not try again
        _breaker.trip()
    raise unavailable(cfg, failure) from failure


def close_drivers() -> None:
    with _lock:
        for driver in _drivers.values():
            driver.close()
        _drivers.clear()


def _manager(driver: Driver) -> BookmarkManager:
    with _lock:
        manager = _bookmarks.get(driver)
        if manager is None:
            manager = _bookmarks[driver] = GraphDatabase.bookmark_manager()
        return manager


def _forget(driver: Driver, stale: BookmarkManager) -> None:
    """Start the driver's bookmarks afresh (once, however many threads met the stale ones)."""
    with _lock:
        if _bookmarks.get(driver) is stale:
            _bookmarks[driver] = GraphDatabase.bookmark_manager()


def execute(driver: Driver, query: str, params: dict[str, Any] | None = None, /, *, read: bool = False,
            **kw: Any) -> EagerResult:
    """One query in a transaction of its own (retried by the driver on transient errors), with failures
    turned into messages. A query that meets a replaced database is asked once more with fresh bookmarks;
    the first attempt only waited for a version that never comes, so nothing ran twice."""
    parameters = {**(params or {}), **kw}
    routing = RoutingControl.READ if read else RoutingControl.WRITE
    for attempt in (1, 2):
        manager = _manager(driver)
        try:
            with guarded():
                return driver.execute_query(query, parameters_=parameters, routing_=routing,
                                            bookmark_manager_=manager)
        except DatabaseReplaced:
            if attempt == 2:
                raise
            _forget(driver, manager)
    raise AssertionError("unreachable")


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
    nodes = execute(driver, "MATCH (n) RETURN count(n) AS c", read=True).records[0]["c"]
    rels = execute(driver, "MATCH ()-[r]->() RETURN count(r) AS c", read=True).records[0]["c"]
    comp = execute(driver, "CALL dbms.components() YIELD versions RETURN versions[0] AS v", read=True).records
    return nodes, rels, (comp[0]["v"] if comp else None)


@contextmanager
def guarded(cfg: Settings | None = None) -> Iterator[None]:
    """Turn a connection lost mid-work (or a database not answering) into Neo4jUnavailable, and a bookmark
    of a database since replaced into DatabaseReplaced."""
    try:
        yield
    except LOST as exc:
        if _breaker is not None:
            _breaker.trip()
        raise unavailable(cfg or settings(), exc) from exc
    except TransientError as exc:
        if exc.code != STALE_BOOKMARK:
            raise
        raise DatabaseReplaced(
            "Neo4j's database was replaced (chungbaek load --initial) since this process last read it",
            hint="ask again: the next request starts without the old database's bookmarks",
        ) from exc
