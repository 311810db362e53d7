"""The read-audit buffer against the real test server: rows wait for the flush, none are lost on close."""

from __future__ import annotations

import pytest

from api.audit import AuditBuffer, AuditLog


def _count(db) -> int:
    return db.execute_query("MATCH (a:ApiAudit {username: 'buf'}) RETURN count(a) AS c").records[0]["c"]


@pytest.mark.neo4j
def test_rows_wait_for_the_flush_and_close_writes_the_rest(db):
    buffer = AuditBuffer(interval=3600)  # the thread never wakes on its own during this test
    log = AuditLog(username="buf", role="auditor", operation="q")
    log.add("entity", ["P-1", "P-1", None, "P-2"])
    buffer.add(log.rows())
    assert _count(db) == 0
    assert buffer.flush() == 1
    assert _count(db) == 1
    buffer.add(log.rows())
    buffer.add(log.rows())
    buffer.close()
    assert _count(db) == 3
    targets = db.execute_query("MATCH (a:ApiAudit {username: 'buf'}) RETURN a.targets AS t LIMIT 1").records
    assert targets[0]["t"] == ["P-1", "P-2"]
