"""The features of each anomaly detector, read from the graph: what an auditor can check in the source
systems (money in from several systems, payees per account, approvals into accounts that collect the money
of several people, off-hours logins, contracts split under the private-contract limit). Never a property
of the graph's shape (component size, degree), which says nothing about the subject."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from neo4j import Driver

from core.connection import execute


@dataclass
class Subject:
    key: str                       # system:source_key of the subject's main record
    name: str | None
    entity_id: str | None
    values: dict[str, float] = field(default_factory=dict)
    record_keys: list[str] = field(default_factory=list)  # every record of the entity (to match truth keys)


ACCOUNTS = """
MATCH (a:Account)<-[:SAME_AS]-(r:AccountRecord {gov: $gov})
WITH a, collect(r.system + ':' + r.source_key) AS keys, collect(r) AS recs
UNWIND recs AS ar
MATCH (ar)<-[:INTO_ACCOUNT]-(f)
OPTIONAL MATCH (f)-[:PAYEE]->(pr)
OPTIONAL MATCH (pr)-[:SAME_AS]->(pe:Entity)
WITH a, keys, f, coalesce(pe.entity_id, pr.system + ':' + pr.source_key) AS payee
RETURN a.entity_id AS entity_id, a.account_key AS name, keys,
       count(DISTINCT f.system) AS paying_systems, count(DISTINCT payee) AS payees
"""

OFFICIALS = """
MATCH (o:PersonRecord {gov: $gov, system: 'local_hr', role: 'official'})
OPTIONAL MATCH (o)-[:SAME_AS]->(e:Person)
OPTIONAL MATCH (e)<-[:SAME_AS]-(other:PersonRecord)
WITH o, e, collect(DISTINCT other.system + ':' + other.source_key) AS keys
OPTIONAL MATCH (o)<-[:BY_USER]-(l:Login)
WITH o, e, keys, [x IN collect(l.at) WHERE x IS NOT NULL | localdatetime(x).hour] AS hours
RETURN o.system + ':' + o.source_key AS key, o.name AS name, e.entity_id AS entity_id, keys,
       size([h IN hours WHERE h >= $off_from OR h < $off_to]) AS off_hours_logins
"""

APPROVALS = """
MATCH (o:PersonRecord {gov: $gov, system: 'local_hr', role: 'official'})<-[:APPROVED_BY]-(f)
      -[:INTO_ACCOUNT]->(:AccountRecord)-[:SAME_AS]->(a:Account)
RETURN o.system + ':' + o.source_key AS key, a.entity_id AS account, count(DISTINCT f) AS n
"""

VENDORS = """
MATCH (b:Business)<-[:SAME_AS]-(r:BusinessRecord {gov: $gov})<-[:CONTRACTOR]-(c:Contract)
WITH b, collect(DISTINCT c) AS contracts
MATCH (b)<-[:SAME_AS]-(any:BusinessRecord)
WITH b, contracts, collect(any.system + ':' + any.source_key) AS keys
UNWIND contracts AS c
OPTIONAL MATCH (c)-[:APPROVED_BY]->(o:PersonRecord)
RETURN b.entity_id AS entity_id, b.name AS name, keys, c.amount AS amount, c.method AS method,
       o.system + ':' + coalesce(o.source_key, '') AS approver
"""


def _main_key(keys: list[str]) -> str:
    """The bank's record when there is one, else the first key in order: the same key on every run."""
    ordered = sorted(keys)
    return next((k for k in ordered if k.startswith("bank:")), ordered[0])


def account_subjects(driver: Driver, gov: str, cfg: dict[str, Any]) -> list[Subject]:
    rows, _, _ = execute(driver, ACCOUNTS, gov=gov)
    return [Subject(_main_key(r["keys"]), r["name"], r["entity_id"],
                    {"paying_systems": r["paying_systems"], "payees": r["payees"]}, list(r["keys"]))
            for r in rows if r["keys"]]


def collecting_accounts(driver: Driver, gov: str, min_payees: int) -> set[str]:
    return {s.entity_id for s in account_subjects(driver, gov, {}) if s.values["payees"] >= min_payees
            and s.entity_id}


def official_subjects(driver: Driver, gov: str, cfg: dict[str, Any]) -> list[Subject]:
    hours = cfg.get("off_hours", {"from": 20, "to": 7})
    rows, _, _ = execute(driver, OFFICIALS, gov=gov, off_from=int(hours["from"]), off_to=int(hours["to"]))
    collecting = collecting_accounts(driver, gov, int(cfg.get("collecting_payees", 3)))
    approvals: Counter[str] = Counter()
    for r in execute(driver, APPROVALS, gov=gov)[0]:
        if r["account"] in collecting:
            approvals[r["key"]] += r["n"]
    return [Subject(r["key"], r["name"], r["entity_id"],
                    {"approvals_into_collecting_accounts": approvals[r["key"]],
                     "off_hours_logins": r["off_hours_logins"]},
                    sorted(set(r["keys"]) | {r["key"]}))
            for r in rows]


def vendor_subjects(driver: Driver, gov: str, cfg: dict[str, Any]) -> list[Subject]:
    limit = float(cfg.get("private_contract_limit", 20_000_000))
    low = limit * (1 - float(cfg.get("below_limit_band", 0.1)))
    rows, _, _ = execute(driver, VENDORS, gov=gov)
    by: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        by[r["entity_id"]].append(r.data())
    out = []
    for entity_id, contracts in by.items():
        approvers = Counter(c["approver"] for c in contracts if c["approver"] and not c["approver"].endswith(":"))
        out.append(Subject(_main_key(contracts[0]["keys"]), contracts[0]["name"], entity_id, {
            "contracts_just_below_limit": sum(1 for c in contracts if c["amount"] is not None
                                              and low <= c["amount"] <= limit),
            "contracts_by_one_official": max(approvers.values(), default=0),
            "private_contracts": sum(1 for c in contracts if c["method"] == "private"),
        }, list(contracts[0]["keys"])))
    return out


SUBJECTS: dict[str, Callable[[Driver, str, dict[str, Any]], list[Subject]]] = {
    "ANOM-ACCOUNT": account_subjects,
    "ANOM-OFFICIAL": official_subjects,
    "ANOM-BUSINESS": vendor_subjects,
}
