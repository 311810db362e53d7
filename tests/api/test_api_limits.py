"""Each limit over real HTTP (depth, tokens, aliases, page sizes, walk sizes), and DataLoaders batching."""

from __future__ import annotations

import asyncio

import pytest
from apikit import codes

from api.context import Context
from api.schema import MAX_ALIASES, MAX_DEPTH, MAX_TOKENS, schema
from cases.users import get_user

pytestmark = pytest.mark.neo4j


def test_query_depth_is_limited(client):
    # The schema has no cycles, so only a malformed query can be this deep: the limit is checked all the same.
    deep = "{ cases { edges { node { evidence { " + "nodes { " * (MAX_DEPTH - 2) + "key" + " }" * (MAX_DEPTH + 2) + " }"
    body = client.gql(deep)
    assert set(codes(body)) == {"GRAPHQL_VALIDATION_FAILED"}
    assert any("depth" in e["message"] for e in body["errors"])
    deepest = "{ cases { edges { node { evidence { nodes { attributes { name } } } } } } }"
    assert not client.gql(deepest).get("errors")


def test_tokens_are_limited(client):
    many = "{ " + " ".join(["me { username }"] * (MAX_TOKENS // 3)) + " }"
    body = client.gql(many)
    assert body.get("errors") and "token" in body["errors"][0]["message"].lower()


def test_aliases_are_limited(client):
    ok = "{ " + " ".join(f"a{i}: me {{ username }}" for i in range(MAX_ALIASES)) + " }"
    assert not client.gql(ok).get("errors")
    too_many = "{ " + " ".join(f"a{i}: me {{ username }}" for i in range(MAX_ALIASES + 1)) + " }"
    body = client.gql(too_many)
    assert body.get("errors") and "alias" in body["errors"][0]["message"].lower()


@pytest.mark.parametrize("query", [
    "{ cases(first: 101) { totalCount } }",
    "{ cases(first: 0) { totalCount } }",
    '{ searchEntities(name: "김철", first: 500) { id } }',
    '{ facts(entityId: "P-1", first: 1000) { truncated } }',
    "{ detectorRuns(first: 101) { runId } }",
    '{ neighbourhood(key: "P-1", depth: 4) { truncated } }',
    '{ neighbourhood(key: "P-1", depth: 0) { truncated } }',
    '{ neighbourhood(key: "P-1", nodeCap: 501) { truncated } }',
    '{ paths(start: "P-1", end: "P-2", maxHops: 11) { truncated } }',
    '{ paths(start: "P-1", end: "P-2", allShortest: true, maxPaths: 26) { truncated } }',
    '{ paths(start: "P-1", end: "P-2", nodeCap: 1000) { truncated } }',
])
def test_sizes_are_limited(client, query):
    body = client.gql(query)
    assert codes(body) == ["LIMIT_EXCEEDED"]
    assert "between" in body["errors"][0]["message"]


def _counting_context(user, calls: dict[str, int]) -> Context:
    """A request context whose loaders count their database round trips."""
    context = Context(None, None, user, token_given=True)
    for name in ("entity", "records", "entity_with_records"):
        loader = getattr(context.loaders, name)
        real = loader.load_fn

        async def counted(ids, real=real, name=name):
            calls[name] = calls.get(name, 0) + 1
            return await real(ids)

        loader.load_fn = counted
    return context


def test_dataloaders_batch_a_whole_list_into_one_query(world, neo4j_driver):
    """Fifteen entity look-ups with their records in one request: one query for entities and records together."""
    calls: dict[str, int] = {}
    context = _counting_context(get_user("aud", neo4j_driver), calls)
    fields = " ".join(f'e{i}: entity(id: "{eid}") {{ id records {{ key }} }}'
                      for i, eid in enumerate(["P-1", "P-2", "B-1", "L-1", "A-1"] * 3))
    result = asyncio.run(schema.execute("{ " + fields + " }", context_value=context))
    assert result.errors is None
    assert result.data["e4"]["records"] == [{"key": "bank:41110-BK-AC1"}, {"key": "local_tax:41110-TX-AC1"}]
    assert calls == {"entity_with_records": 1}


def test_entities_without_records_do_not_load_records(world, neo4j_driver):
    calls: dict[str, int] = {}
    context = _counting_context(get_user("aud", neo4j_driver), calls)
    fields = " ".join(f'e{i}: entity(id: "{eid}") {{ id name }}' for i, eid in enumerate(["P-1", "P-2", "B-1"]))
    result = asyncio.run(schema.execute("{ " + fields + " }", context_value=context))
    assert result.errors is None
    assert result.data["e0"]["id"] == "P-1"
    assert calls == {"entity": 1}
