"""The API's audit trail: who read which personal data, who changed what.

Resolvers add entries to the request's context; the `AuditTrail` extension writes them all in one
transaction when the operation ends, as `ApiAudit` nodes (graph/model/api.yaml).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from chungbaek.users import now_iso

log = logging.getLogger("chungbaek.api.audit")

WRITE = """
UNWIND $rows AS row
CREATE (a:ApiAudit {audit_id: row.audit_id})
SET a += row
"""


@dataclass
class AuditEntry:
    action: str
    targets: list[str]
    outcome: str = "ok"
    gov: str | None = None


@dataclass
class AuditLog:
    username: str | None = None
    role: str | None = None
    operation: str | None = None
    entries: list[AuditEntry] = field(default_factory=list)

    def add(self, action: str, targets: Iterable[str | None], *, outcome: str = "ok", gov: str | None = None) -> None:
        keys = [t for t in dict.fromkeys(targets) if t]
        self.entries.append(AuditEntry(action, keys[:500], outcome, gov))

    def rows(self) -> list[dict[str, object]]:
        at = now_iso()
        return [{"audit_id": uuid.uuid4().hex, "at": at, "username": self.username or "", "role": self.role or "",
                 "operation": self.operation or "", "action": e.action, "targets": e.targets, "outcome": e.outcome,
                 "gov": e.gov} for e in self.entries]


def write_rows(rows: list[dict[str, object]]) -> None:
    from api.db import write_sync

    if rows:
        write_sync(WRITE, rows=rows)
