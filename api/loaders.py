"""Per-request DataLoaders: one Cypher query per kind of thing a request asks for, however many parents."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from strawberry.dataloader import DataLoader

from api.db import fetch
from api.graphdata import clean_props

ENTITIES = """
UNWIND $ids AS id
MATCH (e:Entity {entity_id: id})
RETURN id, labels(e) AS labels, properties(e) AS props
"""

RECORDS = """
UNWIND $ids AS id
MATCH (e:Entity {entity_id: id})<-[s:SAME_AS]-(r)
RETURN id, labels(r) AS labels, properties(r) AS props, properties(s) AS same_as
ORDER BY r.system, r.source_key
"""

# Entity detail nearly always asks for the records too: both in one query (see `Loaders.entity_and_records`).
ENTITIES_WITH_RECORDS = """
UNWIND $ids AS id
MATCH (e:Entity {entity_id: id})
RETURN id, labels(e) AS labels, properties(e) AS props,
       COLLECT { MATCH (e)<-[s:SAME_AS]-(r)
                 WITH r, s ORDER BY r.system, r.source_key
                 RETURN {labels: labels(r), props: properties(r), same_as: properties(s)} } AS records
"""

EVENTS = """
UNWIND $ids AS id
MATCH (e:CaseEvent)-[:OF_CASE]->(:Case {case_id: id})
RETURN id, properties(e) AS e ORDER BY e.seq
"""

NOTIFICATIONS = """
UNWIND $ids AS id
MATCH (n:Notification)-[:OF_CASE]->(:Case {case_id: id})
RETURN id, properties(n) AS n ORDER BY n.notification_id
"""


async def load_entities(ids: Sequence[str]) -> list[dict[str, Any] | None]:
    rows = await fetch(ENTITIES, ids=list(ids))
    found = {row["id"]: {"labels": row["labels"], "props": clean_props(row["props"])} for row in rows}
    return [found.get(i) for i in ids]


async def load_records(ids: Sequence[str]) -> list[list[dict[str, Any]]]:
    rows = await fetch(RECORDS, ids=list(ids))
    out: dict[str, list[dict[str, Any]]] = {i: [] for i in ids}
    for row in rows:
        out[row["id"]].append(_record(row))
    return [out[i] for i in ids]


def _record(row: dict[str, Any]) -> dict[str, Any]:
    return {"labels": row["labels"], "props": clean_props(row["props"]), "same_as": row["same_as"]}


async def load_entities_with_records(ids: Sequence[str]) -> list[tuple[dict[str, Any], list[dict[str, Any]]] | None]:
    rows = await fetch(ENTITIES_WITH_RECORDS, ids=list(ids))
    found = {row["id"]: ({"labels": row["labels"], "props": clean_props(row["props"])},
                         [_record(r) for r in row["records"]]) for row in rows}
    return [found.get(i) for i in ids]


async def load_events(ids: Sequence[str]) -> list[list[dict[str, Any]]]:
    rows = await fetch(EVENTS, ids=list(ids))
    out: dict[str, list[dict[str, Any]]] = {i: [] for i in ids}
    for row in rows:
        out[row["id"]].append(row["e"])
    return [out[i] for i in ids]


async def load_notifications(ids: Sequence[str]) -> list[list[dict[str, Any]]]:
    rows = await fetch(NOTIFICATIONS, ids=list(ids))
    out: dict[str, list[dict[str, Any]]] = {i: [] for i in ids}
    for row in rows:
        out[row["id"]].append(row["n"])
    return [out[i] for i in ids]


class Loaders:
    async def entity_and_records(self, entity_id: str) -> dict[str, Any] | None:
        """The entity, with its records loaded by the same query and kept for `records.load`."""
        both = await self.entity_with_records.load(entity_id)
        if both is None:
            return None
        found, records = both
        self.entity.prime(entity_id, found)
        self.records.prime(entity_id, records)
        return found

    def __init__(self) -> None:
        self.entity: DataLoader[str, dict[str, Any] | None] = DataLoader(load_fn=load_entities)
        self.records: DataLoader[str, list[dict[str, Any]]] = DataLoader(load_fn=load_records)
        self.entity_with_records: DataLoader[str, tuple[dict[str, Any], list[dict[str, Any]]] | None] = \
            DataLoader(load_fn=load_entities_with_records)
        self.events: DataLoader[str, list[dict[str, Any]]] = DataLoader(load_fn=load_events)
        self.notifications: DataLoader[str, list[dict[str, Any]]] = DataLoader(load_fn=load_notifications)
