"""The SDL kept in the repository is the schema the code builds; GraphiQL and the health check are served."""

from __future__ import annotations

import httpx
import pytest

from api.cli import SDL_PATH
from api.schema import sdl


def test_sdl_in_the_repository_matches_the_code():
    assert SDL_PATH.read_text(encoding="utf-8") == sdl(), (
        "api/schema.graphql is out of date: run `chungbaek api schema --write` and commit it")


def test_amounts_are_not_32_bit_ints():
    text = sdl()
    assert "amount: KRW" in text and "imposedKrw: KRW!" in text


@pytest.mark.neo4j
def test_health_and_no_graphiql_by_default(server):
    assert httpx.get(server.url + "/healthz").json() == {"status": "ok"}
    page = httpx.get(server.url + "/graphql", headers={"Accept": "text/html"})
    assert "graphiql" not in page.text.lower()
