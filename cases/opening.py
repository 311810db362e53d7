"""Cases from findings (INTERFACES §4), keyed by scenario + subject.

All findings of one scenario about one subject in a detector run make one case (evidence joined, amounts
added). A re-run updates that case and never makes a second one. When the evidence of an excluded case
changes it is reopened with a note of what changed, and its three people are told again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from neo4j import Driver, ManagedTransaction

from cases.lifecycle import Change, apply_change, lock_case, triple
from cases.priority import prioritise, read_leads
from cases.routing import Routing, route
from cases.store import SYSTEM_ACTOR, case_id_for, iso, read, write, write_tx

FINDINGS = """
MATCH (f:Finding)
WHERE ($run_id IS NULL OR f.run_id = $run_id) AND ($gov IS NULL OR f.gov = $gov)
RETURN f.finding_id AS finding_id, f.run_id AS run_id, f.scenario_id AS scenario_id, f.area AS area,
       f.severity AS severity, f.gov AS gov, f.subject_key AS subject_key,
       f.subject_entity_id AS subject_entity_id, f.subject_name AS subject_name, f.official_key AS official_key,
       f.amount AS amount, f.message AS message, f.message_ko AS message_ko, f.evidence_keys AS evidence_keys,
       toString(f.created_at) AS created_at
ORDER BY f.finding_id
"""

CREATE_CASE = """
MERGE (c:Case {case_id: $id})
ON CREATE SET c += $props, c.event_count = 0, c.version = 0
RETURN c.event_count = 0 AS new
"""

LINK_PEOPLE = """
MATCH (c:Case {case_id: $id})
OPTIONAL MATCH (c)-[old:RESPONSIBLE|SUPERVISED_BY]->() DELETE old
WITH DISTINCT c
OPTIONAL MATCH (o:PersonRecord {system: $o_system, source_key: $o_key})
OPTIONAL MATCH (s:PersonRecord {system: $s_system, source_key: $s_key})
FOREACH (x IN CASE WHEN o IS NULL THEN [] ELSE [o] END | MERGE (c)-[:RESPONSIBLE]->(x))
FOREACH (x IN CASE WHEN s IS NULL THEN [] ELSE [s] END | MERGE (c)-[:SUPERVISED_BY]->(x))
"""

SEVERITY_RANK = {"low": 1, "medium": 2, "high": 3, "critical": 4}


@dataclass
class OpenReport:
    findings: int = 0
    cases: int = 0
    opened: int = 0
    updated: int = 0
    reopened: int = 0
    unchanged: int = 0

    def to_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


def evidence_hash(keys: list[str]) -> str:
    return hashlib.sha256("\n".join(sorted(set(keys))).encode()).hexdigest()[:16]


def group_findings(rows: list[dict[str, Any]]) -> dict[tuple[str, str, str], list[dict[str, Any]]]:
    """Findings per (gov, scenario, subject), only those of the newest run that found each subject."""
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        subject = row["subject_key"] or row["subject_entity_id"] or row["finding_id"]
        groups[(row["gov"], row["scenario_id"], subject)].append(row)
    for key, found in groups.items():
        newest = max(found, key=lambda r: (r["created_at"] or "", r["run_id"] or ""))
        groups[key] = [r for r in found if r["run_id"] == newest["run_id"]]
    return groups


def summarise(gov: str, scenario_id: str, subject: str, found: list[dict[str, Any]]) -> dict[str, Any]:
    """The case-level view of a subject's findings: evidence joined, amounts added, most severe level."""
    evidence = sorted({k for f in found for k in (f["evidence_keys"] or [])})
    first = found[0]
    officials = [f["official_key"] for f in found if f["official_key"]]
    severity = max((f["severity"] or "" for f in found), key=lambda s: SEVERITY_RANK.get(s, 0))
    return {
        "gov": gov, "scenario_id": scenario_id, "subject_key": subject, "area": first["area"],
        "severity": severity or None, "subject_entity_id": first["subject_entity_id"],
        "subject_name": next((f["subject_name"] for f in found if f["subject_name"]), None),
        "message": first["message"] if len(found) == 1 else f"{first['message']} (+{len(found) - 1} more)",
        "message_ko": (first["message_ko"] if len(found) == 1 else f"{first['message_ko']} (외 {len(found) - 1}건)")
        if first.get("message_ko") else None,
        "amount": sum(int(f["amount"] or 0) for f in found), "finding_ids": sorted(f["finding_id"] for f in found),
        "evidence_keys": evidence, "evidence_hash": evidence_hash(evidence), "run_id": first["run_id"],
        "official_key": officials[0] if officials else None,
        "detected_at": min((f["created_at"] for f in found if f["created_at"]), default=None),
    }


def routing_props(r: Routing) -> dict[str, Any]:
    return {
        "official_name": r.official.name if r.official else None,
        "official_email": r.official.email if r.official else None,
        "official_username": r.official.username if r.official else None,
        "supervisor_key": r.supervisor.key if r.supervisor else None,
        "supervisor_name": r.supervisor.name if r.supervisor else None,
        "supervisor_email": r.supervisor.email if r.supervisor else None,
        "supervisor_unit_key": r.supervisor.unit_key if r.supervisor else None,
        "auditor_emails": list(r.auditors), "routing_note": r.note or None,
        "routing_note_ko": r.note_in("ko") or None,
        "escalation_level": 0, "escalated_at": None, "escalation_unit_key": None,
        "escalated_to_key": None,
    }


