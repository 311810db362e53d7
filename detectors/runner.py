"""Batch runs of the scenario catalog: one DetectorRun node, findings per INTERFACES section 4.

A failing scenario (Cypher error, time limit, Neo4j gone) is recorded in the run with its error and the
batch carries on; what finished stays stored.
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import json
import time
import uuid
from collections.abc import Callable, Sequence
from typing import Any

from neo4j import Driver, ManagedTransaction, unit_of_work
from neo4j.exceptions import Neo4jError, ServiceUnavailable, SessionExpired

from core.clock import now_iso as now
from core.connection import execute
from detectors.scenario import ParameterError, Scenario, load_catalog
from detectors.store import store_findings, write_run
from detectors.summary import RunSummary, ScenarioResult

DEFAULT_TIMEOUT_S = 120.0
DEFAULT_SINCE = "1900-01-01"


def finding_id(scenario_id: str, subject_key: str, evidence_keys: Sequence[str]) -> str:
    text = "\x1f".join([scenario_id, subject_key, *sorted(evidence_keys)])
    return "F-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def governments(driver: Driver) -> list[str]:
    rows, _, _ = execute(driver, "MATCH (u:OrgUnit) WHERE u.gov IS NOT NULL RETURN DISTINCT u.gov AS gov")
    govs = sorted(r["gov"] for r in rows)
    if not govs:
        rows, _, _ = execute(driver,
            "MATCH (p:PersonRecord) WHERE p.gov IS NOT NULL RETURN DISTINCT p.gov AS gov LIMIT 100")
        govs = sorted(r["gov"] for r in rows)
    return govs


AS_OF_LABELS = ("TaxAssessment", "Payment", "PayrollPayment", "WelfarePayment", "CardApproval", "UseApproval",
                "DutyAssessment", "OccupancyPermit")


def data_end(driver: Driver, gov: str) -> str:
    """The latest fact date of the government: the 'today' of omission windows (the extract's end)."""
    best = DEFAULT_SINCE
    for label in AS_OF_LABELS:
        rows, _, _ = execute(driver,
            f"MATCH (f:{label} {{gov: $gov}}) WHERE f.date IS NOT NULL RETURN max(toString(date(f.date))) AS d",
            gov=gov)
        if rows and rows[0]["d"] and rows[0]["d"] > best:
            best = rows[0]["d"]
    return best if best != DEFAULT_SINCE else dt.date.today().isoformat()


RESPONSIBLE = """
MATCH (u:OrgUnit {gov: $gov, area: $area})
OPTIONAL MATCH (u)-[:HEADED_BY]->(h:PersonRecord)
OPTIONAL MATCH (u)<-[:IN_UNIT]-(e:Employment)-[:EMPLOYEE]->(o:PersonRecord) WHERE e.retired_on IS NULL
WITH u, h, o ORDER BY o.source_key
WITH u, h, collect(o)[0] AS first
WITH u, coalesce(h, first) AS who WHERE who IS NOT NULL
RETURN who.system + ':' + who.source_key AS key ORDER BY u.source_key LIMIT 1
"""


def responsible_official(driver: Driver, gov: str, area: str) -> str | None:
    """For omissions: the head of the first unit (by code) handling the area, else its first official."""
    rows, _, _ = execute(driver, RESPONSIBLE, gov=gov, area=area)
    return rows[0]["key"] if rows else None


def _parse_overrides(catalog: Sequence[Scenario], params: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Check every --param names a parameter of at least one selected scenario and is of its type."""
    per: dict[str, dict[str, Any]] = {s.id: {} for s in catalog}
    for name, value in params.items():
        sid, _, pname = name.rpartition(".")
        targets = [s for s in catalog if (not sid or s.id == sid) and pname in s.parameters]
        if not targets:
            raise ParameterError(f"--param {name}: no selected scenario has a parameter {pname!r}")
        for s in targets:
            per[s.id].update(s.bind({pname: value}))
    return per


def select(catalog: Sequence[Scenario], ids: Sequence[str] = (), area: str | None = None) -> list[Scenario]:
    known = {s.id for s in catalog}
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise ParameterError(f"unknown scenario ids: {', '.join(unknown)}")
    return [s for s in catalog if (not ids or s.id in ids) and (area is None or s.area == area)]


Progress = Callable[[str], None]


def run_batch(driver: Driver, scenarios: Sequence[Scenario] | None = None, *, gov: str | None = None,
              since: str | None = None, params: dict[str, Any] | None = None, timeout_s: float = DEFAULT_TIMEOUT_S,
              user: str | None = None, progress: Progress | None = None) -> RunSummary:
    """Run the scenarios for one government (or each one in the graph) and store a DetectorRun and findings."""
    from detectors.scenario import coerce

    catalog = list(scenarios) if scenarios is not None else load_catalog()
    overrides = _parse_overrides(catalog, params or {})
    since_value = coerce("date", since, "since") if since else DEFAULT_SINCE
    say = progress or (lambda _m: None)
    summary = RunSummary(run_id="R-" + dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6],
                         started_at=now(), user=user or getpass.getuser(),
                         versions={s.id: s.sha256[:16] for s in catalog})
    summary.governments = [gov] if gov else governments(driver)
    write_run(driver, summary)
    down = False
    for g in summary.governments:
        try:
            as_of = data_end(driver, g)
        except (ServiceUnavailable, SessionExpired):
            down, as_of = True, dt.date.today().isoformat()
        owners: dict[str, str | None] = {}
        for i, scenario in enumerate(catalog, 1):
            say(f"[{i}/{len(catalog)}] {g} {scenario.id} ...")
            res = ScenarioResult(scenario.id, g, "ok")
            started = time.perf_counter()
            try:
                if down and not _reachable(driver):
                    raise ServiceUnavailable("still unreachable; the scenario was not run")
                down = False
                values = {**scenario.bind(), **overrides.get(scenario.id, {})}
                values.update(gov=g, since=since_value, as_of=as_of)
                rows = _run_query(driver, scenario, values, timeout_s)
                if scenario.area not in owners:
                    owners[scenario.area] = responsible_official(driver, g, scenario.area)
                findings = [_finding(scenario, row, g, summary.run_id, owners[scenario.area]) for row in rows]
                res.findings = store_findings(driver, summary.run_id, findings)
            except (ServiceUnavailable, SessionExpired) as exc:
                down = True
                res.status, res.error = "unavailable", f"Neo4j became unavailable: {exc}"
            except Neo4jError as exc:
                timed_out = "timeout" in (exc.code or "").lower() or "terminated" in (exc.message or "").lower()
                res.status = "timeout" if timed_out else "failed"
                res.error = (f"time limit of {timeout_s:g} s reached" if timed_out
                             else f"{exc.code}: {exc.message}")
            except Exception as exc:  # noqa: BLE001 - one scenario never aborts the batch
                res.status, res.error = "failed", f"{type(exc).__name__}: {exc}"
            res.seconds = round(time.perf_counter() - started, 3)
            summary.results.append(res)
            say(f"[{i}/{len(catalog)}] {g} {scenario.id}: {res.status}, {res.findings} findings, {res.seconds:.2f} s"
                + (f" ({res.error})" if res.error else ""))
    failed = [r for r in summary.results if r.status != "ok"]
    summary.status = "ok" if not failed else ("failed" if len(failed) == len(summary.results) else "partial")
    summary.finished_at = now()
    try:
        write_run(driver, summary)
    except (ServiceUnavailable, SessionExpired) as exc:
        summary.status = "unrecorded"
        say(f"the run could not be recorded: Neo4j is unavailable ({exc})")
    return summary


def _reachable(driver: Driver) -> bool:
    try:
        driver.verify_connectivity()
    except (ServiceUnavailable, SessionExpired, OSError):
        return False
    return True


def _run_query(driver: Driver, scenario: Scenario, values: dict[str, Any], timeout_s: float) -> list[dict[str, Any]]:
    @unit_of_work(timeout=timeout_s)
    def work(tx: ManagedTransaction) -> list[dict[str, Any]]:
        return [r.data() for r in tx.run(scenario.query, values)]

    with driver.session() as session:
        return session.execute_read(work)


def _finding(scenario: Scenario, row: dict[str, Any], gov: str, run_id: str, owner: str | None) -> dict[str, Any]:
    res = scenario.result
    evidence = sorted({str(k) for k in (row.get(res["evidence"]) or []) if k})
    subject = str(row.get(res["subject"]) or (evidence[0] if evidence else ""))
    official = row.get(res.get("official", "")) if res.get("official") else None
    amount = row.get(res["amount"])
    extras = {k: v for k, v in row.items() if k not in res.values()}
    return {
        "finding_id": finding_id(scenario.id, subject, evidence), "run_id": run_id, "scenario_id": scenario.id,
        "area": scenario.area, "severity": scenario.severity, "gov": gov, "subject_key": subject,
        "subject_name": row.get(res.get("subject_name", "")) if res.get("subject_name") else None,
        "official_key": official or owner, "amount": int(amount) if isinstance(amount, int | float) else None,
        "message": scenario.message(row), "message_ko": scenario.message(row, "ko"), "evidence_keys": evidence, "score": None,
        "features": json.dumps(extras, ensure_ascii=False, default=str),
    }
