"""End to end on a real Neo4j: a generated municipality loads completely through `loaders`, and the truth
files describe exactly what the loaders built (every record, every evidence fact)."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from generator import generate
from tests.generator.helpers import SYSTEMS

RECORD_LABELS = ("PersonRecord", "BusinessRecord", "ParcelRecord", "BuildingRecord", "AccountRecord")


@pytest.mark.neo4j
@pytest.mark.slow
def test_generated_municipality_loads_completely(db: object, tmp_path: Path) -> None:
    from loaders.load import load_directory

    out = tmp_path / "m"
    generate(2000, 5, out, "41110", progress=False)
    summary = load_directory(out, gov="41110", quarantine_dir=tmp_path / "quarantine")
    loaded = [f for f in summary.files if f.status == "loaded"]
    assert {f.system for f in loaded} == set(SYSTEMS)
    for f in loaded:
        assert f.rows_in == f.loaded + f.quarantined + f.blank, f.file  # blank: lines of only delimiters
        # The broken row of a file whose only required column is its key is all empty: counted as blank.
        assert f.quarantined + f.blank >= 1, f"{f.file}: the deliberately broken rows are quarantined"
        assert f.quarantined <= max(2, f.rows_in // 2000) + f.rows_in // 100, f"{f.file}: too many refused"
    with open(out / "truth" / "entities.csv", encoding="utf-8", newline="") as fh:
        truth = list(csv.DictReader(fh))
    with db.session() as session:  # type: ignore[attr-defined]
        records = {(r["system"], r["key"]) for r in session.run(
            "MATCH (n) WHERE any(l IN labels(n) WHERE l IN $labels) RETURN n.system AS system, n.source_key AS key",
            labels=list(RECORD_LABELS))}
        expected = {(r["system"], r["source_key"]) for r in truth}
        missing = expected - records
        extra = records - expected
        assert len(missing) <= len(expected) // 200, sorted(missing)[:5]
        assert len(extra) <= len(records) // 200, sorted(extra)[:5]
        with open(out / "truth" / "planted_cases.csv", encoding="utf-8", newline="") as fh:
            evidence = [k for row in csv.DictReader(fh) for k in row["evidence_keys"].split(";")]
        pairs = [k.split(":", 1) for k in evidence]
        found = {(r["system"], r["key"]) for r in session.run(
            "UNWIND $pairs AS p MATCH (n {system: p[0], source_key: p[1]}) RETURN n.system AS system, "
            "n.source_key AS key", pairs=pairs)}
        lost = Counter(s for s, k in pairs if (s, k) not in found)
        assert not lost, f"planted evidence missing from the graph: {lost}"
