"""Paths between two nodes: the shortest, or all shortest, up to N hops, within the node cap."""

from __future__ import annotations

from strawberry.types import Info

from api.db import fetch
from api.errors import BadInput
from api.graphdata import walkable_labels
from api.resolvers.limits import DEFAULT_NODE_CAP, MAX_HOPS, MAX_NODE_CAP, MAX_PATHS, check_range
from api.resolvers.walk import check_names, edge_of, key_of, node_of, start_nodes
from api.scope import governments
from api.types.path import GraphPath, PathResult

# The hop count cannot be a parameter: it is a checked integer (1..MAX_HOPS) put into the query text.
PATHS = """
MATCH (a) WHERE elementId(a) = $a
MATCH (b) WHERE elementId(b) = $b
MATCH p = {function}((a)-[*..{hops}]-(b))
WHERE all(n IN nodes(p) WHERE any(l IN labels(n) WHERE l IN $walkable) AND ($govs IS NULL OR n.gov IN $govs))
  AND ($types IS NULL OR all(r IN relationships(p) WHERE type(r) IN $types))
RETURN [n IN nodes(p) | {{id: elementId(n), labels: labels(n), props: properties(n)}}] AS nodes,
       [r IN relationships(p) | {{type: type(r), s: elementId(startNode(r)), e: elementId(endNode(r)),
                                  props: properties(r)}}] AS rels
LIMIT $limit
"""


async def paths(info: Info, *, source: str, target: str, max_hops: int, all_shortest: bool, max_paths: int,
                relationship_types: list[str] | None, node_cap: int) -> PathResult:
    user = info.context.require_user()
    hops = check_range("maxHops", max_hops, 1, MAX_HOPS)
    check_range("maxPaths", max_paths, 1, MAX_PATHS)
    check_range("nodeCap", node_cap, 1, MAX_NODE_CAP)
    if source == target:
        raise BadInput("source and target are the same node", hint="pick two different entities or records")
    types, _ = check_names(relationship_types, None)
    ends = await start_nodes(user, [source, target])
    query = PATHS.format(function="allShortestPaths" if all_shortest else "shortestPath", hops=int(hops))
    rows = await fetch(query, a=ends[source]["id"], b=ends[target]["id"], walkable=walkable_labels(),
                       govs=governments(user), types=types, limit=(max_paths if all_shortest else 1) + 1)
    truncated = len(rows) > (max_paths if all_shortest else 1)
    seen: set[str] = set()
    out: list[GraphPath] = []
    for row in rows[: max_paths if all_shortest else 1]:
        ids = {n["id"] for n in row["nodes"]}
        if len(seen | ids) > node_cap:
            truncated = True
            break
        seen |= ids
        keys = {n["id"]: key_of(n["labels"], n["props"]) for n in row["nodes"]}
        out.append(GraphPath(
            length=len(row["rels"]), nodes=[node_of(n["labels"], n["props"]) for n in row["nodes"]],
            edges=[edge_of(r["type"], keys[r["s"]], keys[r["e"]], r["props"]) for r in row["rels"]],
        ))
    info.context.audit.add("paths", [source, target])
    return PathResult(paths=out, truncated=truncated)


__all__ = ["DEFAULT_NODE_CAP", "paths"]
