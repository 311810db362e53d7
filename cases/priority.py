"""The priority of a case: its severity, raised by one step when an anomaly lead (below or above the case
threshold) sits on an entity the case is about, names in its evidence, or holds it as responsible official.
A lead too weak to open a case of its own thus still puts the rule cases of that entity first."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from neo4j import Driver

from cases.store import read

SEVERITY_RANK = {"low": 1, "medium": 2, "high": 3, "critical": 4}

LEADS = """
MATCH (l:AnomalyLead)-[:LEAD_ON]->(e:Entity)
WHERE $gov IS NULL OR l.gov = $gov
OPTIONAL MATCH (e)<-[:SAME_AS]-(r:Record)
RETURN e.entity_id AS entity_id, max(l.score) AS score, collect(DISTINCT l.detector_id) AS detectors,
       collect(DISTINCT r.system + ':' + r.source_key) AS keys
"""


@dataclass
class Leads:
    """Anomaly leads by entity id and by the keys of the entity's records."""
    by_entity: dict[str, tuple[float, list[str]]] = field(default_factory=dict)
    by_key: dict[str, str] = field(default_factory=dict)

    def for_case(self, summary: dict[str, Any]) -> tuple[float, list[str]] | None:
        entities = {summary.get("subject_entity_id")}
        keys = [summary.get("subject_key"), summary.get("official_key"), *(summary.get("evidence_keys") or [])]
        entities |= {self.by_key[k] for k in keys if k in self.by_key}
        found = [self.by_entity[e] for e in entities if e in self.by_entity]
        if not found:
            return None
        return max(s for s, _ in found), sorted({d for _, ds in found for d in ds})


def read_leads(driver: Driver | None, gov: str | None) -> Leads:
    leads = Leads()
    for row in read(LEADS, driver, gov=gov):
        leads.by_entity[row["entity_id"]] = (float(row["score"]), list(row["detectors"]))
        for key in row["keys"]:
            leads.by_key[key] = row["entity_id"]
    return leads


def prioritise(summary: dict[str, Any], leads: Leads) -> dict[str, Any]:
    """Set priority (1 low .. 5), anomaly_score and anomaly_detectors on a case summary (anomaly cases
    themselves keep their severity's rank: their own lead is what opened them)."""
    rank = SEVERITY_RANK.get(summary.get("severity") or "", 2)
    lead = None if str(summary.get("scenario_id", "")).startswith("ANOM-") else leads.for_case(summary)
    summary["priority"] = rank + (1 if lead else 0)
    summary["anomaly_score"] = lead[0] if lead else None
    summary["anomaly_detectors"] = lead[1] if lead else []
    return summary
