"""Person evidence in the real Neo4j: account-anchored holders, namesakes born the same year, and the
term-frequency adjustment that `explain` shows."""

from __future__ import annotations

import pytest

from generator.synthetic_people import people
from graph.read import read
from graph.writer import GraphWriter
from linkage import explain, link_all

pytestmark = pytest.mark.neo4j

H1, H2, H3 = "a" * 64, "b" * 64, "c" * 64


def _row(system: str, key: str, name: str, birth: str | None = None, **extra: str) -> dict:
    row = {"system": system, "source_key": key, "gov": "41110", "name": name, **extra}
    if birth:
        row["birth_date"] = birth
    return row


def _background(n: int = 300) -> list[dict]:
    frame = people(n, seed=9, per_person=(1, 2)).drop(columns=["entity_id", "rrn_masked"])
    return [{k: v for k, v in row.items() if v is not None} for row in frame.to_dict("records")]


def _entities(db) -> dict[str, str]:
    rows = read("MATCH (r:PersonRecord)-[:SAME_AS]->(e:Person) RETURN r.system + ':' + r.source_key AS k, "
                "e.entity_id AS e", db)
    return {r["k"]: r["e"] for r in rows}


CASES = [
    # (description, official/recipient row, holder row, same person?)
    ("romanised holder, name only", _row("local_hr", "E-1", "박지영", "1985-03-04", rrn_hash=H1,
                                           account_key="004-11112222333"),
     _row("bank", "AH-1", "PARK JI-YEONG", account_key="004-11112222333"), True),
    ("Hangul holder, name and birth date", _row("welfare", "R-2", "임민지", "1990-11-12", rrn_hash=H2,
                                                  account_key="088-222233334444"),
     _row("bank", "AH-2", "임민지", "1990-11-12", account_key="088-222233334444"), True),
    ("benefit paid into someone else's account", _row("welfare", "R-3", "최수아", "1962-01-30", rrn_hash=H3,
                                                        account_key="020-3333444455556"),
     _row("bank", "AH-3", "한동훈", account_key="020-3333444455556"), False),
    ("same name, another complete birth date", _row("local_finance", "F-4", "윤서준", "1971-06-06",
                                                      account_key="081-44445555666677"),
     _row("bank", "AH-4", "윤서준", "1979-02-14", account_key="081-44445555666677"), False),
]


def test_account_anchored_holders(db):
    _write = GraphWriter(db).merge_nodes
    _write("PersonRecord", _background() + [r for _, a, b, _ in CASES for r in (a, b)])
    link_all("41110", kinds=["person"], driver=db)
    got = _entities(db)
    for description, a, b, same in CASES:
        ka, kb = f"{a['system']}:{a['source_key']}", f"{b['system']}:{b['source_key']}"
        assert (got[ka] == got[kb]) is same, description
    why = explain("local_hr:E-1", "bank:AH-1", driver=db)
    assert why.decided_by == "anchored:account_key"
    assert any("account_key" in b for b in why.blocked_by)


def test_dead_person_and_living_namesake_of_the_same_year_stay_apart(db):
    rows = _background() + [
        _row("welfare", "D-1", "김영수", "1950-03-01", rrn_hash=H1, address="경기도 수원시 정조로 12"),
        _row("local_tax", "D-2", "김영수", "1950-03-01", address="경기 수원시 정조로 12"),
        _row("local_tax", "L-1", "김영수", "1950-08-20", rrn_hash=H2),
        _row("saeol", "L-2", "김영수", "1950-08-20"),
    ]
    GraphWriter(db).merge_nodes("PersonRecord", rows)
    link_all("41110", kinds=["person"], driver=db)
    got = _entities(db)
    assert got["welfare:D-1"] == got["local_tax:D-2"]
    assert got["local_tax:L-1"] == got["saeol:L-2"]
    assert got["local_tax:D-2"] != got["saeol:L-2"], "name + birth year alone must not link"
    apart = explain("local_tax:D-2", "saeol:L-2", driver=db)
    assert apart.decision == "no link"
    year = next(f for f in apart.fields if f.comparison == "birth_date")
    assert year.level_label == "same year" and year.weight < 0


def test_explain_shows_the_term_frequency_adjustment(db):
    common = [_row("local_tax", f"C-{k}", "김민준", f"19{60 + k}-01-0{1 + k % 8}") for k in range(30)]
    rows = _background() + common + [
        _row("saeol", "C-A", "김민준", "1960-01-01"),
        _row("local_tax", "Z-1", "제갈공명", "1981-04-05"),
        _row("saeol", "Z-2", "제갈공명", "1981-04-05"),
    ]
    GraphWriter(db).merge_nodes("PersonRecord", rows)
    link_all("41110", kinds=["person"], driver=db)
    common_why = explain("local_tax:C-0", "saeol:C-A", driver=db)
    rare_why = explain("local_tax:Z-1", "saeol:Z-2", driver=db)
    tf_common = next(f for f in common_why.fields if f.comparison == "tf name")
    tf_rare = next(f for f in rare_why.fields if f.comparison == "tf name")
    assert tf_common.weight < 0 < tf_rare.weight
    assert tf_common.weight < tf_rare.weight - 3
    assert "tf name" in common_why.text() and "records hold it" in common_why.text()


def test_two_resident_numbers_are_two_people_unless_the_rest_of_the_record_agrees(db):
    rows = _background() + [
        # namesakes sharing a birth date: different numbers, nothing else in common
        _row("local_tax", "N-1", "김지훈", "1980-06-17", rrn_hash=H1, phone="010-1111-2222"),
        _row("local_hr", "N-2", "김지훈", "1980-06-17", rrn_hash=H2, phone="010-3333-4444"),
        # one person whose number was mistyped in one system: the phone agrees too
        _row("local_tax", "T-1", "박현정", "1982-08-03", rrn_hash="d" * 64, phone="010-5555-6666"),
        _row("saeol", "T-2", "박현정", "1982-08-03", rrn_hash="e" * 64, phone="01055556666"),
    ]
    GraphWriter(db).merge_nodes("PersonRecord", rows)
    link_all("41110", kinds=["person"], driver=db)
    got = _entities(db)
    assert got["local_tax:N-1"] != got["local_hr:N-2"]
    assert got["local_tax:T-1"] == got["saeol:T-2"]
