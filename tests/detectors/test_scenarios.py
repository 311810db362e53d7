"""Every scenario fires on its tiny positive graph and stays silent on its tiny negative one.

All fixture graphs are written once into one database, each under its own government code, and each
scenario runs through the real runner (DetectorRun, findings, evidence) for its two governments.
"""

from __future__ import annotations

import pytest

from detectors.runner import run_batch
from detectors.scenario import load_catalog
from detectors.store import list_findings
from graph.writer import GraphWriter
from tests.detectors.fixtures import BUILDERS
from tests.detectors.graphs import G

CATALOG = {s.id: s for s in load_catalog()}
IDS = sorted(BUILDERS)
INTERFACE_IDS = {
    "TAX-ACQ-USE-APPROVAL", "TAX-ACQ-PUBLIC-LAND", "TAX-ACQ-ILLEGAL-BUILDING", "TAX-ACQ-HEAVY-BAR",
    "TAX-RES-PROPERTY-330", "TAX-ACQ-REALNAME", "TAX-REFUND-OTHER-ACCOUNT", "TAX-REFUND-DEAD",
    "DUTY-ROAD-OCCUPANCY", "DUTY-RIVER-OCCUPANCY", "DUTY-RIVER-SURFACE-OCCUPANCY", "DUTY-PUBLIC-PROPERTY-OCCUPANCY",
    "DUTY-FOOD-SANITATION-FINE", "DUTY-LATE-REGISTRATION", "DUTY-DEVELOPMENT-CHARGE", "HR-PAY-AFTER-RETIREMENT",
    "HR-PAYROLL-OTHER-ACCOUNT", "HR-PAYROLL-WELFARE-ACCOUNT", "WEL-PAID-AFTER-DEATH", "WEL-OTHER-ACCOUNT",
    "FIN-DUPLICATE-PAYMENT", "FIN-CONTRACT-RELATED-OFFICIAL", "FIN-LOGIN-SHARED-PC", "FIN-TRANSFER-MISMATCH",
    "CARD-LATE-NIGHT", "CARD-HOLIDAY", "CARD-BANNED-MERCHANT", "CARD-SPLIT-PAYMENT", "TAX-REDUCTION-SELF",
}


def gov_of(sid: str, pos: bool) -> str:
    return f"8{IDS.index(sid):02d}0{1 if pos else 2}"


@pytest.fixture(scope="module")
def fixtures(neo4j_driver):
    from testkit import fresh_graph

    fresh_graph(neo4j_driver)
    writer = GraphWriter(neo4j_driver, concurrency=1)
    expected: dict[tuple[str, bool], str] = {}
    for sid in IDS:
        for pos in (True, False):
            g = G(gov_of(sid, pos))
            expected[(sid, pos)] = BUILDERS[sid](g, pos)
            g.official(CATALOG[sid].area)  # the unit handling the area: responsible for omissions
            g.write(writer)
    return neo4j_driver, expected


def test_catalog_covers_every_interface_id():
    assert set(CATALOG) == INTERFACE_IDS
    assert set(BUILDERS) == INTERFACE_IDS


@pytest.mark.parametrize("sid", IDS)
def test_fires_on_positive_not_on_negative(fixtures, sid):
    driver, expected = fixtures
    scenario = CATALOG[sid]
    pos = run_batch(driver, [scenario], gov=gov_of(sid, True), user="test")
    neg = run_batch(driver, [scenario], gov=gov_of(sid, False), user="test")
    assert [r.status for r in pos.results + neg.results] == ["ok", "ok"], [r.error for r in pos.results + neg.results]
    found = list_findings(driver, run_id=pos.run_id)
    assert found, f"{sid} found nothing in its positive graph"
    assert any(expected[(sid, True)] in f["evidence_keys"] for f in found), found
    assert all(f["scenario_id"] == sid and f["official_key"] for f in found), found
    assert list_findings(driver, run_id=neg.run_id) == []
