"""Loading extracts into the real Neo4j: counts reconcile, reloads change nothing, bad rows are quarantined
with line and reason, CP949 and Parquet load, an unusable file does not stop the others."""

from __future__ import annotations

import csv
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from loaderkit import count, only, sample_rows, totals, write_csv

from loaders import load_directory
from loaders.sample import rrn, write_sample_extract

pytestmark = pytest.mark.neo4j
GOV = "41110"


def test_all_ten_systems_load_reconcile_and_reload_unchanged(db, extract: Path, tmp_path: Path) -> None:
    write_sample_extract(extract, rows=12, gov=GOV)
    (extract / "truth").mkdir()
    (extract / "truth" / "entities.csv").write_text("system,source_key,entity_kind,entity_id\n")
    summary = load_directory(extract, gov=GOV, quarantine_dir=tmp_path / "q")
    loaded = [f for f in summary.files if f.status == "loaded"]
    assert summary.ok and len(loaded) == 38 and {f.system for f in loaded} == {
        "local_tax", "local_duties", "local_finance", "saeol", "local_hr", "construction", "real_estate",
        "welfare", "bank", "cards"}
    for f in loaded:
        assert f.rows_in == f.loaded + f.quarantined == 12, f.file
        assert f.quarantined == 0 and not f.unresolved, (f.file, f.unresolved)
    assert next(f for f in summary.files if f.file == "truth/").status == "skipped"
    # Node counts agree with the summary: one fact per loaded row of the fact files ...
    for label, system, stem in [("TaxAssessment", "local_tax", "assessments"), ("Payment", "local_finance", "payments"),
                                ("CardApproval", "cards", "approvals"), ("BankTransfer", "bank", "transfers")]:
        assert count(db, f"MATCH (n:{label} {{system: $s}}) RETURN count(n)", s=system) == summary.file(
            f"{system}/{stem}").loaded
    # ... and officials, relatives and deceased are the PersonRecords of local_hr and welfare deaths.
    assert count(db, "MATCH (n:PersonRecord {system: 'local_hr'}) RETURN count(n)") == 24
    assert count(db, "MATCH (n:Employment)-[:EMPLOYEE]->(:PersonRecord {role: 'official'}) RETURN count(n)") == 12
    assert count(db, "MATCH (n) WHERE n.gov IS NULL RETURN count(n)") == 0
    # The clear resident numbers are nowhere in the graph (the sample gives row i the number rrn(i)).
    clear = [form for i in range(12) for form in (rrn(i), rrn(i).replace("-", ""))]
    assert count(db, "MATCH (n) UNWIND keys(n) AS k WITH n[k] AS v WHERE v IS :: STRING "
                     "AND any(c IN $clear WHERE v CONTAINS c) RETURN count(*)", clear=clear) == 0
    assert count(db, "MATCH (n:PersonRecord) WHERE n.rrn_hash IS NOT NULL RETURN count(n)") > 0
    before = totals(db)
    again = load_directory(extract, gov=GOV, quarantine_dir=tmp_path / "q")
    assert totals(db) == before
    assert [(f.file, f.loaded) for f in again.files] == [(f.file, f.loaded) for f in summary.files]


def _taxpayer_header() -> list[str]:
    return list(sample_rows("local_tax", "taxpayers", 1)[0])


def _malformed(i: int, good: dict, header: list[str]) -> tuple[list[str] | dict, str]:
    """One of several kinds of broken taxpayer row, and a word the reason must contain."""
    row = dict(good)
    row["taxpayer_no"] = f"{GOV}-BAD-{i:07d}"
    match i % 10:
        case 0:
            row["name"] = ""
            return row, "name"
        case 1:
            row["taxpayer_type"] = "alien"
            return row, "taxpayer_type"
        case 2:
            row["taxpayer_no"] = f"{GOV} BAD {i}"
            return row, "taxpayer_no"
        case 3:
            row["taxpayer_no"] = "NULL"
            return row, "taxpayer_no"
        case 4:
            row["name"] = "12345"
            return row, "name"
        case 5:
            return [str(row[c]) for c in header][:-3], "fields"  # a short record
        case 6:
            return [*[str(row[c]) for c in header], "extra", "fields"], "fields"  # a long record
        case 7:
            row["taxpayer_no"] = "41110-TAXPAYERS-0000001"  # the key of a good row, again
            return row, "duplicate"
        case 8:
            row["taxpayer_type"] = ""
            return row, "taxpayer_type"
        case _:
            row["name"] = "   "
            return row, "name"


