"""Helpers of the loader tests: the tests write their own extracts into tmp_path."""

from __future__ import annotations

from typing import Any

from loaders.contract import contracts
from loaders.sample import SampleWriter, write_csv


def only(*systems: str) -> dict:
    known = contracts()
    return {s: known[s] for s in systems}


def sample_rows(system: str, stem: str, rows: int, gov: str = "41110") -> list[dict[str, Any]]:
    known = contracts()
    return SampleWriter(known, rows, gov, seed=1).rows_of(known[system].files[stem])


def count(driver, query: str, **params: Any) -> int:
    with driver.session() as session:
        return session.run(query, **params).single()[0]


def totals(driver) -> tuple[int, int]:
    return (count(driver, "MATCH (n) RETURN count(n)"), count(driver, "MATCH ()-[r]->() RETURN count(r)"))


__all__ = ["count", "only", "sample_rows", "totals", "write_csv"]
