"""Links that go wrong, as an auditor meets them: a case of another government opens exactly as a case that
does not exist (nothing tells the two apart), and a case whose evidence lost facts from the graph still
opens, says how many are missing, and lists them in the case file."""

from __future__ import annotations

from pathlib import Path

import pytest
from explorerkit import GOV, build_payroll_welfare_case, login
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.neo4j]

GONE = [f"bank:{GOV}-BK-T{i}" for i in range(3)]


def _error_for(page, server: str, case_id: str) -> str:
    page.goto(f"{server}/explorer/case?id={case_id}")
    expect(page.locator("#error")).to_be_visible()
    expect(page.get_by_test_id("case-title")).to_be_hidden()
    return page.locator("#error").inner_text().replace(case_id, "<id>")


def test_another_governments_case_reads_as_an_unknown_one(page, server, world):
    login(page, server, "auditor41130")
    theirs = _error_for(page, server, world["case_id"])
    unknown = _error_for(page, server, "C-41130-999999")
    assert theirs == unknown and "<id>" in theirs
    assert page.console_errors == []


def test_a_case_whose_evidence_lost_facts_still_opens_and_says_so(page, server, world, neo4j_driver):
    case_id = build_payroll_welfare_case(neo4j_driver)
    gone = neo4j_driver.execute_query("MATCH (f:BankTransfer {system: 'bank'}) WHERE f.source_key IN $keys "
                                      "DETACH DELETE f RETURN count(*) AS n",
                                      keys=[k.split(":", 1)[1] for k in GONE]).records[0]["n"]
    assert gone == len(GONE)
    login(page, server, "auditor41110", then=f"/explorer/case?id={case_id}")
    page.wait_for_function("() => window.__cy && window.__cy.nodes().length > 0")
    expect(page.get_by_test_id("case-title")).to_be_visible()
    expect(page.get_by_test_id("case-story")).to_contain_text(f"증거 {len(GONE)}건은 그래프에서 찾을 수 없습니다")
    with page.expect_download() as got:
        page.get_by_test_id("case-file").click()
    html = Path(got.value.path()).read_text(encoding="utf-8")
    table = html.split('<table id="evidence">', 1)[1].split("</table>", 1)[0]
    for key in GONE:
        row = next(r for r in table.split("<tr")[1:] if key in r)
        assert 'class="missing"' in "<tr" + row, row
    assert page.console_errors == []