def test_good_rows_load_and_exactly_the_1000_bad_ones_are_quarantined(db, extract: Path, tmp_path: Path) -> None:
    header = _taxpayer_header()
    good = sample_rows("local_tax", "taxpayers", 300)
    # Some good rows carry unusable optional values: they load, the value is dropped with a warning.
    good[10]["brn"] = "220-81-62518"
    good[11]["rrn"] = "851301-1234566"
    rng = random.Random(5)
    rows: list[tuple[list[str] | dict, str | None]] = [(g, None) for g in good]
    for i in range(1000):
        rows.append(_malformed(i, good[1 + i % 299], header))
    rng.shuffle(rows)
    # keep the first row with the duplicated key before any duplicate of it
    rows.sort(key=lambda r: not (isinstance(r[0], dict) and r[0].get("taxpayer_no") == "41110-TAXPAYERS-0000001"
                                 and r[1] is None))
    folder = extract / "local_tax"
    folder.mkdir()
    expected_bad: dict[int, str] = {}
    with (folder / "taxpayers.csv").open("w", encoding="utf-8", newline="") as handle:
        w = csv.writer(handle)
        w.writerow(header)
        for line, (row, problem) in enumerate(rows, start=2):
            w.writerow(row if isinstance(row, list) else [row[c] for c in header])
            if problem:
                expected_bad[line] = problem
    summary = load_directory(extract, gov=GOV, quarantine_dir=tmp_path / "q")
    result = summary.file("local_tax/taxpayers")
    assert (result.rows_in, result.loaded, result.quarantined) == (1300, 300, 1000)
    assert result.warnings == 2
    assert count(db, "MATCH (n:Record {system: 'local_tax'}) RETURN count(n)") == 300
    with open(result.quarantine, encoding="utf-8") as handle:
        quarantined = {int(r["source_line"]): r["refusal_reason"] for r in csv.DictReader(handle)}
    assert set(quarantined) == set(expected_bad)
    for line, word in expected_bad.items():
        assert word in quarantined[line], (line, quarantined[line])
    # No resident number is in clear in the quarantine or the warnings file.
    text = Path(result.quarantine).read_text(encoding="utf-8") + Path(result.warnings_file).read_text(encoding="utf-8")
    for row in good:
        assert row["rrn"] not in text and row["rrn"].replace("-", "") not in text
    assert "851301-1234566" not in text


def test_every_rule_of_a_contract_refuses_what_it_should(db, extract: Path, tmp_path: Path) -> None:
    """One row per rule of the refunds contract; each is refused with the column in its reason."""
    good = sample_rows("local_tax", "refunds", 1)[0]
    broken = {
        "refund_no": "", "taxpayer_no": "has spaces in it", "refund_date": "2024-02-30", "amount": "12.5원",
        "bank_code": "999", "account_no": "12-34",
    }
    rows = [{**good, "refund_no": f"{GOV}-RF-{i}", column: value} for i, (column, value) in
            enumerate(broken.items())]
    write_csv((extract / "local_tax").mkdir() or extract / "local_tax" / "refunds.csv", list(good), rows)
    result = load_directory(extract, gov=GOV, quarantine_dir=tmp_path / "q").file("local_tax/refunds")
    assert (result.loaded, result.quarantined) == (0, len(broken))
    with open(result.quarantine, encoding="utf-8") as handle:
        reasons = [r["refusal_reason"] for r in csv.DictReader(handle)]
    for reason, column in zip(reasons, broken, strict=True):
        assert reason.startswith(column + ":"), reason


def test_cp949_file_loads_with_its_korean_words(db, extract: Path, tmp_path: Path) -> None:
    rows = sample_rows("local_tax", "taxpayers", 20)
    for i, row in enumerate(rows):
        row["taxpayer_type"] = "개인" if i % 2 == 0 else "법인"
        row["name"] = "홍 길동" if i % 2 == 0 else "(주)한빛건설"
    (extract / "local_tax").mkdir()
    write_csv(extract / "local_tax" / "taxpayers.csv", list(rows[0]), rows, encoding="cp949")
    with pytest.raises(UnicodeDecodeError):
        (extract / "local_tax" / "taxpayers.csv").read_text(encoding="utf-8")
    result = load_directory(extract, gov=GOV, quarantine_dir=tmp_path / "q").file("local_tax/taxpayers")
    assert (result.encoding, result.loaded, result.quarantined) == ("cp949", 20, 0)
    assert count(db, "MATCH (n:PersonRecord {name: '홍길동', role: 'taxpayer'}) RETURN count(n)") == 10
    assert count(db, "MATCH (n:BusinessRecord {name: '(주)한빛건설'}) RETURN count(n)") == 10


