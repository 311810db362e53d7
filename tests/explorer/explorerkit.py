"""A small municipality for the explorer's browser tests, written through graph.writer.GraphWriter.

Government 41110: 홍길동 (P-SUBJ, records in local_tax and welfare) got a local-tax refund paid into an
account (A-1) held by 김친척 (P-REL), the relative of the official 최주무 (P-OFF): the planted case
TAX-REFUND-OTHER-ACCOUNT. He also owns a business, pays property tax on a parcel with a building and
receives welfare (WEL_MONTHS monthly payments, enough to pass a small node cap). Government 41130 has its
own resident and an auditor who must see none of 41110.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from graph.writer import GraphWriter

GOV = "41110"
OTHER_GOV = "41130"
SCENARIO = "TAX-REFUND-OTHER-ACCOUNT"
SUBJECT_NAME = "홍길동"
OFFICIAL_NAME = "최주무"
REFUND_KEY = f"local_tax:{GOV}-TX-R1"
REFUND_AMOUNT = 3_200_000
WEL_MONTHS = 60
USERS = {  # username -> (role, governments, password)
    "auditor41110": ("auditor", [GOV], "pw-auditor-41110"),
    "auditor41130": ("auditor", [OTHER_GOV], "pw-auditor-41130"),
}


ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "explorer"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


# Label boxes of the canvas that are drawn (shown, big enough at this zoom) and cover one another.
LABEL_OVERLAPS = """() => {
  // drawn as Cytoscape's renderer decides: the zoom times the pixel ratio, rounded up to a power of two
  const cy = window.__cy, scale = 2 ** Math.ceil(Math.log2(cy.zoom() * (window.devicePixelRatio || 1)));
  const shown = cy.elements(':visible').filter(el => el.style('label') && Number(el.style('text-opacity')) > 0
    && parseFloat(el.style('font-size')) * scale >= parseFloat(el.style('min-zoomed-font-size')));
  const boxes = shown.map(el => [el.id(), el.boundingBox({includeNodes: false, includeEdges: false,
    includeLabels: true, includeOverlays: false})]).filter(([, b]) => b.w > 0 && b.h > 0);
  const pairs = [];
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) {
      const [a, b] = [boxes[i][1], boxes[j][1]];
      if (a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2) pairs.push(boxes[i][0] + ' / ' + boxes[j][0]);
    }
  return {labels: boxes.length, shownIds: boxes.map(([id]) => id), pairs};
}"""


def login(page: Any, base: str, username: str, then: str = "/explorer/graph") -> None:
    """Log in through the login page a protected page sends to, and land on that page."""
    from playwright.sync_api import expect

    page.goto(base + then)
    expect(page).to_have_url(re.compile(r"/explorer/login\?next="))
    page.fill("#username", username)
    page.fill("#password", USERS[username][2])
    page.click("#submit")
    expect(page).to_have_url(re.compile(re.escape(then) + "$"))
    expect(page.get_by_test_id("who")).to_contain_text(USERS[username][1][0])


def shot(page: Any, name: str) -> Path:
    """A screenshot kept as a test artefact."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path


def _k(system: str, key: str) -> dict[str, str]:
    return {"system": system, "source_key": key}


