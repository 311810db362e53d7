"""Quarantine files: one directory per load (never overwritten), owner-only modes, formulas made inert,
resident numbers masked."""

from __future__ import annotations

import csv
import stat
from pathlib import Path

import pytest
from loaderkit import sample_rows, write_csv

from loaders import load_directory
from loaders.quarantine import neutralise

pytestmark = pytest.mark.neo4j
GOV = "41110"


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_each_load_keeps_its_own_private_quarantine(db, extract: Path, tmp_path: Path) -> None:
    rows = sample_rows("local_tax", "taxpayers", 4)
    rows[1]["taxpayer_type"] = "=HYPERLINK(\"http://x.example\",\"click\")"
    rows[2]["name"] = ""
    rows[2]["address"] = "@SUM(A1) 서울 730604-1295942"
    rows[3]["phone"] = "+1-555"  # an unusable optional value: a warning whose value starts with +
    (extract / "local_tax").mkdir()
    write_csv(extract / "local_tax" / "taxpayers.csv", list(rows[0]), rows)
    root = tmp_path / "q"
    first = load_directory(extract, gov=GOV, quarantine_dir=root)
    second = load_directory(extract, gov=GOV, quarantine_dir=root)
    a, b = (Path(s.file("local_tax/taxpayers").quarantine or "") for s in (first, second))
    assert a != b and a.exists() and b.exists()
    assert a.parent.parent.name.endswith(f"-{first.load_id}-{GOV}") and first.load_id != second.load_id
    for path in (a, Path(first.file("local_tax/taxpayers").warnings_file or "")):
        assert _mode(path) == 0o600 and _mode(path.parent) == 0o700 and _mode(path.parent.parent) == 0o700
    with a.open(encoding="utf-8") as handle:
        cells = [cell for row in csv.reader(handle) for cell in row]
    assert "'=HYPERLINK(\"http://x.example\",\"click\")" in cells
    assert not any(c.startswith(("=", "+", "-", "@")) for c in cells)
    text = a.read_text(encoding="utf-8") + Path(first.file("local_tax/taxpayers").warnings_file or "").read_text(
        encoding="utf-8")
    assert "1295942" not in text and "7306041295942" not in text


@pytest.mark.parametrize(("cell", "expected"), [("=1+1", "'=1+1"), ("+1", "'+1"), ("-5", "'-5"), ("@A1", "'@A1"),
                                                ("\tx", "'\tx"), ("\rx", "'\rx"), ("김민준", "김민준"), ("", "")])
def test_neutralise(cell: str, expected: str) -> None:
    assert neutralise(cell) == expected
