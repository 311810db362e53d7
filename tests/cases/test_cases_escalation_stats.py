"""Escalation up the org chart, and statistics against counts made by hand."""

from __future__ import annotations

import datetime as dt

import pytest
from casekit import GOV, T0, add_finding, hr

from cases import act, case_stats, escalate, exclude, get_case, open_cases_from_findings, users
from graph.read import read

pytestmark = pytest.mark.neo4j
DAY = dt.timedelta(days=1)


def _one_case(org, official: str = "P-O1") -> str:
    add_finding(org, "F1", official=official)
    open_cases_from_findings(now=T0)
    return read("MATCH (c:Case) RETURN c.case_id AS id", org)[0]["id"]


def _escalations(case_id: str) -> list[tuple[str, str]]:
    case = get_case(case_id)
    return sorted((n["role"], n["recipient"]) for n in case["notifications"] if n["reason"] == "escalated")


def test_no_action_escalates_up_the_chain_and_to_the_auditor_again(org):
    case_id = _one_case(org)  # official P-O1, supervisor P-HEAD (TAX)
    assert escalate(T0 + 29 * DAY, days=30).escalated == 0
    first = escalate(T0 + 30 * DAY, days=30)
    assert first.case_ids == [case_id]
    assert _escalations(case_id) == [("auditor", "auditor@localhost"), ("supervisor", "e002@gov.example")]
    case = get_case(case_id)
    assert case["escalation_level"] == 1 and case["escalated_to_key"] == hr("P-DIR")
    event = case["events"][-1]
    assert (event["kind"], event["actor"], event["from_status"], event["to_status"]) == (
        "escalated", "system", "open", "open")
    assert "no action for 30 days" in event["note"] and "이국장" in event["note"]

    assert escalate(T0 + 31 * DAY, days=30).escalated == 0  # the clock restarts at each escalation
    assert escalate(T0 + 60 * DAY, days=30).escalated == 1  # then the mayor
    assert ("supervisor", "e001@gov.example") in _escalations(case_id)
    top = escalate(T0 + 90 * DAY, days=30)  # nobody above the mayor: the auditor alone
    assert (top.escalated, top.to_auditor_only) == (1, 1)
    assert get_case(case_id)["escalation_level"] == 3


def test_acted_or_excluded_cases_do_not_escalate_acknowledged_ones_do(org):
    users.add_user("sup", role="supervisor", governments=[GOV])
    for i in range(3):
        add_finding(org, f"F{i}", subject_key=f"construction:41110-CO-{i}")
    open_cases_from_findings(now=T0)
    ids = [r["id"] for r in read("MATCH (c:Case) RETURN c.case_id AS id ORDER BY id", org)]
    act(ids[0], "sup", "corrected", None, "fixed", now=T0 + DAY)
    exclude(ids[1], "sup", "duplicate record", now=T0 + DAY)
    from cases import acknowledge

    acknowledge(ids[2], "sup", now=T0 + 2 * DAY)
    assert escalate(T0 + 45 * DAY, days=30).case_ids == [ids[2]]


def test_escalation_from_a_vacant_unit_skips_to_the_next_head(org):
    case_id = _one_case(org, official="P-O2")  # WEL is vacant: supervisor is the director already
    assert get_case(case_id)["supervisor_key"] == hr("P-DIR")
    escalate(T0 + 30 * DAY, days=30)
    assert get_case(case_id)["escalated_to_key"] == hr("P-MAYOR")


def test_default_escalation_days_come_from_settings(org):
    from core.settings import settings

    _one_case(org)
    days = settings().escalation_days
    assert escalate(T0 + (days - 1) * DAY).escalated == 0
    assert escalate(T0 + days * DAY).escalated == 1


def test_statistics_agree_with_counts_made_by_hand(org):
    users.add_user("sup", role="supervisor", governments=[GOV])
    users.add_user("aud", role="auditor", governments=[GOV], email="aud@x")
    users.users_from_org_chart(GOV)  # 6 current officials, all users now
    # March: 3 tax cases, 1 card case; April: 1 welfare case; one case in another government
    march, april = "2026-03-05T10:00:00", "2026-04-02T10:00:00"
    add_finding(org, "T1", subject_key="construction:41110-CO-1", created_at=march)
    add_finding(org, "T2", subject_key="construction:41110-CO-2", created_at=march)
    add_finding(org, "T3", subject_key="construction:41110-CO-3", created_at=march)
    add_finding(org, "C1", scenario_id="CARD-HOLIDAY", area="cards", subject_key="cards:41110-CC-1",
                created_at=march)
    add_finding(org, "W1", scenario_id="WEL-PAID-AFTER-DEATH", area="welfare", official="P-O2",
                subject_key="welfare:41110-WR-1", created_at=april)
    add_finding(org, "X1", gov="11110", subject_key="construction:11110-CO-1", official=None, created_at=april)
    open_cases_from_findings(now=dt.datetime(2026, 4, 3))
    cid = {r["s"]: r["id"] for r in read("MATCH (c:Case) RETURN c.subject_key AS s, c.case_id AS id", org)}
    t = dt.datetime(2026, 3, 20)
    act(cid["construction:41110-CO-1"], "sup", "imposed", 3_000_000, now=t)          # within a month
    act(cid["construction:41110-CO-1"], "sup", "collected", 1_000_000, now=t + 5 * DAY)
    act(cid["construction:41110-CO-2"], "sup", "imposed", 700_000, now=t + 40 * DAY)  # too late for the index
    exclude(cid["construction:41110-CO-3"], "aud", "exempt")
    act(cid["welfare:41110-WR-1"], "sup", "reimbursed", 450_000, now=dt.datetime(2026, 4, 10))

    data = case_stats()
    assert data["totals"] == {"opened": 6, "acted_on": 3, "excluded": 1, "imposed_krw": 3_700_000,
                              "recovered_krw": 1_450_000}
    assert data["by"]["scenario_id"]["TAX-ACQ-USE-APPROVAL"] == {
        "opened": 4, "acted_on": 2, "excluded": 1, "imposed_krw": 3_700_000, "recovered_krw": 1_000_000}
    assert data["by"]["area"]["cards"] == {"opened": 1, "acted_on": 0, "excluded": 0, "imposed_krw": 0,
                                          "recovered_krw": 0}
    assert data["by"]["month"]["2026-03"]["opened"] == 4 and data["by"]["month"]["2026-04"]["opened"] == 2
    assert data["by"]["gov"]["11110"]["opened"] == 1 and data["by"]["gov"][GOV]["opened"] == 5
    ix = data["indexes"][GOV]
    # 41110: 5 cases, 1 excluded -> 4 eligible; acted within a month of detection: CO-1 and WR-1
    assert ix["acted_within_month"] == 0.5
    assert ix["monitoring_output"] == 0.8  # CO-1, CO-2, WR-1 acted, CO-3 excluded: 4 of 5
    assert ix["usage"] == 0.8              # people touched the same 4 of 5
    assert ix["privilege_setup"] == 1.0 and ix["officials"] == 6 and ix["auditor_user"] is True
    assert data["indexes"]["11110"]["privilege_setup"] == 0.0  # no auditor user there
    only = case_stats(GOV)
    assert only["totals"]["opened"] == 5 and set(only["indexes"]) == {GOV}
