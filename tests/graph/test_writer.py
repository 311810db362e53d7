"""The batched writer against a real Neo4j: idempotence, bad rows, relationships."""

from __future__ import annotations

import datetime as dt

import pytest

from graph.errors import BatchRowError, ModelError
from graph.read import read, totals
from graph.writer import GraphWriter


def people(n: int) -> list[dict]:
    return [
        {"system": "local_tax", "source_key": f"41110-TX-{i:06d}", "gov": "41110", "name": f"김{i}",
         "birth_date": "1980-01-01", "name_alts": ["Kim", "Gim"]}
        for i in range(n)
    ]


def accounts(n: int) -> list[dict]:
    return [
        {"system": "bank", "source_key": f"41110-AC-{i:06d}", "gov": "41110", "bank_code": "004",
         "account_no": f"{i:012d}", "account_key": f"004-{i:012d}"}
        for i in range(n)
    ]


def holds(n: int) -> list[dict]:
    return [
        {"start": {"system": "local_tax", "source_key": f"41110-TX-{i:06d}"},
         "end": {"system": "bank", "source_key": f"41110-AC-{i:06d}"}, "props": {}}
        for i in range(n)
    ]


@pytest.mark.neo4j
def test_same_batch_twice_changes_no_counts(db):
    writer = GraphWriter(db, batch_size=7)
    for _ in range(2):
        writer.merge_nodes("PersonRecord", people(50))
        writer.merge_nodes("AccountRecord", accounts(50))
        writer.merge_relationships("HOLDS", "PersonRecord", "AccountRecord", holds(50))
        assert totals(db) == (100, 50)


@pytest.mark.neo4j
def test_nodes_carry_their_layer_label_and_properties(db):
    GraphWriter(db).merge_nodes("PersonRecord", people(1))
    row = read("MATCH (n:Record:PersonRecord) RETURN n.name AS name, n.name_alts AS alts, n.gov AS gov", db)
    assert row == [{"name": "김0", "alts": ["Kim", "Gim"], "gov": "41110"}]


@pytest.mark.neo4j
@pytest.mark.parametrize(
    ("bad_row", "message"),
    [
        ({"system": "local_tax", "gov": "41110"}, "no value for key source_key"),
        ({"system": "local_tax", "source_key": "", "gov": "41110"}, "no value for key source_key"),
        ({"system": "local_tax", "source_key": "k", "nested": {"a": 1}}, "cannot store"),
        ({"system": "local_tax", "source_key": "k", "mixed": [1, "a"]}, "cannot store"),
        ({"system": "local_tax", "source_key": "k", "nan": float("nan")}, "cannot store"),
    ],
)
def test_bad_row_is_named_and_nothing_of_its_batch_is_written(db, bad_row, message):
    rows = people(5) + [bad_row] + people(3)
    with pytest.raises(BatchRowError) as err:
        GraphWriter(db, batch_size=100).merge_nodes("PersonRecord", rows)
    assert message in str(err.value)
    assert err.value.row_index == 5
    assert totals(db) == (0, 0)


@pytest.mark.neo4j
def test_dates_are_accepted(db):
    GraphWriter(db).merge_nodes(
        "PersonRecord", [{"system": "s", "source_key": "k", "gov": "41110", "seen": dt.date(2024, 1, 2)}]
    )
    assert totals(db)[0] == 1


def test_unknown_label_and_bad_edge_are_refused_before_any_query():
    writer = GraphWriter(driver=object(), batch_size=10)  # never reached: the model check comes first
    with pytest.raises(ModelError, match="Unknown node label"):
        writer.merge_nodes("Nope", [{"x": 1}])
    with pytest.raises(ModelError, match="may not start at"):
        writer.merge_relationships("HOLDS", "Payment", "AccountRecord", [])
    with pytest.raises(ModelError, match="Unknown relationship type"):
        writer.merge_relationships("DROP_ALL", "PersonRecord", "AccountRecord", [])


@pytest.mark.neo4j
def test_relationship_to_missing_node_is_not_written(db):
    writer = GraphWriter(db)
    writer.merge_nodes("PersonRecord", people(2))
    written = writer.merge_relationships("HOLDS", "PersonRecord", "AccountRecord", holds(2))
    assert written == 0


@pytest.mark.neo4j
@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda r: r.pop("end"), "end needs system, source_key of a AccountRecord"),
        (lambda r: r["start"].update(source_key=""), "start needs system, source_key of a PersonRecord"),
        (lambda r: r.update(start="41110-TX-000003"), "start needs"),
        (lambda r: r.update(props={"when": {"nested": 1}}), "property 'when' has a value Neo4j cannot store"),
    ],
)
def test_bad_relationship_row_is_named_and_its_batch_not_written(db, change, message):
    writer = GraphWriter(db, batch_size=100)
    writer.merge_nodes("PersonRecord", people(6))
    writer.merge_nodes("AccountRecord", accounts(6))
    rows = holds(6)
    change(rows[3])
    with pytest.raises(BatchRowError) as err:
        writer.merge_relationships("HOLDS", "PersonRecord", "AccountRecord", rows)
    assert message in str(err.value)
    assert err.value.row_index == 3
    assert totals(db)[1] == 0


@pytest.mark.neo4j
def test_relationship_properties_are_set_and_merged(db):
    writer = GraphWriter(db)
    writer.merge_nodes("PersonRecord", people(2))
    writer.merge_nodes("AccountRecord", accounts(2))
    rows = holds(2)
    rows[0]["props"] = {"since": dt.date(2024, 3, 1)}
    assert writer.merge_relationships("HOLDS", "PersonRecord", "AccountRecord", rows) == 2
    rows[0]["props"] = {"role": "owner"}
    writer.merge_relationships("HOLDS", "PersonRecord", "AccountRecord", rows)
    got = read("MATCH ()-[r:HOLDS]->() RETURN r.since AS since, r.role AS role ORDER BY role", driver=db)
    assert totals(db)[1] == 2
    assert {(str(g["since"]), g["role"]) for g in got} == {("2024-03-01", "owner"), ("None", None)}
