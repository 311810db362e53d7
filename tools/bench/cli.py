"""`chungbaek bench ...`: benchmarks that print figures (speed, quality) as text or --json.

They are tools, not product: they live beside the generator and are installed with it. Slow or optional
imports (Splink, aiohttp, the generator) happen inside the command that needs them, so `chungbaek --help`
stays fast.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import tempfile
import time
from pathlib import Path

import click

from core.cli_options import gov_option
from core.connection import get_driver
from core.settings import settings
from graph.model import MODEL_DIR, load_model
from graph.schema import apply_schema
from graph.writer import GraphWriter
from linkage.errors import InputError
from loaders.load import load_directory
from loaders.sample import write_sample_extract

SCRATCH_MODEL_DIR = Path(__file__).parent / "model"
CLEAR_SCRATCH = "MATCH (n:BenchNode) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"


@click.command("write")
@click.option("--nodes", "n", default=100_000, show_default=True, help="How many scratch nodes to write.")
@click.option("--batch-size", default=20_000, show_default=True)
@click.option("--concurrency", default=4, show_default=True, help="Write transactions in flight.")
@click.option("--json", "as_json", is_flag=True)
def bench_write(n: int, batch_size: int, concurrency: int, as_json: bool) -> None:
    """Write N nodes and about 2N relationships through the writer into a scratch label."""
    driver = get_driver()
    scratch = load_model(MODEL_DIR, SCRATCH_MODEL_DIR)
    apply_schema(driver, scratch)
    with driver.session() as session:
        session.run(CLEAR_SCRATCH).consume()
    # The scratch links are spread evenly over the nodes, so parallel relationship batches are safe here.
    writer = GraphWriter(driver, batch_size=batch_size, concurrency=concurrency, rel_concurrency=concurrency,
                         m=scratch)
    # Rows are built before the clock starts: the figure is the writer's (validation, packing, Neo4j),
    # not the cost of this loop inventing data.
    rows = [{"id": i, "name": f"node-{i}", "value": i * 0.5} for i in range(n)]
    t0 = time.perf_counter()
    writer.merge_nodes("BenchNode", rows)
    t_nodes = time.perf_counter() - t0
    rels = [
        {"start": {"id": i}, "end": {"id": (i + step) % n}, "props": {"weight": 1.0}}
        for i in range(n) for step in (1, 7)
    ]
    t0 = time.perf_counter()
    n_rels = writer.merge_relationships("BENCH_LINK", "BenchNode", "BenchNode", rels)
    t_rels = time.perf_counter() - t0
    with driver.session() as session:
        session.run(CLEAR_SCRATCH).consume()
    result = {
        "nodes": n, "relationships": n_rels, "batch_size": batch_size, "concurrency": concurrency,
        "nodes_seconds": round(t_nodes, 3), "relationships_seconds": round(t_rels, 3),
        "nodes_per_s": round(n / t_nodes), "rels_per_s": round(n_rels / t_rels),
    }
    if as_json:
        click.echo(json.dumps(result))
    else:
        click.echo(f"{n:,} nodes in {t_nodes:.2f} s: {result['nodes_per_s']:,} nodes/s")
        click.echo(f"{n_rels:,} relationships in {t_rels:.2f} s: {result['rels_per_s']:,} rels/s")


@click.command("load")
@click.argument("directory", type=click.Path(path_type=Path), required=False)
@click.option("--rows", type=click.IntRange(min=1), default=2000, show_default=True,
              help="Without DIR: rows per file of a sample extract written from the contracts.")
@gov_option()
@click.option("--batch-size", type=click.IntRange(min=1))
@click.option("--json", "as_json", is_flag=True)
def bench_load(directory: Path | None, rows: int, gov: str | None, batch_size: int | None,
               as_json: bool) -> None:
    """Load throughput in rows/s on DIR (or on a sample extract of --rows rows per file)."""
    with tempfile.TemporaryDirectory(prefix="chungbaek-bench-load-") as tmp:
        if directory is None:
            directory = Path(tmp) / "extract"
            write_sample_extract(directory, rows=rows, gov=gov or settings().default_government)
        started = time.monotonic()
        summary = load_directory(directory, gov=gov, quarantine_dir=Path(tmp) / "quarantine",
                                 batch_size=batch_size, progress=False)
        seconds = time.monotonic() - started
    figures = {
        "directory": str(directory), "files": sum(1 for f in summary.files if f.status == "loaded"),
        "rows_in": summary.rows_in, "loaded": summary.loaded, "quarantined": summary.quarantined,
        "nodes": sum(sum(f.nodes.values()) for f in summary.files),
        "relationships": sum(sum(f.relationships.values()) for f in summary.files),
        "unresolved": summary.unresolved, "seconds": round(seconds, 2),
        "rows_per_s": round(summary.rows_in / seconds, 1) if seconds else None,
    }
    if as_json:
        click.echo(json.dumps(figures))
    else:
        for name, value in figures.items():
            click.echo(f"{name:>14}: {value}")


@click.command("link")
@click.option("--data", "data_dir", type=click.Path(path_type=Path, file_okay=False),
              help="A generated municipality (with truth/entities.csv); its person records are mapped from the "
                   "files by the loaders' contracts.")
@gov_option()
@click.option("--dataset", "datasets", multiple=True,
              help="febrl4, korean:N (one CSV of N Korean people, about 1.75 records each, through chungbaek "
                   "match), synthetic:N (N people, about 2.5 records each), extract:DIR[:GOV], graph:DIR[:GOV] "
                   "(records in Neo4j). Default: febrl4 "
                   "(and the --data municipality).")
@click.option("--no-splink", is_flag=True, help="Only our engine.")
@click.option("--json", "as_json", is_flag=True)
def bench_link(data_dir: Path | None, gov: str | None, datasets: tuple[str, ...], no_splink: bool,
               as_json: bool) -> None:
    """Linkage quality and speed (pairs compared, pair completeness, precision, recall, F1, seconds, peak
    memory) against Splink with DuckDB on the same data; each engine in its own process."""
    from bench.link import compare_engines

    chosen = list(datasets) or ["febrl4"]
    if data_dir:
        if not (data_dir / "truth" / "entities.csv").is_file():
            raise InputError(f"{data_dir}: no truth/entities.csv", hint="generate it with chungbaek generate")
        chosen.append(f"extract:{data_dir}" + (f":{gov}" if gov else ""))
    with_splink = not no_splink
    if with_splink and importlib.util.find_spec("splink") is None:
        click.secho("splink is not installed (pip install -e './tools[splink]'); running ours only", fg="yellow", err=True)
        with_splink = False
    results = compare_engines(chosen, with_splink=with_splink)
    if as_json:
        click.echo(json.dumps(results, indent=2))
        return
    for entry in results:
        click.echo(f"== {entry['dataset']}")
        for engine in ("chungbaek", "splink"):
            r = entry.get(engine)
            if not r:
                continue
            if "error" in r:
                click.echo(f"  {engine:<10} error: {r['error']}")
                continue
            if "cluster_f1" in r:
                click.echo(f"  {engine:<10} cluster F1 {r['cluster_f1']:.4f} (P {r['precision']:.4f} R "
                           f"{r['recall']:.4f})  pairs P {r['pair_precision']:.4f} R {r['pair_recall']:.4f}  "
                           f"{r['seconds']:>8.1f}s  {r['peak_memory_mib']:>8.0f} MiB")
                continue
            click.echo(f"  {engine:<10} F1 {r['f1']:.4f} (P {r['precision']:.4f} R {r['recall']:.4f})  "
                       f"{r['seconds']:>8.1f}s  {r['peak_memory_mib']:>8.0f} MiB  "
                       f"pairs {r.get('pairs_compared', '-')}  completeness {r.get('pair_completeness', '-')}")
        if "ratios" in entry:
            q = entry["ratios"]
            click.echo(f"  splink/ours: time x{q['speed_x']}, memory x{q['memory_x']}; "
                       f"{'cluster ' if 'cluster_f1' in entry['chungbaek'] else ''}F1 ours - splink "
                       f"{q['f1_difference']:+.4f}")


@click.command("detect")
@click.option("--data", "data_dir", type=click.Path(file_okay=False, exists=True, path_type=Path), required=True,
              help="A generated extract (with truth/), already loaded and linked into the graph.")
@gov_option()
@click.option("--anomalies/--no-anomalies", default=True)
@click.option("--json", "as_json", is_flag=True)
def bench_detect(data_dir: Path, gov: str | None, anomalies: bool, as_json: bool) -> None:
    """Recall and precision per scenario against truth/planted_cases.csv and decoys.csv; time per scenario."""
    from bench.detect import bench as detect_bench
    from bench.detect import render as render_detect

    report = detect_bench(data_dir, gov=gov, anomalies=anomalies,
                   progress=None if as_json else (lambda m: click.echo(m, err=True)))
    click.echo(json.dumps(report, ensure_ascii=False, indent=2) if as_json else render_detect(report))


@click.command("api")
@click.option("--url", default=None, help="a running server's /graphql (default: start one on a free port)")
@click.option("--clients", default=None, type=click.IntRange(min=1),
              help="concurrent clients (with --rate: the most connections open at once)  [default: 50; 20 with "
                   "--restart]")
@click.option("--think-ms", default=0.0, show_default=True, type=float,
              help="each client's mean pause between an answer and its next request (0: back to back)")
@click.option("--rate", default=None, type=float,
              help="send on a fixed schedule of this many requests/s instead (open loop)")
@click.option("--capacity", is_flag=True,
              help="find, per query kind, the highest arrival rate whose p95 stays under --p95-ms")
@click.option("--p95-ms", default=50.0, show_default=True, type=float, help="the latency target of --capacity")
@click.option("--requests", "per_query", default=1000, show_default=True, type=int,
              help="requests per query kind (per rate step with --capacity)")
@click.option("--query", "kinds", multiple=True, type=click.Choice(["entity_detail", "neighbourhood_2hop", "path",
                                                                   "case_list"]),
              help="only these query kinds (repeatable; default: all)")
@click.option("--workers", default=2, show_default=True, type=int, help="uvicorn workers of the started server")
@click.option("--hostile", is_flag=True,
              help="instead: how fast fragment bombs, cost, alias, size and anonymous requests are refused, and "
                   "/healthz under a flood of bombs")
@click.option("--restart", is_flag=True,
              help="instead: stop and start the project's Neo4j under --clients clients and report the longest "
                   "wait, the server errors and the recovery time")
@click.option("--warm-s", default=5.0, show_default=True, type=float, help="with --restart: seconds before the stop")
@click.option("--after-s", default=10.0, show_default=True, type=float,
              help="with --restart: seconds the clients go on after Neo4j answers again")
@gov_option("government to sample from (default: settings)")
@click.option("--json", "as_json", is_flag=True)
def bench_api(url: str | None, clients: int | None, think_ms: float, rate: float | None, capacity: bool,
              p95_ms: float, per_query: int, kinds: tuple[str, ...], workers: int, hostile: bool, restart: bool,
              warm_s: float, after_s: float, gov: str | None, as_json: bool) -> None:
    """Concurrent clients against the API: requests/s and p50/p95/p99 per query kind.

    By default 50 clients send back to back, which measures saturation throughput. --think-ms gives each
    client a pause between requests, as people have; --rate sends on a fixed schedule; --capacity finds the
    highest rate that keeps the p95 under --p95-ms. --restart restarts the project's Neo4j under 20 clients.
    """
    from bench.api import Load, run_bench, run_capacity

    if restart:
        if url is not None:
            raise click.UsageError("--restart starts a server of its own; leave out --url")
        from bench.restart import render as render_restart
        from bench.restart import run_restart

        report = run_restart(clients=clients or 20, think_ms=think_ms, workers=workers, warm_s=warm_s,
                             after_s=after_s, gov=gov)
        click.echo(json.dumps(report, indent=2) if as_json else render_restart(report))
        return
    clients = clients or 50

    if hostile:
        from bench.api import serving
        from bench.hostile import render, run_hostile

        with serving(url, workers) as graphql_url:
            report = run_hostile(graphql_url)
        click.echo(json.dumps(report, indent=2) if as_json else render(report))
        return
    if capacity:
        def step(name: str, row: dict) -> None:
            click.echo(f"  {name}: {row['rate']:g} req/s -> p95 {row['p95_ms']:.1f} ms, errors {row['errors']}",
                       err=True)

        report = run_capacity(url=url, clients=clients, p95_ms=p95_ms, per_step=per_query, workers=workers,
                              gov=gov, kinds=list(kinds) or None, on_step=step)
        if as_json:
            click.echo(json.dumps(report, indent=2))
            return
        click.echo(f"highest arrival rate with p95 < {p95_ms:g} ms, server {report['url']}")
        for name, row in report["queries"].items():
            best = row["at_that_rate"]
            if best is None:
                click.echo(f"  {name:<18} not met even at the lowest rate ({row['steps'][0]['p95_ms']:.1f} ms)")
            else:
                click.echo(f"  {name:<18} {best['rate']:>7.1f} req/s  p50 {best['p50_ms']:.1f} ms  "
                           f"p95 {best['p95_ms']:.1f} ms  p99 {best['p99_ms']:.1f} ms")
        return
    report = run_bench(url=url, load=Load(clients=clients, think_ms=think_ms, rate=rate), per_query=per_query,
                       workers=workers, gov=gov, kinds=list(kinds) or None)
    if as_json:
        click.echo(json.dumps(report, indent=2))
        return
    click.echo(f"{report['load']}, server {report['url']}")
    for name, row in report["queries"].items():
        click.echo(f"  {name:<18} {row['requests_per_s']:>8.1f} req/s  p50 {row['p50_ms']:.1f} ms  "
                   f"p95 {row['p95_ms']:.1f} ms  p99 {row['p99_ms']:.1f} ms  errors {row['errors']}")


@click.command("generate")
@click.option("--residents", "-n", type=int, default=100_000, show_default=True)
@click.option("--seed", type=int, default=1, show_default=True)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to write (default: a temporary directory, removed afterwards).")
@click.option("--json", "as_json", is_flag=True, help="Print rows, seconds and rows/s as JSON.")
def bench_generate(residents: int, seed: int, out: Path | None, as_json: bool) -> None:
    """Generation speed: rows written per second for a municipality of N residents."""
    from generator.generate import generate

    tmp = None
    if out is None:
        tmp = Path(tempfile.mkdtemp(prefix="chungbaek-bench-generate-"))
        out = tmp / "m"
    try:
        s = generate(residents, seed, out, settings().default_government, progress=not as_json)
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
    figures = {"benchmark": "generate", "residents": residents, "rows": s.rows, "seconds": round(s.seconds, 2),
               "rows_per_second": round(s.rows / s.seconds), "files": len(s.files)}
    if as_json:
        click.echo(json.dumps(figures))
    else:
        click.echo(f"generate {residents:,} residents: {s.rows:,} rows in {s.seconds:.1f} s "
                   f"= {figures['rows_per_second']:,} rows/s")


@click.command("pipeline")
@click.option("--residents", "-n", type=click.IntRange(min=1), default=100_000, show_default=True)
@click.option("--seed", type=int, default=1, show_default=True)
@gov_option("Local-government code of the generated municipality (default: settings).")
@click.option("--data", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Keep the generated extract here and reuse it when it matches (default: a temporary directory).")
@click.option("--wipe", is_flag=True, help="Delete every node of a non-empty graph first (it is refused otherwise).")
@click.option("--json", "as_json", is_flag=True)
def bench_pipeline(residents: int, seed: int, gov: str | None, data: Path | None, wipe: bool,
                   as_json: bool) -> None:
    """Raw extracts to routed cases: generate (timed apart), load, link, reconcile, detect, open cases
    (notifications queued). Per stage: seconds, rows/s, CPU of Python and of Neo4j, wall time waiting on
    Bolt, peak memory of both processes."""
    from bench.pipeline import render, run

    report = run(residents, seed=seed, gov=gov or settings().default_government, data=data, wipe=wipe,
                 echo=(lambda m: None) if as_json else (lambda m: click.echo(m, err=True)))
    click.echo(json.dumps(report, ensure_ascii=False, indent=2) if as_json else render(report))


@click.command("stream")
@click.option("--residents", "-n", type=click.IntRange(min=1), default=5_000, show_default=True)
@click.option("--delta", type=click.IntRange(min=1), default=200, show_default=True, help="payroll rows per delta file")
@click.option("--files", type=click.IntRange(min=1), default=10, show_default=True, help="how many delta files to feed")
@click.option("--seed", type=int, default=1, show_default=True)
@gov_option("Local-government code of the generated town (default: settings).")
@click.option("--wipe", is_flag=True, help="Delete every node of a non-empty graph first (it is refused otherwise).")
@click.option("--json", "as_json", is_flag=True)
def bench_stream(residents: int, delta: int, files: int, seed: int, gov: str | None, wipe: bool,
                 as_json: bool) -> None:
    """Delta files fed to a running `chungbaek watch`: latency from arrival to queued notifications (p50/p95),
    rows/s, and the share of time in loading, linkage, the scenarios and the cases."""
    from bench.stream import render, run

    report = run(residents, delta=delta, files=files, seed=seed, gov=gov or settings().default_government,
                 wipe=wipe, echo=(lambda m: None) if as_json else (lambda m: click.echo(m, err=True)))
    click.echo(json.dumps(report, indent=2) if as_json else render(report))


BENCH_COMMANDS = [bench_write, bench_load, bench_link, bench_detect, bench_api, bench_generate, bench_pipeline,
                  bench_stream]
