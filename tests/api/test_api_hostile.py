"""Hostile requests against the real server: a request's cost is refused before it runs and before the
token is looked up, anonymous operations are refused whole, bodies are bounded, requests have a time budget,
introspection and GraphiQL are off by default and closed to anonymous clients, pages carry security headers."""

from __future__ import annotations

import threading

import httpx
import pytest
from apikit import Client, Server, codes

from api.guards import MAX_BODY_BYTES

pytestmark = pytest.mark.neo4j

INTROSPECTION = "{ __schema { queryType { name } } }"


def fragment_bomb(levels: int) -> str:
    """`query { ...F0 }` where each fragment spreads the next twice: 2^levels fields from ~6 tokens a level."""
    spreads = " ".join(f"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }}" for i in range(levels))
    return f"query {{ ...F0 }} {spreads} fragment F{levels} on Query {{ me {{ username }} }}"


@pytest.mark.parametrize("token", [None, "cbk_not-a-real-token"])
def test_a_fragment_bomb_is_refused_and_health_keeps_answering(server, world, token):
    health: list[int] = []
    stop = threading.Event()

    def probe() -> None:
        while not stop.is_set():
            health.append(httpx.get(server.url + "/healthz", timeout=5).status_code)

    prober = threading.Thread(target=probe)
    prober.start()
    try:
        bodies = [Client(server.url).gql(fragment_bomb(levels), token=token) for levels in (20, 30, 30, 30)]
    finally:
        stop.set()
        prober.join()
    for body in bodies:
        assert body["data"] is None
        assert codes(body) == ["GRAPHQL_VALIDATION_FAILED"]
        assert "fields" in body["errors"][0]["message"] and "fragment" in body["errors"][0]["message"]
    assert health and set(health) == {200}


def test_the_same_query_without_doubling_is_answered(client):
    spreads = " ".join(f"fragment F{i} on Query {{ ...F{i + 1} }}" for i in range(30))
    query = f"query {{ ...F0 }} {spreads} fragment F30 on Query {{ me {{ username }} }}"
    assert client.data(query) == {"me": {"username": "aud"}}


def test_fields_times_list_sizes_are_bounded(client):
    wide = ("{ cases(first: 100) { edges { node { evidence { nodes { key attributes { name value } } } "
            "timeline { at actor } notifications { recipient } } } } }")
    heavy = "{ " + " ".join(f"a{i}: cases(first: 100) {{ edges {{ node {{ evidence {{ nodes {{ key attributes "
                            f"{{ name value }} }} }} }} }} }}" for i in range(8)) + " }"
    assert not client.gql(wide).get("errors")
    body = client.gql(heavy)
    assert codes(body) == ["GRAPHQL_VALIDATION_FAILED"] and "fields" in body["errors"][0]["message"]


def test_aliases_are_counted_through_fragments(client):
    query = ("query { ...A ...A } fragment A on Query { " + " ".join(f"x{i}: me {{ username }}" for i in range(10))
             + " }")
    body = client.gql(query)
    assert codes(body) == ["GRAPHQL_VALIDATION_FAILED"] and "aliases" in body["errors"][0]["message"]


def test_an_anonymous_operation_is_refused_whole_before_it_runs(server, world):
    anonymous = Client(server.url)
    body = anonymous.gql('{ me { username } scenarios { id } }')
    assert body["data"] is None and codes(body) == ["UNAUTHENTICATED"]
    mixed = anonymous.gql('mutation { login(username: "aud", password: "x") { __typename } logout }')
    assert mixed["data"] is None and codes(mixed) == ["UNAUTHENTICATED"]
    assert anonymous.data('mutation { login(username: "nobody", password: "x") { __typename } }')


def test_introspection_is_off_by_default(server, world, client):
    assert codes(Client(server.url).gql(INTROSPECTION)) == ["GRAPHQL_VALIDATION_FAILED"]
    body = client.gql(INTROSPECTION)
    assert codes(body) == ["GRAPHQL_VALIDATION_FAILED"] and "introspection" in body["errors"][0]["message"]


def test_with_graphiql_on_introspection_is_for_signed_in_users_only(neo4j_driver, world):
    srv = Server(workers=1, env={"CHUNGBAEK_GRAPHIQL": "1"})
    try:
        page = httpx.get(srv.url + "/graphql", headers={"Accept": "text/html"})
        assert page.status_code == 200 and "graphiql" in page.text.lower()
        assert codes(Client(srv.url).gql(INTROSPECTION)) == ["UNAUTHENTICATED"]
        assert Client(srv.url, world.auditor).data(INTROSPECTION) == {"__schema": {"queryType": {"name": "Query"}}}
    finally:
        srv.stop()


def test_a_body_above_the_limit_answers_413_with_a_message(server, world):
    big = {"query": "{ me { username } }", "variables": {"pad": "x" * (MAX_BODY_BYTES + 1)}}
    response = httpx.post(server.url + "/graphql", json=big, timeout=30)
    assert response.status_code == 413
    assert "larger than" in response.json()["errors"][0]["message"]

    def chunks():
        for _ in range(MAX_BODY_BYTES // 4096 + 2):
            yield b"x" * 4096

    streamed = httpx.post(server.url + "/graphql", content=chunks(), headers={"content-type": "application/json"},
                          timeout=30)
    assert streamed.status_code == 413


def test_a_request_over_its_time_budget_is_given_up_and_the_worker_keeps_serving(neo4j_driver, world):
    srv = Server(workers=1, env={"CHUNGBAEK_API_TIMEOUT": "0.001"})
    try:
        response = Client(srv.url, world.auditor).post("{ cases { totalCount } }")
        assert response.status_code == 503
        assert codes(response.json()) == ["TIMEOUT"]
        assert httpx.get(srv.url + "/healthz").json() == {"status": "ok"}
    finally:
        srv.stop()


def test_pages_carry_security_headers_and_a_strict_script_policy(server):
    for path in ("/explorer/login", "/explorer/graph", "/healthz"):
        headers = httpx.get(server.url + path).headers
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"
        assert headers["referrer-policy"] == "no-referrer"
        policy = dict(part.strip().split(" ", 1) for part in headers["content-security-policy"].split(";"))
        scripts = policy["script-src"].split()
        assert scripts[0] == "'self'" and all(s.startswith("'sha256-") for s in scripts[1:])
        assert "unsafe-inline" not in policy["script-src"] and policy["frame-ancestors"] == "'none'"


def _explorer_queries() -> list[str]:
    """Every query and mutation text of the explorer's scripts, with their field-list constants filled in."""
    import re

    from api.explorer.routes import STATIC

    texts = {p.name: p.read_text(encoding="utf-8") for p in STATIC.glob("*.js")}
    consts = {n: v for t in texts.values() for n, v in re.findall(r'const (\w+) = [`"]([^`"]*)[`"]', t)}
    found = []
    for text in texts.values():
        for q in re.findall(r"`((?:query|mutation)\b[^`]*)`", text):
            found.append(re.sub(r"\$\{(\w+)\}", lambda m: consts.get(m.group(1), "__typename"), q))
    return found


def test_every_explorer_query_is_within_the_cost_limits():
    from graphql import parse

    from api.cost import measure
    from api.schema import MAX_DEPTH, MAX_FIELDS, schema

    queries = _explorer_queries()
    assert len(queries) >= 5
    for query in queries:
        # the largest page and cap the explorer may ask for
        cost = measure(schema._schema, parse(query), variables={"cap": 500, "first": 100})
        assert cost.fields <= MAX_FIELDS and cost.depth <= MAX_DEPTH, (query, cost)
