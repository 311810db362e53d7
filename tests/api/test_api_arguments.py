"""Arguments naming a government are 5-digit codes of a known government; resident numbers typed into the
texts the API stores (case notes, reasons) are masked before they are stored."""

from __future__ import annotations

import pytest
from apikit import Client, codes

pytestmark = pytest.mark.neo4j

RUN = ('mutation($gov: String!) { startDetectorRun(gov: $gov) { __typename ... on MutationError { code message } '
       '} }')


@pytest.mark.parametrize("gov", ["' OR 1=1 //", "41110' OR '1'='1", "4111", "411100", "", "41110\n"])
def test_a_detector_run_of_a_malformed_government_is_refused_and_not_recorded(server, world, neo4j_driver, gov):
    result = Client(server.url, world.admin).data(RUN, {"gov": gov})["startDetectorRun"]
    assert result["code"] == "BAD_USER_INPUT" and "5-digit" in result["message"]
    runs = neo4j_driver.execute_query("MATCH (r:DetectorRun) WHERE r.gov = $gov RETURN count(r) AS c", gov=gov)
    assert runs.records[0]["c"] == 0


def test_a_detector_run_of_an_unknown_government_is_refused(server, world):
    result = Client(server.url, world.admin).data(RUN, {"gov": "99999"})["startDetectorRun"]
    assert result["code"] == "NOT_FOUND"


@pytest.mark.parametrize("query", ['{ statistics(gov: "\' OR 1=1 //") { totals { opened } } }',
                                   '{ cases(filter: {gov: "41110 OR true"}) { totalCount } }'])
def test_other_government_arguments_are_validated(client, query):
    assert codes(client.gql(query)) == ["BAD_USER_INPUT"]


@pytest.mark.parametrize("typed", ["서울 730604-1295942", "홍길동7306041295942", "번호 730604 1295942 확인"])
def test_a_resident_number_in_a_case_comment_is_masked_before_it_is_stored(server, world, neo4j_driver, typed):
    note = f"주민번호 {typed} 확인함"
    result = Client(server.url, world.auditor).data(
        'mutation($note: String!) { commentCase(caseId: "C-41110-1", note: $note) { ... on CaseUpdated { case { '
        'timeline { note } } } ... on MutationError { code } } }', {"note": note})["commentCase"]
    notes = [e["note"] for e in result["case"]["timeline"]]
    stored = neo4j_driver.execute_query(
        "MATCH (e:CaseEvent) WHERE e.case_id = 'C-41110-1' RETURN e.note AS note").records
    for text in notes + [r["note"] or "" for r in stored]:
        assert "1295942" not in text
    assert any("730604-1******" in text for text in notes)
