"""Escalation: a case still open or acknowledged `escalation_days` after it was opened (or last escalated)
goes to the next head up the org chart, and the auditor is told again. Run it from cron:
`chungbaek cases escalate` (tests pass a fixed `now`). Acknowledging does not stop the clock; acting on,
excluding or closing the case does.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from neo4j import Driver, ManagedTransaction

from cases.lifecycle import Change, apply_change, lock_case
from cases.notify import Recipient
from cases.routing import Person, auditors_of, next_head_up
from cases.store import SYSTEM_ACTOR, iso, read, utcnow, write_tx
from core.settings import settings

DUE = """
MATCH (c:Case) WHERE c.status IN ['open', 'acknowledged'] AND ($gov IS NULL OR c.gov = $gov)
  AND coalesce(c.escalated_at, c.opened_at) <= $cutoff
RETURN c.case_id AS case_id, c.gov AS gov, c.official_key AS official_key, c.supervisor_key AS supervisor_key,
       c.escalated_to_key AS escalated_to_key, coalesce(c.escalation_unit_key, c.supervisor_unit_key) AS unit_key,
       c.escalation_level AS level
ORDER BY c.case_id
"""


@dataclass
class EscalationReport:
    escalated: int = 0
    to_auditor_only: int = 0
    case_ids: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"escalated": self.escalated, "to_auditor_only": self.to_auditor_only, "case_ids": self.case_ids}


def escalate(now: dt.datetime | None = None, *, days: int | None = None, gov: str | None = None,
             driver: Driver | None = None) -> EscalationReport:
    """Escalate every case without action for `days` (default settings().escalation_days)."""
    moment = now or utcnow()
    wait = settings().escalation_days if days is None else days
    cutoff = iso(moment - dt.timedelta(days=wait))
    report = EscalationReport()
    for row in read(DUE, driver, gov=gov, cutoff=cutoff):
        skip = {k for k in (row["official_key"], row["supervisor_key"], row["escalated_to_key"]) if k}
        head = next_head_up(row["unit_key"], skip, driver, today=iso(moment)[:10]) if row["unit_key"] else None
        auditors = auditors_of(row["gov"], driver)
        if _escalate_one(row["case_id"], head, auditors, int(row["level"] or 0), iso(moment), cutoff, wait, driver):
            report.escalated += 1
            report.to_auditor_only += head is None
            report.case_ids.append(row["case_id"])
    return report


def _escalate_one(case_id: str, head: Person | None, auditors: tuple[str, ...], level: int, at: str,
                  cutoff: str, wait: int, driver: Driver | None) -> bool:
    def recipients(_case: dict[str, Any]) -> list[Recipient]:
        out = [Recipient("supervisor", head.email, head.name)] if head else []
        return out + [Recipient("auditor", email) for email in auditors]

    def work(tx: ManagedTransaction) -> bool:
        case = lock_case(tx, case_id)
        # Checked again under the lock: someone may have acted, or another run escalated it already.
        if case.get("status") not in ("open", "acknowledged") or \
                (case.get("escalated_at") or case.get("opened_at") or "") > cutoff:
            return False
        target = f"{head.name} ({head.key})" if head else "nobody above in the org chart: the auditor only"
        props: dict[str, Any] = {"escalation_level": level + 1, "escalated_at": at}
        if head:
            props["escalation_unit_key"] = head.unit_key
            props["escalated_to_key"] = head.key
        apply_change(tx, case, Change(
            "escalated", SYSTEM_ACTOR, at, note=f"no action for {wait} days; escalated to {target}",
            set_props=props, recipients=recipients, reason="escalated"))
        return True

    return write_tx(work, driver)
