"""Anomaly detectors on a real Neo4j: a normal population yields no lead and no case, a planted anomaly
yields a readable lead whose sentence carries the population's typical value, a lead below the case
threshold raises the priority of its entity's rule cases, and a broken settings file is refused."""

from __future__ import annotations

import json

import pytest

from cases.opening import open_cases_from_findings
from detectors.anomaly.scoring import AnomalySettingsError, load_settings
from detectors.api import list_findings, run_detectors
from detectors.store import store_findings
from graph.writer import GraphWriter
from tests.detectors.graphs import G, at, d

GOV = "81003"


def _resident(g: G, i: int, official, refund: bool = False):
    """A resident paid a benefit (and maybe a refund) into their own account."""
    person = g.entity("Person", name=f"주민{i}")
    rec = g.person("welfare", "recipient", person, name=f"주민{i}")
    account = g.entity("Account", account_key=f"088-{i}")
    acc = g.account("welfare", account, no=str(i))
    for month in (1, 2, 3):
        wp = g.node("WelfarePayment", "welfare", amount=620_000, date=d(f"2024-0{month}-20"), benefit="livelihood")
        g.rel("PAYEE", wp, rec)
        g.rel("INTO_ACCOUNT", wp, acc)
        g.rel("APPROVED_BY", wp, official)
    if refund:
        tp = g.person("local_tax", "taxpayer", person, name=f"주민{i}")
        r = g.node("TaxRefund", "local_tax", amount=120_000, date=d("2024-05-02"), reason="과오납")
        g.rel("PAYEE", r, tp)
        g.rel("TAXPAYER", r, tp)
        g.rel("INTO_ACCOUNT", r, g.account("local_tax", account, no=str(i)))
    return person, account


def _vendor(g: G, i: int, officials, amounts: list[int], method: str = "open"):
    biz = g.entity("Business", name=f"업체{i}")
    rec = g.node("BusinessRecord", "local_finance", name=f"업체{i}")
    g.same(rec, biz)
    for j, amount in enumerate(amounts):
        c = g.node("Contract", "local_finance", amount=amount, date=d("2024-03-04"), title=f"공사 {i}-{j}",
                   method=method)
        g.rel("CONTRACTOR", c, rec)
        g.rel("APPROVED_BY", c, officials[(i + j) % len(officials)])
    return biz


def _normal_town(g: G) -> dict:
    officials = [g.official("welfare") for _ in range(6)] + [g.official("local_finance") for _ in range(4)]
    for i, off in enumerate(officials[:6]):
        g.rel("BY_USER", g.node("Login", "local_finance", at=at(f"2024-03-0{i + 1}T08:4{i}:00"),
                                date=d(f"2024-03-0{i + 1}"), user_id=f"u{i}", pc_id=f"PC{i}"), off)
    for i in range(40):
        _resident(g, i, officials[i % 6], refund=i % 5 == 0)
    for i in range(12):
        _vendor(g, i, officials[6:], [35_000_000 + 1_000_000 * i, 90_000_000 + 3_000_000 * i][: 1 + i % 2])
    g.today()
    return {"officials": officials}


def _anomaly_findings(db, run_id: str) -> list[dict]:
    return [f for f in list_findings(run_id=run_id, driver=db) if f["scenario_id"].startswith("ANOM-")]


def _leads(db) -> list[dict]:
    rows, _, _ = db.execute_query("MATCH (l:AnomalyLead) OPTIONAL MATCH (l)-[:LEAD_ON]->(e:Entity) "
                                  "RETURN l {.*} AS l, e.entity_id AS entity ORDER BY l.score DESC")
    return [{**r["l"], "entity": r["entity"]} for r in rows]


def test_a_normal_population_yields_no_lead_and_no_case(db):
    g = G(GOV)
    _normal_town(g)
    g.write(GraphWriter(db, concurrency=1))
    summary = run_detectors(["CARD-HOLIDAY"], gov=GOV, anomalies=True, driver=db)
    assert {r.scenario_id: r.status for r in summary.results if r.scenario_id.startswith("ANOM-")} == {
        "ANOM-ACCOUNT": "ok", "ANOM-OFFICIAL": "ok", "ANOM-BUSINESS": "ok"}
    assert _anomaly_findings(db, summary.run_id) == []
    assert _leads(db) == []
    report = open_cases_from_findings(summary.run_id, GOV, driver=db)
    assert report.cases == 0


def _collector(g: G, officials) -> object:
    """One stranger's account takes the benefits of three residents, a fourth's refund and a fifth's subsidy."""
    account = g.entity("Account", account_key="088-999")
    holder = g.entity("Person", name="모집책")
    g.bank_holder(holder, account, "999")
    wel_acc = g.account("welfare", account, no="999")
    for i in range(3):
        rec = g.person("welfare", "recipient", g.entity("Person", name=f"타인{i}"), name=f"타인{i}")
        wp = g.node("WelfarePayment", "welfare", amount=620_000, date=d("2024-06-20"), benefit="livelihood")
        g.rel("PAYEE", wp, rec)
        g.rel("INTO_ACCOUNT", wp, wel_acc)
        g.rel("APPROVED_BY", wp, officials[0])
    tp = g.person("local_tax", "taxpayer", g.entity("Person", name="타인3"), name="타인3")
    r = g.node("TaxRefund", "local_tax", amount=850_000, date=d("2024-07-02"), reason="과오납")
    g.rel("PAYEE", r, tp)
    g.rel("INTO_ACCOUNT", r, g.account("local_tax", account, no="999"))
    payee = g.person("local_finance", "payee", g.entity("Person", name="타인4"), name="타인4")
    p = g.node("Payment", "local_finance", amount=500_000, date=d("2024-07-19"), kind="subsidy", purpose="청년월세지원")
    g.rel("PAYEE", p, payee)
    g.rel("INTO_ACCOUNT", p, g.account("local_finance", account, no="999"))
    return account


