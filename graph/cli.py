"""`chungbaek graph ...` and `chungbaek bench write`."""

from __future__ import annotations

import json

import click

from core.cli_options import emit, gov_option, json_option
from core.connection import get_driver
from core.settings import settings
from graph.read import label_counts, totals
from graph.schema import apply_schema


@click.group("graph")
def graph_group() -> None:
    """The graph database: schema and counts."""


@graph_group.command("schema")
@json_option()
def schema_cmd(as_json: bool) -> None:
    """Create the constraints and indexes of the model (idempotent)."""
    n = apply_schema(get_driver())
    emit(as_json, {"constraints_and_indexes": n, "uri": settings().neo4j_uri},
         f"Schema applied: {n} constraints and indexes in place at {settings().neo4j_uri}")


@graph_group.command("counts")
@gov_option("Only nodes of this local-government code.")
@click.option("--json", "as_json", is_flag=True)
def counts_cmd(gov: str | None, as_json: bool) -> None:
    """Node counts per label."""
    counts = label_counts(gov=gov)
    if as_json:
        click.echo(json.dumps(counts, indent=2, sort_keys=True))
        return
    for label, count in sorted(counts.items()):
        click.echo(f"{label:24} {count:>12,}")




@graph_group.command("totals")
@json_option()
def totals_cmd(as_json: bool) -> None:
    """Total node and relationship counts."""
    nodes, rels = totals()
    emit(as_json, {"nodes": nodes, "relationships": rels}, f"nodes {nodes:,}  relationships {rels:,}")


COMMANDS = [graph_group]
