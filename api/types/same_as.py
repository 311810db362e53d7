from __future__ import annotations

import strawberry


@strawberry.type(description="Why linkage decided a record is this entity: its score, method and evidence.")
class SameAsEvidence:
    score: float | None
    method: str | None
    evidence: str | None = strawberry.field(description="the comparison levels that matched, as the linker wrote them")
    run_id: str | None
