"""What a load changes over time: changed source rows become RecordChange nodes, rows gone from a full
extract are marked `gone_at_source` (never deleted).

The loader reads the stored version of each chunk's nodes once (`stored`); a row whose own node exists
with other values of its contract-mapped properties is a change: the new values are written as usual and
one RecordChange keeps {property: [old, new]} with the load id.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from neo4j import Driver

from core.connection import guarded

READ_STORED = ("UNWIND $keys AS k MATCH (n:{label} {{system: $system, source_key: k}}) "
               "RETURN n.source_key AS key, properties(n) AS props")
READ_FILE_KEYS = ("MATCH (n:{label} {{system: $system, gov: $gov, source_file: $stem}}) "
                  "WHERE n.gone_at_source IS NULL RETURN n.source_key AS key")
MARK_GONE = ("UNWIND $keys AS k MATCH (n:{label} {{system: $system, source_key: k}}) WHERE n.gov = $gov "
             "SET n.gone_at_source = $load_id, n.gone_at = $now RETURN count(n) AS written")
# Set by the loader itself; never reported as a change of the source.
BOOKKEEPING = frozenset({"system", "source_key", "gov", "source_file", "gone_at_source", "gone_at"})


def now() -> str:
    return datetime.now(UTC).replace(microsecond=0, tzinfo=None).isoformat()


def stored(driver: Driver, label: str, system: str, keys: list[str]) -> dict[str, dict[str, Any]]:
    """The stored properties of those of these nodes that exist: source_key -> properties."""
    query = READ_STORED.format(label=label)
    with guarded(), driver.session() as session:
        rows = session.execute_read(lambda tx: list(tx.run(query, keys=keys, system=system)))
    return {r["key"]: dict(r["props"]) for r in rows}


def diff(old: dict[str, Any], new: dict[str, Any], mapped: Iterable[str]) -> dict[str, list[Any]]:
    """{property: [old, new]} for the contract-mapped properties whose value differs."""
    out = {}
    for prop in mapped:
        if prop in BOOKKEEPING:
            continue
        before, after = old.get(prop), new.get(prop)
        if isinstance(before, tuple):
            before = list(before)
        if before != after:
            out[prop] = [_plain(before), _plain(after)]
    return out


def _plain(value: Any) -> Any:
    return value if value is None or isinstance(value, str | int | float | bool | list) else str(value)


def change_row(load_id: str, gov: str, system: str, label: str, key: str, changes: dict[str, list[Any]],
               at: str) -> dict[str, Any]:
    return {"change_key": f"{load_id}:{system}:{key}", "system": system, "source_key": key, "label": label,
            "gov": gov, "load_id": load_id, "changed_at": at,
            "changes": json.dumps(changes, ensure_ascii=False, sort_keys=True)}


def mark_gone(driver: Driver, label: str, system: str, gov: str, stem: str, present: set[str], load_id: str,
              batch_size: int) -> int:
    """Mark the nodes this file once gave and no longer gives: `gone_at_source = load id`. Returns how many."""
    with guarded(), driver.session() as session:
        keys = session.execute_read(lambda tx: [r["key"] for r in tx.run(
            READ_FILE_KEYS.format(label=label), system=system, gov=gov, stem=stem)])
        gone = sorted(k for k in keys if k not in present)
        marked, at = 0, now()
        for start in range(0, len(gone), batch_size):
            batch = gone[start:start + batch_size]
            marked += session.execute_write(lambda tx, b=batch: tx.run(
                MARK_GONE.format(label=label), keys=b, system=system, gov=gov, load_id=load_id,
                now=at).single()["written"])
    return marked
