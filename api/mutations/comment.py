from __future__ import annotations

import strawberry
from strawberry.types import Info

from api.mutations.common import change_case
from api.permissions import IsAuthenticated
from api.types.results import CaseResult
from cases import comment


@strawberry.type
class CommentMutation:
    @strawberry.mutation(permission_classes=[IsAuthenticated], description="a note in the audit trail")
    async def comment_case(self, info: Info, case_id: str, note: str) -> CaseResult:
        return await change_case(info, "comment", case_id, comment, note)
