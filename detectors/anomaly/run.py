"""Running the anomaly detectors into a detector run: a lead for every subject whose score reaches the
detector's lead_threshold (stored on the entity), a finding (and so a case) only from its case_threshold."""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from neo4j import Driver

from core.clock import now_iso
from core.connection import execute
from detectors.anomaly.features import SUBJECTS, Subject
from detectors.anomaly.scoring import explain, load_settings, population, score
from detectors.runner import finding_id, responsible_official
from detectors.store import store_findings, write_run
from detectors.summary import RunSummary, ScenarioResult

THRESHOLDS = ("lead_threshold", "case_threshold")


@dataclass(frozen=True)
class Detector:
    scenario_id: str
    area: str
    title: str       # English
    title_ko: str


def detectors() -> tuple[Detector, ...]:
    return tuple(Detector(sid, cfg["area"], cfg["title"]["en"], cfg["title"]["ko"])
                 for sid, cfg in load_settings().items())


DETECTORS = detectors()

WRITE_LEADS = """
UNWIND $rows AS row
MERGE (l:AnomalyLead {lead_id: row.lead_id})
SET l += row, l.updated_at = $at
WITH l, row
OPTIONAL MATCH (l)-[old:LEAD_ON]->() DELETE old
WITH DISTINCT l, row
OPTIONAL MATCH (e:Entity {entity_id: row.subject_entity_id})
FOREACH (_ IN CASE WHEN e IS NULL THEN [] ELSE [1] END | MERGE (l)-[:LEAD_ON]->(e))
"""

DROP_STALE = """
MATCH (l:AnomalyLead {gov: $gov, detector_id: $detector_id}) WHERE l.run_id <> $run_id DETACH DELETE l
"""


def config(det_id: str, params: dict[str, float] | None = None) -> dict[str, Any]:
    """A detector's settings with the thresholds given on the command line put over the file's."""
    cfg = dict(load_settings()[det_id])
    cfg.update({k: float(v) for k, v in (params or {}).items() if k in THRESHOLDS})
    return cfg


def scored(driver: Driver, det_id: str, gov: str, cfg: dict[str, Any]
           ) -> list[tuple[Subject, float, tuple[str, str, dict[str, Any]]]]:
    """Every subject of the detector's population with its score and explanation."""
    subjects = SUBJECTS[det_id](driver, gov, cfg)
    pop = population(subjects, cfg["features"])
    return [(s, score(s, pop), explain(s, pop, cfg)) for s in subjects]


def all_scores(driver: Driver, det: Detector, gov: str) -> list[tuple[Subject, float]]:
    """(subject, score) of every subject, for the bench's precision and ROC AUC."""
    return [(s, sc) for s, sc, _ in scored(driver, det.scenario_id, gov, config(det.scenario_id))]


def _lead_id(det_id: str, gov: str, key: str) -> str:
    return "L-" + hashlib.sha256("\x1f".join([det_id, gov, key]).encode()).hexdigest()[:24]


def run_detector(driver: Driver, det: Detector, gov: str, run_id: str, params: dict[str, float] | None = None
                 ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(findings at or above the case threshold, leads at or above the lead threshold)."""
    cfg = config(det.scenario_id, params)
    findings, leads = [], []
    for subject, sc, (ko, en, shown) in scored(driver, det.scenario_id, gov, cfg):
        if sc < cfg["lead_threshold"] or sc <= 0:
            continue
        is_case = sc >= cfg["case_threshold"]
        leads.append({
            "lead_id": _lead_id(det.scenario_id, gov, subject.key), "run_id": run_id,
            "detector_id": det.scenario_id, "gov": gov, "subject_key": subject.key,
            "subject_entity_id": subject.entity_id, "subject_name": subject.name, "score": sc,
            "lead_threshold": float(cfg["lead_threshold"]), "case_threshold": float(cfg["case_threshold"]),
            "is_case": is_case, "message_ko": ko, "message_en": en,
            "features": json.dumps(shown, ensure_ascii=False)})
        if not is_case:
            continue
        evidence = [subject.key]
        findings.append({
            "finding_id": finding_id(det.scenario_id, subject.key, evidence), "run_id": run_id,
            "scenario_id": det.scenario_id, "area": det.area, "severity": "medium", "gov": gov,
            "subject_key": subject.key, "subject_name": subject.name,
            "official_key": subject.key if det.scenario_id == "ANOM-OFFICIAL" else None,
            "amount": None, "evidence_keys": evidence, "score": sc,
            "message": en, "message_ko": ko, "features": json.dumps(shown, ensure_ascii=False),
        })
    return findings, leads


def store_leads(driver: Driver, det_id: str, gov: str, run_id: str, leads: list[dict[str, Any]]) -> None:
    at = now_iso()
    for start in range(0, len(leads), 2000):
        execute(driver, WRITE_LEADS, rows=leads[start:start + 2000], at=at)
    execute(driver, DROP_STALE, gov=gov, detector_id=det_id, run_id=run_id)


def run_anomalies(driver: Driver, summary: RunSummary, params: dict[str, float] | None = None,
                  progress: Callable[[str], None] | None = None) -> None:
    """Run the anomaly detectors into an existing run (results, findings and leads added to it)."""
    for gov in summary.governments:
        for det in DETECTORS:
            res = ScenarioResult(det.scenario_id, gov, "ok")
            started = time.perf_counter()
            try:
                found, leads = run_detector(driver, det, gov, summary.run_id, params)
                owner = responsible_official(driver, gov, det.area)
                for f in found:
                    f["official_key"] = f["official_key"] or owner
                res.findings = store_findings(driver, summary.run_id, found)
                store_leads(driver, det.scenario_id, gov, summary.run_id, leads)
            except Exception as exc:  # noqa: BLE001 - recorded, never aborts the run
                res.status, res.error = "failed", f"{type(exc).__name__}: {exc}"
            res.seconds = round(time.perf_counter() - started, 3)
            summary.results.append(res)
            if progress:
                progress(f"{gov} {det.scenario_id}: {res.status}, {res.findings} findings, "
                         f"{res.seconds:.2f} s")
    write_run(driver, summary)
