"""Governments never mix: keys of another government are refused, a record held by one government is never
taken over by a load for another, and no relationship joins two governments."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from loaderkit import count, sample_rows, write_csv

from loaders import load_directory

pytestmark = pytest.mark.neo4j


def _write(extract: Path, gov: str, prefix: str) -> None:
    """Parcels keyed by PNU, and assessments on them with keys that carry no government code."""
    parcels = sample_rows("real_estate", "parcels", 4, gov=gov)
    assessments = sample_rows("local_tax", "assessments", 4, gov=gov)
    for i, row in enumerate(assessments):
        row.update(assessment_no=f"{prefix}-AS-{i}", taxpayer_no=f"{prefix}-TX-{i}", approved_by="",
                   pnu=parcels[i]["pnu"], building_no=f"BLD-{i}")
    for system in ("real_estate", "local_tax"):
        (extract / system).mkdir(exist_ok=True)
    write_csv(extract / "real_estate" / "parcels.csv", list(parcels[0]), parcels)
    write_csv(extract / "local_tax" / "assessments.csv", list(assessments[0]), assessments)


def _govs(db) -> dict[str, int]:
    with db.session() as session:
        return {r["gov"]: r["n"] for r in session.run("MATCH (n) RETURN n.gov AS gov, count(n) AS n")}


def test_a_second_government_takes_nothing_over(db, tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir(), second.mkdir()
    _write(first, "43118", "AS")
    summary = load_directory(first, gov="43118", quarantine_dir=tmp_path / "q")
    assert summary.loaded == 8 and summary.quarantined == 0
    before = _govs(db)
    assert set(before) == {"43118"}
    # The same file under another government: every row names a record 43118 holds.
    again = load_directory(first, gov="43119", quarantine_dir=tmp_path / "q")
    assert (again.loaded, again.quarantined) == (0, 8)
    with open(again.file("real_estate/parcels").quarantine, encoding="utf-8") as handle:
        assert all("government 43118" in r["refusal_reason"] for r in csv.DictReader(handle))
    assert _govs(db) == before
    # New facts of 43119 on the same parcel numbers: they load, without joining 43118's parcel records.
    _write(second, "43118", "OTHER")  # the same parcel numbers and building numbers
    (second / "real_estate" / "parcels.csv").unlink()
    (second / "real_estate").rmdir()
    result = load_directory(second, gov="43119", quarantine_dir=tmp_path / "q").file("local_tax/assessments")
    assert (result.loaded, result.quarantined) == (4, 0) and result.warnings == 8  # a parcel and a building each
    assert _govs(db)["43118"] == before["43118"]
    assert count(db, "MATCH (a)-[]-(b) WHERE a.gov <> b.gov RETURN count(*)") == 0
    assert count(db, "MATCH (t:TaxAssessment {gov: '43119'})-[:ON_PARCEL]->() RETURN count(*)") == 0


def test_rows_keyed_or_referring_to_another_government_are_refused(db, extract: Path, tmp_path: Path) -> None:
    rows = sample_rows("local_tax", "refunds", 6, gov="43119")
    rows[1]["refund_no"] = "43111-RF-0000001"
    rows[2]["taxpayer_no"] = "43111-TX-0000002"
    rows[3]["processed_by"] = "43111-HR-0000003"
    (extract / "local_tax").mkdir()
    write_csv(extract / "local_tax" / "refunds.csv", list(rows[0]), rows)
    result = load_directory(extract, gov="43119", quarantine_dir=tmp_path / "q").file("local_tax/refunds")
    assert (result.loaded, result.quarantined) == (3, 3)
    with open(result.quarantine, encoding="utf-8") as handle:
        reasons = {int(r["source_line"]): r["refusal_reason"] for r in csv.DictReader(handle)}
    assert sorted(reasons) == [3, 4, 5] and all("government 43111" in r for r in reasons.values())
    assert count(db, "MATCH (n) WHERE n.source_key STARTS WITH '43111' RETURN count(n)") == 0


def test_the_writer_itself_never_reassigns_a_record(db) -> None:
    from graph.writer import GraphWriter

    writer = GraphWriter(db, batch_size=10)
    row = {"system": "local_tax", "source_key": "P-1", "name": "김민준"}
    assert writer.merge_nodes("PersonRecord", [{**row, "gov": "43118"}]) == 1
    assert writer.merge_nodes("PersonRecord", [{**row, "gov": "43119", "name": "박서준"}]) == 0
    assert writer.held_elsewhere("PersonRecord", "local_tax", ["P-1", "P-2"], "43119") == {"P-1": "43118"}
    assert count(db, "MATCH (n:PersonRecord {gov: '43118', name: '김민준'}) RETURN count(n)") == 1