def build_graph(driver: Any) -> None:
    w = GraphWriter(driver)
    w.merge_nodes("Person", [
        {"entity_id": "P-SUBJ", "gov": GOV, "name": SUBJECT_NAME, "birth_date": "1970-05-01",
         "rrn_masked": "700501-1******", "sex": "M", "record_count": 2},
        {"entity_id": "P-REL", "gov": GOV, "name": "김친척", "birth_date": "1975-02-02",
         "rrn_masked": "750202-2******", "sex": "F", "record_count": 2},
        {"entity_id": "P-OFF", "gov": GOV, "name": OFFICIAL_NAME, "birth_date": "1972-09-09",
         "rrn_masked": "720909-1******", "sex": "M", "record_count": 1},
        {"entity_id": "P-OTHER", "gov": OTHER_GOV, "name": "다른사람", "birth_date": "1980-01-01",
         "rrn_masked": "800101-1******", "sex": "M", "record_count": 1},
    ])
    w.merge_nodes("Business", [{"entity_id": "B-1", "gov": GOV, "name": "주식회사 한빛", "brn": "1234567890",
                                "record_count": 1}])
    w.merge_nodes("Parcel", [{"entity_id": "L-1", "gov": GOV, "pnu": "4111010100100010000",
                              "address": "수원시 장안구 1", "record_count": 1}])
    w.merge_nodes("Building", [{"entity_id": "D-1", "gov": GOV, "building_no": "BLD-1",
                                "pnu": "4111010100100010000", "address": "수원시 장안구 1", "record_count": 1}])
    w.merge_nodes("Account", [{"entity_id": "A-1", "gov": GOV, "account_key": "004-123456-01",
                               "bank_code": "004", "record_count": 2}])

    people = [  # system, key, name, role, entity
        ("local_tax", f"{GOV}-TX-P1", SUBJECT_NAME, "taxpayer", "P-SUBJ", GOV),
        ("welfare", f"{GOV}-WE-P1", SUBJECT_NAME, "recipient", "P-SUBJ", GOV),
        ("bank", f"{GOV}-BK-P2", "김친척", "holder", "P-REL", GOV),
        ("local_hr", f"{GOV}-HR-R1", "김친척", "relative", "P-REL", GOV),
        ("local_hr", f"{GOV}-HR-O1", OFFICIAL_NAME, "official", "P-OFF", GOV),
        ("local_tax", f"{OTHER_GOV}-TX-P9", "다른사람", "taxpayer", "P-OTHER", OTHER_GOV),
    ]
    w.merge_nodes("PersonRecord", [{**_k(s, k), "gov": g, "name": n, "role": r} for s, k, n, r, _e, g in people])
    w.merge_relationships("SAME_AS", "PersonRecord", "Person", [
        {"start": _k(s, k), "end": {"entity_id": e}, "props": {"score": 0.99, "method": "em", "evidence": "name=exact;birth=exact"}}
        for s, k, _n, _r, e, _g in people])
    w.merge_nodes("AccountRecord", [
        {**_k("local_tax", f"{GOV}-TX-A1"), "gov": GOV, "account_key": "004-123456-01", "bank_code": "004"},
        {**_k("bank", f"{GOV}-BK-A1"), "gov": GOV, "account_key": "004-123456-01", "bank_code": "004"},
    ])
    w.merge_relationships("SAME_AS", "AccountRecord", "Account", [
        {"start": _k("local_tax", f"{GOV}-TX-A1"), "end": {"entity_id": "A-1"}, "props": {"score": 1.0, "method": "exact"}},
        {"start": _k("bank", f"{GOV}-BK-A1"), "end": {"entity_id": "A-1"}, "props": {"score": 1.0, "method": "exact"}}])
    w.merge_relationships("HOLDS", "PersonRecord", "AccountRecord",
                          [{"start": _k("bank", f"{GOV}-BK-P2"), "end": _k("bank", f"{GOV}-BK-A1")}])
    w.merge_relationships("RELATIVE_OF", "PersonRecord", "PersonRecord", [
        {"start": _k("local_hr", f"{GOV}-HR-R1"), "end": _k("local_hr", f"{GOV}-HR-O1"), "props": {"relation": "spouse"}}])
    w.merge_nodes("BusinessRecord", [{**_k("local_tax", f"{GOV}-TX-B1"), "gov": GOV, "name": "주식회사 한빛", "brn": "1234567890"}])
    w.merge_relationships("SAME_AS", "BusinessRecord", "Business",
                          [{"start": _k("local_tax", f"{GOV}-TX-B1"), "end": {"entity_id": "B-1"}, "props": {"score": 1.0}}])
    w.merge_relationships("OWNED_BY", "BusinessRecord", "PersonRecord",
                          [{"start": _k("local_tax", f"{GOV}-TX-B1"), "end": _k("local_tax", f"{GOV}-TX-P1")}])
    w.merge_nodes("ParcelRecord", [{**_k("real_estate", f"{GOV}-RE-L1"), "gov": GOV, "pnu": "4111010100100010000"}])
    w.merge_relationships("SAME_AS", "ParcelRecord", "Parcel",
                          [{"start": _k("real_estate", f"{GOV}-RE-L1"), "end": {"entity_id": "L-1"}, "props": {"score": 1.0}}])
    w.merge_nodes("BuildingRecord", [{**_k("construction", f"{GOV}-CO-D1"), "gov": GOV, "building_no": "BLD-1",
                                      "pnu": "4111010100100010000"}])
    w.merge_relationships("SAME_AS", "BuildingRecord", "Building",
                          [{"start": _k("construction", f"{GOV}-CO-D1"), "end": {"entity_id": "D-1"}, "props": {"score": 1.0}}])
    w.merge_relationships("ON_PARCEL", "BuildingRecord", "ParcelRecord",
                          [{"start": _k("construction", f"{GOV}-CO-D1"), "end": _k("real_estate", f"{GOV}-RE-L1")}])

    # facts
    w.merge_nodes("TaxRefund", [{**_k("local_tax", f"{GOV}-TX-R1"), "gov": GOV, "amount": REFUND_AMOUNT,
                                 "date": "2026-02-10", "reason": "overpaid property tax"}])
    w.merge_relationships("TAXPAYER", "TaxRefund", "PersonRecord",
                          [{"start": _k("local_tax", f"{GOV}-TX-R1"), "end": _k("local_tax", f"{GOV}-TX-P1")}])
    w.merge_relationships("PAYEE", "TaxRefund", "PersonRecord",
                          [{"start": _k("local_tax", f"{GOV}-TX-R1"), "end": _k("local_tax", f"{GOV}-TX-P1")}])
    w.merge_relationships("INTO_ACCOUNT", "TaxRefund", "AccountRecord",
                          [{"start": _k("local_tax", f"{GOV}-TX-R1"), "end": _k("local_tax", f"{GOV}-TX-A1")}])
    w.merge_relationships("APPROVED_BY", "TaxRefund", "PersonRecord",
                          [{"start": _k("local_tax", f"{GOV}-TX-R1"), "end": _k("local_hr", f"{GOV}-HR-O1")}])
    w.merge_nodes("TaxAssessment", [{**_k("local_tax", f"{GOV}-TX-T1"), "gov": GOV, "tax_type": "property",
                                     "rate_class": "normal", "amount": 850_000, "base_amount": 300_000_000,
                                     "date": "2025-07-10", "period": "2025"}])
    w.merge_relationships("TAXPAYER", "TaxAssessment", "PersonRecord",
                          [{"start": _k("local_tax", f"{GOV}-TX-T1"), "end": _k("local_tax", f"{GOV}-TX-P1")}])
    w.merge_relationships("ON_PARCEL", "TaxAssessment", "ParcelRecord",
                          [{"start": _k("local_tax", f"{GOV}-TX-T1"), "end": _k("real_estate", f"{GOV}-RE-L1")}])
    months = [dt.date(2024, 1, 20) + dt.timedelta(days=30 * i) for i in range(WEL_MONTHS)]
    w.merge_nodes("WelfarePayment", [{**_k("welfare", f"{GOV}-WE-W{i}"), "gov": GOV, "amount": 600_000 + i,
                                      "date": d.isoformat(), "benefit": "livelihood"} for i, d in enumerate(months)])
    w.merge_relationships("PAYEE", "WelfarePayment", "PersonRecord",
                          [{"start": _k("welfare", f"{GOV}-WE-W{i}"), "end": _k("welfare", f"{GOV}-WE-P1")}
                           for i in range(WEL_MONTHS)])
    w.merge_nodes("OrgUnit", [{**_k("local_hr", f"{GOV}-HR-UNIT-TAX"), "gov": GOV, "unit_code": "TAX",
                               "name": "세정과", "area": "local_tax"}])
    w.merge_nodes("Employment", [{**_k("local_hr", f"{GOV}-HR-EMP-O1"), "gov": GOV, "employee_no": "E010",
                                  "user_id": "e010", "email": "e010@gov.example", "date": "2015-03-01"}])
    w.merge_relationships("EMPLOYEE", "Employment", "PersonRecord",
                          [{"start": _k("local_hr", f"{GOV}-HR-EMP-O1"), "end": _k("local_hr", f"{GOV}-HR-O1")}])
    w.merge_relationships("IN_UNIT", "Employment", "OrgUnit",
                          [{"start": _k("local_hr", f"{GOV}-HR-EMP-O1"), "end": _k("local_hr", f"{GOV}-HR-UNIT-TAX")}])


