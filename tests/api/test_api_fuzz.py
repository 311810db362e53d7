"""Schema-driven fuzzing over real HTTP: queries and mutations generated from api/schema.graphql (hypothesis-
graphql, the generator schemathesis uses for GraphQL) never make the server fail: every answer is a result
or errors with a code, never a 5xx nor an INTERNAL_SERVER_ERROR."""

from __future__ import annotations

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import from_schema, nodes

from api.cli import SDL_PATH

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]

SDL = SDL_PATH.read_text(encoding="utf-8")
SCALARS = {"KRW": st.integers(min_value=0, max_value=10**12).map(nodes.Int)}
FUZZ = settings(max_examples=120, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


def _check(url: str, token: str, document: str) -> None:
    response = httpx.post(url + "/graphql", json={"query": document},
                          headers={"Authorization": f"Bearer {token}"}, timeout=60)
    assert response.status_code < 500, (document, response.text)
    body = response.json()
    for error in body.get("errors") or []:
        code = (error.get("extensions") or {}).get("code")
        assert code and code != "INTERNAL_SERVER_ERROR", (document, error)
        assert "Traceback" not in error["message"]


def test_fuzz_queries(server, world):
    @FUZZ
    @given(document=from_schema(SDL, custom_scalars=SCALARS))
    def run(document: str) -> None:
        _check(server.url, world.auditor, document)

    run()


def test_fuzz_mutations(server, world):
    @FUZZ
    @given(document=from_schema(SDL, custom_scalars=SCALARS, fields=[
        "login", "acknowledgeCase", "actOnCase", "excludeCase", "commentCase", "closeCase", "startDetectorRun"]))
    def run(document: str) -> None:
        _check(server.url, world.supervisor, document)

    run()
