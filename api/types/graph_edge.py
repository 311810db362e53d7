from __future__ import annotations

import strawberry

from api.types.attribute import Attribute


@strawberry.type(description="A relationship between two nodes (by their keys), in its stored direction.")
class GraphEdge:
    type: str
    source: str
    target: str
    attributes: list[Attribute]
