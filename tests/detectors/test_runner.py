"""The runner: a failing or runaway scenario is recorded and the batch goes on; findings are stored per
INTERFACES section 4 and a re-run does not duplicate them; export and the Python API."""

from __future__ import annotations

import csv
import json

from click.testing import CliRunner

from detectors.api import list_findings, run_detectors
from detectors.runner import run_batch
from detectors.scenario import load_catalog, parse_scenario
from graph.writer import GraphWriter
from tests.detectors.fixtures import BUILDERS
from tests.detectors.graphs import G

GOV = "81001"


def _bad(tmp_path, sid: str, query: str):
    path = tmp_path / f"{sid.lower()}.yaml"
    path.write_text(f"""\
id: {sid}
title: {{en: bad, ko: 나쁨}}
area: cards
systems: [cards]
severity: low
description: fails
query: |
  {query}
result: {{subject: subject_key, official: official_key, amount: amount, evidence: evidence_keys, message: m}}
""", encoding="utf-8")
    return parse_scenario(path)


def _graph(db) -> str:
    g = G(GOV)
    key = BUILDERS["CARD-LATE-NIGHT"](g, True)
    g.official("cards")
    g.write(GraphWriter(db, concurrency=1))
    return key


def test_failures_are_recorded_and_the_batch_goes_on(db, tmp_path):
    key = _graph(db)
    late = [s for s in load_catalog() if s.id == "CARD-LATE-NIGHT"]
    broken = _bad(tmp_path, "TEST-DIV-ZERO", "WITH $gov AS g, $since AS s, $as_of AS a RETURN 1 / 0 AS subject_key, "
                  "null AS official_key, 0 AS amount, [] AS evidence_keys")
    slow = _bad(tmp_path, "TEST-RUNAWAY", "UNWIND range(1, 2000000000) AS i WITH i WHERE i < 0 AND $gov <> $since "
                "AND $as_of IS NOT NULL RETURN 'x' AS subject_key, null AS official_key, i AS amount, [] AS evidence_keys")
    summary = run_batch(db, [broken, *late, slow], gov=GOV, timeout_s=5.0, user="tester")
    status = {r.scenario_id: r for r in summary.results}
    assert status["TEST-DIV-ZERO"].status == "failed" and "/ by zero" in (status["TEST-DIV-ZERO"].error or "")
    assert status["TEST-RUNAWAY"].status == "timeout"
    assert status["CARD-LATE-NIGHT"].status == "ok" and status["CARD-LATE-NIGHT"].findings == 1
    assert summary.status == "partial"
    run = db.execute_query("MATCH (r:DetectorRun {run_id: $id}) RETURN r {.*} AS r", id=summary.run_id)[0][0]["r"]
    assert run["status"] == "partial" and run["user"] == "tester" and run["findings"] == 1
    assert run["scenarios_failed"] == 2 and "CARD-LATE-NIGHT" in json.loads(run["versions"])
    assert {r["scenario_id"]: r["status"] for r in json.loads(run["results"])}["TEST-RUNAWAY"] == "timeout"
    found = list_findings(run_id=summary.run_id, driver=db)
    assert [f["evidence_keys"] for f in found] == [[key]]
    links = db.execute_query(
        "MATCH (f:Finding {run_id: $id}) RETURN count{(f)-[:EVIDENCE]->(:CardApproval)} AS ev, "
        "count{(f)-[:IN_RUN]->(:DetectorRun)} AS runs, f.official_key AS off", id=summary.run_id)[0][0]
    assert links["ev"] == 1 and links["runs"] == 1 and links["off"].startswith("local_hr:")


def test_rerun_keeps_one_finding_linked_to_both_runs_and_export(db, tmp_path):
    key = _graph(db)
    first = run_detectors(["CARD-LATE-NIGHT"], gov=GOV, driver=db)
    second = run_detectors(["CARD-LATE-NIGHT"], gov=GOV, driver=db)
    rows = db.execute_query("MATCH (f:Finding) RETURN f.finding_id AS id, f.run_id AS run, f.first_run_id AS first, "
                            "count{(f)-[:IN_RUN]->()} AS runs")[0]
    assert len(rows) == 1
    assert (rows[0]["run"], rows[0]["first"], rows[0]["runs"]) == (second.run_id, first.run_id, 2)
    assert len(list_findings(run_id=first.run_id, driver=db)) == 1

    from chungbaek.cli import cli

    out = tmp_path / "findings.csv"
    result = CliRunner().invoke(cli, ["findings", "export", "--run", first.run_id, "--out", str(out)])
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8") as fh:
        exported = list(csv.DictReader(fh))
    assert [(r["scenario_id"], r["evidence_keys"]) for r in exported] == [("CARD-LATE-NIGHT", key)]
    assert exported[0]["subject_key"].startswith("local_hr:")


def test_detect_command_json_and_bad_param(db):
    _graph(db)
    from chungbaek.cli import cli

    result = CliRunner().invoke(cli, ["detect", "--area", "cards", "--gov", GOV, "--json",
                                      "--param", "CARD-SPLIT-PAYMENT.limit=300000"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert {s["scenario_id"] for s in summary["scenarios"]} == {
        "CARD-LATE-NIGHT", "CARD-HOLIDAY", "CARD-BANNED-MERCHANT", "CARD-SPLIT-PAYMENT"}
    assert summary["findings"] == 1
    result = CliRunner().invoke(cli, ["detect", "--gov", GOV, "--param", "limit=cheap"])
    assert result.exit_code != 0 and "is not an amount in KRW" in str(result.exception)

