"""Reading cases: one case with its audit trail and notifications, and a filtered, paged list."""

from __future__ import annotations

import base64
from collections.abc import Iterable
from typing import Any

from neo4j import Driver

from cases.errors import InvalidAction
from cases.store import read
from graph.model import model

INTERNAL = ("version", "event_count")
FILTERS = ("status", "gov", "scenario_id", "area", "official_key", "username", "governments")

NOTES_OF_CASE = """
OPTIONAL MATCH (n:Notification)-[:OF_CASE]->(c)
WITH c, n ORDER BY n.notification_id
WITH c, [x IN collect(n) | {notification_id: x.notification_id, reason: x.reason, channel: x.channel,
    role: x.recipient_role, recipient: x.recipient, name: x.recipient_name, status: x.status,
    attempts: x.attempts, last_error: x.last_error, delivered_at: x.delivered_at,
    next_attempt_at: x.next_attempt_at}] AS notifications
"""

# Each filter of a case list is one fixed, parameterised condition, and a list uses only the conditions of
# the filters that are set: an unused `$x IS NULL OR ...` still costs a test per case, and without any
# condition the total comes from Neo4j's count store. The page and its total share the conditions, so the
# count never disagrees with the pages.
CONDITIONS: dict[str, str] = {
    "status": "c.status IN $status",
    "gov": "c.gov = $gov",
    "governments": "c.gov IN $governments",
    "scenario_id": "c.scenario_id = $scenario_id",
    "area": "c.area = $area",
    "official_key": "c.official_key = $official_key",
    "assignee": "c.official_username = $assignee",
    "opened_from": "c.opened_at >= $opened_from",
    "opened_to": "c.opened_at <= $opened_to",
    # anomaly leads (the cases of the anomaly detectors) apart from the rules' cases
    "leads_only": "c.scenario_id IN $lead_ids",
    "rules_only": "NOT c.scenario_id IN $lead_ids",
    "username": "(c.official_username = $username OR c.official_key IN $user_keys OR c.supervisor_key IN $user_keys "
                "OR c.escalated_to_key IN $user_keys)",
}
AFTER = "(c.opened_at < $after_at OR (c.opened_at = $after_at AND c.case_id > $after_id))"
# The orders of a list: its ORDER BY and the condition that starts the page after a cursor's case.
ORDERS: dict[str, tuple[str, str]] = {
    "newest": ("c.opened_at DESC, c.case_id", AFTER),
    # an inbox: the most urgent first (priority: severity, raised by an anomaly lead), then the largest amount
    "priority": ("coalesce(c.priority, 0) DESC, coalesce(c.amount, 0) DESC, c.case_id",
                 "(coalesce(c.priority, 0) < $after_priority OR (coalesce(c.priority, 0) = $after_priority AND "
                 "(coalesce(c.amount, 0) < $after_amount OR (coalesce(c.amount, 0) = $after_amount "
                 "AND c.case_id > $after_id))))"),
}


def _where(clauses: list[str]) -> str:
    return "WHERE " + " AND ".join(clauses) + "\n" if clauses else ""


def case_page_queries(params: dict[str, Any], extra: tuple[str, ...] = (), *, after: bool = False,
                      properties: str = "properties(c) AS c", tail: str = "", order: str = "newest") -> tuple[str, str]:
    """The page query (in `order`, one of ORDERS, `$limit` rows) and the total query of a case list: the
    conditions of the filters set in `params`, plus `extra` conditions (a caller's scope). `tail` is Cypher
    run on the page's cases only (e.g. collecting their notifications)."""
    clauses = [CONDITIONS[name] for name, value in params.items() if name in CONDITIONS and value is not None]
    clauses += extra
    order_by, after_clause = ORDERS[order]
    page = ("MATCH (c:Case)\n" + _where([*clauses, after_clause] if after else clauses)
            + f"WITH c ORDER BY {order_by} LIMIT $limit\n" + tail
            + f"RETURN {properties}\nORDER BY {order_by}\n")
    total = "MATCH (c:Case)\n" + _where(clauses) + "RETURN count(c) AS total\n"
    return page, total


