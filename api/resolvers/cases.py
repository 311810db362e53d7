"""Cases in the user's scope: a filtered Relay connection, and one case with its evidence and timeline."""

from __future__ import annotations

import asyncio
import enum
from typing import Any

import strawberry
from strawberry.types import Info

from api.db import fetch
from api.resolvers.limits import MAX_FIRST, check_range
from api.scope import case_scope, case_visible, check_gov_code, scope_conditions
from api.types.case import Case
from api.types.case_connection import CaseConnection, CaseEdge, PageInfo
from api.types.case_status import CaseStatus
from cases.queries import (
    case_page_queries,
    decode_cursor,
    decode_priority_cursor,
    encode_cursor,
    encode_priority_cursor,
)
from detectors.anomaly import DETECTORS

ONE = "MATCH (c:Case {case_id: $id}) RETURN properties(c) AS c"


@strawberry.input(description="Filters of the case list; all optional, combined with AND.")
class CaseFilter:
    status: list[CaseStatus] | None = None
    scenario_id: str | None = None
    area: str | None = None
    gov: str | None = None
    assignee: str | None = strawberry.field(default=None, description="username of the responsible official")
    opened_from: str | None = strawberry.field(default=None, description="ISO date or date-time, inclusive")
    opened_to: str | None = strawberry.field(default=None, description="ISO date or date-time, inclusive")
    leads: bool | None = strawberry.field(
        default=None, description="true: only anomaly leads (cases of the anomaly detectors); false: only the "
                                  "rules' cases; unset: both")


@strawberry.enum(description="The order of a case list.")
class CaseOrder(enum.Enum):
    NEWEST = "newest"
    PRIORITY = "priority"


async def case_list(info: Info, *, filter: CaseFilter | None, first: int, after: str | None,
                    order: CaseOrder = CaseOrder.NEWEST) -> CaseConnection:
    user = info.context.require_user()
    check_range("first", first, 1, MAX_FIRST)
    f = filter or CaseFilter()
    check_gov_code(f.gov)
    keys, units = await info.context.person_keys()
    opened_to = f.opened_to + "T23:59:59" if f.opened_to and len(f.opened_to) == 10 else f.opened_to
    params: dict[str, Any] = {
        "status": [s.value for s in f.status] if f.status else None, "gov": f.gov, "scenario_id": f.scenario_id,
        "area": f.area, "assignee": f.assignee, "opened_from": f.opened_from, "opened_to": opened_to,
        "leads_only": True if f.leads is True else None, "rules_only": True if f.leads is False else None,
        "lead_ids": [d.scenario_id for d in DETECTORS],
    }
    scope = case_scope(user, keys, units)
    page, count = case_page_queries(params, scope_conditions(scope), after=after is not None, order=order.value)
    cursor: dict[str, Any] = {"after_at": None, "after_id": None, "after_priority": None, "after_amount": None}
    if after and order is CaseOrder.PRIORITY:
        cursor["after_priority"], cursor["after_amount"], cursor["after_id"] = decode_priority_cursor(after)
    elif after:
        cursor["after_at"], cursor["after_id"] = decode_cursor(after)
    rows, counted = await asyncio.gather(
        fetch(page, **params, **scope, **cursor, limit=first + 1),
        fetch(count, **params, **scope))
    total = counted[0]["total"]
    items = [row["c"] for row in rows[:first]]
    encode = encode_priority_cursor if order is CaseOrder.PRIORITY else encode_cursor
    edges = [CaseEdge(cursor=encode(c), node=Case.of(c)) for c in items]
    return CaseConnection(
        edges=edges, total_count=total,
        page_info=PageInfo(has_next_page=len(rows) > first, has_previous_page=after is not None,
                           start_cursor=edges[0].cursor if edges else None,
                           end_cursor=edges[-1].cursor if edges else None),
    )


async def visible_case(info: Info, case_id: str) -> dict[str, Any] | None:
    """The case's properties if it exists and the user may see it (None otherwise)."""
    user = info.context.require_user()
    rows = await fetch(ONE, id=case_id)
    if not rows:
        return None
    keys, units = await info.context.person_keys()
    return rows[0]["c"] if case_visible(user, rows[0]["c"], keys, units) else False  # type: ignore[return-value]


async def case(info: Info, case_id: str) -> Case | None:
    found = await visible_case(info, case_id)
    if found is None:
        return None
    if found is False:  # answered as an unknown id: which case ids exist is no answer
        info.context.audit.add("case", [case_id], outcome="refused")
        return None
    info.context.audit.add("case", [case_id], gov=found.get("gov"))
    return Case.of(found)
