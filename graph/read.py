"""Read helpers: parameterised queries returning plain dicts."""

from __future__ import annotations

from typing import Any

from neo4j import Driver, RoutingControl

from core.connection import get_driver, guarded


def read(query: str, driver: Driver | None = None, **params: Any) -> list[dict[str, Any]]:
    """Run a read query with parameters and return its rows as dicts."""
    driver = driver or get_driver()
    with guarded():
        result = driver.execute_query(query, parameters_=params, routing_=RoutingControl.READ)
    return [record.data() for record in result.records]


def label_counts(driver: Driver | None = None, gov: str | None = None) -> dict[str, int]:
    """Node counts per label (optionally for one government)."""
    rows = read(
        "MATCH (n) WHERE $gov IS NULL OR n.gov = $gov "
        "UNWIND labels(n) AS label RETURN label, count(*) AS c",
        driver, gov=gov,
    )
    return {row["label"]: row["c"] for row in rows}


def totals(driver: Driver | None = None) -> tuple[int, int]:
    nodes = read("MATCH (n) RETURN count(n) AS c", driver)[0]["c"]
    rels = read("MATCH ()-[r]->() RETURN count(r) AS c", driver)[0]["c"]
    return nodes, rels
