"""Scenario files are validated on load, with errors naming the file; parameters are typed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from detectors.runner import _parse_overrides, finding_id, select
from detectors.scenario import ParameterError, ScenarioError, coerce, explain, load_catalog, parse_scenario

GOOD = """\
id: TEST-GOOD-ONE
title: {en: A test, ko: 시험}
area: cards
systems: [cards]
severity: low
description: test
parameters:
  limit: {type: int, default: 5}
query: |
  MATCH (c:CardApproval {gov: $gov}) WHERE c.amount > $limit AND date(c.date) >= date($since)
  RETURN c.source_key AS subject_key, null AS official_key, c.amount AS amount, [c.source_key] AS evidence_keys
result: {subject: subject_key, official: official_key, amount: amount, evidence: evidence_keys, message: "x {amount}"}
"""


def write(tmp_path: Path, text: str, name: str = "s.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_shipped_catalog_loads():
    catalog = load_catalog()
    assert len(catalog) >= 25
    assert all(s.sha256 and s.title_ko and s.parameters is not None for s in catalog)


def test_every_shipped_scenario_says_its_finding_in_korean_with_the_same_facts():
    """Korean users read the finding's sentence under the case title: each file has one in Korean, with no
    English words but ids (PC), naming only fields the English sentence names, with amounts in 원."""
    for s in load_catalog():
        ko, en = s.result.get("message_ko", ""), s.result["message"]
        assert re.search("[가-힣]", ko), s.path.name
        plain = re.sub(r"\{[^}]*\}", "", ko)
        assert set(re.findall(r"[A-Za-z]{2,}", plain)) <= {"PC"}, (s.path.name, plain)
        fields = lambda t: set(re.findall(r"\{(\w+)", t))  # noqa: E731
        assert fields(ko) <= fields(en), s.path.name
        assert "KRW" not in ko and ("{amount}" not in ko), s.path.name
        row = {f: 1_250_000 if f == "amount" else f"<{f}>" for f in fields(en)}
        text = s.message(row, "ko")
        assert "{" not in text and ("1,250,000원" in text or "{amount" not in ko), (s.path.name, text)


def test_a_message_fills_absent_or_unformattable_fields_plainly(tmp_path):
    path = write(tmp_path, GOOD.replace('message: "x {amount}"', 'message: "x {amount}", message_ko: "금액 {amount:,}원"'),
                 "good.yaml")
    s = parse_scenario(path)
    assert s.message({"amount": 3_100_000}, "ko") == "금액 3,100,000원"
    assert s.message({"amount": None}, "ko") == "금액 ?원"
    assert s.message({"amount": "n/a"}, "ko") == "금액 n/a원"
    assert s.message({"amount": 5}) == "x 5"


@pytest.mark.parametrize(("change", "message"), [
    (lambda t: t + "owner: me\n", "unknown keys owner"),
    (lambda t: t.replace("area: cards", "area: sports"), "area 'sports'"),
    (lambda t: t.replace("c.amount > $limit", "c.amount > $limt"), "undeclared parameters $limt"),
    (lambda t: t.replace("  limit: {type: int, default: 5}", "  limit: {type: int, default: 5}\n  x: {type: int, default: 1}"),
     "not used by the query: x"),
    (lambda t: t.replace("default: 5", "default: five"), "default of parameter limit"),
    (lambda t: t.replace("{type: int,", "{type: integer,"), "type must be one of"),
    (lambda t: t.replace("severity: low\n", ""), "missing keys severity"),
    (lambda t: t.replace("title: {en: A test, ko: 시험}", "title: [a]"), "title needs"),
    (lambda t: "id: [unclosed", "cannot be read as YAML"),
])
def test_invalid_files_name_the_file(tmp_path, change, message):
    path = write(tmp_path, change(GOOD), "broken_one.yaml")
    with pytest.raises(ScenarioError) as err:
        parse_scenario(path)
    assert "broken_one.yaml" in str(err.value) and message in str(err.value)


def test_cypher_that_does_not_compile_names_the_file(tmp_path, db):
    explain(parse_scenario(write(tmp_path, GOOD)), db)
    path = write(tmp_path, GOOD.replace("MATCH (c", "MACH (c"), "typo.yaml")
    with pytest.raises(ScenarioError, match="typo.yaml: the query does not compile"):
        explain(parse_scenario(path), db)
    path = write(tmp_path, GOOD.replace("c.amount AS amount", "c.amount AS amt"), "cols.yaml")
    with pytest.raises(ScenarioError, match="cols.yaml: the query returns no column amount"):
        explain(parse_scenario(path), db)


def test_duplicate_ids_are_refused(tmp_path):
    write(tmp_path, GOOD, "a.yaml")
    write(tmp_path, GOOD, "b.yaml")
    with pytest.raises(ScenarioError, match="b.yaml: id TEST-GOOD-ONE is already used by a.yaml"):
        load_catalog(tmp_path)


def test_parameter_values_are_typed():
    assert coerce("int", "1_000", "n") == 1000
    assert coerce("date", "2024-03-01", "d") == "2024-03-01"
    assert coerce("list[string]", "5813, 7995", "m") == ["5813", "7995"]
    assert coerce("bool", "yes", "b") is True
    for kind, value in (("int", "12abc"), ("date", "2024-13-01"), ("float", "x"), ("bool", "maybe"), ("int", True)):
        with pytest.raises(ParameterError):
            coerce(kind, value, "p")


def test_unknown_or_mistyped_params_are_refused_before_running():
    catalog = load_catalog()
    card = select(catalog, ["CARD-SPLIT-PAYMENT"])
    assert _parse_overrides(card, {"limit": "300000"})["CARD-SPLIT-PAYMENT"]["limit"] == 300_000
    assert _parse_overrides(catalog, {"CARD-SPLIT-PAYMENT.limit": "7"})["CARD-SPLIT-PAYMENT"]["limit"] == 7
    with pytest.raises(ParameterError, match="no selected scenario has a parameter 'nope'"):
        _parse_overrides(card, {"nope": "1"})
    with pytest.raises(ParameterError, match="is not an amount in KRW"):
        _parse_overrides(card, {"limit": "lots"})
    with pytest.raises(ParameterError, match="unknown scenario ids: NOPE-X"):
        select(catalog, ["NOPE-X"])
    assert {s.area for s in select(catalog, area="cards")} == {"cards"}


def test_finding_id_is_stable_and_order_free():
    a = finding_id("S-X", "cards:1", ["b:2", "a:1"])
    assert a == finding_id("S-X", "cards:1", ["a:1", "b:2"])
    assert a != finding_id("S-X", "cards:1", ["a:1"]) != finding_id("S-Y", "cards:1", ["a:1", "b:2"])
