"""The evidence subgraph of a case: its evidence facts, the records they name and the entities behind them."""

from __future__ import annotations

from api.db import fetch
from api.graphdata import walkable_labels
from api.resolvers.walk import edge_of, key_of, key_param, node_of
from api.types.graph_edge import GraphEdge
from api.types.graph_node import GraphNode
from api.types.subgraph import Subgraph

EVIDENCE_CAP = 300

EVIDENCE = """
UNWIND $keys AS key
OPTIONAL MATCH (f:Fact {system: key.system, source_key: key.source_key})
OPTIONAL MATCH (r:Record {system: key.system, source_key: key.source_key})
WITH coalesce(f, r) AS n WHERE n IS NOT NULL
OPTIONAL MATCH (n)-[rel]-(m) WHERE any(l IN labels(m) WHERE l IN $walkable) AND NOT m:Entity
OPTIONAL MATCH (m)-[s:SAME_AS]->(e:Entity)
RETURN labels(n) AS nl, properties(n) AS np, elementId(n) AS nid,
       type(rel) AS rt, elementId(startNode(rel)) = elementId(n) AS out, properties(rel) AS rp,
       labels(m) AS ml, properties(m) AS mp, elementId(m) AS mid,
       labels(e) AS el, properties(e) AS ep, elementId(e) AS eid, properties(s) AS sp
LIMIT $limit
"""


async def evidence_subgraph(evidence_keys: list[str]) -> Subgraph:
    keys = [key_param(k) for k in evidence_keys if ":" in k]
    rows = await fetch(EVIDENCE, keys=keys, walkable=walkable_labels(), limit=EVIDENCE_CAP * 3) if keys else []
    nodes: dict[str, GraphNode] = {}
    edges: dict[tuple[str, str, str], GraphEdge] = {}
    truncated = len(rows) >= EVIDENCE_CAP * 3

    def add(nid: str | None, labels: list[str] | None, props: dict | None) -> str | None:
        nonlocal truncated
        if nid is None or labels is None or props is None:
            return None
        if nid not in nodes:
            if len(nodes) >= EVIDENCE_CAP:
                truncated = True
                return None
            nodes[nid] = node_of(labels, props)
        return key_of(labels, props)

    for row in rows:
        n = add(row["nid"], row["nl"], row["np"])
        m = add(row["mid"], row["ml"], row["mp"])
        e = add(row["eid"], row["el"], row["ep"])
        if n and m and row["rt"]:
            s, t = (n, m) if row["out"] else (m, n)
            edges[(row["rt"], s, t)] = edge_of(row["rt"], s, t, row["rp"])
        if m and e:
            edges[("SAME_AS", m, e)] = edge_of("SAME_AS", m, e, row["sp"])
    return Subgraph(nodes=list(nodes.values()), edges=list(edges.values()), truncated=truncated,
                    node_cap=EVIDENCE_CAP)
