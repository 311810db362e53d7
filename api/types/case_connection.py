from __future__ import annotations

import strawberry

from api.types.case import Case


@strawberry.type(description="Relay page information.")
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class CaseEdge:
    cursor: str
    node: Case


@strawberry.type(description="A page of cases, newest first (Relay cursor connection).")
class CaseConnection:
    edges: list[CaseEdge]
    page_info: PageInfo
    total_count: int
