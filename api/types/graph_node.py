from __future__ import annotations

from typing import Any

import strawberry

from api.graphdata import caption, kind_of, layer_of, node_key
from api.types.attribute import Attribute, stored_attributes
from api.types.money import KRW


@strawberry.type(description="A node of a neighbourhood, path or evidence subgraph.")
class GraphNode:
    key: str = strawberry.field(description="entity id, or `system:source_key` of a record or fact")
    kind: str = strawberry.field(description="its label (Person, PersonRecord, TaxAssessment ...)")
    layer: str = strawberry.field(description="Entity, Record, Fact, or the kind for other nodes")
    caption: str
    gov: str | None
    date: str | None
    amount: KRW | None
    props: strawberry.Private[dict[str, Any]]
    attributes: list[Attribute] = strawberry.field(resolver=stored_attributes)

    @staticmethod
    def of(labels: list[str], props: dict[str, Any]) -> GraphNode:
        amount = props.get("amount")
        return GraphNode(
            key=node_key(labels, props), kind=kind_of(labels), layer=layer_of(labels), caption=caption(labels, props),
            gov=props.get("gov"), date=None if props.get("date") is None else str(props.get("date")),
            amount=amount if isinstance(amount, int) else None, props=props,
        )
