from __future__ import annotations

import strawberry
from strawberry.types import Info

from api.mutations.common import change_case
from api.permissions import IsAuthenticated
from api.types.results import CaseResult
from cases import close


@strawberry.type
class CloseMutation:
    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="acted_on -> closed (supervisors, auditors, admins)")
    async def close_case(self, info: Info, case_id: str, note: str = "") -> CaseResult:
        return await change_case(info, "close", case_id, close, note)
