from __future__ import annotations

import strawberry
from strawberry.types import Info

from api.permissions import IsAuthenticated
from api.resolvers import cases as cases_resolver
from api.resolvers.cases import CaseFilter, CaseOrder
from api.types.case import Case
from api.types.case_connection import CaseConnection


@strawberry.type
class CaseQueries:
    @strawberry.field(permission_classes=[IsAuthenticated],
                      description="Cases in your scope, newest first (or PRIORITY: the most urgent, then the "
                                  "largest amount, first); `after` is the previous page's endCursor.")
    async def cases(self, info: Info, filter: CaseFilter | None = None, first: int = 20,
                    after: str | None = None, order: CaseOrder = CaseOrder.NEWEST) -> CaseConnection:
        return await cases_resolver.case_list(info, filter=filter, first=first, after=after, order=order)

    @strawberry.field(permission_classes=[IsAuthenticated],
                      description="One case with its evidence subgraph and timeline; null if unknown.")
    async def case(self, info: Info, id: strawberry.ID) -> Case | None:
        return await cases_resolver.case(info, str(id))
