"""Writing detector runs and findings, and reading findings back (parameterised Cypher only)."""

from __future__ import annotations

import json
from typing import Any

from neo4j import Driver

from core.clock import now_iso
from core.connection import execute
from detectors.summary import RunSummary

WRITE_RUN = """
MERGE (r:DetectorRun {run_id: $run_id})
SET r += $props
"""

WRITE_FINDINGS = """
UNWIND $rows AS row
MATCH (run:DetectorRun {run_id: $run_id})
MERGE (f:Finding {finding_id: row.finding_id})
ON CREATE SET f.created_at = $at, f.first_run_id = $run_id
SET f += row, f.updated_at = $at
MERGE (f)-[:IN_RUN]->(run)
WITH f, row
OPTIONAL MATCH (rec:Record {system: split(row.subject_key, ':')[0],
                            source_key: substring(row.subject_key, size(split(row.subject_key, ':')[0]) + 1)})
               -[:SAME_AS]->(e:Entity)
WITH f, row, head(collect(e)) AS e
FOREACH (_ IN CASE WHEN e IS NULL THEN [] ELSE [1] END |
  MERGE (f)-[:ABOUT]->(e) SET f.subject_entity_id = e.entity_id)
WITH f, row
UNWIND row.evidence_keys AS k
WITH f, split(k, ':')[0] AS system, substring(k, size(split(k, ':')[0]) + 1) AS source_key
CALL (f, system, source_key) {
  OPTIONAL MATCH (x:Fact {system: system, source_key: source_key})
  OPTIONAL MATCH (y:Record {system: system, source_key: source_key})
  WITH f, coalesce(x, y) AS n WHERE n IS NOT NULL
  MERGE (f)-[:EVIDENCE]->(n)
}
RETURN count(*) AS written
"""


def write_run(driver: Driver, summary: RunSummary) -> None:
    ok = sum(1 for r in summary.results if r.status == "ok")
    props = {
        "gov": summary.governments[0] if len(summary.governments) == 1 else None,
        "governments": summary.governments, "started_at": summary.started_at,
        "finished_at": summary.finished_at or None, "user": summary.user, "status": summary.status,
        "findings": summary.findings, "scenarios_ok": ok, "scenarios_failed": len(summary.results) - ok,
        "versions": json.dumps(summary.versions, sort_keys=True),
        "results": json.dumps([r.__dict__ for r in summary.results], ensure_ascii=False),
    }
    execute(driver, WRITE_RUN, run_id=summary.run_id, props=props)


def store_findings(driver: Driver, run_id: str, findings: list[dict[str, Any]], batch: int = 2000) -> int:
    """Merge the findings (one per finding_id) and link them to the run, subject entity and evidence."""
    unique = {f["finding_id"]: f for f in findings}
    rows = list(unique.values())
    at = now_iso()
    for start in range(0, len(rows), batch):
        execute(driver, WRITE_FINDINGS, rows=rows[start:start + batch], run_id=run_id, at=at)
    return len(rows)


LIST = """
MATCH (f:Finding)
WHERE ($run_id IS NULL OR EXISTS { (f)-[:IN_RUN]->(:DetectorRun {run_id: $run_id}) })
  AND ($gov IS NULL OR f.gov = $gov) AND ($scenario_id IS NULL OR f.scenario_id = $scenario_id)
RETURN f {.*} AS f ORDER BY f.scenario_id, f.subject_key, f.finding_id
"""


def list_findings(driver: Driver, run_id: str | None = None, gov: str | None = None,
                  scenario_id: str | None = None) -> list[dict[str, Any]]:
    rows, _, _ = execute(driver, LIST, run_id=run_id, gov=gov, scenario_id=scenario_id)
    return [r["f"] for r in rows]


def latest_run(driver: Driver) -> str | None:
    rows, _, _ = execute(driver,
        "MATCH (r:DetectorRun) RETURN r.run_id AS id ORDER BY r.started_at DESC, r.run_id DESC LIMIT 1")
    return rows[0]["id"] if rows else None
