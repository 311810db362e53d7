"""`chungbaek bench pipeline`: raw extracts to routed cases, one stage after another, with what each cost.

Generation is timed apart (it is not part of the product's run). Then: load (Bolt, or the bulk initial
import when the shell hands one in), link, reconcile, detect (scenarios and anomaly detectors), cases
(officials to users, findings to cases, which queues the notifications). Each stage is measured by
`bench.meter`: wall seconds, CPU of this process and of the local Neo4j server, wall time blocked on
Bolt, peak memory of both.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.meter import Meter, StageCost, server_pid
from core.connection import get_driver
from core.errors import ChungBaekError
from core.settings import settings
from graph.read import read

# The bulk loader the shell provides (it stops and starts the server): (directory, gov, quarantine dir,
# replace) -> a LoadSummary. Without it, the pipeline loads through Bolt.
InitialLoad = Callable[[Path, str, Path, bool], Any]
WIPE = "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"


def _generated(data: Path, residents: int, seed: int, gov: str) -> bool:
    marker = data / ".chungbaek-bench.json"
    return marker.is_file() and json.loads(marker.read_text()) == {"residents": residents, "seed": seed, "gov": gov}


def _node_count() -> int:
    return int(read("MATCH (n) RETURN count(n) AS c")[0]["c"])


def run(residents: int, *, seed: int, gov: str, data: Path | None, wipe: bool,
        initial_load: InitialLoad | None = None, echo: Callable[[str], None] = lambda m: None) -> dict[str, Any]:
    from cases.opening import open_cases_from_findings
    from cases.users import users_from_org_chart
    from detectors.api import run_detectors
    from generator.generate import generate
    from linkage.link import link_all
    from linkage.reconcile import reconcile
    from loaders.load import load_directory

    cfg = settings()
    scratch = Path(tempfile.mkdtemp(prefix="chungbaek-bench-pipeline-"))
    out = data or scratch / "extract"
    report: dict[str, Any] = {"benchmark": "pipeline", "residents": residents, "seed": seed, "gov": gov,
                              "load_path": "initial import" if initial_load else "bolt", "data": str(out)}
    try:
        driver = get_driver()
        if _node_count():
            if not wipe:
                raise ChungBaekError(f"the graph at {cfg.neo4j_uri} is not empty; the pipeline is measured from "
                                     "an empty graph",
                                     hint="use a fresh CHUNGBAEK_STATE_DIR, or --wipe to delete every node first")
            echo("== wiping the graph")
            with driver.session() as session:
                session.run(WIPE).consume()
        meter = Meter(None)
        with meter.stage("generate", bolt=False) as cost:
            if data is not None and _generated(out, residents, seed, gov):
                echo(f"== generate: reusing {out}")
                cost.rows = None
            else:
                echo(f"== generate {residents:,} residents into {out}")
                if data is not None and out.exists() and not (out / "truth").is_dir():
                    raise ChungBaekError(f"{out} exists and is not a generated extract", hint="give a new --data")
                if out.exists():
                    shutil.rmtree(out)
                summary = generate(residents, seed, out, gov_code=gov, progress=False)
                (out / ".chungbaek-bench.json").write_text(json.dumps({"residents": residents, "seed": seed,
                                                                       "gov": gov}))
                cost.rows = summary.rows
        generation = meter.stages.pop()

        meter.neo4j_pid = server_pid(cfg.neo4j_home / "run" / "neo4j.pid") if not cfg.external_neo4j else None
        quarantine = scratch / "quarantine"
        echo("== load")
        with meter.stage("load") as cost:
            if initial_load is not None:
                loaded = initial_load(out, gov, quarantine, wipe)
            else:
                loaded = load_directory(out, gov=gov, quarantine_dir=quarantine, progress=False)
            cost.rows = loaded.rows_in
        report["load"] = {"rows_in": loaded.rows_in, "loaded": loaded.loaded, "quarantined": loaded.quarantined}
        if initial_load is not None:  # the import restarted the server: a new process
            meter.neo4j_pid = server_pid(cfg.neo4j_home / "run" / "neo4j.pid") if not cfg.external_neo4j else None
        echo("== link")
        with meter.stage("link") as cost:
            linked = link_all(gov)
            cost.rows = sum(k.records for k in linked.kinds.values())
        report["entities"] = {k: v.entities for k, v in linked.kinds.items()}
        echo("== reconcile")
        with meter.stage("reconcile"):
            report["reconciliation"] = reconcile(gov).to_dict()
        echo("== detect")
        with meter.stage("detect"):
            run_summary = run_detectors(gov=gov, anomalies=True, user="bench")
        report["findings"] = run_summary.findings
        echo("== cases")
        with meter.stage("cases") as cost:
            users = users_from_org_chart(gov)
            opened = open_cases_from_findings(run_id=run_summary.run_id, gov=gov)
            cost.rows = opened.findings
        queued = read("MATCH (n:Notification {status: 'pending'}) WHERE n.case_id STARTS WITH $prefix "
                      "RETURN count(n) AS c", prefix=f"C-{gov}-")[0]["c"]
        report["cases"] = {"users": len(users), **opened.to_dict(), "notifications_queued": queued}
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    report["generate"] = generation.to_dict()
    report["stages"] = [s.to_dict() for s in meter.stages]
    report["total"] = _total(meter.stages)
    return report


def _total(stages: list[StageCost]) -> dict[str, Any]:
    seconds = sum(s.seconds for s in stages)
    waiting = sum(s.waiting_on_neo4j_s for s in stages)
    neo = [s.neo4j_cpu_s for s in stages if s.neo4j_cpu_s is not None]
    return {"seconds": round(seconds, 1), "python_cpu_s": round(sum(s.python_cpu_s for s in stages), 1),
            "neo4j_cpu_s": round(sum(neo), 1) if neo else None, "waiting_on_neo4j_s": round(waiting, 1),
            "waiting_share": round(waiting / seconds, 3) if seconds else 0.0,
            "python_peak_mib": max((s.python_peak_mib for s in stages), default=0),
            "neo4j_peak_mib": max((s.neo4j_peak_mib or 0 for s in stages), default=0) or None}


def render(report: dict[str, Any]) -> str:
    g = report["generate"]
    lines = [f"pipeline, {report['residents']:,} residents (seed {report['seed']}, government {report['gov']}, "
             f"load: {report['load_path']})",
             f"generate (apart): {g['seconds']:.1f} s" + (f", {g['rows']:,} rows" if g.get("rows") else " (reused)"),
             f"{'stage':<10} {'wall s':>8} {'rows/s':>9} {'py cpu s':>9} {'neo cpu s':>9} {'wait neo s':>10} "
             f"{'wait %':>6} {'py MiB':>7} {'neo MiB':>8}"]
    for s in [*report["stages"], {"stage": "total", **report["total"], "rows_per_s": None}]:
        neo_cpu = "-" if s["neo4j_cpu_s"] is None else f"{s['neo4j_cpu_s']:.1f}"
        neo_mib = "-" if not s["neo4j_peak_mib"] else f"{s['neo4j_peak_mib']:,.0f}"
        rate = f"{s['rows_per_s']:,.0f}" if s.get("rows_per_s") else "-"
        lines.append(f"{s['stage']:<10} {s['seconds']:>8.1f} {rate:>9} {s['python_cpu_s']:>9.1f} {neo_cpu:>9} "
                     f"{s['waiting_on_neo4j_s']:>10.1f} {100 * s['waiting_share']:>5.0f}% "
                     f"{s['python_peak_mib']:>7,.0f} {neo_mib:>8}")
    load = report["load"]
    lines.append(f"load: {load['rows_in']:,} rows in, {load['loaded']:,} loaded, {load['quarantined']:,} quarantined")
    lines.append("entities: " + ", ".join(f"{k} {v:,}" for k, v in report["entities"].items()))
    c = report["cases"]
    lines.append(f"findings {report['findings']:,}; cases {c['cases']:,} ({c['opened']:,} opened); "
                 f"notifications queued {c['notifications_queued']:,}")
    return "\n".join(lines)
