"""`chungbaek graph ...` and `chungbaek bench write`."""

from __future__ import annotations

import json
import time

import click

from chungbaek.settings import settings
from graph.connection import get_driver
from graph.read import label_counts, totals
from graph.schema import apply_schema
from graph.writer import GraphWriter


@click.group("graph")
def graph_group() -> None:
    """The graph database: schema and counts."""


@graph_group.command("schema")
def schema_cmd() -> None:
    """Create the constraints and indexes of the model (idempotent)."""
    n = apply_schema(get_driver())
    click.echo(f"Schema applied: {n} constraints and indexes in place at {settings().neo4j_uri}")


@graph_group.command("counts")
@click.option("--government", help="Only nodes of this local-government code.")
@click.option("--json", "as_json", is_flag=True)
def counts_cmd(government: str | None, as_json: bool) -> None:
    """Node counts per label."""
    counts = label_counts(gov=government)
    if as_json:
        click.echo(json.dumps(counts, indent=2, sort_keys=True))
        return
    for label, count in sorted(counts.items()):
        click.echo(f"{label:24} {count:>12,}")


CLEAR_SCRATCH = "MATCH (n:BenchNode) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"


@click.command("write")
@click.option("--nodes", "n", default=100_000, show_default=True, help="How many scratch nodes to write.")
@click.option("--batch-size", default=20_000, show_default=True)
@click.option("--concurrency", default=4, show_default=True, help="Write transactions in flight.")
@click.option("--json", "as_json", is_flag=True)
def bench_write(n: int, batch_size: int, concurrency: int, as_json: bool) -> None:
    """Write N nodes and about 2N relationships through the writer into a scratch label."""
    driver = get_driver()
    apply_schema(driver)
    with driver.session() as session:
        session.run(CLEAR_SCRATCH).consume()
    # The scratch links are spread evenly over the nodes, so parallel relationship batches are safe here.
    writer = GraphWriter(driver, batch_size=batch_size, concurrency=concurrency, rel_concurrency=concurrency)
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


@graph_group.command("totals")
def totals_cmd() -> None:
    """Total node and relationship counts."""
    nodes, rels = totals()
    click.echo(f"nodes {nodes:,}  relationships {rels:,}")


COMMANDS = [graph_group]
BENCH_COMMANDS = [bench_write]
