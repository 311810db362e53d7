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


@strawberry.enum(description="A change the viewer may make to a case now: each is a mutation "
                             "(acknowledgeCase, actOnCase, excludeCase, closeCase, commentCase).")
class CaseOperation(Enum):
    ACKNOWLEDGE = "acknowledged"
    ACT = "acted_on"
    EXCLUDE = "excluded"
    CLOSE = "closed"
    COMMENT = "comment"
