"""The real CLI on the real database: cases list/show/act/exclude, open-from-findings, outbox, notify
deliver, escalate and stats."""

from __future__ import annotations

import json

import pytest
from casekit import GOV, add_finding
from click.testing import CliRunner

from cases import users
from cases.notify import webhook_secret
from chungbaek.cli import cli
from graph.read import read

pytestmark = pytest.mark.neo4j


def _run(*args: str, env: dict[str, str] | None = None) -> str:
    result = CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_cases_cli_end_to_end(org, smtp, monkeypatch):
    users.add_user("aud", role="auditor", governments=[GOV], email="aud@x")
    add_finding(org, "F1")
    add_finding(org, "F2", subject_key="construction:41110-CO-2", official="P-O2", area="welfare",
                scenario_id="WEL-PAID-AFTER-DEATH")
    assert "2 findings -> 2 cases: 2 opened" in _run("cases", "open-from-findings", "--run", "run-1")
    assert json.loads(_run("cases", "open-from-findings", "--json"))["unchanged"] == 2

    page = json.loads(_run("cases", "list", "--json"))
    assert page["total"] == 2
    by_scenario = {c["scenario_id"]: c for c in page["items"]}
    welfare = by_scenario["WEL-PAID-AFTER-DEATH"]
    assert (welfare["official_name"], welfare["supervisor_name"], welfare["auditor_emails"]) == (
        "정복지", "이국장", ["aud@x"])
    assert {(n["role"], n["status"]) for n in welfare["notifications"]} == {
        ("official", "pending"), ("supervisor", "pending"), ("auditor", "pending")}

    assert "pending 6" in _run("cases", "outbox")
    # deliver through the real SMTP server, configured as the settings are
    smtp.start()
    from core.settings import settings

    monkeypatch.setenv("CHUNGBAEK_SMTP_PORT", str(smtp.port))
    settings.cache_clear()
    try:
        assert "delivered 6" in _run("notify", "deliver", "--once")
    finally:
        monkeypatch.delenv("CHUNGBAEK_SMTP_PORT")
        settings.cache_clear()
    assert len(smtp.inbox.messages) == 6
    states = {n["status"] for c in json.loads(_run("cases", "list", "--json"))["items"] for n in c["notifications"]}
    assert states == {"delivered"}

    tax_id = by_scenario["TAX-ACQ-USE-APPROVAL"]["case_id"]
    out = _run("cases", "act", tax_id, "imposed", "--amount", "1200000", "--note", "imposed", "--user", "aud")
    assert "imposed 1,200,000" in out
    refused = CliRunner().invoke(cli, ["cases", "exclude", tax_id, "--reason", "x", "--user", "aud"])
    assert refused.exit_code != 0 and "acted_on" in str(refused.exception)
    _run("cases", "exclude", welfare["case_id"], "--reason", "already recovered by the welfare office")
    shown = _run("cases", "show", tax_id)
    assert "acknowledged" not in shown and "imposed 1,200,000 KRW" in shown and "aud" in shown
    assert json.loads(_run("cases", "show", welfare["case_id"], "--json"))["excluded_reason"].startswith("already")
    assert [c["status"] for c in json.loads(_run("cases", "list", "--status", "excluded", "--json"))["items"]] == [
        "excluded"]

    stats = json.loads(_run("stats", "--json"))
    assert stats["totals"]["opened"] == 2 and stats["totals"]["imposed_krw"] == 1_200_000
    assert stats["notifications"] == {"delivered": 6}
    table = _run("stats")
    assert "internal-control indexes" in table and "TAX-ACQ-USE-APPROVAL" in table
    assert "notifications: delivered 6" in table
    assert "0 cases escalated" in _run("cases", "escalate", "--now", "2026-03-03T00:00:00")
    actor = read("MATCH (e:CaseEvent {kind: 'excluded'}) RETURN e.actor AS a", org)[0]["a"]
    assert actor.startswith("cli:")


def test_list_pages_with_a_cursor(org):
    for i in range(5):
        add_finding(org, f"F{i}", subject_key=f"construction:41110-CO-{i}")
    _run("cases", "open-from-findings")
    from cases import list_cases

    seen, after = [], None
    while True:
        page = list_cases({"gov": GOV}, first=2, after=after)
        seen += [c["case_id"] for c in page["items"]]
        if not page["has_next_page"]:
            break
        after = page["end_cursor"]
    assert len(seen) == 5 == len(set(seen)) and page["total"] == 5


def test_case_stage_delivers_into_the_local_mailbox(org, tmp_path):
    """What `make demo` runs: users from the org chart, cases, and mail filed in the demo's Maildir."""
    import dataclasses
    import mailbox

    from casekit import free_port

    from cases.notify import Channels
    from cases.pipeline import run_case_stage
    from chungbaek.mailbox import maildir_path, start_local_mailbox
    from core.settings import settings

    cfg = dataclasses.replace(settings(), state_dir=tmp_path, smtp_port=free_port())
    # start_local_mailbox makes the folder but not Maildir's tmp/new/cur (reported to the lead); make them
    mailbox.Maildir(str(maildir_path(cfg)), create=True)
    box = start_local_mailbox(cfg)
    try:
        add_finding(org, "F1")
        channels = Channels(cfg.smtp_host, cfg.smtp_port, cfg.mail_from)
        first = run_case_stage(GOV, channels=channels)
        assert (first["users"], first["cases"]["opened"], first["delivery"]["delivered"]) == (6, 1, 3)
        again = run_case_stage(GOV, channels=channels)
        assert (again["cases"]["unchanged"], again["delivery"]["delivered"]) == (1, 0)
        assert box.count() == 3 and again["outbox"] == {"delivered": 3}
    finally:
        box.stop()


def test_list_cases_of_a_user(org):
    add_finding(org, "F1")  # official P-O1 (e010), supervisor P-HEAD (e003)
    add_finding(org, "F2", subject_key="construction:41110-CO-2", official="P-O2", area="welfare")  # P-DIR
    _run("cases", "open-from-findings")
    users.users_from_org_chart(GOV)  # users made after the cases were opened still find theirs
    from cases import list_cases

    def mine(username: str) -> list[str]:
        return sorted(c["official_key"].split("-HR-")[1] for c in list_cases({"username": username})["items"])

    assert mine("e010") == ["P-O1"] and mine("e003") == ["P-O1"] and mine("e002") == ["P-O2"]
    assert mine("e001") == []


def test_webhook_and_org_chart_commands(org):
    out = _run("users", "import-org-chart", "--gov", GOV)
    assert out.strip() == f"6 users from the org chart of {GOV} (3 supervisors)"
    webhook_id, secret = _run("cases", "webhook", "add", "http://127.0.0.1:18099/hook", "--gov", GOV).split()
    assert secret == webhook_secret("http://127.0.0.1:18099/hook") and secret.startswith("whsec_")
    assert _run("cases", "webhook", "add", "http://127.0.0.1:18099/hook", "--gov", GOV).split() == [webhook_id, secret]
    assert f"{webhook_id}  {GOV}  active" in _run("cases", "webhook", "list")
    assert _run("cases", "webhook", "remove", webhook_id).strip() == "removed"
    assert "removed" in _run("cases", "webhook", "list")
    bad = CliRunner().invoke(cli, ["cases", "webhook", "add", "ftp://x", "--gov", GOV])
    assert bad.exit_code != 0 and "not an http(s) URL" in str(bad.exception)
