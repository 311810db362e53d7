"""Authentication and jurisdiction over real HTTP: no token, bad tokens, other governments, login."""

from __future__ import annotations

import time

import pytest
from apikit import PASSWORD, Client, codes

from api.auth import CACHE_SECONDS

pytestmark = pytest.mark.neo4j

ENTITY = "query($id: ID!) { entity(id: $id) { id name rrnMasked } }"


@pytest.mark.parametrize("header_token", [None, "", "cbk_not-a-real-token", "garbage"])
def test_no_or_bad_token_is_refused(server, world, header_token):
    body = Client(server.url).gql(ENTITY, {"id": "P-1"}, token=header_token)
    assert not any((body.get("data") or {}).values())
    assert codes(body) == ["UNAUTHENTICATED"]
    assert "Bearer" in body["errors"][0]["message"]


@pytest.mark.parametrize("query", [
    "{ me { username } }", "{ scenarios { id } }", "{ cases { totalCount } }", "{ detectorRuns { runId } }",
    "{ statistics { totals { opened } } }", '{ searchEntities(name: "김철") { id } }',
    '{ neighbourhood(key: "P-1") { truncated } }', '{ paths(start: "P-1", end: "P-2") { truncated } }',
    '{ facts(entityId: "P-1") { truncated } }', '{ case(id: "C-41110-1") { id } }',
])
def test_every_query_needs_a_token(server, world, query):
    assert "UNAUTHENTICATED" in codes(Client(server.url).gql(query))


@pytest.mark.parametrize("mutation", [
    'mutation { acknowledgeCase(caseId: "C-41110-1") { __typename } }',
    'mutation { actOnCase(caseId: "C-41110-1", action: REFERRED) { __typename } }',
    'mutation { excludeCase(caseId: "C-41110-1", reason: "x") { __typename } }',
    'mutation { commentCase(caseId: "C-41110-1", note: "x") { __typename } }',
    'mutation { closeCase(caseId: "C-41110-1") { __typename } }',
    'mutation { startDetectorRun(gov: "41110") { __typename } }',
])
def test_every_mutation_but_login_needs_a_token(server, world, mutation):
    assert codes(Client(server.url).gql(mutation)) == ["UNAUTHENTICATED"]


def test_another_governments_token_is_refused(server, world):
    other = Client(server.url, world.other_auditor)
    # an id of another government is answered exactly as an unknown id
    assert other.gql(ENTITY, {"id": "P-1"}) == other.gql(ENTITY, {"id": "P-404"}) == {"data": {"entity": None}}
    walk = '{ neighbourhood(key: "%s") { truncated } }'
    hidden, unknown = other.gql(walk % "local_tax:41110-TX-P1"), other.gql(walk % "local_tax:41110-TX-P404")
    assert codes(hidden) == codes(unknown) == ["NOT_FOUND"]
    assert hidden["errors"][0]["message"].replace("P1", "P404") == unknown["errors"][0]["message"]
    assert other.gql('{ case(id: "C-41110-1") { id } }') == {"data": {"case": None}}
    facts = other.gql('{ facts(entityId: "P-1") { truncated } }')
    assert codes(facts) == ["NOT_FOUND"]
    assert codes(other.gql('{ statistics(gov: "41110") { totals { opened } } }')) == ["FORBIDDEN"]
    assert other.data('{ searchEntities(name: "김철") { id } }')["searchEntities"] == [{"id": "P-9"}]
    ids = [e["node"]["id"] for e in other.data("{ cases { edges { node { id } } } }")["cases"]["edges"]]
    assert ids == ["C-41130-1"]
    result = other.data('mutation { commentCase(caseId: "C-41110-1", note: "x") '
                        '{ ... on MutationError { code } ... on CaseUpdated { case { id } } } }')
    assert result["commentCase"] == {"code": "NOT_FOUND"}


def test_the_ministry_sees_every_government(server, world):
    ministry = Client(server.url, world.ministry)
    assert ministry.data(ENTITY, {"id": "P-9"})["entity"]["id"] == "P-9"
    assert ministry.data("{ cases { totalCount } }")["cases"]["totalCount"] == 8


def test_officials_see_their_own_cases_supervisors_their_units(server, world):
    official = Client(server.url, world.official)
    ids = [e["node"]["id"] for e in official.data("{ cases { edges { node { id } } } }")["cases"]["edges"]]
    assert ids == ["C-41110-1"]
    assert official.gql('{ case(id: "C-41110-2") { id } }') == {"data": {"case": None}}
    supervisor = Client(server.url, world.supervisor)
    total = supervisor.data("{ cases { totalCount } }")["cases"]["totalCount"]
    assert total == 7  # every 41110 case names the head as supervisor
    auditor = Client(server.url, world.auditor)
    assert auditor.data("{ cases { totalCount } }")["cases"]["totalCount"] == 7


def test_login_issues_a_token_that_works(server, world):
    anonymous = Client(server.url)
    login = "mutation($u: String!, $p: String!) { login(username: $u, password: $p) { " \
            "... on LoginSuccess { token expiresAt user { username role governments } } " \
            "... on MutationError { code message } } }"
    bad = anonymous.data(login, {"u": "aud", "p": "wrong"})["login"]
    assert bad["code"] == "UNAUTHENTICATED"
    good = anonymous.data(login, {"u": "aud", "p": PASSWORD})["login"]
    assert good["user"] == {"username": "aud", "role": "auditor", "governments": ["41110"]}
    me = Client(server.url, good["token"]).data("{ me { username } }")
    assert me == {"me": {"username": "aud"}}


def test_login_attempts_are_audited(server, world, neo4j_driver):
    Client(server.url).gql('mutation { login(username: "aud", password: "nope") { __typename } }')
    rows = neo4j_driver.execute_query(
        "MATCH (a:ApiAudit {action: 'login', username: 'aud', outcome: 'refused'}) RETURN count(a) AS c").records
    assert rows[0]["c"] >= 1


def test_logout_revokes_the_token_on_every_worker(server, world):
    token = Client(server.url).data(
        'mutation { login(username: "aud", password: "' + PASSWORD + '") { ... on LoginSuccess { token } } }'
    )["login"]["token"]
    mine = Client(server.url, token)
    assert mine.data("{ me { username } }") == {"me": {"username": "aud"}}
    assert mine.data("mutation { logout }") == {"logout": True}
    # The worker that answered forgets it at once, the other within its token cache's CACHE_SECONDS. Six
    # refusals in a row could all come from one worker, so the check waits out the cache instead.
    time.sleep(CACHE_SECONDS + 0.5)
    assert all(codes(mine.gql("{ me { username } }")) == ["UNAUTHENTICATED"] for _ in range(8))
    assert codes(mine.gql("mutation { logout }")) == ["UNAUTHENTICATED"]
    assert Client(server.url, world.auditor).data("{ me { username } }") == {"me": {"username": "aud"}}
