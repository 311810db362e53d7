"""The API's audit trail: who read which personal data, who changed what.

Resolvers add entries to the request's context; when the operation ends the `AuditTrail` extension hands
them on as `ApiAudit` nodes (graph/model/api.yaml). A mutation's entries are written before its answer
leaves. A query's go to `READS`, a buffer written in one transaction every `FLUSH_SECONDS` (and on
shutdown): a write transaction per read request was the largest cost of serving reads. While Neo4j is
unreachable the buffer keeps up to `MAX_PENDING` rows and retries.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from core.clock import now_iso

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


FLUSH_SECONDS = 0.25
MAX_PENDING = 200_000


class AuditBuffer:
    """Audit rows of many requests, written together by one background thread."""

    def __init__(self, interval: float = FLUSH_SECONDS) -> None:
        self.interval = interval
        self._rows: list[dict[str, object]] = []
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stopping = False
        self._thread: threading.Thread | None = None
        self.dropped = 0

    def add(self, rows: list[dict[str, object]]) -> None:
        if not rows:
            return
        with self._lock:
            self._rows.extend(rows)
            if self._thread is None or not self._thread.is_alive():
                self._stopping = False
                self._thread = threading.Thread(target=self._run, name="api-audit", daemon=True)
                self._thread.start()

    def _run(self) -> None:
        while not self._stopping:
            self._wake.wait(self.interval)
            self._wake.clear()
            self.flush()

    def flush(self) -> int:
        """Write what is pending now; returns the rows written (0 when Neo4j refused them)."""
        with self._lock:
            rows, self._rows = self._rows, []
        if not rows:
            return 0
        try:
            write_rows(rows)
        except Exception:
            log.exception("could not write %d API audit rows; keeping them for the next try", len(rows))
            with self._lock:
                self._rows = rows + self._rows
                if len(self._rows) > MAX_PENDING:
                    self.dropped += len(self._rows) - MAX_PENDING
                    log.error("API audit buffer full: %d oldest rows dropped so far", self.dropped)
                    self._rows = self._rows[-MAX_PENDING:]
            return 0
        return len(rows)

    def close(self) -> None:
        """Stop the thread and write what is left (on server shutdown)."""
        self._stopping = True
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
        self.flush()


READS = AuditBuffer()
