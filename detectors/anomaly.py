"""Explained anomaly detectors for officials, accounts and businesses (ANOM-OFFICIAL, ANOM-ACCOUNT,
ANOM-BUSINESS): features from Cypher aggregates and a networkx projection, scored by an IsolationForest;
each finding lists the features that stand out most (robust z-scores against the population)."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np
from neo4j import Driver
from sklearn.ensemble import IsolationForest

from detectors.runner import finding_id, responsible_official
from detectors.store import store_findings, write_run
from detectors.summary import RunSummary, ScenarioResult

OFFICIAL_FEATURES = """
MATCH (o:PersonRecord {gov: $gov, system: 'local_hr', role: 'official'})
OPTIONAL MATCH (o)<-[:APPROVED_BY]-(f)
WITH o, count(f) AS approved, sum(coalesce(f.amount, 0)) AS approved_amount,
     count(CASE WHEN f:TaxRefund THEN 1 END) AS refunds, count(CASE WHEN f:TaxReduction THEN 1 END) AS reductions,
     count(CASE WHEN f:Payment OR f:WelfarePayment OR f:TaxRefund THEN 1 END) AS payments,
     count(CASE WHEN (f:Payment OR f:WelfarePayment OR f:TaxRefund) AND EXISTS {
       (f)-[:INTO_ACCOUNT]->(:AccountRecord)-[:SAME_AS]->(:Account)<-[:SAME_AS]-(:AccountRecord)<-[:HOLDS]-(h:PersonRecord)
       WHERE h.system = 'bank' AND EXISTS { (h)-[:SAME_AS]->(:Person)<-[:SAME_AS]-(:PersonRecord {system: 'local_hr'}) }
     } THEN 1 END) AS to_staff_accounts
OPTIONAL MATCH (o)<-[:BY_USER]-(l:Login)
WITH o, approved, approved_amount, refunds, reductions, payments, to_staff_accounts,
     count(l) AS logins, count(CASE WHEN l.at IS NOT NULL AND (localdatetime(l.at).hour >= 20
                                   OR localdatetime(l.at).hour < 7) THEN 1 END) AS off_hours_logins,
     count(DISTINCT l.pc_id) AS pcs
OPTIONAL MATCH (o)<-[:ISSUED_TO]-(:CorporateCard)<-[:WITH_CARD]-(c:CardApproval)
RETURN o.system + ':' + o.source_key AS key, o.name AS name, elementId(o) AS node,
       approved, approved_amount, refunds, reductions, to_staff_accounts,
       CASE WHEN payments = 0 THEN 0.0 ELSE toFloat(to_staff_accounts) / payments END AS share_to_staff_accounts,
       logins, off_hours_logins, pcs,
       count(CASE WHEN c.at IS NOT NULL AND (localdatetime(c.at).hour >= 22 OR localdatetime(c.at).hour < 6)
                  THEN 1 END) AS off_hours_card
"""

ACCOUNT_FEATURES = """
MATCH (a:Account)<-[:SAME_AS]-(r:AccountRecord {gov: $gov})
WITH a, collect(r) AS recs
OPTIONAL MATCH (a)<-[:SAME_AS]-(:AccountRecord)<-[:INTO_ACCOUNT]-(f)
OPTIONAL MATCH (f)-[:PAYEE]->(:PersonRecord)-[:SAME_AS]->(payee:Person)
WITH a, recs, count(DISTINCT f) AS payments_in, sum(coalesce(f.amount, 0)) AS amount_in,
     count(DISTINCT payee) AS people_paid_in, count(DISTINCT labels(f)[0]) AS payment_kinds,
     count(DISTINCT f.system) AS paying_systems
OPTIONAL MATCH (a)<-[:SAME_AS]-(:AccountRecord)<-[:HOLDS]-(:PersonRecord)-[:SAME_AS]->(holder:Person)
WITH a, recs, payments_in, amount_in, people_paid_in, payment_kinds, paying_systems, count(DISTINCT holder) AS holders
OPTIONAL MATCH (a)<-[:SAME_AS]-(:AccountRecord)<-[:FROM_ACCOUNT]-(t:BankTransfer)-[:TO_ACCOUNT]->(:AccountRecord)-[:SAME_AS]->(dst:Account)
RETURN [r IN recs | r.system + ':' + r.source_key][0] AS key, a.account_key AS name, elementId(a) AS node,
       payments_in, amount_in, people_paid_in, payment_kinds, paying_systems, holders,
       count(DISTINCT dst) AS payees_out, size(recs) AS records
"""

BUSINESS_FEATURES = """
MATCH (b:Business)<-[:SAME_AS]-(r:BusinessRecord {gov: $gov})
WITH b, collect(r) AS recs
OPTIONAL MATCH (b)<-[:SAME_AS]-(:BusinessRecord)<-[:CONTRACTOR]-(c:Contract)
OPTIONAL MATCH (c)-[:APPROVED_BY]->(co:PersonRecord)
WITH b, recs, count(DISTINCT c) AS contracts, sum(coalesce(c.amount, 0)) AS contract_amount,
     count(DISTINCT co) AS contract_officials
OPTIONAL MATCH (b)<-[:SAME_AS]-(:BusinessRecord)<-[:PAYEE]-(p:Payment)
WITH b, recs, contracts, contract_amount, contract_officials, count(p) AS payments,
     sum(coalesce(p.amount, 0)) AS paid
OPTIONAL MATCH (b)<-[:SAME_AS]-(:BusinessRecord)-[:HOLDS]->(:AccountRecord)-[:SAME_AS]->(acc:Account)
RETURN [r IN recs | r.system + ':' + r.source_key][0] AS key, b.name AS name, elementId(b) AS node,
       contracts, contract_amount, contract_officials, payments, paid, count(DISTINCT acc) AS accounts,
       size(recs) AS records
