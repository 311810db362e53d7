"""`chungbaek graph ...` and `chungbaek bench write`."""

from __future__ import annotations

import json

import click

from core.cli_options import gov_option
from core.connection import get_driver
from core.settings import settings
from graph.read import label_counts, totals
from graph.schema import apply_schema


@click.group("graph")
def graph_group() -> None:
    """The graph database: schema and counts."""


@graph_group.command("schema")
def schema_cmd() -> None:
    """Create the constraints and indexes of the model (idempotent)."""
    n = apply_schema(get_driver())
    click.echo(f"Schema applied: {n} constraints and indexes in place at {settings().neo4j_uri}")


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
def totals_cmd() -> None:
    """Total node and relationship counts."""
    nodes, rels = totals()
    click.echo(f"nodes {nodes:,}  relationships {rels:,}")


COMMANDS = [graph_group]
