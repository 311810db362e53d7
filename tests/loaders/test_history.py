"""A changed source row is kept as a RecordChange (old and new values, the load that changed it); a row
missing from a full extract is marked gone_at_source, never deleted; a reload changes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from loaderkit import count, sample_rows, totals, write_csv

from loaders import load_directory

pytestmark = pytest.mark.neo4j
GOV = "41110"


def test_changes_are_recorded_and_gone_rows_marked(db, extract: Path, tmp_path: Path) -> None:
    rows = sample_rows("local_tax", "taxpayers", 5)
    (extract / "local_tax").mkdir()
    path = extract / "local_tax" / "taxpayers.csv"
    write_csv(path, list(rows[0]), rows)
    load_directory(extract, gov=GOV, quarantine_dir=tmp_path / "q")
    before = totals(db)
    assert load_directory(extract, gov=GOV, quarantine_dir=tmp_path / "q").file("local_tax/taxpayers").changed == 0
    assert totals(db) == before
    old_address, old_phone = rows[1]["address"], rows[1]["phone"]
    rows[1]["address"] = "경기도 수원시 팔달구 효원로 1"
    rows[1]["phone"] = ""
    gone_key = rows[4]["taxpayer_no"]
    write_csv(path, list(rows[0]), rows[:4])
    summary = load_directory(extract, gov=GOV, quarantine_dir=tmp_path / "q", full_extract=True)
    result = summary.file("local_tax/taxpayers")
    assert (result.loaded, result.changed, result.gone) == (4, 1, 1)
    with db.session() as session:
        change = session.run("MATCH (c:RecordChange) RETURN c").single()["c"]
        record = session.run("MATCH (n:Record {source_key: $k}) RETURN n", k=rows[1]["taxpayer_no"]).single()["n"]
        gone = session.run("MATCH (n:Record {source_key: $k}) RETURN n", k=gone_key).single()["n"]
    assert (change["load_id"], change["source_key"], change["gov"]) == (summary.load_id, rows[1]["taxpayer_no"], GOV)
    changes = json.loads(change["changes"])
    assert changes["address"] == [old_address, "경기도 수원시 팔달구 효원로 1"]
    assert changes["phone"][0] is not None and old_phone and changes["phone"][1] is None
    assert record["address"] == "경기도 수원시 팔달구 효원로 1" and "phone" not in record
    assert gone["gone_at_source"] == summary.load_id and gone["gone_at"]
    assert count(db, "MATCH (n:Record {system: 'local_tax'}) WHERE n.gone_at_source IS NULL RETURN count(n)") == 4
    # The row comes back: it is no longer gone.
    write_csv(path, list(rows[0]), rows)
    back = load_directory(extract, gov=GOV, quarantine_dir=tmp_path / "q", full_extract=True)
    assert back.file("local_tax/taxpayers").gone == 0
    assert count(db, "MATCH (n:Record) WHERE n.gone_at_source IS NOT NULL RETURN count(n)") == 0
