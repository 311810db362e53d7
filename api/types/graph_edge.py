from __future__ import annotations

from typing import Any

import strawberry

from api.types.attribute import Attribute, stored_attributes


@strawberry.type(description="A relationship between two nodes (by their keys), in its stored direction.")
class GraphEdge:
    type: str
    source: str
    target: str
    props: strawberry.Private[dict[str, Any]]
    attributes: list[Attribute] = strawberry.field(resolver=stored_attributes)
