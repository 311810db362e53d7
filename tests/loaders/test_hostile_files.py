"""Files that once aborted or silently shortened a load: huge numbers, NUL, unclosed quotes, a CP949 line in a
UTF-8 file, lines of only delimiters, an empty extract, a quarantine path that is a file."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from loaderkit import count, sample_rows, write_csv

from core.errors import ChungBaekError
from loaders import load_directory

pytestmark = pytest.mark.neo4j
GOV = "41110"


def _reasons(path: str | None) -> dict[int, str]:
    with open(path or "", encoding="utf-8") as handle:
        return {int(r["source_line"]): r["refusal_reason"] for r in csv.DictReader(handle)}


def test_values_the_graph_cannot_hold_refuse_their_row_and_the_load_goes_on(db, extract: Path,
                                                                             tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = sample_rows("local_tax", "assessments", 8)
    for row in rows:
        row["approved_by"] = ""
    rows[1]["tax_amount"] = str(1 << 63)
    rows[2]["tax_amount"] = "1" * 30
    rows[3]["tax_base"] = "-" + "9" * 25  # optional, yet a value that cannot be stored refuses the row
    rows[4]["object_address"] = "서울\x00종로"
    (extract / "local_tax").mkdir()
    write_csv(extract / "local_tax" / "assessments.csv", list(rows[0]), rows)
    payers = sample_rows("local_tax", "refunds", 4)
    table = pa.table({**{c: [str(r[c]) for r in payers] for c in payers[0] if c != "amount"},
                      "amount": pa.array([1000, (1 << 64) - 1, 5, 7], pa.uint64())})
    pq.write_table(table, extract / "local_tax" / "refunds.parquet")
    summary = load_directory(extract, gov=GOV, quarantine_dir=tmp_path / "q")
    result = summary.file("local_tax/assessments")
    assert (result.rows_in, result.loaded, result.quarantined) == (8, 4, 4)
    reasons = _reasons(result.quarantine)
    assert sorted(reasons) == [3, 4, 5, 6]
    assert reasons[3].startswith("tax_amount:") and "64-bit" in reasons[3]
    assert reasons[5].startswith("tax_base:") and reasons[6].startswith("object_address:") and "NUL" in reasons[6]
    refunds = summary.file("local_tax/refunds")
    assert (refunds.loaded, refunds.quarantined) == (3, 1) and list(_reasons(refunds.quarantine)) == [2]
    assert count(db, "MATCH (n:TaxAssessment) RETURN count(n)") == 4
    assert count(db, "MATCH (n) UNWIND keys(n) AS k WITH n[k] AS v WHERE v IS :: STRING AND v CONTAINS $nul "
                     "RETURN count(*)", nul="\x00") == 0


def test_an_unclosed_quote_refuses_only_its_line_and_blank_lines_are_counted(db, extract: Path,
                                                                             tmp_path: Path) -> None:
    rows = sample_rows("local_tax", "taxpayers", 12)
    header = list(rows[0])
    (extract / "local_tax").mkdir()
    path = extract / "local_tax" / "taxpayers.csv"
    write_csv(path, header, rows)
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[4] = lines[4].replace(",", ',"', 2)  # line 5: a quote opened and never closed
    lines.insert(8, "," * (len(header) - 1))  # line 9: only delimiters
    lines.insert(10, "")  # line 11: empty
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = load_directory(extract, gov=GOV, quarantine_dir=tmp_path / "q").file("local_tax/taxpayers")
    assert (result.rows_in, result.loaded, result.quarantined, result.blank) == (14, 11, 1, 2)
    assert result.reconciles and result.lines == 14
    reasons = _reasons(result.quarantine)
    assert list(reasons) == [5] and "quot" in reasons[5]
    assert count(db, "MATCH (n:Record {system: 'local_tax'}) RETURN count(n)") == 11


def test_a_cp949_line_in_a_utf8_file_refuses_that_line_only(db, extract: Path, tmp_path: Path) -> None:
    rows = sample_rows("local_tax", "taxpayers", 10)
    for row in rows:
        row["name"] = "김민준"
    (extract / "local_tax").mkdir()
    path = extract / "local_tax" / "taxpayers.csv"
    write_csv(path, list(rows[0]), rows)
    raw = path.read_bytes().split(b"\n")
    raw[3] = raw[3].decode("utf-8").encode("cp949")  # line 4
    raw[6] = raw[6].replace("김".encode(), b"\xff")  # line 7: a byte no encoding has
    path.write_bytes(b"\n".join(raw))
    result = load_directory(extract, gov=GOV, quarantine_dir=tmp_path / "q").file("local_tax/taxpayers")
    assert (result.status, result.encoding, result.loaded, result.quarantined) == ("loaded", "utf-8-sig", 8, 2)
    reasons = _reasons(result.quarantine)
    assert sorted(reasons) == [4, 7] and all("utf-8" in r for r in reasons.values())


def test_an_empty_extract_and_a_quarantine_file_are_errors(db, extract: Path, tmp_path: Path) -> None:
    with pytest.raises(ChungBaekError, match="no extract file"):
        load_directory(extract, gov=GOV, quarantine_dir=tmp_path / "q")
    rows = sample_rows("local_tax", "taxpayers", 2)
    (extract / "local_tax").mkdir()
    write_csv(extract / "local_tax" / "taxpayers.csv", list(rows[0]), rows)
    (tmp_path / "plain").write_text("x")
    with pytest.raises(ChungBaekError, match="is a file"):
        load_directory(extract, gov=GOV, quarantine_dir=tmp_path / "plain")
