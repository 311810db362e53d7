"""`load --initial` builds the same graph as a Bolt load of the same extract, and refuses a non-empty
graph without --replace (the graph is then untouched). An API server, or any process, that read the old
database keeps answering: its driver held bookmarks of transactions the new database has not reached, and
must give them up by itself instead of waiting for them on every request."""

from __future__ import annotations

import time

import httpx
import pytest
from apikit import PASSWORD, Server, build_users
from neo4j import GraphDatabase

from chungbaek.initial_import import InitialImportError, initial_load
from core.connection import execute, get_driver
from core.settings import settings
from detectors.runner import governments
from detectors.store import latest_run, write_run
from detectors.summary import RunSummary
from generator.generate import generate
from graph.read import label_counts, read
from loaders.load import load_directory

pytestmark = pytest.mark.neo4j
# A login reads the user through the shared driver's bookmarks (graph.read); a token look-up would not.
LOGIN = "mutation($u: String!, $p: String!) { login(username: $u, password: $p) { __typename } }"
WELCOME = {"data": {"login": {"__typename": "LoginSuccess"}}}
HANG = 10.0  # seconds: an answer later than this is a hang
SAMPLE = ("MATCH (n:Record) WITH n ORDER BY n.system, n.source_key SKIP 7 LIMIT 300 "
          "RETURN n.system AS s, n.source_key AS k, properties(n) AS p, labels(n) AS l")


def _sample(db) -> list[dict]:
    # A node's labels come back in storage order, which the import tool and MERGE write differently.
    return [{**row, "l": sorted(row["l"])} for row in read(SAMPLE, db)]


def _graph(db) -> tuple:
    rels = {r["t"]: r["c"] for r in read("MATCH ()-[r]->() RETURN type(r) AS t, count(*) AS c", db)}
    return label_counts(db), rels, _sample(db)


def _login(server: Server) -> tuple[dict, float]:
    start = time.monotonic()
    response = httpx.post(server.url + "/graphql", json={"query": LOGIN, "variables": {"u": "aud", "p": PASSWORD}},
                          timeout=HANG)
    return response.json(), time.monotonic() - start


def test_initial_import_equals_a_bolt_load_and_a_running_api_follows(db, tmp_path):
    extract = tmp_path / "m"
    generate(1500, 11, extract, "41110", progress=False)
    bolt = load_directory(extract, gov="41110", quarantine_dir=tmp_path / "q1")
    # More transactions in the old database than the import writes in the new one: what the API server and
    # this process's own driver have seen then lies beyond the new database's last transaction.
    cfg = settings()
    # The driver retries a transient error for max_transaction_retry_time (30 s by default) before our code
    # sees it; a short one keeps the test quick and changes nothing else.
    own = GraphDatabase.driver(cfg.neo4j_uri, auth=(cfg.neo4j_user, cfg.neo4j_password),
                               max_transaction_retry_time=1.0)
    for i in range(400):
        execute(own, "CREATE (:BookmarkProbe {i: $i})", i=i)
    execute(own, "MATCH (p:BookmarkProbe) DELETE p")
    before = _graph(db)
    with pytest.raises(InitialImportError, match="--replace"):
        initial_load(extract, "41110", tmp_path / "q2", False)
    assert _graph(db)[0] == before[0]
    server = Server(workers=1)
    try:
        build_users(db)
        assert _login(server)[0] == WELCOME
        db.execute_query("MATCH (n) WHERE n:User OR n:ApiToken DETACH DELETE n")
        offline = initial_load(extract, "41110", tmp_path / "q3", True)
        assert (offline.rows_in, offline.loaded, offline.quarantined) == (bolt.rows_in, bolt.loaded,
                                                                          bolt.quarantined)
        after = _graph(get_driver())  # the import restarted the server: a new driver
        assert after[0] == before[0] and after[1] == before[1]
        assert after[2] == before[2] and len(after[2]) == 300
        build_users(get_driver())
        body, first = _login(server)
        assert body == WELCOME, body
        body, second = _login(server)
        assert body == WELCOME, body
        assert second < first  # once the old bookmarks are given up, no request waits for them again
        # A detector run through a driver of its own that read the old database: reads and writes go on.
        assert governments(own) == ["41110"]
        write_run(own, RunSummary(run_id="R-after-replace", governments=["41110"], started_at="2026-01-01T00:00:00"))
        assert latest_run(own) == "R-after-replace"
    finally:
        server.stop()
        own.close()
