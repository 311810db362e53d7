from __future__ import annotations

from enum import Enum

import strawberry


@strawberry.enum(description="Where a case is in its lifecycle (docs/cases.md).")
class CaseStatus(Enum):
    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    ACTED_ON = "acted_on"
    EXCLUDED = "excluded"
    CLOSED = "closed"


@strawberry.enum(description="What was done about a case.")
class CaseAction(Enum):
    IMPOSED = "imposed"
    COLLECTED = "collected"
    CORRECTED = "corrected"
    REIMBURSED = "reimbursed"
    REFERRED = "referred"
