"""Shared by the case mutations: scope check, the call into cases.actions, the error as a result."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from strawberry.types import Info

from api.db import call
from api.errors import NOT_FOUND, code_of
from api.resolvers.cases import visible_case
from api.types.case import Case
from api.types.results import CaseUpdated, MutationError
from cases.errors import CaseError


async def change_case(info: Info, action: str, case_id: str, fn: Callable[..., dict[str, Any]],
                      *args: Any, **kwargs: Any) -> CaseUpdated | MutationError:
    user = info.context.require_user()
    found = await visible_case(info, case_id)
    if not found:  # unknown, or outside the caller's scope: one answer, so ids cannot be probed
        info.context.audit.add(action, [case_id], outcome="refused")
        return MutationError(code=NOT_FOUND, message=f"no case {case_id!r}", hint="see the cases query for ids")
    try:
        updated = await call(fn, case_id, user, *args, **kwargs)
    except CaseError as exc:
        info.context.audit.add(action, [case_id], outcome="refused", gov=found.get("gov"))
        return MutationError(code=code_of(exc), message=exc.message, hint=exc.hint)
    info.context.audit.add(action, [case_id], gov=found.get("gov"))
    return CaseUpdated(case=Case.of(updated))
