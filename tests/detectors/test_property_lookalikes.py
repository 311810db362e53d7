"""The land, building, permit and duty scenarios on their look-alikes (tests/detectors/lookalikes_property.py):
each case's graph is written under its own government and its scenario runs through the real runner."""

from __future__ import annotations

import pytest

from detectors.runner import run_batch
from detectors.scenario import load_catalog
from detectors.store import list_findings
from graph.writer import GraphWriter
from tests.detectors.graphs import G
from tests.detectors.lookalikes_property import CASES

CATALOG = {s.id: s for s in load_catalog()}


def gov_of(i: int) -> str:
    return f"9{i:04d}"


@pytest.fixture(scope="module")
def graphs(neo4j_driver):
    from testkit import fresh_graph

    fresh_graph(neo4j_driver)
    writer = GraphWriter(neo4j_driver, concurrency=1)
    keys = []
    for i, c in enumerate(CASES):
        g = G(gov_of(i))
        keys.append(c.build(g))
        g.official(CATALOG[c.sid].area)  # the unit handling the area: responsible for omissions
        g.write(writer)
    return neo4j_driver, keys


def test_every_owned_scenario_has_lookalikes():
    owned = {c.sid for c in CASES}
    assert {"TAX-RES-PROPERTY-330", "TAX-ACQ-USE-APPROVAL", "TAX-ACQ-ILLEGAL-BUILDING", "TAX-ACQ-PUBLIC-LAND",
            "TAX-ACQ-HEAVY-BAR", "TAX-ACQ-REALNAME", "DUTY-ROAD-OCCUPANCY", "DUTY-RIVER-OCCUPANCY",
            "DUTY-RIVER-SURFACE-OCCUPANCY", "DUTY-PUBLIC-PROPERTY-OCCUPANCY", "DUTY-FOOD-SANITATION-FINE",
            "DUTY-LATE-REGISTRATION", "DUTY-DEVELOPMENT-CHARGE"} <= owned


@pytest.mark.parametrize("i", range(len(CASES)), ids=[f"{c.sid}: {c.name}" for c in CASES])
def test_lookalike(graphs, i):
    driver, keys = graphs
    c = CASES[i]
    run = run_batch(driver, [CATALOG[c.sid]], gov=gov_of(i), user="test")
    assert [r.status for r in run.results] == ["ok"], [r.error for r in run.results]
    found = list_findings(driver, run_id=run.run_id)
    if c.flagged:
        assert any(keys[i] in f["evidence_keys"] for f in found), found
    else:
        assert found == [], f"{c.name}: raised {found}"