def test_parquet_loads_like_csv(db, extract: Path, tmp_path: Path) -> None:
    write_sample_extract(extract, rows=15, gov=GOV, fmt="parquet", known=only("welfare"))
    summary = load_directory(extract, gov=GOV, quarantine_dir=tmp_path / "q")
    assert [(f.file, f.loaded) for f in summary.files] == [
        ("welfare/recipients.parquet", 15), ("welfare/payments.parquet", 15), ("welfare/deaths.parquet", 15)]
    assert count(db, "MATCH (:WelfarePayment)-[:INTO_ACCOUNT]->(a:AccountRecord {system: 'welfare'}) "
                     "RETURN count(DISTINCT a)") > 0


def test_references_resolve_in_any_file_order_and_dangling_ones_are_counted(db, extract: Path,
                                                                             tmp_path: Path) -> None:
    # assessments.csv is read before nothing it refers to exists yet; taxpayers come later in the same load.
    payers = sample_rows("local_tax", "taxpayers", 10)
    assessments = sample_rows("local_tax", "assessments", 10)
    for i, row in enumerate(assessments):
        row["taxpayer_no"] = payers[i]["taxpayer_no"] if i < 7 else f"{GOV}-NOBODY-{i}"
        row["approved_by"] = ""
    (extract / "local_tax").mkdir()
    write_csv(extract / "local_tax" / "assessments.csv", list(assessments[0]), assessments)
    write_csv(extract / "local_tax" / "taxpayers.csv", list(payers[0]), payers)
    result = load_directory(extract, gov=GOV, quarantine_dir=tmp_path / "q").file("local_tax/assessments")
    assert result.loaded == 10
    assert result.unresolved == {"TAXPAYER->local_tax:PersonRecord|BusinessRecord": 3}
    assert count(db, "MATCH (:TaxAssessment)-[:TAXPAYER]->(:Record) RETURN count(*)") == 7


def test_unusable_files_are_reported_and_the_others_load(db, extract: Path, tmp_path: Path) -> None:
    write_sample_extract(extract, rows=5, gov=GOV, known=only("local_tax"))
    rows = sample_rows("local_tax", "taxpayers", 5)
    columns = [c for c in rows[0] if c != "name"]
    write_csv(extract / "local_tax" / "taxpayers.csv", columns, rows)
    (extract / "parking").mkdir()
    (extract / "local_tax" / "penalties.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (extract / "local_tax" / "README.md").write_text("notes", encoding="utf-8")
    summary = load_directory(extract, gov=GOV, quarantine_dir=tmp_path / "q")
    status = {f.file: f.status for f in summary.files}
    assert status["local_tax/taxpayers.csv"] == "unusable"
    assert "missing required column name" in summary.file("local_tax/taxpayers").message
    assert status["parking/"] == status["local_tax/penalties.csv"] == "unusable"
    assert status["local_tax/README.md"] == "skipped"
    assert all(status[f"local_tax/{s}.csv"] == "loaded" for s in ("assessments", "refunds", "reductions"))
    assert not summary.ok
    assert count(db, "MATCH (n:TaxAssessment) RETURN count(n)") == 5


def test_cli_prints_json_and_exits_non_zero_only_for_unusable_files(db, extract: Path, tmp_path: Path) -> None:
    write_sample_extract(extract, rows=5, gov=GOV, known=only("cards"))
    command = [str(Path(sys.executable).with_name("chungbaek")), "load", str(extract), "--gov", GOV,
               "--json", "--quarantine-dir", str(tmp_path / "q"), "--batch-size", "2"]
    done = subprocess.run(command, capture_output=True, text=True, env=os.environ.copy(), timeout=120)
    assert done.returncode == 0, done.stderr
    listing = json.loads(done.stdout)
    assert {(f["file"], f["system"], f["rows_in"], f["loaded"], f["quarantined"]) for f in listing} == {
        ("cards/cards.csv", "cards", 5, 5, 0), ("cards/approvals.csv", "cards", 5, 5, 0)}
    (extract / "cards" / "approvals.csv").write_text("approval_no\nX1\n", encoding="utf-8")
    done = subprocess.run(command[:-4], capture_output=True, text=True, env=os.environ.copy(), timeout=120)
    assert done.returncode == 1
    assert "cards/approvals.csv" in done.stderr and "Traceback" not in done.stderr


def test_government_code_comes_from_the_source_keys_when_not_given(db, extract: Path, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CHUNGBAEK_GOVERNMENT", raising=False)
    write_sample_extract(extract, rows=3, gov="41190", known=only("cards"))
    summary = load_directory(extract, quarantine_dir=tmp_path / "q")
    assert summary.gov == "41190"
    assert count(db, "MATCH (n:CardApproval {gov: '41190'}) RETURN count(n)") == 3
