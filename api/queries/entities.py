from __future__ import annotations

import strawberry
from strawberry.types import Info

from api.permissions import IsAuthenticated
from api.resolvers import entity as entity_resolver
from api.resolvers import facts as facts_resolver
from api.resolvers import search as search_resolver
from api.types.entity import Entity
from api.types.entity_kind import EntityKind
from api.types.fact import FactList


@strawberry.type
class EntityQueries:
    @strawberry.field(permission_classes=[IsAuthenticated], description=(
        "Entities by exactly one of: text (auto-detected), name (prefix), residentNumber (full or masked; matched "
        "through its keyed hash and never echoed), businessNumber, pnu, accountNumber."))
    async def search_entities(self, info: Info, text: str | None = None, name: str | None = None,
                              resident_number: str | None = None, business_number: str | None = None,
                              pnu: str | None = None, account_number: str | None = None,
                              kinds: list[EntityKind] | None = None, first: int = 20) -> list[Entity]:
        return await search_resolver.search(info, text=text, name=name, resident_number=resident_number,
                                            business_number=business_number, pnu=pnu,
                                            account_number=account_number, kinds=kinds, first=first)

    @strawberry.field(permission_classes=[IsAuthenticated],
                      description="One entity with its attributes, source records and SAME_AS evidence; null if unknown.")
    async def entity(self, info: Info, id: strawberry.ID) -> Entity | None:
        return await entity_resolver.entity(info, str(id))

    @strawberry.field(permission_classes=[IsAuthenticated],
                      description="Facts naming the entity's records, newest first, over an optional date range.")
    async def facts(self, info: Info, entity_id: strawberry.ID, date_from: str | None = None,
                    date_to: str | None = None, kinds: list[str] | None = None, first: int = 50) -> FactList:
        return await facts_resolver.facts(info, entity_id=str(entity_id), date_from=date_from, date_to=date_to,
                                          kinds=kinds, first=first)
