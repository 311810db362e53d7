"""Neighbourhood of a node: breadth first, one query per level, stopped at the node cap."""

from __future__ import annotations

from typing import Any

from strawberry.types import Info

from api.db import fetch
from api.graphdata import walkable_labels
from api.resolvers.limits import MAX_DEPTH, MAX_NODE_CAP, check_range
from api.resolvers.walk import check_names, edge_of, key_of, node_of, start_nodes
from api.scope import governments
from api.types.graph_edge import GraphEdge
from api.types.graph_node import GraphNode
from api.types.subgraph import Subgraph

# One row per node reached from the frontier, with the relationships that reach it; nodes already in the
# subgraph ($seen) come without their properties. A limit of cap + 1 rows leaves room for every node already
# seen plus one new node more than the cap fits, so a cut is always noticed.
LEVEL = """
UNWIND $frontier AS fid
MATCH (a) WHERE elementId(a) = fid
MATCH (a)-[r]-(b)
WHERE any(l IN labels(b) WHERE l IN $walkable)
  AND ($types IS NULL OR type(r) IN $types)
  AND ($labels IS NULL OR any(l IN labels(b) WHERE l IN $labels))
  AND ($govs IS NULL OR b.gov IN $govs)
  AND ($date_from IS NULL OR b.date IS NULL OR toString(b.date) >= $date_from)
  AND ($date_to IS NULL OR b.date IS NULL OR toString(b.date) <= $date_to)
WITH b, collect(DISTINCT r) AS rels
LIMIT $limit
RETURN elementId(b) AS bid, labels(b) AS labels,
       CASE WHEN elementId(b) IN $seen THEN null ELSE properties(b) END AS props,
       [r IN rels | [elementId(r), type(r), properties(r), elementId(startNode(r)), elementId(endNode(r))]] AS rels
"""


async def neighbourhood(info: Info, *, key: str, depth: int, relationship_types: list[str] | None,
                        labels: list[str] | None, date_from: str | None, date_to: str | None,
                        node_cap: int) -> Subgraph:
    user = info.context.require_user()
    check_range("depth", depth, 1, MAX_DEPTH)
    check_range("nodeCap", node_cap, 1, MAX_NODE_CAP)
    types, kinds = check_names(relationship_types, labels)
    start = (await start_nodes(user, [key]))[key]
    keys: dict[str, str] = {start["id"]: key_of(start["labels"], start["props"])}
    nodes: dict[str, GraphNode] = {start["id"]: node_of(start["labels"], start["props"])}
    edges: dict[str, GraphEdge] = {}
    frontier, truncated = [start["id"]], False
    params: dict[str, Any] = {"walkable": walkable_labels(), "types": types, "labels": kinds,
                              "govs": governments(user), "date_from": date_from, "date_to": date_to}
    for _level in range(depth):
        if not frontier or truncated:
            break
        rows = await fetch(LEVEL, frontier=frontier, seen=list(nodes), limit=node_cap + 1, **params)
        next_frontier: list[str] = []
        for row in rows:
            bid = row["bid"]
            if bid not in nodes:
                if len(nodes) >= node_cap:
                    truncated = True
                    continue
                nodes[bid] = node_of(row["labels"], row["props"])
                keys[bid] = key_of(row["labels"], row["props"])
                next_frontier.append(bid)
            for rid, rel_type, rprops, sid, eid in row["rels"]:
                if sid in keys and eid in keys:
                    edges[rid] = edge_of(rel_type, keys[sid], keys[eid], rprops)
        frontier = next_frontier
    info.context.audit.add("neighbourhood", [key, *(n.key for n in nodes.values() if n.layer == "Entity")])
    return Subgraph(nodes=list(nodes.values()), edges=list(edges.values()), truncated=truncated, node_cap=node_cap)
