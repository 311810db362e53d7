"""`chungbaek bench detect`: recall and precision of every scenario against the generator's truth files,
time per scenario, and ROC AUC of the anomaly detectors."""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sklearn.metrics import roc_auc_score

from core.connection import execute
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
    # the facts tied to each anomaly subject, to set aside subjects of the rules' planted cases
    "ANOM-OFFICIAL": """
        MATCH (o:PersonRecord {gov: $gov, system: 'local_hr', role: 'official'})
        OPTIONAL MATCH (o)<-[:APPROVED_BY|PAYEE|BY_USER]-(f)
        WITH o.system + ':' + o.source_key AS id, collect(f.system + ':' + f.source_key) AS facts
        RETURN id, [id] + facts AS related""",
    "ANOM-ACCOUNT": """
        MATCH (a:Account)<-[:SAME_AS]-(r:AccountRecord {gov: $gov})
        OPTIONAL MATCH (r)<-[:INTO_ACCOUNT]-(f)
        RETURN a.entity_id AS id, collect(f.system + ':' + f.source_key) AS related""",
    "ANOM-BUSINESS": """
        MATCH (b:Business)<-[:SAME_AS]-(r:BusinessRecord {gov: $gov})
        OPTIONAL MATCH (r)<-[:CONTRACTOR|PAYEE|HOLDER|TAXPAYER]-(f)
        RETURN b.entity_id AS id, collect(r.system + ':' + r.source_key) + collect(f.system + ':' + f.source_key)
               AS related""",
}


def read_anomaly_truth(path: Path) -> dict[str, set[str]]:
    """Detector id -> subject keys the generator planted as anomalies (truth/planted_anomalies.csv)."""
    out: dict[str, set[str]] = defaultdict(set)
    if path.exists():
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                out[row["detector_id"]].add(row["subject_key"])
    return out


def _auc(y: list[int], s: list[float]) -> float | None:
    return round(float(roc_auc_score(y, s)), 4) if 0 < sum(y) < len(y) else None


def _precision(y: list[int], s: list[float], threshold: float) -> tuple[int, int]:
    """(leads at or above the threshold, planted among them)."""
    hits = [label for label, score in zip(y, s, strict=True) if score >= threshold and score > 0]
    return len(hits), sum(hits)


def calibrated_threshold(y: list[int], s: list[float], target: float = 0.5) -> float | None:
    """The lowest score from which at least `target` of the leads are planted anomalies."""
    for t in sorted({x for x in s if x > 0}):
        n, tp = _precision(y, s, t)
        if n and tp / n >= target:
            return t
    return None


