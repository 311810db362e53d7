"""`chungbaek bench detect`: recall and precision of every scenario against the generator's truth files,
time per scenario, and ROC AUC of the anomaly detectors."""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sklearn.metrics import roc_auc_score

from detectors.runner import governments, run_batch
from detectors.scenario import Scenario, load_catalog
from detectors.store import list_findings
from detectors.summary import RunSummary


def read_truth(path: Path) -> dict[str, list[set[str]]]:
    cases: dict[str, list[set[str]]] = defaultdict(list)
    if not path.exists():
        return cases
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            keys = {k for k in (row.get("evidence_keys") or "").split(";") if k and not k.startswith("@")}
            cases[row["scenario_id"]].append(keys)
    return cases


RELATED = {
    # subject key of the anomaly detector -> fact keys tied to it (to label it by the planted cases)
    "ANOM-OFFICIAL": """
        MATCH (o:PersonRecord {gov: $gov, system: 'local_hr', role: 'official'})
        OPTIONAL MATCH (o)<-[:APPROVED_BY|PAYEE|BY_USER]-(f)
        WITH o.system + ':' + o.source_key AS key, collect(f.system + ':' + f.source_key) AS facts
        RETURN key, [key] + facts AS related""",
    "ANOM-ACCOUNT": """
        MATCH (a:Account)<-[:SAME_AS]-(r:AccountRecord {gov: $gov})
        WITH a, collect(r) AS recs
        OPTIONAL MATCH (a)<-[:SAME_AS]-(:AccountRecord)<-[:INTO_ACCOUNT]-(f)
        RETURN [r IN recs | r.system + ':' + r.source_key][0] AS key,
               collect(f.system + ':' + f.source_key) AS related""",
    "ANOM-BUSINESS": """
        MATCH (b:Business)<-[:SAME_AS]-(r:BusinessRecord {gov: $gov})
        WITH b, collect(r) AS recs
        OPTIONAL MATCH (b)<-[:SAME_AS]-(:BusinessRecord)<-[:CONTRACTOR|PAYEE|HOLDER|TAXPAYER]-(f)
        RETURN [r IN recs | r.system + ':' + r.source_key][0] AS key,
               collect(f.system + ':' + f.source_key) AS related""",
}


def score(catalog: list[Scenario], summary: RunSummary, findings: list[dict[str, Any]],
          planted: dict[str, list[set[str]]], decoys: dict[str, list[set[str]]]) -> list[dict[str, Any]]:
    """Per scenario: planted cases found (a finding of the scenario shares an evidence key with the case),
    decoys raised, findings on other scenarios' plants and unexplained ones, with every missed case and
    every decoy hit listed (the truth test names them)."""
    by_scenario: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for f in findings:
        by_scenario[f["scenario_id"]].append(f)
    rows = []
    for s in catalog:
        res = next(r for r in summary.results if r.scenario_id == s.id)
        fs = by_scenario[s.id]
        cases, looks = planted.get(s.id, []), decoys.get(s.id, [])
        missed = [sorted(c) for c in cases if not any(c & set(f["evidence_keys"]) for f in fs)]
        found = len(cases) - len(missed)
        others = [c for sid, cs in planted.items() if sid != s.id for c in cs]
        tp, decoy_hits, cross = 0, [], 0
        for f in fs:  # each finding counts once: its own plant, else a decoy, else another scenario's plant
            keys = set(f["evidence_keys"])
            if any(c & keys for c in cases):
                tp += 1
            elif any(c & keys for c in looks):
                decoy_hits.append(f)
            elif any(c & keys for c in others):
                # A genuine match of this rule (welfare paid into an official's account is both
                # WEL-OTHER-ACCOUNT and the payroll pattern), not noise.
                cross += 1
        other = len(fs) - tp - len(decoy_hits) - cross
        rows.append({
            "scenario_id": s.id, "status": res.status, "error": res.error, "seconds": res.seconds,
            "planted": len(cases), "found": found, "recall": round(found / len(cases), 4) if cases else None,
            "findings": len(fs), "true_positives": tp, "decoys_found": len(decoy_hits),
            "other_scenarios_planted": cross, "unexplained": other,
            "precision": round(tp / (tp + len(decoy_hits)), 4) if tp + len(decoy_hits) else None,
            "precision_strict": round((tp + cross) / len(fs), 4) if fs else None,
            "missed_example": missed[0] if missed else None,
            "decoy_example": decoy_hits[0]["evidence_keys"] if decoy_hits else None,
            "missed": missed,
            "decoys_hit": [{"subject_key": f["subject_key"], "evidence_keys": f["evidence_keys"],
                            "message": f.get("message")} for f in decoy_hits],
        })
    return rows


