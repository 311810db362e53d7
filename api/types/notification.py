from __future__ import annotations

from typing import Any

import strawberry


@strawberry.type(description="A notification of the case's outbox (official, supervisor, auditor, webhook).")
class Notification:
    recipient_role: str | None
    recipient: str | None
    channel: str | None
    reason: str | None
    status: str | None
    attempts: int | None
    last_error: str | None
    delivered_at: str | None

    @staticmethod
    def of(n: dict[str, Any]) -> Notification:
        return Notification(recipient_role=n.get("recipient_role") or n.get("role"), recipient=n.get("recipient"),
                            channel=n.get("channel"), reason=n.get("reason"), status=n.get("status"),
                            attempts=n.get("attempts"), last_error=n.get("last_error"),
                            delivered_at=n.get("delivered_at"))
