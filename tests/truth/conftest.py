"""A small town from our generator, loaded, linked and detected once per session, scored against its truth
files with the scoring of `chungbaek bench detect` (tools/bench/detect.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

TOWN = {"residents": 2000, "seed": 53, "gov": "41281"}


@pytest.fixture(scope="session")
def truth_report(neo4j_driver: Any, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Per scenario: planted, found, every missed case, every decoy raised (bench.detect.score rows)."""
    from testkit import fresh_graph

    from bench.detect import read_truth, score
    from core.connection import get_driver
    from detectors.runner import run_batch
    from detectors.scenario import load_catalog
    from detectors.store import list_findings
    from generator import generate
    from linkage.link import link_all
    from linkage.reconcile import reconcile
    from loaders.load import load_directory

    # the current shared driver, not the session's first one: `load --initial` (tests/shell) replaces the
    # database, and a driver that remembers bookmarks of the old one waits for them in vain
    driver = get_driver()
    out: Path = tmp_path_factory.mktemp("truth") / "town"
    generate(TOWN["residents"], TOWN["seed"], out, TOWN["gov"], progress=False)
    fresh_graph(driver)
    load_directory(out, gov=TOWN["gov"], quarantine_dir=out.parent / "quarantine")
    link_all(TOWN["gov"], driver=driver)
    reconcile(TOWN["gov"], driver=driver)
    catalog = load_catalog()
    summary = run_batch(driver, catalog, gov=TOWN["gov"], user="truth-test")
    rows = score(catalog, summary, list_findings(driver, run_id=summary.run_id),
                 read_truth(out / "truth" / "planted_cases.csv"), read_truth(out / "truth" / "decoys.csv"))
    return {"dir": out, "scenarios": {r["scenario_id"]: r for r in rows}}
