"""The held-out town: a 500-resident extract passes the contract check (for the government its keys name, not
its directory's name) and loads into a real Neo4j without refusing a row, every planted and decoy evidence
fact in the graph; the person file has its truth."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from heldout.check import check, government
from heldout.extract import extract
from heldout.persons import persons, truth_path


@pytest.mark.neo4j
@pytest.mark.slow
def test_small_extract_checks_and_loads_without_quarantine(db: object, tmp_path: Path) -> None:
    from loaders.load import load_directory

    out = tmp_path / "town"
    stats = extract(500, 3, "41281", out)
    assert stats["planted"] >= 29 * 2 and stats["decoys"] >= 29
    report = check(out)  # the directory is named "town": the government comes from the extract's keys
    assert report["gov"] == "41281"
    assert report["ok"], (report["errors"], [f for f in report["files"] if f["refused"]])
    other = check(out, "41110")  # as the loader does, rows keyed for 41281 are refused in a check for 41110
    assert not other["ok"]
    assert any("is a key of government 41281" in reason for f in other["files"] for reason, _ in f["reasons"])
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


def test_check_says_when_it_cannot_tell_the_government(tmp_path: Path) -> None:
    (tmp_path / "local_tax").mkdir()
    (tmp_path / "local_tax" / "assessments.csv").write_text("assessment_no,tax_type\nA-1,acquisition\n",
                                                            encoding="utf-8")
    with pytest.raises(ValueError, match="give --gov CODE"):
        government(tmp_path)
    with pytest.raises(ValueError, match="is not 5 digits"):
        government(tmp_path, "4128")
    assert government(tmp_path, "41281") == "41281"
