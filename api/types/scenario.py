from __future__ import annotations

import strawberry


@strawberry.type(description="A preventive scenario or anomaly detector of the catalog.")
class Scenario:
    id: str
    area: str
    description: str
    kind: str = strawberry.field(description="rule or anomaly")
    title_en: str | None = None
    title_ko: str | None = None
    severity: str | None = None
