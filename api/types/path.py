from __future__ import annotations

import strawberry

from api.types.graph_edge import GraphEdge
from api.types.graph_node import GraphNode


@strawberry.type(description="One path: its nodes in order and the relationships between them.")
class GraphPath:
    length: int
    nodes: list[GraphNode]
    edges: list[GraphEdge]


@strawberry.type(description="Paths between two nodes; `truncated` when maxPaths or the node cap cut the list.")
class PathResult:
    paths: list[GraphPath]
    truncated: bool
