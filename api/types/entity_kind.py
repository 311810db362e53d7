from __future__ import annotations

from enum import Enum

import strawberry

from graph.model import model

# The resolved entity kinds of the graph model (graph/model/entities.yaml): PERSON = "Person", ...
EntityKind = strawberry.enum(
    Enum("EntityKind", {k.label.upper(): k.label for k in model().in_layer("Entity")}),  # type: ignore[misc]
    description="Kinds of resolved entities.")
