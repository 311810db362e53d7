"""`chungbaek scenarios why`: a scenario's conditions run step by step for one subject, on a real Neo4j with
the scenario fixtures: a subject that is found, subjects stopped at a named condition, unknown ones."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from chungbaek.cli import cli
from detectors.scenario import load_catalog
from detectors.why import REL_TYPES, SUBJECT, WhyError, _count_query, steps
from graph.writer import GraphWriter
from tests.detectors.fixtures import BUILDERS
from tests.detectors.graphs import G

POS, NEG = "81501", "81502"


def test_the_query_splits_into_clauses_and_conditions():
    plan = steps("""MATCH (p:Permit {gov: $gov}) WHERE p.kind STARTS WITH 'ro' AND NOT EXISTS { MATCH (d) WHERE
      d.a = 1 AND d.b = 2 } AND p.area > $min
      OPTIONAL MATCH (p)-[:HOLDER]->(o) WITH p, head(collect(o)) AS o, 'a, b' AS t WHERE o.x = 1 OR o.y = 2
      CALL (p) { MATCH (p)-[:X]->(q) RETURN q AS q2 UNION MATCH (q) RETURN q AS q2 }
      RETURN p.source_key AS subject_key""")
    assert [(s.kind, s.text.split()[0]) for s in plan] == [
        ("MATCH", "(p:Permit"), ("WHERE", "p.kind"), ("AND", "NOT"), ("AND", "p.area"), ("OPTIONAL MATCH", "(p)-[:HOLDER]->(o)"),
        ("WITH", "p,"), ("WHERE", "o.x"), ("CALL", "(p)"), ("RETURN", "p.source_key")]
    assert plan[5].scope == ["p", "o", "t"] and plan[7].scope == ["p", "o", "t", "q2"]
    assert plan[3].prefix.endswith("AND p.area > $min")


def test_a_case_expression_keeps_its_own_ands_and_values_are_not_tied_to_the_subject():
    plan = steps("""CALL () { MATCH (c:Duty) RETURN min(c.date) AS first }
      MATCH (p:Pay) WHERE CASE WHEN p.month IS NOT NULL AND p.month > '2026' THEN true ELSE p.end END
      AND p.amount > 0 WITH p, CASE WHEN p.a AND p.b THEN 1 END AS flag RETURN p.k AS subject_key""")
    assert [s.kind for s in plan] == ["CALL", "MATCH", "WHERE", "AND", "WITH", "RETURN"]
    assert plan[2].text.endswith("ELSE p.end END") and plan[4].scope == ["p", "flag"]
    assert plan[0].scope == ["first"] and plan[0].nodes == [] and plan[1].nodes == ["p"]


def subject_of(db, gov: str, label: str) -> str:
    rows, _, _ = db.execute_query(f"MATCH (f:{label} {{gov: $gov}})-[:HOLDER]->(o) "
                                  "RETURN o.system + ':' + o.source_key AS k", gov=gov)
    return rows[0]["k"]


@pytest.fixture()
def fixtures(db):
    writer = GraphWriter(db, concurrency=1)
    for sid, gov_pos, gov_neg in (("DUTY-ROAD-OCCUPANCY", POS, NEG), ("TAX-RES-PROPERTY-330", "81503", "81504")):
        for gov, pos in ((gov_pos, True), (gov_neg, False)):
            g = G(gov)
            BUILDERS[sid](g, pos)
            g.write(writer)
    return db


def why(*args: str) -> dict:
    result = CliRunner().invoke(cli, ["scenarios", "why", *args, "--json"])
    assert result.exit_code == 0, (result.output, result.exception)
    return json.loads(result.output)


@pytest.mark.neo4j
def test_a_found_subject_passes_every_step(fixtures):
    report = why("DUTY-ROAD-OCCUPANCY", "--subject", subject_of(fixtures, POS, "OccupancyPermit"), "--gov", POS)
    assert report["verdict"] == "found" and report["stopped_at"] is None
    assert report["steps"][-1]["rows"] == 1 and all(s["rows"] != 0 for s in report["steps"])
    assert "적발" in report["ko"] and "found" in report["en"]


@pytest.mark.neo4j
def test_a_subject_let_go_names_the_condition(fixtures):
    # an occupancy fee assessed for the permit: the NOT EXISTS on an assessment naming the permit lets it go
    report = why("DUTY-ROAD-OCCUPANCY", "--subject", subject_of(fixtures, NEG, "OccupancyPermit"), "--gov", NEG)
    assert report["verdict"] == "stopped"
    step = report["steps"][report["stopped_at"] - 1]
    assert step["rows"] == 0 and "DutyAssessment" in step["condition"] and "permit_no" in step["condition"]
    before = [s["rows"] for s in report["steps"][:report["stopped_at"] - 1]]
    # a step with nothing yet to tie to the subject (only values bound) is not counted: rows is None
    assert before and all(r is None or r > 0 for r in before) and any(r for r in before)
    assert f"{step['n']}단계" in report["ko"] and f"Step {step['n']}" in report["en"]
    # a 320 m2 workplace: the area condition lets it go (the holder is the subject, found through HOLDER)
    report = why("TAX-RES-PROPERTY-330", "--subject", subject_of(fixtures, "81504", "License"), "--gov", "81504")
    assert report["verdict"] == "stopped"
    assert "$min_area_m2" in report["steps"][report["stopped_at"] - 1]["condition"]
    # with the bar lowered to 300 m2 the same subject is found
    report = why("TAX-RES-PROPERTY-330", "--subject", subject_of(fixtures, "81504", "License"), "--gov", "81504",
                 "--param", "min_area_m2=300")
    assert report["verdict"] == "found"


@pytest.mark.neo4j
def test_unknown_scenario_or_subject_is_said(fixtures):
    runner = CliRunner()
    for args, message in (
        (["NOPE-X", "--subject", "saeol:1", "--gov", POS], "unknown scenario 'NOPE-X'"),
        (["DUTY-ROAD-OCCUPANCY", "--subject", "saeol:81501-NONE-1", "--gov", POS], "no record or fact saeol:81501-NONE-1"),
        (["DUTY-ROAD-OCCUPANCY", "--subject", "no-colon", "--gov", POS], "is not system:source_key"),
        (["DUTY-ROAD-OCCUPANCY", "--subject", subject_of(fixtures, NEG, "OccupancyPermit"), "--gov", POS],
         f"belongs to government {NEG}"),
    ):
        result = runner.invoke(cli, ["scenarios", "why", *args])
        assert isinstance(result.exception, WhyError) and message in str(result.exception), (args, result.output)


@pytest.mark.neo4j
@pytest.mark.parametrize("sid", sorted(s.id for s in load_catalog()))
def test_every_scenario_splits_into_steps_that_compile(neo4j_driver, sid):
    scenario = next(s for s in load_catalog() if s.id == sid)
    plan = steps(scenario.query)
    assert plan[-1].kind == "RETURN" and len(plan) >= 2
    rels = sorted({t for m in REL_TYPES.findall(scenario.query) for t in re.split(r"[|:]", m) if t})
    params = {**scenario.bind(), "gov": "00000", "since": "1900-01-01", "as_of": "2100-01-01", SUBJECT: "x"}
    with neo4j_driver.session() as session:
        for step in plan[:-1]:
            if step.nodes:
                session.run("EXPLAIN " + _count_query(step, rels), params).consume()
