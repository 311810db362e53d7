"""Linking records in the real Neo4j: deterministic and probabilistic links, stable ids, incremental
equals full, merge events, explanations."""

from __future__ import annotations

import json

import pytest

from generator.synthetic_people import people
from graph.read import read
from graph.writer import GraphWriter
from linkage import explain, link_all
from linkage.errors import InputError

pytestmark = pytest.mark.neo4j

H1, H2 = "a" * 64, "b" * 64


def _person(key: str, name: str, birth: str, rrn_hash: str | None = None, system: str = "local_tax",
            phone: str | None = None) -> dict:
    row = {"system": system, "source_key": key, "gov": "41110", "name": name, "birth_date": birth, "role": "taxpayer"}
    if rrn_hash:
        row["rrn_hash"] = rrn_hash
    if phone:
        row["phone"] = phone
    return row


def _write(db, rows, label="PersonRecord"):
    GraphWriter(db).merge_nodes(label, rows)


def _membership(db) -> dict[str, str]:
    rows = read("MATCH (r:PersonRecord)-[:SAME_AS]->(e:Person) RETURN r.system + ':' + r.source_key AS k, "
                "e.entity_id AS e", db)
    return {r["k"]: r["e"] for r in rows}


def _background(n: int = 300) -> list[dict]:
    frame = people(n, seed=5, per_person=(1, 2))
    frame = frame.drop(columns=["entity_id", "rrn_masked"])
    return [{k: v for k, v in row.items() if v is not None} for row in frame.to_dict("records")]


def test_deterministic_and_probabilistic_person_links(db):
    rows = _background() + [
        _person("X-1", "김철수", "1970-05-05", H1, phone="01011112222"),
        _person("X-2", "김철수", "1971-09-09", H1, system="welfare"),  # same hash: linked whatever else
        _person("X-3", "KIM CHEOLSU", "1970-05-05", None, system="bank", phone="01011112222"),  # no hash
        _person("X-4", "김철호", "1970-05-05", H2, system="local_hr"),  # another hash, another name: another person
    ]
    _write(db, rows)
    report = link_all("41110", kinds=["person"], driver=db)
    assert report.kinds["person"].records == len(rows)
    got = _membership(db)
    assert got["local_tax:X-1"] == got["welfare:X-2"]
    assert got["bank:X-3"] == got["local_tax:X-1"]
    assert got["local_hr:X-4"] != got["local_tax:X-1"]
    rel = read("MATCH (:PersonRecord {source_key: 'X-2'})-[s:SAME_AS]->() RETURN properties(s) AS s", db)[0]["s"]
    assert rel["method"] == "deterministic:rrn_hash"
    assert rel["run_id"] == report.run_id
    evidence = json.loads(rel["evidence"])
    assert set(evidence["levels"]) >= {"name", "birth_date", "rrn_hash"}
    bank = read("MATCH (:PersonRecord {source_key: 'X-3'})-[s:SAME_AS]->() RETURN properties(s) AS s", db)[0]["s"]
    assert bank["method"].startswith("probabilistic") and bank["score"] >= 0.9
    person = read("MATCH (e:Person {entity_id: $id}) RETURN e", db, id=got["local_tax:X-1"])[0]["e"]
    assert person["name"] == "김철수" and person["record_count"] == 3


def test_quality_on_synthetic_records_with_known_truth(db):
    frame = people(400, seed=9)
    truth = dict(zip(frame["system"] + ":" + frame["source_key"], frame["entity_id"], strict=True))
    _write(db, [{k: v for k, v in r.items() if v is not None}
                for r in frame.drop(columns=["entity_id", "rrn_masked"]).to_dict("records")])
    link_all("41110", kinds=["person"], driver=db)
    got = _membership(db)
    keys = sorted(got)
    same_truth = {(a, b) for n, a in enumerate(keys) for b in keys[n + 1:] if truth[a] == truth[b]}
    same_got = {(a, b) for n, a in enumerate(keys) for b in keys[n + 1:] if got[a] == got[b]}
    tp = len(same_truth & same_got)
    precision, recall = tp / len(same_got), tp / len(same_truth)
    assert 2 * precision * recall / (precision + recall) >= 0.99


def test_ids_stable_and_incremental_equals_full(db):
    rows = _background(200)
    _write(db, rows[:300])
    link_all("41110", kinds=["person"], driver=db)
    first = _membership(db)
    # Same data again: nothing changes, nothing is rewritten.
    again = link_all("41110", kinds=["person"], driver=db)
    assert _membership(db) == first
    assert again.kinds["person"].changed == 0
    # New records arrive: existing entities keep their ids.
    _write(db, rows[300:])
    link_all("41110", kinds=["person"], driver=db)
    incremental = _membership(db)
    kept = sum(incremental[k] == v for k, v in first.items())
    assert kept >= 0.99 * len(first)
    link_all("41110", kinds=["person"], full=True, driver=db)
    assert _membership(db) == incremental


