"""Read helpers: parameterised queries returning plain dicts."""

from __future__ import annotations

import re
from typing import Any

from neo4j import Driver

from core.connection import execute, get_driver
from core.errors import ChungBaekError
from core.settings import settings

GOV_CODE = re.compile(r"\d{5}")


def read(query: str, driver: Driver | None = None, **params: Any) -> list[dict[str, Any]]:
    """Run a read query with parameters and return its rows as dicts."""
    result = execute(driver or get_driver(), query, params, read=True)
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


def governments(driver: Driver | None = None) -> list[str]:
    """The government codes that hold source records in the graph."""
    rows = read("MATCH (n:Record) WITH DISTINCT n.gov AS gov WHERE gov IS NOT NULL RETURN gov ORDER BY gov", driver)
    return [row["gov"] for row in rows]


def choose_government(gov: str | None, driver: Driver | None = None) -> str:
    """The government a command works on: the one asked for, else CHUNGBAEK_GOVERNMENT when it is set,
    else the only one in the graph. Several governments and no choice is an error that lists them: a
    silent default once linked an empty government while the loaded one waited."""
    cfg = settings()
    if gov:
        if not GOV_CODE.fullmatch(gov):
            raise ChungBaekError(f"{gov!r} is not a government code", hint="give the 5-digit code, e.g. --gov 41281")
        return gov
    if cfg.default_government_set:
        return cfg.default_government
    present = governments(driver)
    if len(present) == 1:
        return present[0]
    if not present:
        return cfg.default_government
    raise ChungBaekError(f"the graph holds {len(present)} governments ({', '.join(present)})",
                         hint="say which one with --gov CODE (or set CHUNGBAEK_GOVERNMENT)")
