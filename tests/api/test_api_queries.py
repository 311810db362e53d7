"""Each query over real HTTP against the kit's graph: search, detail, neighbourhood, paths, facts, cases,
catalog, statistics, detector runs."""

from __future__ import annotations

import base64

import pytest
from apikit import RRN, Client, case_row, codes, eventually

from graph.writer import GraphWriter

pytestmark = pytest.mark.neo4j

SEARCH = "query($a: String, $k: [EntityKind!]) { searchEntities(%s: $a, kinds: $k) { id kind rrnMasked } }"


@pytest.mark.parametrize(("field", "value", "ids"), [
    ("name", "김철", ["P-1"]),  # 41130's 김철민 is outside the auditor's jurisdiction
    ("name", "한빛", ["B-1"]),
    ("residentNumber", RRN, ["P-1"]),
    ("residentNumber", "8001011234567", ["P-1"]),
    ("residentNumber", "800101-1******", ["P-1"]),
    ("residentNumber", "800101-2345678", []),
    ("businessNumber", "123-45-67891", ["B-1"]),
    ("pnu", "4111010100100010000", ["L-1"]),
    ("accountNumber", "004-1234567890", ["A-1"]),
    ("accountNumber", "1234567890", ["A-1"]),
    ("text", "800101-1234567", ["P-1"]),
    ("text", "4111010100100010000", ["L-1"]),
    ("text", "1234567891", ["B-1"]),
    ("text", "이영", ["P-2"]),
])
def test_search(client, field, value, ids):
    found = client.data(SEARCH % field, {"a": value})["searchEntities"]
    assert [e["id"] for e in found] == ids


def test_search_never_echoes_a_resident_number(client, neo4j_driver):
    body = client.post(SEARCH % "residentNumber", {"a": RRN}).text
    assert "1234567" not in body and "800101-1******" in body
    bad = client.post(SEARCH % "residentNumber", {"a": "991399-1234567"}).text
    assert "1234567" not in bad and "BAD_USER_INPUT" in bad
    def audit() -> list:
        return neo4j_driver.execute_query("MATCH (a:ApiAudit) RETURN a.targets AS t, a.action AS action").records

    assert any(r["action"] == "search_resident_number" for r in eventually(
        lambda: [r for r in audit() if r["action"] == "search_resident_number"]))
    assert all("1234567" not in str(r["t"]) for r in audit())


def test_search_kind_filter_and_input_errors(client):
    assert client.data(SEARCH % "name", {"a": "김철", "k": ["BUSINESS"]})["searchEntities"] == []
    assert codes(client.gql("{ searchEntities { id } }")) == ["BAD_USER_INPUT"]
    assert codes(client.gql('{ searchEntities(name: "김", pnu: "1") { id } }')) == ["BAD_USER_INPUT"]
    assert codes(client.gql('{ searchEntities(pnu: "123") { id } }')) == ["BAD_USER_INPUT"]


def test_entity_detail_with_records_and_evidence(client, neo4j_driver):
    q = """{ entity(id: "P-1") { id kind name rrnMasked birthDate attributes { name value }
             records { key system sourceKey kind rrnMasked attributes { name value }
                       sameAs { score method evidence runId } } } }"""
    entity = client.data(q)["entity"]
    assert entity["kind"] == "PERSON" and entity["rrnMasked"] == "800101-1******"
    [record] = entity["records"]
    assert record["key"] == "local_tax:41110-TX-P1"
    assert record["sameAs"] == {"score": 0.97, "method": "em", "evidence": "rrn_hash=exact; name=exact",
                                "runId": "link-1"}
    names = {a["name"] for a in record["attributes"]}
    assert "rrn_hash" not in names and "phone" in names
    assert client.data('{ entity(id: "P-404") { id } }') == {"entity": None}
    audited = eventually(lambda: neo4j_driver.execute_query(
        "MATCH (a:ApiAudit {action: 'entity', username: 'aud'}) WHERE 'P-1' IN a.targets RETURN count(a) AS c"
    ).records[0]["c"])
    assert audited >= 1