ADD_FINDING = """
MERGE (r:DetectorRun {run_id: $run_id}) ON CREATE SET r.gov = $gov, r.started_at = $at, r.status = 'finished'
MERGE (f:Finding {finding_id: $finding_id}) SET f += $props
MERGE (f)-[:IN_RUN]->(r)
WITH f MATCH (x:TaxRefund {system: 'local_tax', source_key: $refund}) MERGE (f)-[:EVIDENCE]->(x)
WITH f MATCH (p:Person {entity_id: 'P-SUBJ'}) MERGE (f)-[:ABOUT]->(p)
"""


def plant_case(driver: Any) -> str:
    """The finding of the planted case, opened as a case; returns the case id."""
    from cases import open_cases_from_findings

    at = "2026-03-01T02:00:00"
    props = {"finding_id": "F-EXPLORER-1", "run_id": "run-explorer", "scenario_id": SCENARIO, "area": "local_tax",
             "severity": "high", "gov": GOV, "subject_key": f"local_tax:{GOV}-TX-P1", "subject_entity_id": "P-SUBJ",
             "subject_name": SUBJECT_NAME, "official_key": f"local_hr:{GOV}-HR-O1", "amount": REFUND_AMOUNT,
             "message": "refund paid into an account held by the spouse of the approving official",
             "evidence_keys": [REFUND_KEY], "score": 1.0, "features": "{}", "created_at": at}
    driver.execute_query(ADD_FINDING, run_id="run-explorer", gov=GOV, at=at, finding_id="F-EXPLORER-1",
                         props=props, refund=f"{GOV}-TX-R1")
    open_cases_from_findings("run-explorer", GOV, driver=driver)
    rows, _, _ = driver.execute_query("MATCH (c:Case {scenario_id: $s}) RETURN c.case_id AS id", s=SCENARIO)
    assert len(rows) == 1, rows
    return rows[0]["id"]


