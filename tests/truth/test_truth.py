"""The truth test: on a town from our own generator, every planted case of every scenario is found and no
lawful look-alike (truth/decoys.csv) raises a finding. One test per scenario, so a failure names the
scenario with the evidence of what was missed or wrongly raised."""

from __future__ import annotations

import json

import pytest

from detectors.scenario import load_catalog

IDS = sorted(s.id for s in load_catalog())


@pytest.mark.neo4j
@pytest.mark.slow
@pytest.mark.parametrize("sid", IDS)
def test_every_plant_found_and_no_decoy_raised(truth_report, sid):
    row = truth_report["scenarios"][sid]
    assert row["status"] == "ok", f"{sid} did not run: {row['error']}"
    assert row["planted"] > 0, f"{sid}: the generator planted no case of it in {truth_report['dir']}"
    assert not row["missed"], (f"{sid}: {len(row['missed'])} of {row['planted']} planted cases missed; "
                               f"their evidence: {json.dumps(row['missed'][:5], ensure_ascii=False)}")
    assert not row["decoys_hit"], (f"{sid}: {len(row['decoys_hit'])} decoys raised: "
                                   f"{json.dumps(row['decoys_hit'][:5], ensure_ascii=False)}")
