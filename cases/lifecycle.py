"""The case lifecycle: allowed transitions, and the one function that applies an event to a case.

    open ──acknowledge──> acknowledged
    open | acknowledged ──act──> acted_on ──act──> acted_on (more actions: imposed, then collected ...)
    open | acknowledged ──exclude (reason)──> excluded
    acted_on ──close──> closed
    excluded ──(the detectors find changed evidence)──> open   (system only: `reopened`)
    any ──comment──> same status

Every change writes a `CaseEvent {who, when, from, to, why}` in the same transaction as the case update
and the notifications it causes, so the audit trail and the outbox can never disagree with the case.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from neo4j import ManagedTransaction

from cases.errors import CaseNotFound, TransitionRefused
from cases.notify import Recipient, enqueue, webhook_recipients

STATUSES = ("open", "acknowledged", "acted_on", "excluded", "closed")
ACTIONS = ("imposed", "collected", "corrected", "reimbursed", "referred")
RECOVERED = ("collected", "reimbursed")  # money back in the treasury; `imposed` is money assessed

# kind of event -> (statuses it may start from, status it leads to; None = unchanged)
TRANSITIONS: dict[str, tuple[tuple[str, ...], str | None]] = {
    "opened": ((), "open"),
    "acknowledged": (("open",), "acknowledged"),
    "acted_on": (("open", "acknowledged", "acted_on"), "acted_on"),
    "excluded": (("open", "acknowledged"), "excluded"),
    "closed": (("acted_on",), "closed"),
    "reopened": (("excluded",), "open"),
    "comment": (STATUSES, None),
    "escalated": (("open", "acknowledged"), None),
    "updated": (STATUSES, None),
}

VERB = {"opened": "open", "acknowledged": "acknowledge", "acted_on": "act on", "excluded": "exclude", "closed": "close",
        "reopened": "reopen", "comment": "comment on", "escalated": "escalate", "updated": "update"}


def allowed_from(status: str) -> list[str]:
    return [kind for kind, (sources, _to) in TRANSITIONS.items()
            if status in sources and kind not in ("opened", "updated", "reopened", "escalated")]


def check_transition(case_id: str, status: str, kind: str) -> str:
    """The status after `kind`, or TransitionRefused naming what is allowed instead."""
    sources, target = TRANSITIONS[kind]
    if status not in sources:
        allowed = ", ".join(VERB[k] for k in allowed_from(status)) or "nothing"
        raise TransitionRefused(
            f"case {case_id} is {status}: it cannot be {kind.replace('_', ' ')} "
            f"(allowed from {' or '.join(sources)})",
            case_id=case_id, status=status, attempted=kind, hint=f"a {status} case can: {allowed}",
        )
    return target or status


@dataclass
class Change:
    """One event to apply to a case inside a transaction."""

    kind: str
    actor: str
    at: str
    note: str = ""
    action: str | None = None
    amount: int | None = None
    set_props: dict[str, Any] = field(default_factory=dict)
    # given the case after the change, who is to be told (empty: nobody)
    recipients: Callable[[dict[str, Any]], list[Recipient]] | None = None
    reason: str = ""


LOCK = "MATCH (c:Case {case_id: $id}) SET c.version = coalesce(c.version, 0) + 1 RETURN properties(c) AS c"

APPLY = """
MATCH (c:Case {case_id: $id})
SET c += $set
MERGE (e:CaseEvent {event_id: $event_id})
ON CREATE SET e += $event
MERGE (e)-[:OF_CASE]->(c)
RETURN properties(c) AS c
"""


def lock_case(tx: ManagedTransaction, case_id: str) -> dict[str, Any]:
    """Read a case with a write lock (a version bump), so concurrent changes queue up behind each other."""
    record = tx.run(LOCK, id=case_id).single()
    if record is None:
        raise CaseNotFound(f"no case {case_id!r}", hint="see: chungbaek cases list")
    return dict(record["c"])


def apply_change(tx: ManagedTransaction, case: dict[str, Any], change: Change,
                 check: bool = True) -> dict[str, Any]:
    """Write the event (and its notifications) for a case read with `lock_case`; returns the new case."""
    status = case.get("status") or "open"
    target = check_transition(case["case_id"], status, change.kind) if check else (
        TRANSITIONS[change.kind][1] or status)
    seq = int(case.get("event_count") or 0) + 1
    event_id = f"{case['case_id']}-E{seq:04d}"
    props = {"status": target, "event_count": seq, "updated_at": change.at, **change.set_props}
    if change.kind not in ("comment", "updated", "escalated"):
        props["last_action_at"] = change.at
    event = {"event_id": event_id, "case_id": case["case_id"], "seq": seq, "at": change.at, "actor": change.actor,
             "kind": change.kind, "from_status": status, "to_status": target, "note": change.note or None,
             "action": change.action, "amount": change.amount, "gov": case.get("gov")}
    record = tx.run(APPLY, id=case["case_id"], set=props, event_id=event_id, event=event).single()
    assert record is not None
    after = dict(record["c"])
    if change.recipients is not None:
        recipients = change.recipients(after) + webhook_recipients(tx, after["gov"])
        enqueue(tx, after, event_id, change.reason or change.kind, recipients, change.at)
    return after


def triple(case: dict[str, Any]) -> list[Recipient]:
    """The triple failsafe: the official, the supervisor and every auditor, all at once."""
    out = [Recipient("official", case.get("official_email") or "", case.get("official_name") or "")]
    if case.get("supervisor_key"):
        out.append(Recipient("supervisor", case.get("supervisor_email") or "", case.get("supervisor_name") or ""))
    out.extend(Recipient("auditor", email) for email in case.get("auditor_emails") or [])
    if not case.get("official_key"):
        out = out[1:]
    return out