def add_users(driver: Any) -> None:
    from cases.users import add_user

    for name, (role, govs, password) in USERS.items():
        add_user(name, role=role, governments=govs, display_name=f"감사관 {govs[0]}", password=password, driver=driver)


BIG_PER_RECORD = 480
BIG_NAME = "대형상사"


def build_big(driver: Any) -> None:
    """A supplier (B-BIG) known by two finance records, each paid BIG_PER_RECORD times: about a thousand
    nodes around one entity, more than one neighbourhood request may return."""
    w = GraphWriter(driver)
    w.merge_nodes("Business", [{"entity_id": "B-BIG", "gov": GOV, "name": BIG_NAME, "brn": "9998887776",
                                "record_count": 2}])
    recs = [f"{GOV}-FI-BIG{i}" for i in (1, 2)]
    w.merge_nodes("BusinessRecord", [{**_k("local_finance", r), "gov": GOV, "name": BIG_NAME, "brn": "9998887776"}
                                     for r in recs])
    w.merge_relationships("SAME_AS", "BusinessRecord", "Business",
                          [{"start": _k("local_finance", r), "end": {"entity_id": "B-BIG"}, "props": {"score": 1.0}}
                           for r in recs])
    pays = [(r, f"{r}-PAY{j:04d}", dt.date(2023, 1, 1) + dt.timedelta(days=j)) for r in recs
            for j in range(BIG_PER_RECORD)]
    w.merge_nodes("Payment", [{**_k("local_finance", key), "gov": GOV, "amount": 100_000 + j % 997 * 1000,
                               "date": d.isoformat(), "budget_item": "supplies", "kind": "contract",
                               "purpose": "office supplies"} for j, (_r, key, d) in enumerate(pays)])
    w.merge_relationships("PAYEE", "Payment", "BusinessRecord",
                          [{"start": _k("local_finance", key), "end": _k("local_finance", r)} for r, key, _d in pays])


