"""`load --initial` builds the same graph as a Bolt load of the same extract, and refuses a non-empty
graph without --replace (the graph is then untouched)."""

from __future__ import annotations

import pytest

from chungbaek.initial_import import InitialImportError, initial_load
from core.connection import get_driver
from generator.generate import generate
from graph.read import label_counts, read
from loaders.load import load_directory

pytestmark = pytest.mark.neo4j
SAMPLE = ("MATCH (n:Record) WITH n ORDER BY n.system, n.source_key SKIP 7 LIMIT 300 "
          "RETURN n.system AS s, n.source_key AS k, properties(n) AS p, labels(n) AS l")


def _sample(db) -> list[dict]:
    # A node's labels come back in storage order, which the import tool and MERGE write differently.
    return [{**row, "l": sorted(row["l"])} for row in read(SAMPLE, db)]


def _graph(db) -> tuple:
    rels = {r["t"]: r["c"] for r in read("MATCH ()-[r]->() RETURN type(r) AS t, count(*) AS c", db)}
    return label_counts(db), rels, _sample(db)


def test_initial_import_equals_a_bolt_load(db, tmp_path):
    extract = tmp_path / "m"
    generate(1500, 11, extract, "41110", progress=False)
    bolt = load_directory(extract, gov="41110", quarantine_dir=tmp_path / "q1")
    before = _graph(db)
    with pytest.raises(InitialImportError, match="--replace"):
        initial_load(extract, "41110", tmp_path / "q2", False)
    assert _graph(db)[0] == before[0]
    offline = initial_load(extract, "41110", tmp_path / "q3", True)
    assert (offline.rows_in, offline.loaded, offline.quarantined) == (bolt.rows_in, bolt.loaded, bolt.quarantined)
    after = _graph(get_driver())  # the import restarted the server: a new driver
    assert after[0] == before[0] and after[1] == before[1]
    assert after[2] == before[2] and len(after[2]) == 300
