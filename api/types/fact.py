from __future__ import annotations

import strawberry

from api.types.graph_node import GraphNode


@strawberry.type(description="An event of a source system about an entity, and how it names the entity.")
class EntityFact:
    fact: GraphNode
    role: str = strawberry.field(description="the relationship from the fact to the entity's record (TAXPAYER, PAYEE ...)")
    record_key: str


@strawberry.type
class FactList:
    items: list[EntityFact]
    truncated: bool