def bench(data_dir: Path, gov: str | None = None, anomalies: bool = True,
          progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    from core.connection import get_driver
    from detectors.anomaly import DETECTORS, all_scores

    driver = get_driver()
    gov = gov or (governments(driver) or [None])[0]
    planted = read_truth(data_dir / "truth" / "planted_cases.csv")
    decoys = read_truth(data_dir / "truth" / "decoys.csv")
    catalog = load_catalog()
    summary = run_batch(driver, catalog, gov=gov, user="bench", progress=progress)
    rows = score(catalog, summary, list_findings(driver, run_id=summary.run_id), planted, decoys)
    auc = {}
    if anomalies:
        planted_keys = set().union(*[c for cs in planted.values() for c in cs]) if planted else set()
        for det in DETECTORS:
            scores = dict(all_scores(driver, det, gov))
            rel, _, _ = driver.execute_query(RELATED[det.scenario_id], gov=gov)
            labels = {r["key"]: int(bool(planted_keys & set(r["related"]))) for r in rel if r["key"]}
            keys = [k for k in scores if k in labels]
            y = [labels[k] for k in keys]
            auc[det.scenario_id] = {
                "subjects": len(keys), "positives": sum(y),
                "roc_auc": round(float(roc_auc_score(y, [scores[k] for k in keys])), 4) if 0 < sum(y) < len(y)
                else None}
    total = sum(r["seconds"] for r in rows)
    return {"run_id": summary.run_id, "gov": gov, "data": str(data_dir), "seconds_total": round(total, 2),
            "scenarios": rows, "anomaly_auc": auc,
            "note": "precision counts planted matches against planted + decoy matches; precision_strict counts "
                    "findings on this scenario's or another scenario's planted cases against all findings, so "
                    "findings matching neither (genuine rule matches in the background data, or errors) lower it; "
                    "anomaly labels: subjects tied to any planted case's evidence (the generator plants no "
                    "anomalies of its own)"}


def render(report: dict[str, Any]) -> str:
    lines = [f"run {report['run_id']} on {report['gov']} ({report['data']}): {report['seconds_total']} s in all",
             f"{'scenario':32} {'status':8} {'planted':>7} {'found':>5} {'recall':>7} {'findings':>8} "
             f"{'decoys':>6} {'cross':>5} {'other':>5} {'prec':>6} {'strict':>6} {'s':>7}"]
    for r in report["scenarios"]:
        def pct(v: float | None) -> str:
            return "-" if v is None else f"{v:.0%}"
        lines.append(f"{r['scenario_id']:32} {r['status']:8} {r['planted']:>7} {r['found']:>5} {pct(r['recall']):>7} "
                     f"{r['findings']:>8} {r['decoys_found']:>6} {r['other_scenarios_planted']:>5} "
                     f"{r['unexplained']:>5} {pct(r['precision']):>6} "
                     f"{pct(r['precision_strict']):>6} {r['seconds']:>7.2f}")
    for sid, a in report["anomaly_auc"].items():
        lines.append(f"{sid}: ROC AUC {a['roc_auc']} over {a['subjects']} subjects ({a['positives']} tied to planted cases)")
    return "\n".join(lines)
