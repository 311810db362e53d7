"""Reading extract files: encodings, delimiters, line numbers of records, broken records, Parquet."""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.readers import Table, UnreadableFile, detect_encoding


def _rows(table: Table) -> list:
    return [row for chunk in table.chunks() for row in chunk]


@pytest.mark.parametrize(("encoding", "expected"), [("utf-8", "utf-8-sig"), ("utf-8-sig", "utf-8-sig"),
                                                    ("cp949", "cp949"), ("euc-kr", "cp949")])
def test_encodings_are_detected(tmp_path: Path, encoding: str, expected: str) -> None:
    path = tmp_path / "f.csv"
    path.write_text("이름,주소\n김철수,경기도 수원시\n", encoding=encoding)
    assert detect_encoding(path) == expected
    table = Table(path, 10)
    assert table.columns == ["이름", "주소"]
    assert _rows(table)[0].values == {"이름": "김철수", "주소": "경기도 수원시"}


def test_binary_garbage_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(b"\xff\xfe\xfa\x80,b\n1,2\n")
    with pytest.raises(UnreadableFile, match="neither UTF-8 nor CP949"):
        Table(path, 10)


def test_a_garbage_line_is_refused_with_its_number_and_the_rest_reads(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(b"a,b\n\xff\xfe\xfa\x80\x80\x81,\xc8\n1,2\n")
    rows = _rows(Table(path, 10))
    assert [(r.line, r.problem is not None) for r in rows] == [(2, True), (3, False)]
    assert "line 2" in (rows[0].problem or "")


def test_an_unclosed_quote_swallows_nothing(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text('k,t\nA,"open\nB,x\nC,"two\nlines"\nD,y\n', encoding="utf-8")
    rows = _rows(Table(path, 10))
    assert [(r.line, r.values.get("k"), r.problem is not None) for r in rows] == [
        (2, "A", True), (3, "B", False), (4, "C", False), (6, "D", False)]
    assert rows[2].values["t"] == "two\nlines"


def test_line_numbers_follow_the_source_file(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text('Key,Text\nA,"two\nlines"\n\nB,plain\nC,x,extra\nD\n', encoding="utf-8")
    table = Table(path, 2)
    rows = _rows(table)
    assert [(r.line, r.values.get("key"), r.problem, r.blank) for r in rows] == [
        (2, "A", None, False), (4, None, None, True), (5, "B", None, False), (6, "C", "expected 2 fields, found 3", False),
        (7, "D", "expected 2 fields, found 1", False)]
    assert rows[0].values["text"] == "two\nlines"


@pytest.mark.parametrize("delimiter", ["\t", "|", ";"])
def test_other_delimiters(tmp_path: Path, delimiter: str) -> None:
    path = tmp_path / "f.csv"
    path.write_text(f"a{delimiter}b\n1{delimiter}2,5\n", encoding="utf-8")
    assert _rows(Table(path, 10))[0].values == {"a": "1", "b": "2,5"}


def test_empty_file_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text("", encoding="utf-8")
    with pytest.raises(UnreadableFile, match="no header"):
        Table(path, 10)


def test_parquet_rows_are_numbered_and_chunked(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "f.parquet"
    pq.write_table(pa.table({"Key": [f"k{i}" for i in range(25)], "amount": list(range(25))}), path)
    table = Table(path, 10)
    chunks = list(table.chunks())
    assert [len(c) for c in chunks] == [10, 10, 5]
    assert (chunks[2][4].line, chunks[2][4].values) == (25, {"key": "k24", "amount": 24})
