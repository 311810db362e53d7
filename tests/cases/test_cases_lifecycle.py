"""Every transition of the lifecycle, allowed and refused, with the audit trail and permissions."""

from __future__ import annotations

import datetime as dt

import pytest
from casekit import GOV, T0, add_finding

from cases import (
    InvalidAction,
    PermissionRefused,
    TransitionRefused,
    acknowledge,
    act,
    close,
    comment,
    exclude,
    get_case,
    open_cases_from_findings,
    users,
)
from graph.read import read

pytestmark = pytest.mark.neo4j

# how to bring a fresh case into each status
PATHS = {
    "open": [],
    "acknowledged": [("acknowledge",)],
    "acted_on": [("act", "imposed", 1000)],
    "excluded": [("exclude", "exempt")],
    "closed": [("act", "imposed", 1000), ("close",)],
}
OPERATIONS = {
    "acknowledge": lambda cid, u: acknowledge(cid, u, "seen"),
    "act": lambda cid, u: act(cid, u, "corrected", None, "record corrected"),
    "exclude": lambda cid, u: exclude(cid, u, "legitimate exemption"),
    "close": lambda cid, u: close(cid, u, "done"),
    "comment": lambda cid, u: comment(cid, u, "a note"),
}
# (from status, operation) -> status after, or None when refused
EXPECTED = {
    ("open", "acknowledge"): "acknowledged", ("open", "act"): "acted_on", ("open", "exclude"): "excluded",
    ("open", "close"): None, ("open", "comment"): "open",
    ("acknowledged", "acknowledge"): None, ("acknowledged", "act"): "acted_on",
    ("acknowledged", "exclude"): "excluded", ("acknowledged", "close"): None,
    ("acknowledged", "comment"): "acknowledged",
    ("acted_on", "acknowledge"): None, ("acted_on", "act"): "acted_on", ("acted_on", "exclude"): None,
    ("acted_on", "close"): "closed", ("acted_on", "comment"): "acted_on",
    ("excluded", "acknowledge"): None, ("excluded", "act"): None, ("excluded", "exclude"): None,
    ("excluded", "close"): None, ("excluded", "comment"): "excluded",
    ("closed", "acknowledge"): None, ("closed", "act"): None, ("closed", "exclude"): None,
    ("closed", "close"): None, ("closed", "comment"): "closed",
}


@pytest.fixture()
def case_id(org) -> str:
    users.add_user("sup", role="supervisor", governments=[GOV], email="sup@x")
    add_finding(org, "F1")
    open_cases_from_findings(now=T0)
    return read("MATCH (c:Case) RETURN c.case_id AS id", org)[0]["id"]


def _bring(case_id: str, status: str) -> None:
    for step in PATHS[status]:
        if step[0] == "acknowledge":
            acknowledge(case_id, "sup")
        elif step[0] == "act":
            act(case_id, "sup", step[1], step[2])
        elif step[0] == "exclude":
            exclude(case_id, "sup", step[1])
        elif step[0] == "close":
            close(case_id, "sup")
    assert get_case(case_id)["status"] == status


@pytest.mark.parametrize(("start", "operation"), sorted(EXPECTED))
def test_every_transition(case_id, start, operation):
    _bring(case_id, start)
    events_before = len(get_case(case_id)["events"])
    expected = EXPECTED[(start, operation)]
    if expected is None:
        with pytest.raises(TransitionRefused) as refused:
            OPERATIONS[operation](case_id, "sup")
        assert f"case {case_id} is {start}" in str(refused.value) and "allowed from" in str(refused.value)
        assert refused.value.status == start
        after = get_case(case_id)
        assert after["status"] == start and len(after["events"]) == events_before  # nothing written
        return
    OPERATIONS[operation](case_id, "sup")
    after = get_case(case_id)
    assert after["status"] == expected
    event = after["events"][-1]
    assert (event["actor"], event["from_status"], event["to_status"]) == ("sup", start, expected)
    assert event["note"] and event["at"]


def test_audit_trail_says_who_when_from_to_why(case_id):
    t = dt.datetime(2026, 3, 10, 14, 30)
    acknowledge(case_id, "sup", "looking into it", now=t)
    act(case_id, "sup", "imposed", 2_500_000, "acquisition tax imposed", now=t + dt.timedelta(days=1))
    act(case_id, "sup", "collected", 2_000_000, "paid in part", now=t + dt.timedelta(days=20))
    act(case_id, "sup", "collected", 500_000, "paid in full", now=t + dt.timedelta(days=25))
    close(case_id, "sup", "recovered", now=t + dt.timedelta(days=26))
    case = get_case(case_id)
    trail = [(e["kind"], e["actor"], e["at"], e["from_status"], e["to_status"], e["action"], e["amount"], e["note"])
             for e in case["events"]]
    assert trail == [
        ("opened", "system", "2026-03-02T09:00:00", "open", "open", None, None, trail[0][7]),
        ("acknowledged", "sup", "2026-03-10T14:30:00", "open", "acknowledged", None, None, "looking into it"),
        ("acted_on", "sup", "2026-03-11T14:30:00", "acknowledged", "acted_on", "imposed", 2_500_000,
         "acquisition tax imposed"),
        ("acted_on", "sup", "2026-03-30T14:30:00", "acted_on", "acted_on", "collected", 2_000_000, "paid in part"),
        ("acted_on", "sup", "2026-04-04T14:30:00", "acted_on", "acted_on", "collected", 500_000, "paid in full"),
        ("closed", "sup", "2026-04-05T14:30:00", "acted_on", "closed", None, None, "recovered"),
    ]
    assert (case["amount_imposed"], case["amount_recovered"]) == (2_500_000, 2_500_000)
    assert case["actions"] == ["imposed", "collected", "collected"]
    assert case["acted_at"] == "2026-03-11T14:30:00"


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda cid: act(cid, "sup", "forgiven", 10), "unknown action"),
        (lambda cid: act(cid, "sup", "imposed", None), "needs the amount"),
        (lambda cid: act(cid, "sup", "collected", 0), "needs the amount"),
        (lambda cid: act(cid, "sup", "corrected", -5), "0 or more"),
        (lambda cid: exclude(cid, "sup", "  "), "needs a reason"),
        (lambda cid: comment(cid, "sup", ""), "needs text"),
    ],
)
def test_bad_arguments_are_refused(case_id, call, message):
    with pytest.raises(InvalidAction, match=message):
        call(case_id)
    assert len(get_case(case_id)["events"]) == 1


def test_roles_and_jurisdiction(case_id):
    users.add_user("off", role="official", governments=[GOV])
    users.add_user("min", role="ministry")
    users.add_user("far", role="auditor", governments=["11110"])
    users.add_user("gone", role="auditor", governments=[GOV])
    users.disable_user("gone")
    with pytest.raises(PermissionRefused, match="an official may not exclude"):
        exclude(case_id, "off", "not mine")
    with pytest.raises(PermissionRefused, match="a ministry may not acknowledge"):
        acknowledge(case_id, "min")
    with pytest.raises(PermissionRefused, match="outside far's jurisdiction"):
        acknowledge(case_id, "far")
    with pytest.raises(PermissionRefused, match="disabled"):
        acknowledge(case_id, "gone")
    with pytest.raises(PermissionRefused, match="no user"):
        acknowledge(case_id, "nobody")
    assert acknowledge(case_id, "off")["status"] == "acknowledged"


def test_unknown_case(org):
    from cases import CaseNotFound

    users.add_user("sup", role="supervisor", governments=[GOV])
    with pytest.raises(CaseNotFound, match="no case"):
        acknowledge("C-41110-NOPE", "sup")
