"""INTERFACES section 3 is the catalog's own table: a scenario file added, removed or retitled without
regenerating it (`chungbaek scenarios --markdown`) fails here."""

from __future__ import annotations

from pathlib import Path

from detectors.cli import catalog_table
from detectors.scenario import load_catalog

DOC = Path(__file__).resolve().parents[2] / "docs" / "INTERFACES.md"


def test_interfaces_section_3_is_the_catalog_table():
    text = DOC.read_text(encoding="utf-8")
    section = text.split("## 3.", 1)[1].split("\n## ", 1)[0]
    table = "\n".join(line for line in section.splitlines() if line.startswith("|")) + "\n"
    assert table == catalog_table(load_catalog())