def test_neighbourhood_depths_filters_and_cap(client):
    q = """query($k: String!, $d: Int, $t: [String!], $l: [String!], $from: String, $cap: Int) {
      neighbourhood(key: $k, depth: $d, relationshipTypes: $t, labels: $l, dateFrom: $from, nodeCap: $cap) {
        truncated nodeCap nodes { key kind layer } edges { type source target } } }"""
    one = client.data(q, {"k": "P-1", "d": 1})["neighbourhood"]
    assert {n["key"] for n in one["nodes"]} == {"P-1", "local_tax:41110-TX-P1"}
    assert one["edges"] == [{"type": "SAME_AS", "source": "local_tax:41110-TX-P1", "target": "P-1"}]
    two = client.data(q, {"k": "P-1", "d": 2})["neighbourhood"]
    assert {n["key"] for n in two["nodes"]} >= {"local_tax:41110-TX-A1", "local_tax:41110-TX-A2", "local_tax:41110-TX-R1"}
    dated = client.data(q, {"k": "P-1", "d": 2, "from": "2024-01-01"})["neighbourhood"]
    assert "local_tax:41110-TX-A2" not in {n["key"] for n in dated["nodes"]}
    typed = client.data(q, {"k": "P-1", "d": 3, "t": ["SAME_AS", "PAYEE"]})["neighbourhood"]
    assert {e["type"] for e in typed["edges"]} == {"SAME_AS", "PAYEE"}
    labelled = client.data(q, {"k": "P-1", "d": 2, "l": ["PersonRecord"]})["neighbourhood"]
    assert {n["kind"] for n in labelled["nodes"]} == {"Person", "PersonRecord"}
    capped = client.data(q, {"k": "P-1", "d": 3, "cap": 3})["neighbourhood"]
    assert len(capped["nodes"]) == 3 and capped["truncated"] is True
    assert codes(client.gql(q, {"k": "P-1", "t": ["DROP_ALL"]})) == ["BAD_USER_INPUT"]
    assert codes(client.gql(q, {"k": "P-1", "l": ["User"]})) == ["BAD_USER_INPUT"]
    assert codes(client.gql(q, {"k": "nothing:here"})) == ["NOT_FOUND"]


def test_paths_shortest_and_all(client):
    q = """query($a: String!, $b: String!, $h: Int, $all: Boolean) {
      paths(start: $a, end: $b, maxHops: $h, allShortest: $all) { truncated paths { length nodes { key } edges { type } } } }"""
    result = client.data(q, {"a": "P-1", "b": "P-2", "h": 8})["paths"]
    [path] = result["paths"]
    assert path["length"] == 7
    assert [n["key"] for n in path["nodes"]][0] == "P-1" and path["nodes"][-1]["key"] == "P-2"
    assert [e["type"] for e in path["edges"]] == ["SAME_AS", "PAYEE", "INTO_ACCOUNT", "SAME_AS", "SAME_AS", "HOLDS",
                                                  "SAME_AS"]
    assert client.data(q, {"a": "P-1", "b": "P-2", "h": 4})["paths"]["paths"] == []
    every = client.data(q, {"a": "P-1", "b": "A-1", "h": 6, "all": True})["paths"]
    assert [p["length"] for p in every["paths"]] == [4]
    assert codes(client.gql(q, {"a": "P-1", "b": "P-9", "h": 4})) == ["NOT_FOUND"]  # another government's


