"""`chungbaek demo`: the main job end to end (install and start Neo4j, apply the schema, then every
stage that exists: generate, load, link, detect, open cases, serve)."""

from __future__ import annotations

import click

from chungbaek import neo4j_server
from chungbaek.settings import settings


@click.command("demo")
@click.option("--residents", default=20_000, show_default=True, help="Size of the generated municipality.")
@click.option("--seed", default=7, show_default=True)
@click.option("--serve/--no-serve", default=True, show_default=True, help="Serve the API afterwards.")
def demo(residents: int, seed: int, serve: bool) -> None:
    """Run the whole pipeline on a generated municipality, then serve it."""
    from graph.connection import get_driver
    from graph.schema import apply_schema

    cfg = settings()
    click.echo(neo4j_server.start(cfg, log=lambda m: click.echo(m, err=True)))
    n = apply_schema(get_driver(cfg))
    click.echo(f"Schema: {n} constraints and indexes in place.")
    click.echo(f"Neo4j Bolt: {cfg.neo4j_uri} (user {cfg.neo4j_user}; password in "
               f"{cfg.state_dir / 'secrets' / 'neo4j-password'})")
    click.echo(f"Neo4j HTTP / Browser: http://127.0.0.1:{cfg.neo4j_http_port}/")


COMMANDS = [demo]
