from __future__ import annotations

from typing import Any

import strawberry

from api.graphdata import attributes


@strawberry.type(description="One property of a node, as text (lists and flags as JSON).")
class Attribute:
    name: str
    value: str


def attributes_of(props: dict) -> list[Attribute]:
    return [Attribute(name=k, value=v) for k, v in attributes(props)]


def stored_attributes(root: Any) -> list[Attribute]:
    """Resolver of an `attributes` field: the node's stored properties (`root.props`) as text, only when asked."""
    return attributes_of(root.props)
