"""Shared test set-up: one real Neo4j server per run, started here if none is running.

Tests use their own state directory and ports (`.state/test`, Bolt 17687) so that a test run never
touches the data of `make demo`. Each test that asks for `db` starts from an empty graph with the schema.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
os.environ.setdefault("CHUNGBAEK_STATE_DIR", str(REPO / ".state" / "test"))
os.environ.setdefault("CHUNGBAEK_NEO4J_BOLT_PORT", "17687")
os.environ.setdefault("CHUNGBAEK_NEO4J_HTTP_PORT", "17474")
os.environ.setdefault("CHUNGBAEK_NEO4J_HEAP", "1g")
os.environ.setdefault("CHUNGBAEK_NEO4J_PAGECACHE", "1g")
os.environ.setdefault("CHUNGBAEK_HASH_KEY", "test-only-hash-key")

from testkit import fresh_graph  # noqa: E402

from chungbaek import neo4j_server  # noqa: E402
from core.settings import settings  # noqa: E402


@pytest.fixture(scope="session")
def neo4j_driver():
    """The driver of the shared test server (installed and started on first use)."""
    from core.connection import close_drivers, get_driver

    cfg = settings()
    neo4j_server.start(cfg, log=lambda _m: None)
    driver = get_driver(cfg)
    yield driver
    close_drivers()


@pytest.fixture()
def db(neo4j_driver):
    """An empty graph with the schema applied (the current shared driver: `load --initial` replaces it)."""
    from core.connection import get_driver

    driver = get_driver(settings())
    fresh_graph(driver)
    return driver
