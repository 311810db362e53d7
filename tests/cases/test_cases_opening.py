"""Routing rules and cases from findings: one case per scenario + subject, re-runs never duplicate,
excluded cases stay excluded unless their evidence changes."""

from __future__ import annotations

import re

import pytest
from casekit import GOV, T0, add_finding, hr

from cases import actions, get_case, open_cases_from_findings, users
from cases.routing import route
from graph.read import read

pytestmark = pytest.mark.neo4j


@pytest.mark.parametrize(
    ("official", "area", "expect_official", "expect_supervisor", "note"),
    [
        ("P-O1", "local_tax", "P-O1", "P-HEAD", ""),                       # head of the official's unit
        ("P-O2", "welfare", "P-O2", "P-DIR", "vacant"),                    # vacant unit: next head up
        ("P-HEAD", "local_tax", "P-HEAD", "P-DIR", "heads the unit"),      # the official is the head
        ("P-DIR", "local_tax", "P-DIR", "P-MAYOR", "heads the unit"),
        ("P-O3", "local_tax", "P-O3", "P-HEAD", "no unit"),                # no unit: head of the area's unit
        ("P-O3", "welfare", "P-O3", "P-DIR", "no unit"),                   # ... which is vacant: next up
        (None, "local_tax", None, "P-HEAD", "names no responsible official"),
        ("P-GHOST", "local_tax", None, "P-HEAD", "not in the HR records"),
        ("P-MAYOR", None, "P-MAYOR", None, "no supervisor found"),        # the top has nobody above
    ],
)
def test_routing_rules(org, official, area, expect_official, expect_supervisor, note):
    r = route(GOV, hr(official) if official else None, area)
    assert (r.official.key if r.official and r.official.name else None) == (hr(expect_official) if expect_official else None)
    assert (r.supervisor.key if r.supervisor else None) == (hr(expect_supervisor) if expect_supervisor else None)
    assert note in r.note
    # the same decisions in Korean, one for each, with no English left in them
    korean = r.note_in("ko")
    assert korean.count(";") == r.note.count(";")
    assert not re.search(r"\b(the|unit|official|supervisor|head)\b", korean), korean
    assert bool(korean) == bool(r.note) and (not korean or re.search(r"[가-힣]", korean))
    if r.supervisor:
        assert r.supervisor.email.endswith("@gov.example")


def test_retired_head_counts_as_vacant(org):
    org.execute_query("MATCH (e:Employment {employee_no: 'E003'}) SET e.retired_on = '2025-12-31'")
    assert route(GOV, hr("P-O1"), "local_tax", today="2026-03-01").supervisor.key == hr("P-DIR")
    assert route(GOV, hr("P-O1"), "local_tax", today="2025-06-01").supervisor.key == hr("P-HEAD")


def test_auditor_is_configured_or_the_governments_auditor_users(org):
    from core.settings import settings

    assert route(GOV, hr("P-O1"), "local_tax").auditors == (settings().auditor_email,)
    users.add_user("audit1", role="auditor", governments=[GOV], email="audit1@x")
    users.add_user("audit2", role="auditor", governments=["11110"], email="audit2@x")
    assert route(GOV, hr("P-O1"), "local_tax").auditors == ("audit1@x",)


def test_user_email_wins_over_hr_email(org):
    users.users_from_org_chart(GOV)
    org.execute_query("MATCH (u:User {username: 'e010'}) SET u.email = 'choi@mail.example'")
    assert route(GOV, hr("P-O1"), "local_tax").official.email == "choi@mail.example"


def _counts(driver) -> dict[str, int]:
    row = read("MATCH (c:Case) WITH count(c) AS cases "
               "OPTIONAL MATCH (e:CaseEvent) WITH cases, count(e) AS events "
               "OPTIONAL MATCH (n:Notification) RETURN cases, events, count(n) AS notifications", driver)[0]
    return dict(row)


def test_a_case_opens_with_the_three_people_notified_together(org):
    add_finding(org, "F1")
    report = open_cases_from_findings(now=T0)
    assert (report.findings, report.opened) == (1, 1)
    case = get_case(f"{read('MATCH (c:Case) RETURN c.case_id AS id', org)[0]['id']}")
    assert case["status"] == "open" and case["gov"] == GOV
    assert case["official_key"] == hr("P-O1") and case["supervisor_key"] == hr("P-HEAD")
    roles = {(n["role"], n["recipient"], n["status"]) for n in case["notifications"]}
    assert roles == {("official", "e010@gov.example", "pending"), ("supervisor", "e003@gov.example", "pending"),
                     ("auditor", "auditor@localhost", "pending")}
    assert len({n["reason"] for n in case["notifications"]}) == 1  # one event, one batch: together
    assert [e["kind"] for e in case["events"]] == ["opened"]
    assert case["first_detected_at"] == "2026-03-01T02:00:00" and case["opened_at"] == T0.isoformat()
    rels = read("MATCH (c:Case)-[r]->(p:PersonRecord) RETURN type(r) AS t, p.source_key AS k ORDER BY t", org)
    assert rels == [{"t": "RESPONSIBLE", "k": f"{GOV}-HR-P-O1"}, {"t": "SUPERVISED_BY", "k": f"{GOV}-HR-P-HEAD"}]


