"""Payment reconciliation: approved payments (payroll, welfare, tax refunds, finance payments) against
the bank's transfers.

A transfer is matched to a payment by its reference (the paying system's source key, with or without a
`system:` prefix) or, without one, by account + amount within a date window (nearest date wins, each
payment used once). Every match becomes `(:BankTransfer)-[:RECONCILES {score}]->(payment)`. What does not
add up becomes a `ReconciliationIssue` fact (system `linkage`):
- `other_account`: the referenced payment was approved into another account than the transfer reached;
- `other_amount`: the transfer's amount differs from the approved amount;
- `unmatched_transfer`: no payment explains the transfer;
- `unpaid`: an approved payment no transfer paid (only within the period the bank feed covers).
Issues point at the payment with RECONCILES and at the transfer and the receiving account with CONCERNS.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import asdict, dataclass
from typing import Any

from neo4j import Driver

from core.connection import get_driver
from graph.read import read
from graph.writer import GraphWriter

PAYMENT_LABELS = ("PayrollPayment", "WelfarePayment", "TaxRefund", "Payment")
READ_PAYMENTS = """
MATCH (p:Fact) WHERE any(l IN labels(p) WHERE l IN $labels) AND ($gov IS NULL OR p.gov = $gov)
OPTIONAL MATCH (p)-[:INTO_ACCOUNT]->(a:AccountRecord)
RETURN [l IN labels(p) WHERE l IN $labels][0] AS label, p.system AS system, p.source_key AS source_key,
       p.amount AS amount, toString(p.date) AS date, p.gov AS gov,
       head(collect(a.account_key)) AS account_key
"""
READ_TRANSFERS = """
MATCH (t:BankTransfer) WHERE $gov IS NULL OR t.gov = $gov
OPTIONAL MATCH (t)-[:TO_ACCOUNT]->(a:AccountRecord)
RETURN t.system AS system, t.source_key AS source_key, t.amount AS amount, toString(t.date) AS date,
       t.reference AS reference, t.gov AS gov, head(collect(a.account_key)) AS account_key,
       head(collect(a.system)) AS account_system, head(collect(a.source_key)) AS account_source_key
