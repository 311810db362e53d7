"""The import-file writer keeps the Bolt writer's semantics: one node per key with merged properties,
relationships only between existing nodes, one per (start, type, end); typed CSV columns."""

from __future__ import annotations

import csv
import datetime as dt

from bench.cli import SCRATCH_MODEL_DIR
from graph.import_files import ARRAY_DELIMITER, ImportFiles
from graph.model import MODEL_DIR, load_model


def _files() -> ImportFiles:
    return ImportFiles(batch_size=2, m=load_model(MODEL_DIR, SCRATCH_MODEL_DIR))


def test_nodes_merge_and_relationships_need_both_ends(tmp_path):
    w = _files()
    assert w.merge_nodes("BenchNode", [{"id": 1, "name": "a", "value": 1.5}, {"id": 2, "name": "b"},
                                       {"id": 1, "name": None, "value": 2.5}]) == 3
    rels = [{"start": {"id": 1}, "end": {"id": 2}, "props": {"weight": 1.0}},
            {"start": {"id": 1}, "end": {"id": 2}, "props": {"weight": 3.0}},
            {"start": {"id": 2}, "end": {"id": 9}, "props": {"weight": 1.0}}]
    assert w.merge_relationships("BENCH_LINK", "BenchNode", "BenchNode", rels) == 2
    assert w.counts() == (2, 1)
    files = {f.kind: f for f in w.write_files(tmp_path)}
    with files["nodes"].path.open(encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == [":ID(BenchNode)", "id:long", "name:string", "value:double"]
    assert rows[1] == ["1", "1", "", "2.5"]  # the later None removed the name
    with files["relationships"].path.open(encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert rows == [[":START_ID(BenchNode)", ":END_ID(BenchNode)", "weight:double"], ["1", "2", "3.0"]]


def test_values_are_written_in_the_importers_forms(tmp_path):
    w = _files()
    w.merge_nodes("BenchNode", [{"id": 1, "name": "x", "value": 1.0}])
    w.nodes["BenchNode"][(1,)].update(day=dt.date(2026, 1, 2), flag=True, tags=["a", "b"])
    path = w.write_files(tmp_path)[0].path
    header, row = list(csv.reader(path.open(encoding="utf-8")))
    values = dict(zip(header, row, strict=True))
    assert values["day:date"] == "2026-01-02"
    assert values["flag:boolean"] == "true"
    assert values["tags:string[]"] == f"a{ARRAY_DELIMITER}b"
