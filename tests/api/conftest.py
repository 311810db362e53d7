"""Fixtures of the API tests: one server per run, one graph per module (built on the shared test Neo4j)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from apikit import Client, Server, Tokens, build_cases, build_graph, build_users
from testkit import fresh_graph


@pytest.fixture(scope="session")
def server(neo4j_driver) -> Iterator[Server]:
    srv = Server()
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def world(neo4j_driver) -> Tokens:
    """The kit's graph, cases and users, built once per test module."""
    fresh_graph(neo4j_driver)
    build_graph(neo4j_driver)
    build_cases(neo4j_driver)
    return build_users(neo4j_driver)


@pytest.fixture()
def client(server, world) -> Client:
    return Client(server.url, world.auditor)
