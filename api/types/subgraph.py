from __future__ import annotations

import strawberry

from api.types.graph_edge import GraphEdge
from api.types.graph_node import GraphNode


@strawberry.type(description="Nodes and relationships; `truncated` when the node cap stopped the walk.")
class Subgraph:
    nodes: list[GraphNode]
    edges: list[GraphEdge]
    truncated: bool
    node_cap: int
