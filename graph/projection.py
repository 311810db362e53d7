"""networkx projections of chosen subgraphs, for clustering and graph features."""

from __future__ import annotations

from collections.abc import Sequence

import networkx as nx
from neo4j import Driver

from graph.model import model
from graph.read import read

PROJECTION = """
MATCH (a)-[r]->(b)
WHERE type(r) IN $types
  AND any(l IN labels(a) WHERE l IN $labels) AND any(l IN labels(b) WHERE l IN $labels)
  AND ($gov IS NULL OR a.gov = $gov)
RETURN elementId(a) AS a, labels(a)[0] AS a_label, elementId(b) AS b, labels(b)[0] AS b_label,
       type(r) AS type, properties(r) AS props
"""


def project(labels: Sequence[str], rel_types: Sequence[str], *, gov: str | None = None,
            driver: Driver | None = None, directed: bool = False) -> nx.Graph:
    """Load the subgraph of the given labels and relationship types into networkx.

    Nodes are keyed by Neo4j element id and carry their label; edges carry their type and properties.
    """
    m = model()
    for label in labels:
        if label not in ("Record", "Entity", "Fact"):
            m.node(label)
    for rel_type in rel_types:
        m.relationship(rel_type)
    graph: nx.Graph = nx.MultiDiGraph() if directed else nx.Graph()
    for row in read(PROJECTION, driver, types=list(rel_types), labels=list(labels), gov=gov):
        graph.add_node(row["a"], label=row["a_label"])
        graph.add_node(row["b"], label=row["b_label"])
        graph.add_edge(row["a"], row["b"], type=row["type"], **row["props"])
    return graph
