"""Payment reconciliation against bank transfers in the real Neo4j."""

from __future__ import annotations

import pytest

from graph.read import read
from graph.writer import GraphWriter
from linkage import reconcile
from linkage.reconcile import reconcile_rows

pytestmark = pytest.mark.neo4j

GOV = "41110"


def _account(system: str, key: str) -> dict:
    return {"system": system, "source_key": f"{GOV}-AC-{key}", "gov": GOV, "account_key": key,
            "bank_code": key[:3], "account_no": key[4:]}


def _setup(db):
    w = GraphWriter(db, concurrency=1)
    w.merge_nodes("AccountRecord", [_account("welfare", "004-1111111111"), _account("local_hr", "004-2222222222"),
                                    _account("bank", "004-1111111111"), _account("bank", "004-2222222222"),
                                    _account("bank", "088-9999999999"), _account("bank", "003-0000000001")])
    w.merge_nodes("WelfarePayment", [
        {"system": "welfare", "source_key": "WP-1", "gov": GOV, "amount": 500000, "date": "2024-03-20"},  # ok by ref
        {"system": "welfare", "source_key": "WP-2", "gov": GOV, "amount": 500000, "date": "2024-03-20"},  # other acct
        {"system": "welfare", "source_key": "WP-3", "gov": GOV, "amount": 300000, "date": "2024-03-21"},  # no ref
        {"system": "welfare", "source_key": "WP-4", "gov": GOV, "amount": 700000, "date": "2024-03-22"},  # unpaid
    ])
    w.merge_nodes("PayrollPayment", [
        {"system": "local_hr", "source_key": "PP-1", "gov": GOV, "amount": 3000000, "date": "2024-03-25"}])
    into = [("WelfarePayment", "welfare", f"WP-{n}", "004-1111111111") for n in (1, 2, 3, 4)]
    into.append(("PayrollPayment", "local_hr", "PP-1", "004-2222222222"))
    for label, system, key, acct in into:
        w.merge_relationships("INTO_ACCOUNT", label, "AccountRecord", [
            {"start": {"system": system, "source_key": key}, "end": {"system": system,
                                                                      "source_key": f"{GOV}-AC-{acct}"}}])
    transfers = [
        ("T-1", 500000, "2024-03-20", "welfare:WP-1", "004-1111111111"),
        ("T-2", 500000, "2024-03-20", "WP-2", "088-9999999999"),       # went to another account
        ("T-3", 300000, "2024-03-23", "", "004-1111111111"),           # no reference: account + amount
        ("T-4", 2900000, "2024-03-25", "local_hr:PP-1", "004-2222222222"),  # another amount
        ("T-5", 123000, "2024-03-26", "", "003-0000000001"),            # nothing explains it
    ]
    w.merge_nodes("BankTransfer", [{"system": "bank", "source_key": k, "gov": GOV, "amount": a, "date": d,
                                    "reference": r} for k, a, d, r, _ in transfers])
    for k, _, _, _, acct in transfers:
        w.merge_relationships("TO_ACCOUNT", "BankTransfer", "AccountRecord", [
            {"start": {"system": "bank", "source_key": k}, "end": {"system": "bank", "source_key": f"{GOV}-AC-{acct}"}}])


def test_reconciliation_issues_and_matches(db):
    _setup(db)
    report = reconcile(GOV, driver=db)
    assert report.matched_by_reference == 3 and report.matched_by_account_amount == 1
    issues = read("MATCH (i:ReconciliationIssue) OPTIONAL MATCH (i)-[:RECONCILES]->(p) "
                  "OPTIONAL MATCH (i)-[:CONCERNS]->(t:BankTransfer) OPTIONAL MATCH (i)-[:CONCERNS]->(a:AccountRecord) "
                  "RETURN i.issue AS issue, p.source_key AS payment, t.source_key AS transfer, "
                  "a.account_key AS account, i.amount AS amount, i.expected_amount AS expected", db)
    got = sorted((r["issue"], r["payment"], r["transfer"]) for r in issues)
    assert got == [("other_account", "WP-2", "T-2"), ("other_amount", "PP-1", "T-4"),
                   ("unmatched_transfer", None, "T-5"), ("unpaid", "WP-4", None)]
    other = next(r for r in issues if r["issue"] == "other_account")
    assert other["account"] == "088-9999999999"
    amount = next(r for r in issues if r["issue"] == "other_amount")
    assert (amount["amount"], amount["expected"]) == (2900000, 3000000)
    matched = read("MATCH (t:BankTransfer)-[r:RECONCILES]->(p) RETURN t.source_key AS t, p.source_key AS p, "
                   "r.score AS s ORDER BY t", db)
    assert [(r["t"], r["p"]) for r in matched] == [("T-1", "WP-1"), ("T-2", "WP-2"), ("T-3", "WP-3"),
                                                   ("T-4", "PP-1")]
    assert matched[2]["s"] < 1.0  # matched without a reference
    # Idempotent: a second run replaces, never duplicates.
    reconcile(GOV, driver=db)
    assert read("MATCH (i:ReconciliationIssue) RETURN count(i) AS c", db)[0]["c"] == 4


def test_account_amount_matching_respects_the_date_window():
    payments = [{"label": "Payment", "system": "local_finance", "source_key": "PM-1", "amount": 10,
                 "date": "2024-01-01", "account_key": "004-1", "gov": GOV}]
    transfers = [{"system": "bank", "source_key": "T-9", "amount": 10, "date": "2024-01-20", "reference": "",
                  "account_key": "004-1", "gov": GOV}]
    matches, issues, _ = reconcile_rows(payments, transfers, window_days=5)
    assert not matches
    assert sorted(i["issue"] for i in issues) == ["unmatched_transfer"]
