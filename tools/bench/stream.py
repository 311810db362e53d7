"""`chungbaek bench stream`: delta files fed to a running watcher, and how long each took to reach its cases.

A town is generated and loaded (all but its payroll) and linked; its payroll is then cut into delta files of
`delta` rows. A watcher (`chungbaek watch INBOX --json`, a process of its own, as in production) follows the
inbox while the files are dropped one by one, each when the last is done. For each file the watcher reports
its latency, from its arrival (modification time) to its cases' notifications being queued, and its stages.
The benchmark prints the latency's p50 and p95, rows/s over the processing time, and the share of that
time in loading, linkage, the scenarios and the cases.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.pipeline import WIPE, _node_count
from core.connection import get_driver
from core.errors import ChungBaekError
from core.settings import settings

STAGES = ("load_s", "link_s", "detect_s", "cases_s")


def _split_csv(path: Path, rows: int, files: int, out: Path) -> list[Path]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header, body = next(reader), list(reader)
    parts = []
    for i in range(min(files, -(-len(body) // rows))):
        part = out / f"payroll-{i:04d}.csv"
        with part.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(header)
            writer.writerows(body[i * rows:(i + 1) * rows])
        parts.append(part)
    return parts


def run(residents: int, *, delta: int, files: int, seed: int, gov: str, wipe: bool,
        echo: Callable[[str], None] = lambda m: None) -> dict[str, Any]:
    from generator.generate import generate
    from linkage.link import link_all
    from loaders.load import load_directory

    cfg = settings()
    if _node_count():
        if not wipe:
            raise ChungBaekError(f"the graph at {cfg.neo4j_uri} is not empty; the stream is measured on a fresh town",
                                 hint="use a fresh CHUNGBAEK_STATE_DIR, or --wipe to delete every node first")
        echo("== wiping the graph")
        with get_driver().session() as session:
            session.run(WIPE).consume()
    scratch = Path(tempfile.mkdtemp(prefix="chungbaek-bench-stream-"))
    try:
        town, inbox = scratch / "town", scratch / "inbox"
        echo(f"== generate {residents:,} residents")
        generate(residents, seed, town, gov_code=gov, progress=False)
        payroll = town / "local_hr" / "payroll.csv"
        if not payroll.is_file():
            raise ChungBaekError("the generated town has no local_hr/payroll.csv", hint="the generator writes CSV")
        held = scratch / "payroll.csv"
        payroll.rename(held)
        echo("== load and link the base (all but the payroll)")
        load_directory(town, gov=gov, quarantine_dir=scratch / "q")
        link_all(gov)
        (inbox / "local_hr").mkdir(parents=True)
        parts = _split_csv(held, delta, files, scratch)
        echo(f"== {len(parts)} delta files of up to {delta:,} payroll rows to a running watcher")
        results = _feed(inbox, gov, parts, echo)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return _report(residents, delta, results)


def _feed(inbox: Path, gov: str, parts: list[Path], echo: Callable[[str], None]) -> list[dict[str, Any]]:
    watcher = subprocess.Popen([sys.executable, "-m", "chungbaek", "watch", str(inbox), "--gov", gov, "--json",
                                "--poll", "0.5"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                               env=dict(os.environ))
    results: list[dict[str, Any]] = []
    try:
        assert watcher.stdout is not None
        for part in parts:
            shutil.copy(part, inbox / "local_hr" / part.name)
            while True:  # the watcher prints one JSON line per file it has finished
                line = watcher.stdout.readline()
                if not line:
                    raise ChungBaekError("the watcher stopped", hint="run chungbaek watch by hand to see why")
                if line.startswith("{"):
                    result = json.loads(line)
                    if result.get("name") == f"local_hr/{part.name}":
                        break
            results.append(result)
            echo(f"   {part.name}: {result['status']}, {result['rows_in']:,} rows, latency {result['latency_s']} s, "
                 f"findings {result['findings']}, cases {result['cases_opened']}")
            if result["status"] != "done":
                raise ChungBaekError(f"{part.name} was {result['status']}: {result.get('reason')}")
    finally:
        watcher.terminate()
        try:
            watcher.wait(30)
        except subprocess.TimeoutExpired:
            watcher.kill()
    return results


def _report(residents: int, delta: int, results: list[dict[str, Any]]) -> dict[str, Any]:
    latencies = sorted(r["latency_s"] for r in results)
    busy = sum(r["seconds"] for r in results) or 1e-9
    cut = statistics.quantiles(latencies, n=20, method="inclusive") if len(latencies) >= 2 else latencies * 19
    return {"benchmark": "stream", "residents": residents, "delta_rows": delta, "files": len(results),
            "rows": sum(r["rows_in"] for r in results),
            "latency_p50_s": round(statistics.median(latencies), 1), "latency_p95_s": round(cut[18], 1),
            "latency_max_s": latencies[-1], "rows_per_s": round(sum(r["rows_in"] for r in results) / busy, 1),
            "processing_s": round(busy, 1),
            "share": {stage[:-2]: round(sum(r.get(stage, 0.0) for r in results) / busy, 3) for stage in STAGES},
            "findings": sum(r["findings"] for r in results), "cases_opened": sum(r["cases_opened"] for r in results)}


def render(report: dict[str, Any]) -> str:
    share = ", ".join(f"{k} {v:.0%}" for k, v in report["share"].items())
    return (f"{report['files']} delta files of up to {report['delta_rows']:,} payroll rows on a "
            f"{report['residents']:,}-resident town ({report['rows']:,} rows)\n"
            f"  arrival to notifications queued: p50 {report['latency_p50_s']} s, p95 {report['latency_p95_s']} s, "
            f"max {report['latency_max_s']} s\n"
            f"  {report['rows_per_s']:,} rows/s over {report['processing_s']} s of processing ({share})\n"
            f"  {report['findings']} findings, {report['cases_opened']} cases opened")
