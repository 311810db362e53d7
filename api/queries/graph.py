from __future__ import annotations

import strawberry
from strawberry.types import Info

from api.permissions import IsAuthenticated
from api.resolvers import neighbourhood as neighbourhood_resolver
from api.resolvers import paths as paths_resolver
from api.resolvers.limits import DEFAULT_NODE_CAP
from api.types.path import PathResult
from api.types.subgraph import Subgraph


@strawberry.type
class GraphQueries:
    @strawberry.field(permission_classes=[IsAuthenticated], description=(
        "Nodes within `depth` (1-3) relationships of a node (entity id or `system:source_key`), optionally only "
        "through some relationship types and labels, and only facts dated within a range; at most nodeCap nodes."))
    async def neighbourhood(self, info: Info, key: str, depth: int = 1, relationship_types: list[str] | None = None,
                            labels: list[str] | None = None, date_from: str | None = None,
                            date_to: str | None = None, node_cap: int = DEFAULT_NODE_CAP) -> Subgraph:
        return await neighbourhood_resolver.neighbourhood(
            info, key=key, depth=depth, relationship_types=relationship_types, labels=labels,
            date_from=date_from, date_to=date_to, node_cap=node_cap)

    @strawberry.field(permission_classes=[IsAuthenticated],
                      description="The shortest path (or all shortest paths) between two nodes, up to maxHops (1-10; entity to entity through records is often 4-8).")
    async def paths(self, info: Info, start: str, end: str, max_hops: int = 8, all_shortest: bool = False,
                    max_paths: int = 10, relationship_types: list[str] | None = None,
                    node_cap: int = DEFAULT_NODE_CAP) -> PathResult:
        return await paths_resolver.paths(info, source=start, target=end, max_hops=max_hops,
                                          all_shortest=all_shortest, max_paths=max_paths,
                                          relationship_types=relationship_types, node_cap=node_cap)
