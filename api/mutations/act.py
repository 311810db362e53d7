from __future__ import annotations

import strawberry
from strawberry.types import Info

from api.mutations.common import change_case
from api.permissions import IsAuthenticated
from api.types.case_status import CaseAction
from api.types.money import KRW
from api.types.results import CaseResult, MutationError
from cases import act


@strawberry.type
class ActMutation:
    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="-> acted_on: imposed, collected, reimbursed need an amount in KRW")
    async def act_on_case(self, info: Info, case_id: str, action: CaseAction, amount: KRW | None = None,
                          note: str = "") -> CaseResult:
        if amount is not None and amount < 0:
            return MutationError(code="BAD_USER_INPUT", message="amount must be 0 or more (KRW)")
        return await change_case(info, "act", case_id, act, action.value, amount, note)
