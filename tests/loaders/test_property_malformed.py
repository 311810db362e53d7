"""Property-based: malformed CSV and Parquet extracts never make the loader raise, never load a malformed
value, lose no good row, and the summary reconciles with the file's physical lines."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from loaderkit import count, sample_rows

from loaders import load_directory

pytestmark = pytest.mark.neo4j
GOV = "41110"
GOOD = sample_rows("local_tax", "refunds", 41)
ANCHOR = GOOD.pop()  # a good first row in UTF-8 Korean: the file is a UTF-8 file with bad lines in it
HEADER = list(GOOD[0])
RRN = "7306041295942"

# Each kind of line: what it does to a good row (as text or bytes), and what the loader must do with it.
BAD = ("huge", "tiny", "thirty_digits", "nul", "unclosed_quote", "cp949_line", "bad_byte", "too_many",
       "too_few", "accounting_negative", "other_government")
BLANK = ("empty", "delimiters")
GOOD_KINDS = ("good", "good_rrn_in_text", "good_quoted_newline")
KINDS = BAD + BLANK + GOOD_KINDS

settings.register_profile("loaders", max_examples=12, deadline=None,
                          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def _line(values: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(values)
    return out.getvalue()


def _make(kind: str, row: dict[str, str], big: int) -> bytes:
    row = dict(row)
    if kind == "huge":
        row["amount"] = str((1 << 63) + big)
    elif kind == "tiny":
        row["amount"] = str(-(1 << 63) - 1 - big)
    elif kind == "thirty_digits":
        row["amount"] = "9" * 30
    elif kind == "nul":
        row["holder_name"] = "김\x00민준"
    elif kind == "accounting_negative":
        row["amount"] = "(5,000)"  # refunds.amount says negative: refuse
    elif kind == "other_government":
        row["refund_no"] = row["refund_no"].replace(GOV, "43111", 1)
    elif kind == "good_rrn_in_text":
        row["reason"] = f"본인 {RRN} 확인"
    elif kind == "good_quoted_newline":
        row["reason"] = "첫 줄\n둘째 줄"
    elif kind == "cp949_line":
        row["holder_name"] = "홍길동"
    values = [row[c] for c in HEADER]
    if kind == "too_many":
        values += ["extra"]
    elif kind == "too_few":
        values = values[:-2]
    elif kind == "empty":
        return b"\n"
    elif kind == "delimiters":
        return ("," * (len(HEADER) - 1) + "\n").encode()
    text = _line(values)
    if kind == "unclosed_quote":
        text = text.replace(row["reason"], '"' + row["reason"], 1)
    if kind == "cp949_line":
        return text.encode("cp949")
    data = text.encode("utf-8")
    if kind == "bad_byte":
        data = data.replace(b"reason", b"rea\xffson", 1)
    return data


def _reset(db) -> None:
    with db.session() as session:
        session.run("MATCH (n) DETACH DELETE n").consume()


def _check_graph(db, good_keys: set[str]) -> None:
    with db.session() as session:
        keys = {r["k"] for r in session.run("MATCH (n:TaxRefund) RETURN n.source_key AS k")}
    assert keys == good_keys
    assert count(db, "MATCH (n) UNWIND keys(n) AS k WITH n[k] AS v WHERE v IS :: STRING AND "
                     "(v CONTAINS $nul OR v CONTAINS $rrn OR v CONTAINS '\ufffd') RETURN count(*)",
                 nul="\x00", rrn=RRN[6:]) == 0
    assert count(db, "MATCH (n:TaxRefund) WHERE n.amount < 0 RETURN count(n)") == 0


@settings(settings.get_profile("loaders"))
@given(kinds=st.lists(st.sampled_from(KINDS), min_size=1, max_size=len(GOOD)), big=st.integers(0, 10**20))
def test_malformed_csv_never_raises_never_loads_a_bad_value_and_reconciles(db, kinds: list[str], big: int) -> None:
    _reset(db)
    body = _make("good", ANCHOR, 0) + b"".join(_make(kind, GOOD[i], big) for i, kind in enumerate(kinds))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "x" / "local_tax"
        folder.mkdir(parents=True)
        (folder / "refunds.csv").write_bytes(_line(HEADER).encode() + body)
        result = load_directory(folder.parent, gov=GOV, quarantine_dir=Path(tmp) / "q").file("local_tax/refunds")
    good = [ANCHOR["refund_no"], *(GOOD[i]["refund_no"] for i, k in enumerate(kinds) if k in GOOD_KINDS)]
    assert result.status == "loaded", result.message
    assert (result.loaded, result.quarantined, result.blank) == (
        len(good), sum(k in BAD for k in kinds), sum(k in BLANK for k in kinds))
    assert result.reconciles and result.rows_in == 1 + len(kinds)
    assert result.lines == 1 + len(kinds) + kinds.count("good_quoted_newline")  # physical lines after the header
    _check_graph(db, set(good))


PARQUET_BAD = ("uint64_max", "beyond_int64", "nul", "rrn_in_name", "null_key", "thirty_digit_text")


@settings(settings.get_profile("loaders"))
@given(kinds=st.lists(st.sampled_from(("good", *PARQUET_BAD)), min_size=1, max_size=len(GOOD)))
def test_malformed_parquet_never_raises_and_reconciles(db, kinds: list[str]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    _reset(db)
    rows = [dict(GOOD[i]) for i in range(len(kinds))]
    amounts: list[int] = []
    for row, kind in zip(rows, kinds, strict=True):
        amounts.append(1000)
        if kind == "uint64_max":
            amounts[-1] = (1 << 64) - 1
        elif kind == "beyond_int64":
            amounts[-1] = 1 << 63
        elif kind == "nul":
            row["reason"] = "a\x00b"
        elif kind == "rrn_in_name":
            row["holder_name"] = f"홍길동{RRN}"
        elif kind == "null_key":
            row["refund_no"] = None
        elif kind == "thirty_digit_text":
            row["account_no"] = "1" * 30
    columns = {c: [r[c] for r in rows] for c in HEADER if c != "amount"}
    table = pa.table({**columns, "amount": pa.array(amounts, pa.uint64())})
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "x" / "local_tax"
        folder.mkdir(parents=True)
        pq.write_table(table, folder / "refunds.parquet")
        result = load_directory(folder.parent, gov=GOV, quarantine_dir=Path(tmp) / "q").file("local_tax/refunds")
    refused = {"uint64_max", "beyond_int64", "nul", "null_key", "thirty_digit_text"}
    good = {r["refund_no"] for r, k in zip(rows, kinds, strict=True) if k not in refused}
    assert (result.rows_in, result.loaded, result.quarantined) == (len(kinds), len(good), len(kinds) - len(good))
    assert result.reconciles and result.lines == len(kinds)
    _check_graph(db, good)
