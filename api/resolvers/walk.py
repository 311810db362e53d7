"""Graph walks shared by neighbourhood, paths and evidence: start nodes by key, rows to nodes and edges."""

from __future__ import annotations

from typing import Any

from api.db import fetch
from api.errors import ApiError, BadInput
from api.graphdata import node_key, split_key, walkable_labels
from api.types.graph_edge import GraphEdge
from api.types.graph_node import GraphNode
from cases.users import User
from graph.model import model

START = """
UNWIND $keys AS key
OPTIONAL MATCH (e:Entity {entity_id: key.id})
OPTIONAL MATCH (r:Record {system: key.system, source_key: key.source_key})
OPTIONAL MATCH (f:Fact {system: key.system, source_key: key.source_key})
WITH key, coalesce(e, r, f) AS n
RETURN key.raw AS raw, elementId(n) AS id, labels(n) AS labels, properties(n) AS props
"""


def key_param(key: str) -> dict[str, Any]:
    parts = split_key(key)
    if parts:
        return {"raw": key, "id": None, "system": parts[0], "source_key": parts[1]}
    return {"raw": key, "id": key, "system": None, "source_key": None}


async def start_nodes(user: User, keys: list[str]) -> dict[str, dict[str, Any]]:
    """Node rows by key; refused when a key is unknown or outside the user's jurisdiction."""
    rows = await fetch(START, keys=[key_param(k) for k in keys])
    found: dict[str, dict[str, Any]] = {}
    for row in rows:
        if row["id"] is None or not user.can_see(row["props"].get("gov")):  # another government's: as unknown
            raise ApiError(f"no entity, record or fact {row['raw']!r}", code="NOT_FOUND",
                           hint="use an entity id (P-..., B-...) or `system:source_key` from a search")
        found[row["raw"]] = row
    return found


def check_names(rel_types: list[str] | None, labels: list[str] | None) -> tuple[list[str] | None, list[str] | None]:
    """Relationship types and labels from a client, checked against the graph model."""
    m = model()
    if rel_types:
        bad = [t for t in rel_types if t not in m.relationships]
        if bad:
            raise BadInput(f"unknown relationship type(s) {', '.join(bad)}",
                           hint="use types of the graph model, e.g. SAME_AS, TAXPAYER, PAYEE, INTO_ACCOUNT")
    walkable = set(walkable_labels())
    if labels:
        bad = [label for label in labels if label not in walkable | {"Record", "Entity", "Fact"}]
        if bad:
            raise BadInput(f"unknown or hidden label(s) {', '.join(bad)}",
                           hint="use labels of records, entities or facts, e.g. Person, PersonRecord, TaxRefund")
    return rel_types or None, labels or None


def node_of(labels: list[str], props: dict[str, Any]) -> GraphNode:
    return GraphNode.of(labels, props)


def edge_of(rel_type: str, start_key: str, end_key: str, props: dict[str, Any] | None) -> GraphEdge:
    return GraphEdge(type=rel_type, source=start_key, target=end_key, props=props or {})


def key_of(labels: list[str], props: dict[str, Any]) -> str:
    return node_key(labels, props)