def test_facts_over_a_time_range(client):
    q = """query($from: String, $to: String, $k: [String!]) { facts(entityId: "P-1", dateFrom: $from, dateTo: $to,
      kinds: $k) { truncated items { role recordKey fact { key kind date amount } } } }"""
    items = client.data(q)["facts"]["items"]
    assert [i["fact"]["key"] for i in items] == ["local_tax:41110-TX-R1", "local_tax:41110-TX-A1", "local_tax:41110-TX-A2"]
    assert items[1]["fact"]["amount"] == 3_000_000_000 and items[1]["role"] == "TAXPAYER"
    ranged = client.data(q, {"from": "2024-01-01", "to": "2024-04-30"})["facts"]["items"]
    assert [i["fact"]["key"] for i in ranged] == ["local_tax:41110-TX-A1"]
    assert [i["role"] for i in client.data(q, {"k": ["TaxRefund"]})["facts"]["items"]] == ["PAYEE"]
    assert codes(client.gql(q, {"k": ["User"]})) == ["BAD_USER_INPUT"]


def test_cases_filters_and_cursor_pagination(client):
    q = """query($f: CaseFilter, $n: Int, $after: String) { cases(filter: $f, first: $n, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id status openedAt } } } }"""
    seen, after = [], None
    while True:
        page = client.data(q, {"n": 3, "after": after})["cases"]
        assert page["totalCount"] == 7
        seen += [e["node"]["id"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen[:2] == ["C-41110-2", "C-41110-1"] and len(seen) == len(set(seen)) == 7
    by_scenario = client.data(q, {"f": {"scenarioId": "HR-PAY-AFTER-RETIREMENT"}})["cases"]
    assert [e["node"]["id"] for e in by_scenario["edges"]] == ["C-41110-2"]
    assert client.data(q, {"f": {"assignee": "o3"}})["cases"]["totalCount"] == 5
    assert client.data(q, {"f": {"area": "local_hr"}})["cases"]["totalCount"] == 1
    dated = client.data(q, {"f": {"openedFrom": "2026-03-01", "openedTo": "2026-03-31"}})["cases"]
    assert dated["totalCount"] == 2
    assert client.data(q, {"f": {"status": ["EXCLUDED"], "gov": "41110"}})["cases"]["totalCount"] == 0
    bad = base64.urlsafe_b64encode(b"nonsense").decode()
    assert codes(client.gql(q, {"after": bad})) == ["BAD_USER_INPUT"]


def test_anomaly_leads_are_listed_apart_from_the_rules_cases(client, neo4j_driver):
    GraphWriter(neo4j_driver).merge_nodes("Case", [case_row("C-41110-L", "41110", "o3", scenario_id="ANOM-ACCOUNT",
                                                            area="bank", opened_at="2026-03-06T02:00:00")])
    q = """query($f: CaseFilter) { cases(filter: $f, first: 50) { totalCount edges { node { id } } } }"""
    try:
        leads = client.data(q, {"f": {"leads": True}})["cases"]
        assert [e["node"]["id"] for e in leads["edges"]] == ["C-41110-L"]
        rules = client.data(q, {"f": {"leads": False}})["cases"]
        assert rules["totalCount"] == 7 and "C-41110-L" not in {e["node"]["id"] for e in rules["edges"]}
        assert client.data(q, {})["cases"]["totalCount"] == 8
    finally:
        neo4j_driver.execute_query("MATCH (c:Case {case_id: 'C-41110-L'}) DETACH DELETE c")


def test_an_inbox_lists_the_most_urgent_first_and_pages_in_that_order(client, neo4j_driver):
    urgent = [("C-41110-U1", 5, 100_000), ("C-41110-U2", 4, 9_000_000), ("C-41110-U3", 4, 2_000_000),
              ("C-41110-U4", 1, 50_000_000)]
    GraphWriter(neo4j_driver).merge_nodes("Case", [
        case_row(cid, "41110", "o3", priority=prio, amount=amount, opened_at="2026-03-07T02:00:00")
        for cid, prio, amount in urgent])
    q = """query($after: String) { cases(filter: {status: [OPEN]}, order: PRIORITY, first: 2, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { id priority escalatesAt } } } }"""
    try:
        seen, after = [], None
        while True:
            page = client.data(q, {"after": after})["cases"]
            seen += [e["node"] for e in page["edges"]]
            if not page["pageInfo"]["hasNextPage"]:
                break
            after = page["pageInfo"]["endCursor"]
        ids = [n["id"] for n in seen]
        # priority first, then the larger amount; the fixture's cases (no priority) come last, by id
        assert ids[:4] == ["C-41110-U1", "C-41110-U2", "C-41110-U3", "C-41110-U4"], ids
        assert len(ids) == len(set(ids)) == page["totalCount"] == 11
        assert all(n["escalatesAt"] for n in seen)  # open cases escalate unless someone acts
        newest = client.data('{ cases(first: 1) { pageInfo { endCursor } } }')["cases"]["pageInfo"]["endCursor"]
        assert codes(client.gql(q, {"after": newest})) == ["BAD_USER_INPUT"]  # a cursor of another order
    finally:
        neo4j_driver.execute_query("MATCH (c:Case) WHERE c.case_id STARTS WITH 'C-41110-U' DETACH DELETE c")


def test_case_detail_with_evidence_and_timeline(client):
    q = """{ case(id: "C-41110-1") { id status evidenceKeys timeline { seq kind actor }
             notifications { status } evidence { nodes { key layer } edges { type source target } } } }"""
    case = client.data(q)["case"]
    keys = {n["key"] for n in case["evidence"]["nodes"]}
    assert {"local_tax:41110-TX-R1", "bank:41110-BK-AC1", "P-1", "A-1", "local_tax:41110-TX-P1"} <= keys
    assert {"type": "PAYEE", "source": "local_tax:41110-TX-R1", "target": "local_tax:41110-TX-P1"} in case["evidence"]["edges"]
    assert client.data('{ case(id: "C-nope") { id } }') == {"case": None}


def test_catalog_statistics_and_runs(client, neo4j_driver):
    scenarios = client.data("{ scenarios { id area kind } }")["scenarios"]
    ids = {s["id"] for s in scenarios}
    assert {"TAX-REFUND-OTHER-ACCOUNT", "CARD-LATE-NIGHT", "ANOM-OFFICIAL"} <= ids
    assert all(s["area"] == "cards" for s in client.data('{ scenarios(area: "cards") { area } }')["scenarios"])
    stats = client.data("""{ statistics { totals { opened actedOn imposedKrw }
        rows { dimension value opened } indexes { gov cases monitoringOutput } } }""")["statistics"]
    assert stats["totals"]["opened"] == 7
    assert {"dimension": "scenario_id", "value": "HR-PAY-AFTER-RETIREMENT", "opened": 1} in stats["rows"]
    assert [i["gov"] for i in stats["indexes"]] == ["41110"]
    neo4j_driver.execute_query("MERGE (r:DetectorRun {run_id: 'run-9'}) SET r.gov = '41130', r.started_at = '2026-03-01'")
    neo4j_driver.execute_query("MERGE (r:DetectorRun {run_id: 'run-1'}) SET r.gov = '41110', r.started_at = '2026-03-02', "
                               "r.status = 'finished', r.findings = 12")
    runs = client.data("{ detectorRuns { runId status counts { name count } } }")["detectorRuns"]
    assert runs == [{"runId": "run-1", "status": "finished", "counts": [{"name": "findings", "count": 12}]}]
    assert client.data("{ me { username role governments } }")["me"] == {
        "username": "aud", "role": "auditor", "governments": ["41110"]}


def test_ministry_reads_everything(server, world):
    ministry = Client(server.url, world.ministry)
    assert {e["id"] for e in ministry.data('{ searchEntities(name: "김철") { id } }')["searchEntities"]} == {"P-1", "P-9"}
    assert ministry.data('{ statistics { totals { opened } } }')["statistics"]["totals"]["opened"] == 8