def test_reruns_leave_the_case_count_unchanged(org):
    for i in range(3):
        add_finding(org, f"F{i}", subject_key=f"construction:41110-CO-{i}")
    add_finding(org, "G1", scenario_id="CARD-LATE-NIGHT", area="cards", subject_key="cards:41110-CC-1",
                evidence=("cards:41110-CA-1",))
    add_finding(org, "G2", scenario_id="CARD-LATE-NIGHT", area="cards", subject_key="cards:41110-CC-1",
                evidence=("cards:41110-CA-2",), amount=500_000)
    first = open_cases_from_findings(now=T0)
    assert (first.findings, first.cases, first.opened) == (5, 4, 4)
    before = _counts(org)
    assert before["cases"] == 4
    # the same detector output again, and again as a new run with the same findings
    again = open_cases_from_findings(now=T0)
    assert (again.opened, again.unchanged) == (0, 4)
    for i in range(3):
        add_finding(org, f"F{i}-r2", subject_key=f"construction:41110-CO-{i}", run_id="run-2",
                    created_at="2026-04-01T02:00:00")
    third = open_cases_from_findings(run_id="run-2", now=T0)
    assert (third.cases, third.opened, third.unchanged) == (3, 0, 3)
    assert _counts(org) == before
    card = read("MATCH (c:Case {scenario_id: 'CARD-LATE-NIGHT'}) RETURN c.amount AS a, c.evidence_keys AS e", org)
    assert card == [{"a": 1_500_000, "e": ["cards:41110-CA-1", "cards:41110-CA-2"]}]


def test_new_evidence_updates_an_open_case_without_new_notifications(org):
    add_finding(org, "F1")
    open_cases_from_findings(now=T0)
    add_finding(org, "F1b", evidence=("construction:41110-UA-1", "construction:41110-UA-9"), run_id="run-2",
                created_at="2026-04-01T00:00:00")
    report = open_cases_from_findings(now=T0)
    assert report.updated == 1
    case = get_case(read("MATCH (c:Case) RETURN c.case_id AS id", org)[0]["id"])
    assert case["status"] == "open" and [e["kind"] for e in case["events"]] == ["opened", "updated"]
    assert "construction:41110-UA-9" in case["events"][1]["note"]
    assert len(case["notifications"]) == 3
    assert case["first_detected_at"] == "2026-03-01T02:00:00"


def test_excluded_stays_excluded_unless_the_evidence_changes(org):
    users.add_user("aud", role="auditor", governments=[GOV], email="aud@x")
    add_finding(org, "F1")
    open_cases_from_findings(now=T0)
    case_id = read("MATCH (c:Case) RETURN c.case_id AS id", org)[0]["id"]
    actions.exclude(case_id, "aud", "exempt: public housing")
    add_finding(org, "F1-r2", run_id="run-2", created_at="2026-04-01T00:00:00")  # same evidence, new run
    assert open_cases_from_findings(now=T0).unchanged == 1
    assert get_case(case_id)["status"] == "excluded"

    add_finding(org, "F1-r3", run_id="run-3", created_at="2026-05-01T00:00:00",
                evidence=("construction:41110-UA-1", "real_estate:41110-RE-7"))
    assert open_cases_from_findings(now=T0).reopened == 1
    case = get_case(case_id)
    assert case["status"] == "open" and case["excluded_reason"] is None
    reopened = case["events"][-1]
    assert (reopened["kind"], reopened["from_status"], reopened["to_status"], reopened["actor"]) == (
        "reopened", "excluded", "open", "system")
    assert "evidence added: real_estate:41110-RE-7" in reopened["note"]
    reasons = sorted(n["reason"] for n in case["notifications"])
    assert reasons == ["opened"] * 3 + ["reopened"] * 3
    assert read("MATCH (c:Case) RETURN count(c) AS c", org)[0]["c"] == 1


def test_findings_of_one_government_only(org):
    add_finding(org, "F1")
    add_finding(org, "X1", gov="11110", subject_key="construction:11110-CO-1")
    assert open_cases_from_findings(gov=GOV, now=T0).cases == 1
    assert read("MATCH (c:Case) RETURN collect(c.gov) AS g", org)[0]["g"] == [GOV]


def test_no_findings_no_cases(org):
    report = open_cases_from_findings(now=T0)
    assert (report.findings, report.cases) == (0, 0)
    assert read("MATCH (c:Case) RETURN count(c) AS c", org)[0]["c"] == 0