"""

GRAPH = """
MATCH (a {gov: $gov})-[r]->(b)
WHERE type(r) IN ['SAME_AS', 'HOLDS', 'INTO_ACCOUNT', 'PAYEE', 'APPROVED_BY', 'CONTRACTOR', 'RELATIVE_OF']
RETURN elementId(a) AS a, elementId(b) AS b
"""


@dataclass(frozen=True)
class Detector:
    scenario_id: str
    area: str
    query: str
    title: str
    params: dict[str, float] = field(default_factory=lambda: {"contamination": 0.02, "min_score": 0.0})


DETECTORS = (
    Detector("ANOM-OFFICIAL", "local_hr", OFFICIAL_FEATURES, "official"),
    Detector("ANOM-ACCOUNT", "local_finance", ACCOUNT_FEATURES, "account"),
    Detector("ANOM-BUSINESS", "local_finance", BUSINESS_FEATURES, "business"),
)
META = ("key", "name", "node")


def graph_features(driver: Driver, gov: str) -> nx.Graph:
    rows, _, _ = driver.execute_query(GRAPH, gov=gov)
    g = nx.Graph()
    g.add_edges_from((r["a"], r["b"]) for r in rows)
    return g


def score(rows: list[dict[str, Any]], graph: nx.Graph, *, contamination: float, seed: int = 0
          ) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
    """Feature names, matrix, anomaly scores (higher = stranger) and robust z-scores."""
    comp = {n: len(c) for c in nx.connected_components(graph) for n in c} if graph.number_of_nodes() else {}
    names = [k for k in rows[0] if k not in META] + ["degree", "component_size"]
    x = np.array([[float(r[k] or 0) for k in names[:-2]]
                  + [float(graph.degree(r["node"]) if r["node"] in graph else 0), float(comp.get(r["node"], 1))]
                  for r in rows])
    med = np.median(x, axis=0)
    spread = np.percentile(x, 75, axis=0) - np.percentile(x, 25, axis=0)
    spread = np.where(spread > 0, spread, np.maximum(np.std(x, axis=0), 1e-9))
    z = (x - med) / spread
    if len(rows) < 8:
        return names, x, np.abs(z).max(axis=1), z
    forest = IsolationForest(n_estimators=200, contamination=contamination, random_state=seed).fit(x)
    return names, x, -forest.score_samples(x), z


def run_detector(driver: Driver, det: Detector, gov: str, run_id: str, params: dict[str, float] | None = None
                 ) -> list[dict[str, Any]]:
    p = {**det.params, **(params or {})}
    rows, _, _ = driver.execute_query(det.query, gov=gov)
    rows = [r.data() for r in rows if r["key"]]
    if not rows:
        return []
    names, x, scores, z = score(rows, graph_features(driver, gov), contamination=float(p["contamination"]))
    cut = max(float(np.quantile(scores, 1 - float(p["contamination"]))), float(p["min_score"]))
    out = []
    for i, row in enumerate(rows):
        if scores[i] < cut or not np.any(np.abs(z[i]) > 0):
            continue
        top = sorted(range(len(names)), key=lambda j: -abs(z[i][j]))[:3]
        features = {names[j]: {"value": x[i][j], "z": round(float(z[i][j]), 2)} for j in top}
        evidence = [row["key"]]
        out.append({
            "finding_id": finding_id(det.scenario_id, row["key"], evidence), "run_id": run_id,
            "scenario_id": det.scenario_id, "area": det.area, "severity": "medium", "gov": gov,
            "subject_key": row["key"], "subject_name": row.get("name"),
            "official_key": row["key"] if det.scenario_id == "ANOM-OFFICIAL" else None,
            "amount": None, "evidence_keys": evidence, "score": round(float(scores[i]), 4),
            "message": f"Unusual {det.title}: " + ", ".join(f"{n} = {v['value']:g} (z {v['z']:+.1f})"
                                                           for n, v in features.items()),
            "features": json.dumps(features),
        })
    return out


def all_scores(driver: Driver, det: Detector, gov: str) -> list[tuple[str, float]]:
    """(subject key, anomaly score) of every subject, for the bench's ROC AUC."""
    rows, _, _ = driver.execute_query(det.query, gov=gov)
    rows = [r.data() for r in rows if r["key"]]
    if not rows:
        return []
    _, _, scores, _ = score(rows, graph_features(driver, gov), contamination=det.params["contamination"])
    return [(r["key"], float(s)) for r, s in zip(rows, scores, strict=True)]


def run_anomalies(driver: Driver, summary: RunSummary, params: dict[str, float] | None = None,
                  progress: Callable[[str], None] | None = None) -> None:
    """Run the anomaly detectors into an existing run (results and findings added to it)."""
    for gov in summary.governments:
        for det in DETECTORS:
            res = ScenarioResult(det.scenario_id, gov, "ok")
            started = time.perf_counter()
            try:
                found = run_detector(driver, det, gov, summary.run_id, params)
                owner = responsible_official(driver, gov, det.area)
                for f in found:
                    f["official_key"] = f["official_key"] or owner
                res.findings = store_findings(driver, summary.run_id, found)
            except Exception as exc:  # noqa: BLE001 - recorded, never aborts the run
                res.status, res.error = "failed", f"{type(exc).__name__}: {exc}"
            res.seconds = round(time.perf_counter() - started, 3)
            summary.results.append(res)
            if progress:
                progress(f"{gov} {det.scenario_id}: {res.status}, {res.findings} findings, {res.seconds:.2f} s")
    write_run(driver, summary)