"""
CLEAR = """
MATCH (i:ReconciliationIssue) WHERE $gov IS NULL OR i.gov = $gov DETACH DELETE i
"""
CLEAR_MATCHES = """
MATCH (t:BankTransfer)-[r:RECONCILES]->() WHERE $gov IS NULL OR t.gov = $gov DELETE r
"""


@dataclass
class ReconcileReport:
    payments: int = 0
    transfers: int = 0
    matched_by_reference: int = 0
    matched_by_account_amount: int = 0
    other_account: int = 0
    other_amount: int = 0
    unmatched_transfer: int = 0
    unpaid: int = 0

    def to_dict(self) -> dict[str, int]:
        return asdict(self)


def _days(a: str | None, b: str | None) -> int | None:
    if not a or not b:
        return None
    return abs((dt.date.fromisoformat(a[:10]) - dt.date.fromisoformat(b[:10])).days)


def reconcile_rows(payments: list[dict[str, Any]], transfers: list[dict[str, Any]], *,
                   window_days: int = 5) -> tuple[list[tuple[dict, dict, float, str]], list[dict[str, Any]],
                                                  ReconcileReport]:
    """Pure matching: (transfer, payment, score, how) matches and issue rows (without graph keys)."""
    report = ReconcileReport(payments=len(payments), transfers=len(transfers))
    by_key: dict[str, dict] = {}
    for p in payments:
        by_key[p["source_key"]] = p
        by_key[f"{p['system']}:{p['source_key']}"] = p
    used: set[str] = set()
    matches: list[tuple[dict, dict, float, str]] = []
    issues: list[dict[str, Any]] = []
    rest = []
    for t in sorted(transfers, key=lambda x: x["source_key"]):
        ref = (t.get("reference") or "").strip()
        p = by_key.get(ref)
        if p is None or p["source_key"] in used:
            rest.append(t)
            continue
        used.add(p["source_key"])
        matches.append((t, p, 1.0, "reference"))
        report.matched_by_reference += 1
    pool: dict[tuple[str, int], list[dict]] = defaultdict(list)
    for p in payments:
        if p["source_key"] not in used and p.get("account_key") and p.get("amount") is not None:
            pool[(p["account_key"], int(p["amount"]))].append(p)
    for t in rest:
        candidates = [p for p in pool.get((t.get("account_key") or "", int(t.get("amount") or 0)), [])
                      if p["source_key"] not in used and (_days(p["date"], t["date"]) or 0) <= window_days]
        if not candidates:
            issues.append({"issue": "unmatched_transfer", "transfer": t, "payment": None, "amount": t.get("amount"),
                           "expected_amount": None, "date": t.get("date"),
                           "detail": f"no approved payment explains this transfer to {t.get('account_key')}"})
            report.unmatched_transfer += 1
            continue
        best = min(candidates, key=lambda p: (_days(p["date"], t["date"]) or 0, p["source_key"]))
        used.add(best["source_key"])
        gap = _days(best["date"], t["date"]) or 0
        matches.append((t, best, round(0.95 - 0.05 * gap, 3), "account_amount"))
        report.matched_by_account_amount += 1
    for t, p, _, _ in matches:
        if p.get("account_key") and t.get("account_key") and p["account_key"] != t["account_key"]:
            issues.append({"issue": "other_account", "transfer": t, "payment": p, "amount": t.get("amount"),
                           "expected_amount": p.get("amount"), "date": t.get("date"),
                           "detail": f"approved into {p['account_key']}, paid into {t['account_key']}"})
            report.other_account += 1
        if p.get("amount") is not None and t.get("amount") is not None and int(p["amount"]) != int(t["amount"]):
            issues.append({"issue": "other_amount", "transfer": t, "payment": p, "amount": t.get("amount"),
                           "expected_amount": p.get("amount"), "date": t.get("date"),
                           "detail": f"approved {int(p['amount']):,} KRW, transferred {int(t['amount']):,} KRW"})
            report.other_amount += 1
    dates = [t["date"] for t in transfers if t.get("date")]
    if dates:
        first, last = min(dates), max(dates)
        for p in sorted(payments, key=lambda x: x["source_key"]):
            if p["source_key"] in used or not p.get("date") or not first <= p["date"] <= last:
                continue
            issues.append({"issue": "unpaid", "transfer": None, "payment": p, "amount": None,
                           "expected_amount": p.get("amount"), "date": p.get("date"),
                           "detail": f"no transfer paid this {p['label']} within {window_days} days"})
            report.unpaid += 1
    return matches, issues, report


def _issue_key(gov: str, issue: dict[str, Any]) -> str:
    anchor = "|".join(f"{x['system']}:{x['source_key']}" for x in (issue["transfer"], issue["payment"]) if x)
    digest = hashlib.sha1(f"{issue['issue']}|{anchor}".encode()).hexdigest()[:12].upper()
    return f"{gov}-RI-{digest}"


def reconcile(gov: str | None = None, *, window_days: int = 5, driver: Driver | None = None) -> ReconcileReport:
    """Reconcile payments with bank transfers in the graph and write matches and issues (idempotent:
    the previous run's issues and matches for the government are replaced)."""
    driver = driver or get_driver()
    payments = read(READ_PAYMENTS, driver, labels=list(PAYMENT_LABELS), gov=gov)
    transfers = read(READ_TRANSFERS, driver, gov=gov)
    matches, issues, report = reconcile_rows(payments, transfers, window_days=window_days)
    with driver.session() as session:
        session.execute_write(lambda tx: tx.run(CLEAR, gov=gov).consume())
        session.execute_write(lambda tx: tx.run(CLEAR_MATCHES, gov=gov).consume())
    writer = GraphWriter(driver, concurrency=1)  # issues share payment and account nodes
    by_label: dict[str, list[dict]] = defaultdict(list)
    for t, p, score, _how in matches:
        by_label[p["label"]].append({"start": {"system": t["system"], "source_key": t["source_key"]},
                                     "end": {"system": p["system"], "source_key": p["source_key"]},
                                     "props": {"score": float(score)}})
    for label, rows in by_label.items():
        writer.merge_relationships("RECONCILES", "BankTransfer", label, rows)
    nodes, to_payment, to_transfer, to_account = [], defaultdict(list), [], []
    for issue in issues:
        anchor = issue["transfer"] or issue["payment"]
        key = _issue_key(anchor.get("gov") or gov or "", issue)
        node = {"system": "linkage", "source_key": key, "gov": anchor.get("gov") or gov, "issue": issue["issue"],
                "date": dt.date.fromisoformat(issue["date"][:10]) if issue.get("date") else None,
                "detail": issue["detail"]}
        if issue["amount"] is not None:
            node["amount"] = int(issue["amount"])
        if issue["expected_amount"] is not None:
            node["expected_amount"] = int(issue["expected_amount"])
        nodes.append({k: v for k, v in node.items() if v is not None})
        me = {"system": "linkage", "source_key": key}
        if issue["payment"]:
            p = issue["payment"]
            to_payment[p["label"]].append({"start": me, "end": {"system": p["system"], "source_key": p["source_key"]},
                                           "props": {"score": 1.0}})
        if issue["transfer"]:
            t = issue["transfer"]
            to_transfer.append({"start": me, "end": {"system": t["system"], "source_key": t["source_key"]}})
            if t.get("account_source_key"):
                to_account.append({"start": me, "end": {"system": t["account_system"],
                                                        "source_key": t["account_source_key"]}})
    writer.merge_nodes("ReconciliationIssue", nodes)
    for label, rows in to_payment.items():
        writer.merge_relationships("RECONCILES", "ReconciliationIssue", label, rows)
    writer.merge_relationships("CONCERNS", "ReconciliationIssue", "BankTransfer", to_transfer)
    writer.merge_relationships("CONCERNS", "ReconciliationIssue", "AccountRecord", to_account)
    return report