PW_SCENARIO = "HR-PAYROLL-WELFARE-ACCOUNT"
PW_PAYROLL, PW_WELFARE, PW_TRANSFERS = 12, 4, 16

ADD_PW_FINDING = """
MERGE (r:DetectorRun {run_id: $run_id}) ON CREATE SET r.gov = $gov, r.started_at = $at, r.status = 'finished'
MERGE (f:Finding {finding_id: $finding_id}) SET f += $props
MERGE (f)-[:IN_RUN]->(r)
WITH f MATCH (p:Person {entity_id: 'P-PW-OFF'}) MERGE (f)-[:ABOUT]->(p)
"""


def _pw_messages() -> dict[str, str]:
    """The finding's sentences as the scenario file says them, in English and Korean."""
    from detectors.scenario import load_catalog

    scenario = next(s for s in load_catalog() if s.id == PW_SCENARIO)
    row = {"account_key": "004-999999-01", "subject_name": "박공무", "benefits": PW_WELFARE}
    return {"message": scenario.message(row), "message_ko": scenario.message(row, "ko")}


def build_payroll_welfare_case(driver: Any) -> str:
    """The flagship story: an official's second account (A-PW) receives his salary (PW_PAYROLL payments) and a
    stranger's benefits (PW_WELFARE, approved by him), and the bank shows PW_TRANSFERS transfers into it from
    the treasury. Records, facts and entities: over 40 nodes. Returns the id of its case."""
    from cases import open_cases_from_findings

    w = GraphWriter(driver)
    w.merge_nodes("Person", [
        {"entity_id": "P-PW-OFF", "gov": GOV, "name": "박공무", "birth_date": "1978-03-03", "record_count": 2},
        {"entity_id": "P-PW-REC", "gov": GOV, "name": "이수급", "birth_date": "1950-08-08", "record_count": 1}])
    w.merge_nodes("Account", [
        {"entity_id": "A-PW", "gov": GOV, "account_key": "004-999999-01", "bank_code": "004", "record_count": 3},
        {"entity_id": "A-TREAS", "gov": GOV, "account_key": "031-000001-01", "bank_code": "031", "record_count": 1}])
    people = [("local_hr", f"{GOV}-HR-O2", "박공무", "official", "P-PW-OFF"),
              ("bank", f"{GOV}-BK-P3", "박공무", "holder", "P-PW-OFF"),
              ("welfare", f"{GOV}-WE-P2", "이수급", "recipient", "P-PW-REC")]
    w.merge_nodes("PersonRecord", [{**_k(s, k), "gov": GOV, "name": n, "role": r} for s, k, n, r, _e in people])
    w.merge_relationships("SAME_AS", "PersonRecord", "Person", [
        {"start": _k(s, k), "end": {"entity_id": e}, "props": {"score": 0.99}} for s, k, _n, _r, e in people])
    accounts = [("local_hr", f"{GOV}-HR-A2", "A-PW"), ("welfare", f"{GOV}-WE-A2", "A-PW"),
                ("bank", f"{GOV}-BK-A2", "A-PW"), ("bank", f"{GOV}-BK-AT", "A-TREAS")]
    w.merge_nodes("AccountRecord", [{**_k(s, k), "gov": GOV} for s, k, _e in accounts])
    w.merge_relationships("SAME_AS", "AccountRecord", "Account", [
        {"start": _k(s, k), "end": {"entity_id": e}, "props": {"score": 1.0}} for s, k, e in accounts])
    w.merge_relationships("HOLDS", "PersonRecord", "AccountRecord",
                          [{"start": _k("bank", f"{GOV}-BK-P3"), "end": _k("bank", f"{GOV}-BK-A2")}])
    day = [dt.date(2024, 1, 20) + dt.timedelta(days=30 * i) for i in range(PW_TRANSFERS)]
    pay = [f"{GOV}-HR-PAY{i}" for i in range(PW_PAYROLL)]
    wel = [f"{GOV}-WE-WP{i}" for i in range(PW_WELFARE)]
    trf = [f"{GOV}-BK-T{i}" for i in range(PW_TRANSFERS)]
    w.merge_nodes("PayrollPayment", [{**_k("local_hr", k), "gov": GOV, "amount": 3_100_000, "date": day[i].isoformat()}
                                     for i, k in enumerate(pay)])
    w.merge_relationships("PAYEE", "PayrollPayment", "PersonRecord",
                          [{"start": _k("local_hr", k), "end": _k("local_hr", f"{GOV}-HR-O2")} for k in pay])
    w.merge_relationships("INTO_ACCOUNT", "PayrollPayment", "AccountRecord",
                          [{"start": _k("local_hr", k), "end": _k("local_hr", f"{GOV}-HR-A2")} for k in pay])
    w.merge_nodes("WelfarePayment", [{**_k("welfare", k), "gov": GOV, "amount": 620_000, "benefit": "livelihood",
                                      "date": day[PW_PAYROLL + i].isoformat()} for i, k in enumerate(wel)])
    for rel, end in (("PAYEE", _k("welfare", f"{GOV}-WE-P2")), ("INTO_ACCOUNT", _k("welfare", f"{GOV}-WE-A2")),
                     ("APPROVED_BY", _k("local_hr", f"{GOV}-HR-O2"))):
        w.merge_relationships(rel, "WelfarePayment", "AccountRecord" if rel == "INTO_ACCOUNT" else "PersonRecord",
                              [{"start": _k("welfare", k), "end": end} for k in wel])
    w.merge_nodes("BankTransfer", [{**_k("bank", k), "gov": GOV, "amount": 3_100_000 if i < PW_PAYROLL else 620_000,
                                    "date": day[i].isoformat()} for i, k in enumerate(trf)])
    w.merge_relationships("FROM_ACCOUNT", "BankTransfer", "AccountRecord",
                          [{"start": _k("bank", k), "end": _k("bank", f"{GOV}-BK-AT")} for k in trf])
    w.merge_relationships("TO_ACCOUNT", "BankTransfer", "AccountRecord",
                          [{"start": _k("bank", k), "end": _k("bank", f"{GOV}-BK-A2")} for k in trf])
    at = "2026-03-02T02:00:00"
    keys = [f"local_hr:{k}" for k in pay] + [f"welfare:{k}" for k in wel] + [f"bank:{k}" for k in trf]
    props = {"finding_id": "F-EXPLORER-PW", "run_id": "run-explorer-pw", "scenario_id": PW_SCENARIO,
             "area": "local_hr", "severity": "critical", "gov": GOV, "subject_key": f"local_hr:{GOV}-HR-O2",
             "subject_entity_id": "P-PW-OFF", "subject_name": "박공무", "official_key": f"local_hr:{GOV}-HR-O2",
             "amount": PW_WELFARE * 620_000, **_pw_messages(),
             "evidence_keys": keys, "score": 1.0, "features": "{}", "created_at": at}
    driver.execute_query(ADD_PW_FINDING, run_id="run-explorer-pw", gov=GOV, at=at, finding_id="F-EXPLORER-PW",
                         props=props)
    open_cases_from_findings("run-explorer-pw", GOV, driver=driver)
    rows, _, _ = driver.execute_query("MATCH (c:Case {scenario_id: $s}) RETURN c.case_id AS id", s=PW_SCENARIO)
    assert len(rows) == 1, rows
    return rows[0]["id"]
