"""Schema application and networkx projection against the real server."""

from __future__ import annotations

import pytest

from graph.model import load_model
from graph.read import read
from graph.schema import apply_schema, schema_statements
from graph.writer import GraphWriter


@pytest.mark.neo4j
def test_schema_is_idempotent_and_complete(db):
    apply_schema(db)
    before = {r["name"] for r in read("SHOW CONSTRAINTS YIELD name RETURN name", db)}
    apply_schema(db)
    after = {r["name"] for r in read("SHOW CONSTRAINTS YIELD name RETURN name", db)}
    wanted = {s.split()[2] for s in schema_statements() if "CONSTRAINT" in s}
    # A tool's scratch kinds (the write benchmark's) may have added constraints of their own.
    assert before == after and wanted <= after


@pytest.mark.neo4j
def test_uniqueness_constraint_holds_on_system_and_source_key(db):
    from neo4j.exceptions import ConstraintError

    GraphWriter(db).merge_nodes("Payment", [{"system": "local_finance", "source_key": "k1", "gov": "41110"}])
    with pytest.raises(ConstraintError):
        db.execute_query("CREATE (:Payment {system: 'local_finance', source_key: 'k1'})")


@pytest.mark.neo4j
def test_projection_keeps_types_and_government(db):
    from graph.projection import project

    w = GraphWriter(db)
    for gov in ("41110", "11110"):
        w.merge_nodes("PersonRecord", [{"system": "bank", "source_key": f"{gov}-p{i}", "gov": gov} for i in range(3)])
        w.merge_nodes("AccountRecord", [{"system": "bank", "source_key": f"{gov}-a", "gov": gov}])
        w.merge_relationships("HOLDS", "PersonRecord", "AccountRecord", [
            {"start": {"system": "bank", "source_key": f"{gov}-p{i}"}, "end": {"system": "bank", "source_key": f"{gov}-a"}}
            for i in range(3)
        ])
    g = project(["PersonRecord", "AccountRecord"], ["HOLDS"], gov="41110", driver=db)
    assert g.number_of_nodes() == 4 and g.number_of_edges() == 3
    assert {d["type"] for *_e, d in g.edges(data=True)} == {"HOLDS"}
    assert max(dict(g.degree()).values()) == 3


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"records.yaml": "Bad-Label: {entity: Person}\n"}, "bad label"),
        ({"records.yaml": "PersonRecord: {entity: Nobody}\n"}, "unknown entity"),
        ({"facts.yaml": "X: {properties: {amount: money}}\n"}, "unknown type"),
        ({"facts.yaml": "X: {indexes: [nope]}\n"}, "not one of its properties"),
        ({"relationships.yaml": "R: {from: [Ghost], to: [Fact]}\n"}, "unknown labels"),
        ({"records.yaml": "A: [\n"}, "not valid YAML"),
    ],
)
def test_model_errors_name_the_file(tmp_path, files, message):
    from graph.errors import ModelError

    (tmp_path / "relationships.yaml").write_text("")
    (tmp_path / "entities.yaml").write_text("Person: {prefix: P}\n")
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    with pytest.raises(ModelError, match=message) as err:
        load_model(tmp_path)
    assert any(name in str(err.value) for name in files)
