"""`chungbaek neo4j install | start | stop | status`."""

from __future__ import annotations

import json

import click

from chungbaek import neo4j_server
from core.cli_options import emit, json_option
from core.settings import settings


@click.group("neo4j")
def neo4j_group() -> None:
    """Install, start, stop and inspect the project's own Neo4j server.

    With NEO4J_URI set, commands talk to that external server instead and never start or stop one.
    """


@neo4j_group.command()
@click.option("--force", is_flag=True, help="Resolve the jars again even if installed.")
@json_option()
def install(force: bool, as_json: bool) -> None:
    """Resolve Neo4j 5.26 Community from Maven Central and write its configuration."""
    text = neo4j_server.install(settings(), force=force, log=lambda m: click.echo(m, err=True))
    emit(as_json, {"installed": True, "message": text}, text)


@neo4j_group.command()
@click.option("--timeout", default=180.0, show_default=True, help="Seconds to wait for Bolt to answer.")
@json_option()
def start(timeout: float, as_json: bool) -> None:
    """Start Neo4j in the background and wait until Bolt answers (installs it first if needed)."""
    text = neo4j_server.start(settings(), timeout=timeout, log=lambda m: click.echo(m, err=True))
    emit(as_json, {"running": True, "uri": settings().neo4j_uri, "message": text}, text)


@neo4j_group.command()
@json_option()
def stop(as_json: bool) -> None:
    """Shut Neo4j down cleanly."""
    text = neo4j_server.stop(settings())
    emit(as_json, {"running": False, "message": text}, text)


@neo4j_group.command()
@click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")
def status(as_json: bool) -> None:
    """Version, pid, store size, node and relationship counts."""
    st = neo4j_server.status(settings())
    if as_json:
        click.echo(json.dumps(st.to_dict(), indent=2))
        return
    if not st.running:
        state = "not installed" if not st.installed else "not running"
        click.echo(f"Neo4j is {state} ({st.uri}; home {st.home}).")
        return
    click.echo(f"Neo4j {st.version} running at {st.uri} (pid {st.pid or 'external'})")
    click.echo(f"  store: {st.store_bytes / 1e6:.1f} MB in {st.home}")
    click.echo(f"  nodes: {st.nodes:,}  relationships: {st.relationships:,}")


COMMANDS = [neo4j_group]
