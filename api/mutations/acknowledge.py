from __future__ import annotations

import strawberry
from strawberry.types import Info

from api.mutations.common import change_case
from api.permissions import IsAuthenticated
from api.types.results import CaseResult
from cases import acknowledge


@strawberry.type
class AcknowledgeMutation:
    @strawberry.mutation(permission_classes=[IsAuthenticated], description="open -> acknowledged")
    async def acknowledge_case(self, info: Info, case_id: str, note: str = "") -> CaseResult:
        return await change_case(info, "acknowledge", case_id, acknowledge, note)