def test_a_merge_is_recorded_as_an_event(db):
    _write(db, _background(100) + [_person("M-1", "박영희", "1960-01-01", H1),
                                   _person("M-2", "박영희", "1985-02-02", None, system="welfare")])
    link_all("41110", kinds=["person"], driver=db)
    before = _membership(db)
    assert before["local_tax:M-1"] != before["welfare:M-2"]
    # A case and a finding about each of the two entities, as the detectors and the case queue leave them.
    for name, key in (("F", "local_tax:M-1"), ("C", "welfare:M-2")):
        db.execute_query("MATCH (e:Person {entity_id: $id}) CREATE (x:Finding:Case {finding_id: $n, case_id: $n, "
                         "subject_entity_id: $id})-[:ABOUT]->(e)", id=before[key], n=name)
    # The welfare record gets the same resident-number hash: the two entities merge.
    _write(db, [_person("M-2", "박영희", "1985-02-02", H1, system="welfare")])
    report = link_all("41110", kinds=["person"], driver=db)
    after = _membership(db)
    assert after["local_tax:M-1"] == after["welfare:M-2"]
    assert report.kinds["person"].merges == 1
    events = read("MATCH (e:LinkEvent)-[:IN_LINK_RUN]->(r:LinkRun {run_id: $run}) RETURN e", db, run=report.run_id)
    kinds = sorted(e["e"]["kind"] for e in events)
    assert "merge" in kinds and "retired" in kinds
    # Both keep their subject: the merged entity, by edge and by id.
    subjects = read("MATCH (x:Case) OPTIONAL MATCH (x)-[:ABOUT]->(e:Person) "
                    "RETURN x.case_id AS x, x.subject_entity_id AS id, collect(e.entity_id) AS about", db)
    merged = after["local_tax:M-1"]
    assert {r["x"]: (r["id"], r["about"]) for r in subjects} == {"F": (merged, [merged]), "C": (merged, [merged])}


def test_explain_a_link_and_a_non_link(db):
    _write(db, _background(150) + [
        _person("E-1", "정하늘", "1990-07-07", None, phone="01055556666"),
        _person("E-2", "JEONG HANEUL", "1990-07-07", None, system="bank", phone="01055556666"),
        _person("E-3", "정하늘", "1990-07-07", H1, system="welfare"),
        _person("E-4", "정하은", "1990-07-07", H2, system="local_hr"),
    ])
    link_all("41110", kinds=["person"], driver=db)
    linked = explain("local_tax:E-1", "bank:E-2", driver=db)
    assert linked.decision == "link"
    assert {f.comparison for f in linked.fields} >= {"name", "birth_date", "phone"}
    assert next(f for f in linked.fields if f.comparison == "phone").weight > 0
    text = linked.text()
    assert "birth_date" in text and "probability" in text
    apart = explain("welfare:E-3", "local_hr:E-4", driver=db)
    assert apart.decision == "no link"
    assert apart.decided_by == "cannot_link:rrn_hash"
    assert apart.left_entity != apart.right_entity
    with pytest.raises(InputError, match="no record"):
        explain("local_tax:E-1", "bank:NOPE", driver=db)


def test_accounts_businesses_and_parcels_link_on_valid_identifiers(db):
    w = GraphWriter(db)
    w.merge_nodes("AccountRecord", [
        {"system": s, "source_key": f"41110-AC-004-1234567890-{s}", "gov": "41110", "account_key": "004-1234567890",
         "bank_code": "004"} for s in ("bank", "welfare", "local_hr")])
    w.merge_nodes("BusinessRecord", [
        {"system": "local_tax", "source_key": "B-1", "gov": "41110", "name": "(주)한빛건설", "brn": "1208147521"},
        {"system": "bank", "source_key": "B-2", "gov": "41110", "name": "한빛건설 주식회사", "brn": "120-81-47521"},
        # An invalid number (bad check digit) links nothing by itself.
        {"system": "saeol", "source_key": "B-3", "gov": "41110", "name": "다온식당", "brn": "1208147522"},
    ])
    w.merge_nodes("ParcelRecord", [
        {"system": s, "source_key": f"P-{s}", "gov": "41110", "pnu": "4111010100100010000"}
        for s in ("real_estate", "construction")])
    link_all("41110", kinds=["account", "business", "parcel"], driver=db)
    accounts = read("MATCH (a:AccountRecord)-[:SAME_AS]->(e:Account) RETURN DISTINCT e.entity_id AS id, "
                    "e.account_key AS k, e.record_count AS n", db)
    assert len(accounts) == 1 and accounts[0]["n"] == 3 and accounts[0]["id"].startswith("A-")
    biz = {r["k"]: r["e"] for r in read("MATCH (b:BusinessRecord)-[:SAME_AS]->(e) RETURN b.source_key AS k, "
                                        "e.entity_id AS e", db)}
    assert biz["B-1"] == biz["B-2"] != biz["B-3"]
    parcels = read("MATCH (:ParcelRecord)-[:SAME_AS]->(e:Parcel) RETURN DISTINCT e.entity_id AS e", db)
    assert len(parcels) == 1