def _split(key: str | None) -> tuple[str | None, str | None]:
    if not key:
        return None, None
    system, _, source_key = key.partition(":")
    return system, source_key


def describe_change(old: list[str], new: list[str]) -> str:
    added, removed = sorted(set(new) - set(old)), sorted(set(old) - set(new))
    parts = []
    if added:
        parts.append("evidence added: " + ", ".join(added))
    if removed:
        parts.append("evidence no longer found: " + ", ".join(removed))
    return "; ".join(parts) or "evidence changed"


def upsert_case(summary: dict[str, Any], routing: Routing | None, at: str,
                driver: Driver | None = None) -> str:
    """Create or update one case; returns what happened: opened, updated, reopened or unchanged."""
    case_id = case_id_for(summary["gov"], summary["scenario_id"], summary["subject_key"])
    detected = summary.pop("detected_at") or at
    base = dict(summary)

    def work(tx: ManagedTransaction) -> str:
        props = {**base, "case_id": case_id, "status": "open", "first_detected_at": detected, "opened_at": at,
                 "updated_at": at, "amount_imposed": 0, "amount_recovered": 0, "actions": [],
                 **routing_props(routing or Routing(None, None, ()))}
        tx.run(CREATE_CASE, id=case_id, props=props).consume()
        case = lock_case(tx, case_id)
        if int(case.get("event_count") or 0) == 0:
            _link(tx, case_id, summary["official_key"], props["supervisor_key"])
            apply_change(tx, case, Change("opened", SYSTEM_ACTOR, at, note=props.get("routing_note") or "",
                                          recipients=triple, reason="opened"), check=False)
            return "opened"
        if case.get("evidence_hash") == base["evidence_hash"]:
            tx.run("MATCH (c:Case {case_id: $id}) SET c.run_id = $run", id=case_id, run=base["run_id"]).consume()
            return "unchanged"
        note = describe_change(list(case.get("evidence_keys") or []), base["evidence_keys"])
        if case.get("status") == "excluded":
            fresh = routing_props(routing) if routing else {}
            set_props = {**base, **fresh, "opened_at": at, "excluded_reason": None}
            if routing:
                _link(tx, case_id, base["official_key"], fresh["supervisor_key"])
            apply_change(tx, case, Change("reopened", SYSTEM_ACTOR, at, note=note, set_props=set_props,
                                          recipients=triple, reason="reopened"), check=False)
            return "reopened"
        # the case stays with the people it was routed to; only a reopened case is routed afresh
        kept = {k: v for k, v in base.items() if k != "official_key"}
        apply_change(tx, case, Change("updated", SYSTEM_ACTOR, at, note=note, set_props=kept), check=False)
        return "updated"

    return write_tx(work, driver)


def _link(tx: ManagedTransaction, case_id: str, official_key: str | None, supervisor_key: str | None) -> None:
    o_system, o_key = _split(official_key)
    s_system, s_key = _split(supervisor_key)
    tx.run(LINK_PEOPLE, id=case_id, o_system=o_system, o_key=o_key, s_system=s_system, s_key=s_key).consume()


def open_cases_from_findings(run_id: str | None = None, gov: str | None = None, *,
                             now: dt.datetime | None = None, driver: Driver | None = None) -> OpenReport:
    """Open or update the cases of the findings of one run (or of the newest run per subject)."""
    at = iso(now)
    rows = read(FINDINGS, driver, run_id=run_id, gov=gov)
    for row in rows:  # datetimes may come with zone and nanoseconds: keep the graph's convention
        row["created_at"] = (row["created_at"] or "")[:19] or None
    report = OpenReport(findings=len(rows))
    existing = {row["case_id"]: row for row in read(
        "MATCH (c:Case) WHERE $gov IS NULL OR c.gov = $gov RETURN c.case_id AS case_id, "
        "c.evidence_hash AS evidence_hash, c.status AS status", driver, gov=gov)}
    unchanged: list[dict[str, str]] = []
    today = at[:10]
    routes: dict[tuple[str, str | None, str | None], Routing] = {}
    leads = read_leads(driver, gov)
    for (g, scenario_id, subject), found in sorted(group_findings(rows).items()):
        summary = prioritise(summarise(g, scenario_id, subject, found), leads)
        case_id = case_id_for(g, scenario_id, subject)
        old = existing.get(case_id)
        if old is not None and old["evidence_hash"] == summary["evidence_hash"]:
            unchanged.append({k: summary[k] for k in ("run_id", "priority", "anomaly_score", "anomaly_detectors")}
                             | {"case_id": case_id})  # one batched write below
            report.unchanged += 1
            report.cases += 1
            continue
        needs_route = old is None or (old["status"] == "excluded" and old["evidence_hash"] != summary["evidence_hash"])
        routing = None
        if needs_route:
            key = (g, summary["official_key"], summary["area"])
            if key not in routes:
                routes[key] = route(g, summary["official_key"], summary["area"], driver, today=today)
            routing = routes[key]
        outcome = upsert_case(summary, routing, at, driver)
        setattr(report, outcome, getattr(report, outcome) + 1)
        report.cases += 1
    if unchanged:
        write("UNWIND $rows AS row MATCH (c:Case {case_id: row.case_id}) SET c.run_id = row.run_id, "
              "c.priority = row.priority, c.anomaly_score = row.anomaly_score, "
              "c.anomaly_detectors = row.anomaly_detectors", driver, rows=unchanged)
    return report
