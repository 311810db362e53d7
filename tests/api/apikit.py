"""Test kit of the API: a small two-government graph, users and tokens, a server on a free port, a client.

Government 41110:
    P-1 김철수 (resident number 800101-1234567)  <-SAME_AS- local_tax:41110-TX-P1 <-TAXPAYER- TaxAssessment A1
                                                                              <-PAYEE-    TaxRefund R1 -INTO_ACCOUNT->
    local_tax:41110-TX-AC1 -SAME_AS-> A-1 (004-1234567890) <-SAME_AS- bank:41110-BK-AC1 <-HOLDS- bank:41110-BK-P2
    -SAME_AS-> P-2 이영희;   B-1 한빛상사 (brn 1234567891);  L-1 parcel 4111010100100010000
Government 41130: P-9 김철민 with one record.
Cases: C-41110-1 (official o1), C-41110-2 (official o2, supervised by the head), C-41130-1.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import testkit

from cases.users import add_user, issue_token
from graph.writer import GraphWriter
from loaders.types import kind

REPO = Path(__file__).resolve().parents[2]
RRN = "800101-1234567"
PASSWORD = "correct horse battery"


def rk(system: str, key: str) -> dict[str, str]:
    return {"system": system, "source_key": key}


def build_graph(driver: Any) -> None:
    w = GraphWriter(driver)
    rrn = kind("rrn").clean(RRN)
    w.merge_nodes("Person", [
        {"entity_id": "P-1", "gov": "41110", "name": "김철수", "rrn_masked": rrn["masked"], "birth_date": "1980-01-01",
         "record_count": 1},
        {"entity_id": "P-2", "gov": "41110", "name": "이영희", "record_count": 1},
        {"entity_id": "P-9", "gov": "41130", "name": "김철민", "record_count": 1},
    ])
    w.merge_nodes("Business", [{"entity_id": "B-1", "gov": "41110", "name": "한빛상사", "brn": "1234567891"}])
    w.merge_nodes("Parcel", [{"entity_id": "L-1", "gov": "41110", "pnu": "4111010100100010000", "address": "수원시 1"}])
    w.merge_nodes("Account", [{"entity_id": "A-1", "gov": "41110", "account_key": "004-1234567890", "bank_code": "004"}])
    w.merge_nodes("PersonRecord", [
        {**rk("local_tax", "41110-TX-P1"), "gov": "41110", "name": "김철수", "rrn_hash": rrn["hash"],
         "rrn_masked": rrn["masked"], "role": "taxpayer", "phone": "010-1111-2222"},
        {**rk("bank", "41110-BK-P2"), "gov": "41110", "name": "이영희", "role": "holder"},
        {**rk("local_tax", "41130-TX-P9"), "gov": "41130", "name": "김철민", "role": "taxpayer"},
    ])
    w.merge_nodes("BusinessRecord", [{**rk("saeol", "41110-SE-B1"), "gov": "41110", "name": "한빛상사",
                                      "brn": "1234567891"}])
    w.merge_nodes("ParcelRecord", [{**rk("real_estate", "41110-RE-L1"), "gov": "41110",
                                    "pnu": "4111010100100010000"}])
    w.merge_nodes("AccountRecord", [
        {**rk("local_tax", "41110-TX-AC1"), "gov": "41110", "bank_code": "004", "account_no": "1234567890",
         "account_key": "004-1234567890"},
        {**rk("bank", "41110-BK-AC1"), "gov": "41110", "bank_code": "004", "account_no": "1234567890",
         "account_key": "004-1234567890"},
    ])
    w.merge_nodes("TaxAssessment", [
        {**rk("local_tax", "41110-TX-A1"), "gov": "41110", "tax_type": "acquisition", "amount": 3_000_000_000,
         "date": "2024-03-01"},
        {**rk("local_tax", "41110-TX-A2"), "gov": "41110", "tax_type": "property", "amount": 120_000,
         "date": "2021-07-01"},
    ])
    w.merge_nodes("TaxRefund", [{**rk("local_tax", "41110-TX-R1"), "gov": "41110", "amount": 500_000,
                                 "date": "2024-05-02"}])
    same = [("PersonRecord", "local_tax", "41110-TX-P1", "Person", "P-1"),
            ("PersonRecord", "bank", "41110-BK-P2", "Person", "P-2"),
            ("PersonRecord", "local_tax", "41130-TX-P9", "Person", "P-9"),
            ("BusinessRecord", "saeol", "41110-SE-B1", "Business", "B-1"),
            ("ParcelRecord", "real_estate", "41110-RE-L1", "Parcel", "L-1"),
            ("AccountRecord", "local_tax", "41110-TX-AC1", "Account", "A-1"),
            ("AccountRecord", "bank", "41110-BK-AC1", "Account", "A-1")]
    for start_label, system, key, end_label, eid in same:
        w.merge_relationships("SAME_AS", start_label, end_label, [
            {"start": rk(system, key), "end": {"entity_id": eid},
             "props": {"score": 0.97, "method": "em", "evidence": "rrn_hash=exact; name=exact", "run_id": "link-1"}}])
    w.merge_relationships("TAXPAYER", "TaxAssessment", "PersonRecord", [
        {"start": rk("local_tax", "41110-TX-A1"), "end": rk("local_tax", "41110-TX-P1")},
        {"start": rk("local_tax", "41110-TX-A2"), "end": rk("local_tax", "41110-TX-P1")}])
    w.merge_relationships("PAYEE", "TaxRefund", "PersonRecord", [
        {"start": rk("local_tax", "41110-TX-R1"), "end": rk("local_tax", "41110-TX-P1")}])
    w.merge_relationships("INTO_ACCOUNT", "TaxRefund", "AccountRecord", [
        {"start": rk("local_tax", "41110-TX-R1"), "end": rk("local_tax", "41110-TX-AC1")}])
    w.merge_relationships("HOLDS", "PersonRecord", "AccountRecord", [
        {"start": rk("bank", "41110-BK-P2"), "end": rk("bank", "41110-BK-AC1")}])


def case_row(case_id: str, gov: str, official: str, **extra: Any) -> dict[str, Any]:
    return {
        "case_id": case_id, "gov": gov, "scenario_id": "TAX-REFUND-OTHER-ACCOUNT", "area": "local_tax",
        "severity": "high", "status": "open", "subject_key": "local_tax:41110-TX-P1", "subject_entity_id": "P-1",
        "subject_name": "김철수", "message": "refund into another person's account", "amount": 500_000,
        "evidence_keys": ["local_tax:41110-TX-R1", "bank:41110-BK-AC1"], "finding_ids": ["F-1"],
        "first_detected_at": "2026-03-01T02:00:00", "opened_at": extra.pop("opened_at", "2026-03-01T02:00:00"),
        "official_key": f"local_hr:{gov}-HR-{official}", "official_username": official, "official_name": official,
        "supervisor_key": f"local_hr:{gov}-HR-HEAD", "supervisor_name": "head", "event_count": 0, "version": 0,
        **extra,
    }


def build_cases(driver: Any) -> None:
    GraphWriter(driver).merge_nodes("Case", [
        case_row("C-41110-1", "41110", "o1", opened_at="2026-03-01T02:00:00"),
        case_row("C-41110-2", "41110", "o2", opened_at="2026-03-05T02:00:00", scenario_id="HR-PAY-AFTER-RETIREMENT",
                 area="local_hr"),
        case_row("C-41130-1", "41130", "o9", opened_at="2026-03-03T02:00:00"),
    ])
    for i in range(3, 8):  # more cases for paging
        GraphWriter(driver).merge_nodes("Case", [case_row(f"C-41110-{i}", "41110", "o3",
                                                          opened_at=f"2026-02-0{i}T02:00:00")])
    GraphWriter(driver).merge_nodes("PersonRecord", [
        {**rk("local_hr", "41110-HR-HEAD"), "gov": "41110", "name": "head", "role": "official"}])


@dataclass(frozen=True)
class Tokens:
    auditor: str
    other_auditor: str
    ministry: str
    official: str
    supervisor: str
    admin: str


def build_users(driver: Any) -> Tokens:
    add_user("aud", role="auditor", governments=["41110"], password=PASSWORD, driver=driver)
    add_user("aud9", role="auditor", governments=["41130"], driver=driver)
    add_user("min", role="ministry", driver=driver)
    add_user("o1", role="official", governments=["41110"], driver=driver)
    add_user("head", role="supervisor", governments=["41110"], driver=driver)
    add_user("root", role="admin", driver=driver)
    driver.execute_query("MATCH (u:User {username: 'head'}), (p:PersonRecord {source_key: '41110-HR-HEAD'}) "
                         "MERGE (u)-[:USER_OF]->(p)")
    return Tokens(*(issue_token(name, driver=driver) for name in ("aud", "aud9", "min", "o1", "head", "root")))


def free_port() -> int:
    return testkit.free_port(18100, 18199)


class Server:
    """`chungbaek serve` with two workers (the production path) in a subprocess, with this process's settings."""

    def __init__(self, workers: int = 2, env: dict[str, str] | None = None) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        # The server's log goes to a file: a pipe nobody reads would fill up and stop the server.
        self.log = tempfile.NamedTemporaryFile(prefix="chungbaek-api-", suffix=".log", delete=False)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "chungbaek", "serve", "--host", "127.0.0.1", "--port", str(self.port),
             "--workers", str(workers)],
            cwd=REPO, env={**os.environ, **(env or {})}, stdout=self.log, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the API server exited: {Path(self.log.name).read_text()[-2000:]}")
            try:
                if httpx.get(self.url + "/healthz", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.1)
        raise RuntimeError("the API server did not answer within 30 s")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


@dataclass
class Client:
    url: str
    token: str | None = None

    def post(self, query: str, variables: dict[str, Any] | None = None, token: str | None = None) -> httpx.Response:
        headers = {}
        tok = token if token is not None else self.token
        if tok:
            headers["Authorization"] = f"Bearer {tok}"
        return httpx.post(self.url + "/graphql", json={"query": query, "variables": variables or {}},
                          headers=headers, timeout=30)

    def gql(self, query: str, variables: dict[str, Any] | None = None, token: str | None = None) -> dict[str, Any]:
        response = self.post(query, variables, token)
        assert response.status_code in (200, 400), response.text
        return response.json()

    def data(self, query: str, variables: dict[str, Any] | None = None, token: str | None = None) -> dict[str, Any]:
        body = self.gql(query, variables, token)
        assert not body.get("errors"), body
        return body["data"]


def codes(body: dict[str, Any]) -> list[str]:
    return [e.get("extensions", {}).get("code") for e in body.get("errors") or []]


def eventually(check: Any, timeout: float = 5.0) -> Any:
    """`check()` once it is truthy, or its last value after `timeout` s: read audits reach Neo4j through a
    buffer flushed every 0.25 s, and each server worker caches a token for a few seconds."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(0.05)
