from __future__ import annotations

from typing import Any

import strawberry

from api.types.money import KRW


@strawberry.type(description="One entry of a case's audit trail: who, when, from, to, why.")
class CaseEvent:
    seq: int
    at: str | None
    actor: str | None
    kind: str
    from_status: str | None
    to_status: str | None
    note: str | None
    action: str | None
    amount: KRW | None

    @staticmethod
    def of(e: dict[str, Any]) -> CaseEvent:
        return CaseEvent(seq=int(e.get("seq") or 0), at=e.get("at"), actor=e.get("actor"), kind=e.get("kind") or "",
                         from_status=e.get("from_status"), to_status=e.get("to_status"), note=e.get("note"),
                         action=e.get("action"), amount=e.get("amount"))