ONE = """
MATCH (c:Case {case_id: $id})
""" + NOTES_OF_CASE + """
OPTIONAL MATCH (e:CaseEvent)-[:OF_CASE]->(c)
WITH c, notifications, e ORDER BY e.seq
RETURN properties(c) AS c, notifications,
       [x IN collect(e) | {seq: x.seq, at: x.at, actor: x.actor, kind: x.kind, from_status: x.from_status,
        to_status: x.to_status, note: x.note, action: x.action, amount: x.amount}] AS events
"""


def _clean(case: dict[str, Any]) -> dict[str, Any]:
    """Every property of the model present (None when unset), internals left out."""
    out = {name: case.get(name) for name in model().node("Case").properties if name not in INTERNAL}
    out["gov"] = case.get("gov")
    return out


def get_case(case_id: str, driver: Driver | None = None) -> dict[str, Any] | None:
    """The case with `events` (the audit trail, oldest first) and `notifications`; None if unknown."""
    rows = read(ONE, driver, id=case_id)
    if not rows:
        return None
    return {**_clean(rows[0]["c"]), "notifications": rows[0]["notifications"], "events": rows[0]["events"]}


def encode_cursor(case: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(f"{case['opened_at']}|{case['case_id']}".encode()).decode()


def encode_priority_cursor(case: dict[str, Any]) -> str:
    text = f"p|{int(case.get('priority') or 0)}|{int(case.get('amount') or 0)}|{case['case_id']}"
    return base64.urlsafe_b64encode(text.encode()).decode()


def decode_priority_cursor(cursor: str) -> tuple[int, int, str]:
    try:
        tag, priority, amount, case_id = base64.urlsafe_b64decode(cursor.encode()).decode().split("|", 3)
        if tag != "p" or not case_id:
            raise ValueError(cursor)
        return int(priority), int(amount), case_id
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidAction(f"bad cursor {cursor!r} (not one of a list in priority order)") from exc


def decode_cursor(cursor: str) -> tuple[str, str]:
    try:
        at, _, case_id = base64.urlsafe_b64decode(cursor.encode()).decode().partition("|")
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidAction(f"bad cursor {cursor!r}") from exc
    if not case_id:
        raise InvalidAction(f"bad cursor {cursor!r}")
    return at, case_id


def list_cases(filters: dict[str, Any] | None = None, first: int = 50, after: str | None = None,
               driver: Driver | None = None) -> dict[str, Any]:
    """A page of cases, newest first: {items, total, end_cursor, has_next_page}.

    filters: status (one or a list), gov, governments (a user's jurisdiction), scenario_id, area,
    official_key, username (cases whose official, supervisor or escalation target is that user). `after` is the end_cursor
    of the previous page.
    """
    filters = dict(filters or {})
    unknown = set(filters) - set(FILTERS)
    if unknown:
        raise InvalidAction(f"unknown filter(s) {', '.join(sorted(unknown))}", hint=f"use: {', '.join(FILTERS)}")
    if not 1 <= first <= 1000:
        raise InvalidAction("first must be between 1 and 1000")
    status = filters.get("status")
    if isinstance(status, str):
        status = [status]
    params: dict[str, Any] = {name: filters.get(name) for name in FILTERS}
    params["status"] = list(status) if status else None
    govs = filters.get("governments")
    params["governments"] = list(govs) if isinstance(govs, Iterable) and not isinstance(govs, str) else govs
    if filters.get("username"):
        params["user_keys"] = _user_keys(filters["username"], driver)
    after_at, after_id = decode_cursor(after) if after else (None, None)
    page, count = case_page_queries(params, after=after is not None, properties="properties(c) AS c, notifications",
                                    tail=NOTES_OF_CASE)
    rows = read(page, driver, **params, after_at=after_at, after_id=after_id, limit=first + 1)
    items = [{**_clean(row["c"]), "notifications": row["notifications"]} for row in rows[:first]]
    total = read(count, driver, **params)[0]["total"]
    return {"items": items, "total": total, "has_next_page": len(rows) > first,
            "end_cursor": encode_cursor(items[-1]) if items else None}


def _user_keys(username: str | None, driver: Driver | None) -> list[str]:
    if not username:
        return []
    rows = read("MATCH (:User {username: $u})-[:USER_OF]->(p:PersonRecord) "
                "RETURN p.system + ':' + p.source_key AS key", driver, u=username)
    return [row["key"] for row in rows]
