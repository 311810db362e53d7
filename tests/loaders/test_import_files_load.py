"""A load into import files (graph.import_files, the first half of `load --initial`) maps an extract
exactly as a Bolt load does: the same per-file summary, the same nodes per label, relationships per type
and properties."""

from __future__ import annotations

from collections import Counter

import pytest

from generator.generate import generate
from graph.import_files import ImportFiles
from graph.read import label_counts, read
from loaders.load import load_directory

pytestmark = pytest.mark.neo4j


def _summary(s) -> list[tuple]:
    return sorted((f.file, f.status, f.rows_in, f.loaded, f.quarantined, f.blank, f.warnings,
                   tuple(sorted(f.nodes.items())), tuple(sorted(f.relationships.items())),
                   tuple(sorted(f.unresolved.items()))) for f in s.files)


def _native(value):
    if isinstance(value, list):
        return [_native(v) for v in value]
    return value.to_native() if hasattr(value, "to_native") else value


def test_import_files_hold_what_a_bolt_load_writes(db, tmp_path):
    extract = tmp_path / "m"
    generate(1500, 11, extract, "41110", progress=False)
    bolt = load_directory(extract, gov="41110", quarantine_dir=tmp_path / "q1")
    files = ImportFiles()
    offline = load_directory(extract, gov="41110", writer=files, quarantine_dir=tmp_path / "q2")
    assert bolt.rows_in > 10_000 and bolt.quarantined > 0
    assert _summary(offline) == _summary(bolt)

    labels: Counter[str] = Counter()
    for label, store in files.nodes.items():
        for extra in files.model.node(label).labels:
            labels[extra] += len(store)
    assert dict(labels) == label_counts(db)
    types: Counter[str] = Counter()
    for (rel_type, _s, _e), group in files.rels.items():
        types[rel_type] += len(group.rows)
    stored = {r["t"]: r["c"] for r in read("MATCH ()-[r]->() RETURN type(r) AS t, count(*) AS c", db)}
    assert dict(types) == stored

    for label, store in files.nodes.items():
        sample = list(store.values())[:: max(1, len(store) // 25)]
        keys = [[p["system"], p["source_key"]] for p in sample]
        graph = {(r["p"]["system"], r["p"]["source_key"]): {k: _native(v) for k, v in r["p"].items()}
                 for r in read(f"UNWIND $keys AS k MATCH (n:{label} {{system: k[0], source_key: k[1]}}) "
                               "RETURN properties(n) AS p", db, keys=keys)}
        for props in sample:
            expected = {k: v for k, v in props.items() if v is not None}
            assert graph[props["system"], props["source_key"]] == expected, label