def anomaly_bench(driver: Any, gov: str, planted: dict[str, list[set[str]]], truth: dict[str, set[str]]
                  ) -> dict[str, Any]:
    """Per detector: precision and recall at the case threshold and ROC AUC on the planted anomalies, the
    threshold calibration would choose, and what the rules' planted cases look like to the detector."""
    from detectors.anomaly import DETECTORS, all_scores
    from detectors.anomaly.run import config

    rule_keys = set().union(*[c for cs in planted.values() for c in cs]) if planted else set()
    out = {}
    for det in DETECTORS:
        cfg = config(det.scenario_id)
        pairs = all_scores(driver, det, gov)
        rel, _, _ = execute(driver, RELATED[det.scenario_id], gov=gov)
        tied = {r["id"] for r in rel if r["id"] and rule_keys & set(r["related"])}

        def ident(subject: Any, sid: str = det.scenario_id) -> str:
            return subject.key if sid == "ANOM-OFFICIAL" else subject.entity_id

        keys = truth.get(det.scenario_id, set())
        labelled = [(int(bool(keys & set(s.record_keys + [s.key]))), sc, ident(s) in tied) for s, sc in pairs]
        # Subjects of the rules' planted cases are neither normal nor planted anomalies: set aside.
        y = [lab for lab, _, aside in labelled if lab or not aside]
        s = [sc for lab, sc, aside in labelled if lab or not aside]
        n_case, tp_case = _precision(y, s, float(cfg["case_threshold"]))
        n_lead, _ = _precision(y, s, float(cfg["lead_threshold"]))
        rule_y = [int(aside) for lab, _, aside in labelled if not lab]
        rule_s = [sc for lab, sc, _ in labelled if not lab]
        out[det.scenario_id] = {
            "subjects": len(pairs), "planted": sum(y), "set_aside_rule_plants": len(pairs) - len(y),
            "case_threshold": cfg["case_threshold"], "lead_threshold": cfg["lead_threshold"],
            "cases": n_case, "planted_in_cases": tp_case,
            "precision_at_case_threshold": round(tp_case / n_case, 4) if n_case else None,
            "recall_at_case_threshold": round(tp_case / sum(y), 4) if sum(y) else None,
            "leads": n_lead, "roc_auc": _auc(y, s), "calibrated_threshold": calibrated_threshold(y, s),
            "rule_plant_cases": sum(1 for _, sc, aside in labelled if aside and sc >= cfg["case_threshold"]),
            "roc_auc_rule_plants": _auc(rule_y, rule_s),
        }
    return out


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

    driver = get_driver()
    gov = gov or (governments(driver) or [None])[0]
    planted = read_truth(data_dir / "truth" / "planted_cases.csv")
    decoys = read_truth(data_dir / "truth" / "decoys.csv")
    catalog = load_catalog()
    summary = run_batch(driver, catalog, gov=gov, user="bench", progress=progress)
    rows = score(catalog, summary, list_findings(driver, run_id=summary.run_id), planted, decoys)
    auc = anomaly_bench(driver, gov, planted, read_anomaly_truth(data_dir / "truth" / "planted_anomalies.csv")) \
        if anomalies else {}
    total = sum(r["seconds"] for r in rows)
    return {"run_id": summary.run_id, "gov": gov, "data": str(data_dir), "seconds_total": round(total, 2),
            "scenarios": rows, "anomaly_auc": auc,
            "note": "precision counts planted matches against planted + decoy matches; precision_strict counts "
                    "findings on this scenario's or another scenario's planted cases against all findings, so "
                    "findings matching neither (genuine rule matches in the background data, or errors) lower it; "
                    "anomalies: planted = subjects of truth/planted_anomalies.csv; subjects tied to a rule's planted case "
                    "are set aside (neither normal nor planted anomalies); cases = subjects at or above the case "
                    "threshold; calibrated = the lowest score at which at least half the leads are planted; "
                    "roc_auc_rule_plants ranks the set-aside subjects against the rest (what an extract without "
                    "planted anomalies, such as the held-out town, can measure)"}


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
    if report["anomaly_auc"]:
        lines.append(f"{'anomaly detector':32} {'subjects':>8} {'planted':>7} {'aside':>5} {'cases':>5} {'tp':>3} "
                     f"{'prec':>6} {'recall':>6} {'ROC AUC':>7} {'thresh':>6} {'calib':>6} {'rule-AUC':>8}")
    for sid, a in report["anomaly_auc"].items():
        def num(v: float | None, f: str = ".2f") -> str:
            return "-" if v is None else format(v, f)
        lines.append(f"{sid:32} {a['subjects']:>8} {a['planted']:>7} {a['set_aside_rule_plants']:>5} "
                     f"{a['cases']:>5} {a['planted_in_cases']:>3} {num(a['precision_at_case_threshold']):>6} "
                     f"{num(a['recall_at_case_threshold']):>6} {num(a['roc_auc'], '.3f'):>7} "
                     f"{num(a['case_threshold'], 'g'):>6} {num(a['calibrated_threshold'], 'g'):>6} "
                     f"{num(a['roc_auc_rule_plants'], '.3f'):>8}")
    return "\n".join(lines)