def test_a_planted_anomaly_yields_a_lead_an_auditor_can_read(db):
    g = G(GOV)
    town = _normal_town(g)
    account = _collector(g, town["officials"])
    split = _vendor(g, 99, town["officials"][6:7], [19_800_000, 19_500_000, 19_900_000, 19_700_000, 19_600_000],
                    method="private")
    g.write(GraphWriter(db, concurrency=1))
    summary = run_detectors(["CARD-HOLIDAY"], gov=GOV, anomalies=True, driver=db)
    found = {f["scenario_id"]: f for f in _anomaly_findings(db, summary.run_id)}
    assert set(found) == {"ANOM-ACCOUNT", "ANOM-BUSINESS"}, found
    acc = found["ANOM-ACCOUNT"]
    assert acc["subject_key"] == f"bank:{GOV}-AC-088-999"  # the bank's record names the account
    assert acc["subject_entity_id"] == account[1]["entity_id"]
    assert acc["message_ko"].startswith("이 계좌는 ")
    assert "3개 시스템에서 입금받았습니다(일반적인 계좌는 1개)" in acc["message_ko"]
    assert "5명의 지급 대상자 몫이 입금되었습니다(일반적인 계좌는 1명)" in acc["message_ko"]
    assert "received money from 3 systems (a typical account: 1)" in acc["message"]
    assert "component" not in acc["message"] and "degree" not in acc["message"]
    assert "이 계좌" not in acc["message"]  # the English sentence alone: the Korean has its own field
    features = json.loads(acc["features"])
    assert features["payees"]["value"] == 5 and features["payees"]["typical"] == 1
    biz = found["ANOM-BUSINESS"]
    assert biz["subject_entity_id"] == split[1]["entity_id"]
    assert "수의계약 한도(2천만원) 바로 아래 금액의 계약이 5건입니다(일반적인 업체는 0건)" in biz["message_ko"]
    assert "한 공무원이 승인한 계약이 5건입니다(일반적인 업체는 1건)" in biz["message_ko"]
    leads = _leads(db)
    assert {lead["entity"] for lead in leads} == {account[1]["entity_id"], split[1]["entity_id"]}
    assert all(lead["is_case"] and lead["message_ko"].startswith("이 ") for lead in leads)
    report = open_cases_from_findings(summary.run_id, GOV, driver=db)
    assert report.opened == 2
    rows, _, _ = db.execute_query("MATCH (c:Case {scenario_id: 'ANOM-ACCOUNT'}) RETURN c.message_ko AS m")
    assert "일반적인 계좌는 1개" in rows[0]["m"]


def test_a_lead_below_the_case_threshold_raises_the_priority_of_the_entitys_rule_cases(db):
    g = G(GOV)
    town = _normal_town(g)
    account = _collector(g, town["officials"])
    g.write(GraphWriter(db, concurrency=1))
    summary = run_detectors(["CARD-HOLIDAY"], gov=GOV, anomalies=True, anomaly_params={"case_threshold": 100},
                            driver=db)
    assert _anomaly_findings(db, summary.run_id) == []
    lead = next(x for x in _leads(db) if x["detector_id"] == "ANOM-ACCOUNT")
    assert lead["entity"] == account[1]["entity_id"] and not lead["is_case"]
    # a rule's finding whose evidence names the account's welfare record, and one about someone else
    rule = {"run_id": summary.run_id, "scenario_id": "WEL-OTHER-ACCOUNT", "area": "welfare", "severity": "high",
            "gov": GOV, "amount": 620_000, "message": "m", "official_key": None}
    store_findings(db, summary.run_id, [
        {**rule, "finding_id": "F-lead", "subject_key": "welfare:x", "evidence_keys": [f"welfare:{GOV}-AC-088-999"]},
        {**rule, "finding_id": "F-none", "subject_key": "welfare:y", "evidence_keys": [f"welfare:{GOV}-AC-088-1"]},
    ])
    open_cases_from_findings(summary.run_id, GOV, driver=db)
    rows, _, _ = db.execute_query("MATCH (c:Case) RETURN c.subject_key AS s, c.priority AS p, "
                                  "c.anomaly_score AS score, c.anomaly_detectors AS dets")
    cases = {r["s"]: r for r in rows}
    assert cases["welfare:x"]["p"] == 4 and cases["welfare:x"]["dets"] == ["ANOM-ACCOUNT"]
    assert cases["welfare:x"]["score"] == pytest.approx(lead["score"])
    assert cases["welfare:y"]["p"] == 3 and cases["welfare:y"]["score"] is None


def test_broken_settings_are_refused_with_the_file_and_the_value(tmp_path):
    path = tmp_path / "settings.yaml"
    path.write_text("ANOM-ACCOUNT:\n  lead_threshold: 2\n  case_threshold: high\n  features: {}\n", encoding="utf-8")
    with pytest.raises(AnomalySettingsError, match=r"settings.yaml: ANOM-ACCOUNT.case_threshold must be a number"):
        load_settings(path)
    path.write_text("ANOM-ACCOUNT:\n  lead_threshold: 5\n  case_threshold: 2\n  features: {}\n", encoding="utf-8")
    with pytest.raises(AnomalySettingsError, match="case_threshold is below its lead_threshold"):
        load_settings(path)
