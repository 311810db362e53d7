"""A scenario is its YAML file plus its fixtures: one dropped into a catalog directory of its own shows up
in `chungbaek scenarios`, in the GraphQL `scenarios` query and in a detector run, with nothing else edited."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from apikit import Client, Server
from click.testing import CliRunner

from chungbaek.cli import cli
from core.settings import settings
from detectors.api import run_detectors
from detectors.scenario import SCENARIO_DIR
from detectors.store import list_findings
from graph.writer import GraphWriter

GOV = "49990"
NEW = """\
id: TEST-LARGE-REFUND
title: {en: Refund above a limit, ko: 한도 초과 환급}
area: local_tax
systems: [local_tax]
severity: low
description: >
  A scenario that exists only in this test's catalog: any tax refund of at least the limit.
parameters:
  limit: {type: int, default: 1000000, description: smallest refund reported (KRW)}
query: |
  MATCH (r:TaxRefund {gov: $gov}) WHERE r.amount >= $limit
  RETURN r.system + ':' + r.source_key AS subject_key, null AS subject_name, null AS official_key,
         r.amount AS amount, [r.system + ':' + r.source_key] AS evidence_keys
result:
  subject: subject_key
  subject_name: subject_name
  official: official_key
  amount: amount
  evidence: evidence_keys
  message: "Refund of {amount} KRW."
"""


@pytest.fixture()
def catalog_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    directory = tmp_path / "scenarios"
    shutil.copytree(SCENARIO_DIR, directory)
    (directory / "test_large_refund.yaml").write_text(NEW, encoding="utf-8")
    monkeypatch.setenv("CHUNGBAEK_SCENARIO_DIR", str(directory))
    settings.cache_clear()
    yield directory
    monkeypatch.delenv("CHUNGBAEK_SCENARIO_DIR")
    settings.cache_clear()


def test_a_new_scenario_file_is_listed_served_and_run(catalog_dir, world, neo4j_driver):
    listed = CliRunner().invoke(cli, ["scenarios"])
    assert listed.exit_code == 0, listed.output
    assert "TEST-LARGE-REFUND" in listed.output

    server = Server(workers=1)  # started with this process's environment: the temporary catalog
    try:
        data = Client(server.url, world.auditor).data("{ scenarios { id kind area titleKo } }")
    finally:
        server.stop()
    served = {s["id"]: s for s in data["scenarios"]}
    assert served["TEST-LARGE-REFUND"] == {"id": "TEST-LARGE-REFUND", "kind": "rule", "area": "local_tax",
                                           "titleKo": "한도 초과 환급"}
    assert served["ANOM-OFFICIAL"]["kind"] == "anomaly"

    GraphWriter(neo4j_driver).merge_nodes("TaxRefund", [
        {"system": "local_tax", "source_key": f"{GOV}-TX-R1", "gov": GOV, "amount": 5_000_000},
        {"system": "local_tax", "source_key": f"{GOV}-TX-R2", "gov": GOV, "amount": 10_000},
    ])
    summary = run_detectors(["TEST-LARGE-REFUND"], gov=GOV, user="test", driver=neo4j_driver)
    found = list_findings(neo4j_driver, run_id=summary.run_id, scenario_id="TEST-LARGE-REFUND")
    assert [f["subject_key"] for f in found] == [f"local_tax:{GOV}-TX-R1"]
