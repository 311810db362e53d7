"""One entity by id: attributes here, records and SAME_AS evidence through the loaders."""

from __future__ import annotations

from strawberry.types import Info

from api.selection import selects
from api.types.entity import Entity


async def entity(info: Info, entity_id: str) -> Entity | None:
    user = info.context.require_user()
    loaders = info.context.loaders
    found = await (loaders.entity_and_records(entity_id) if selects(info, "records")
                   else loaders.entity.load(entity_id))
    if found is None:
        return None
    if not user.can_see(found["props"].get("gov")):  # answered as an unknown id: which ids exist is no answer
        info.context.audit.add("entity", [entity_id], outcome="refused")
        return None
    info.context.audit.add("entity", [entity_id], gov=found["props"].get("gov"))
    return Entity.of(found["labels"], found["props"])
