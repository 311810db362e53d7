"""Facts about an entity (through its records) over a time range."""

from __future__ import annotations

from strawberry.types import Info

from api.db import fetch
from api.errors import BadInput
from api.resolvers.limits import MAX_FIRST, check_range
from api.scope import governments
from api.types.fact import EntityFact, FactList
from api.types.graph_node import GraphNode
from graph.model import model

FACTS = """
MATCH (e:Entity {entity_id: $id})<-[:SAME_AS]-(rec)<-[r]-(f:Fact)
WHERE ($date_from IS NULL OR toString(f.date) >= $date_from) AND ($date_to IS NULL OR toString(f.date) <= $date_to)
  AND ($kinds IS NULL OR any(l IN labels(f) WHERE l IN $kinds)) AND ($govs IS NULL OR f.gov IN $govs)
RETURN labels(f) AS labels, properties(f) AS props, type(r) AS role, rec.system + ':' + rec.source_key AS record
ORDER BY toString(f.date) DESC, f.source_key
LIMIT $limit
"""


async def facts(info: Info, *, entity_id: str, date_from: str | None, date_to: str | None,
                kinds: list[str] | None, first: int) -> FactList:
    user = info.context.require_user()
    check_range("first", first, 1, MAX_FIRST)
    fact_kinds = {k.label for k in model().in_layer("Fact")}
    bad = [k for k in kinds or [] if k not in fact_kinds]
    if bad:
        raise BadInput(f"unknown fact kind(s) {', '.join(bad)}", hint="e.g. TaxAssessment, Payment, WelfarePayment")
    found = await info.context.loaders.entity.load(entity_id)
    if found is None or not user.can_see(found["props"].get("gov")):  # another government's id: as unknown
        raise BadInput(f"no entity {entity_id!r}", code="NOT_FOUND", hint="find its id with searchEntities")
    rows = await fetch(FACTS, id=entity_id, date_from=date_from, date_to=date_to, kinds=kinds or None,
                       govs=governments(user), limit=first + 1)
    info.context.audit.add("facts", [entity_id], gov=found["props"].get("gov"))
    return FactList(items=[EntityFact(fact=GraphNode.of(r["labels"], r["props"]), role=r["role"], record_key=r["record"])
                           for r in rows[:first]], truncated=len(rows) > first)
