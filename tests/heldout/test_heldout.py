"""The held-out town: a 500-resident extract passes the contract check and loads into a real Neo4j without
refusing a row, every planted and decoy evidence fact in the graph; the person file has its truth."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from heldout.check import check
from heldout.extract import extract
from heldout.persons import persons, truth_path


@pytest.mark.neo4j
@pytest.mark.slow
def test_small_extract_checks_and_loads_without_quarantine(db: object, tmp_path: Path) -> None:
    from loaders.load import load_directory

    out = tmp_path / "town"
    stats = extract(500, 3, "41281", out)
    assert stats["planted"] >= 29 * 2 and stats["decoys"] >= 29
    report = check(out)
    assert report["ok"], (report["errors"], [f for f in report["files"] if f["refused"]])
    summary = load_directory(out, gov="41281", quarantine_dir=tmp_path / "q")
    loaded = [f for f in summary.files if f.status == "loaded"]
    assert len({f.system for f in loaded}) == 10
    refused = {f.file: f.quarantined for f in loaded if f.quarantined}
    assert not refused, refused
    keys = []
    for name in ("planted_cases.csv", "decoys.csv"):
        with (out / "truth" / name).open(encoding="utf-8", newline="") as fh:
            keys += [k.split(":", 1) for row in csv.DictReader(fh) for k in row["evidence_keys"].split(";")]
    with db.session() as session:  # type: ignore[attr-defined]
        found = {(r["s"], r["k"]) for r in session.run(
            "UNWIND $pairs AS p MATCH (n {system: p[0], source_key: p[1]}) RETURN n.system AS s, n.source_key AS k",
            pairs=keys)}
    lost = [k for k in keys if tuple(k) not in found]
    assert not lost, lost[:5]


def test_person_file_has_truth_for_every_record(tmp_path: Path) -> None:
    out = tmp_path / "people.csv"
    stats = persons(300, 5, out)
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    with truth_path(out).open(encoding="utf-8", newline="") as fh:
        truth = {r["id"]: r["person_id"] for r in csv.DictReader(fh)}
    assert len(rows) == stats["records"] == len(truth)
    assert {r["id"] for r in rows} == set(truth)
    assert 1.5 < len(rows) / 300 < 2.0
    assert sum(1 for r in rows if r["rrn_key"]) < len(rows) * 0.3
