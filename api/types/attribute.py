from __future__ import annotations

import strawberry

from api.graphdata import attributes


@strawberry.type(description="One property of a node, as text (lists and flags as JSON).")
class Attribute:
    name: str
    value: str


def attributes_of(props: dict) -> list[Attribute]:
    return [Attribute(name=k, value=v) for k, v in attributes(props)]
