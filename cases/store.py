"""Database and clock plumbing shared by the case modules: parameterised Cypher in managed transactions."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from typing import Any, TypeVar

from neo4j import Driver, ManagedTransaction

from core.clock import now_iso

T = TypeVar("T")
SYSTEM_ACTOR = "system"

__all__ = ["SYSTEM_ACTOR", "case_id_for", "driver_of", "iso", "parse_iso", "read", "utcnow", "write", "write_tx"]


def driver_of(driver: Driver | None) -> Driver:
    if driver is not None:
        return driver
    from core.connection import get_driver

    return get_driver()


def read(query: str, driver: Driver | None = None, **params: Any) -> list[dict[str, Any]]:
    from graph.read import read as graph_read

    return graph_read(query, driver_of(driver), **params)


def write(query: str, driver: Driver | None = None, **params: Any) -> list[dict[str, Any]]:
    def work(tx: ManagedTransaction) -> list[dict[str, Any]]:
        return [record.data() for record in tx.run(query, **params)]

    return write_tx(work, driver)


def write_tx(work: Callable[[ManagedTransaction], T], driver: Driver | None = None) -> T:
    """Run a transaction function (it may run more than once: keep it idempotent)."""
    with driver_of(driver).session() as session:
        return session.execute_write(work)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


def iso(moment: dt.datetime | None) -> str:
    return now_iso(moment or utcnow())


def parse_iso(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    moment = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return moment.astimezone(dt.UTC).replace(tzinfo=None) if moment.tzinfo else moment


def case_id_for(gov: str, scenario_id: str, subject_key: str) -> str:
    """Stable case id: scenario + subject (and government) decide it, so re-runs find the same case."""
    digest = hashlib.sha256(f"{gov}|{scenario_id}|{subject_key}".encode()).hexdigest()[:10].upper()
    return f"C-{gov}-{digest}"
