from __future__ import annotations

import strawberry
from strawberry.types import Info

from api.mutations.common import change_case
from api.permissions import IsAuthenticated
from api.types.results import CaseResult
from cases import exclude


@strawberry.type
class ExcludeMutation:
    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="-> excluded, with a reason (supervisors, auditors, admins)")
    async def exclude_case(self, info: Info, case_id: str, reason: str) -> CaseResult:
        return await change_case(info, "exclude", case_id, exclude, reason)
