"""`chungbaek serve`, `chungbaek api schema` and `chungbaek bench api`."""

from __future__ import annotations

from pathlib import Path

import click

SDL_PATH = Path(__file__).parent / "schema.graphql"


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", default=1, show_default=True, type=int, help="processes (each with its own driver)")
def serve(host: str, port: int, workers: int) -> None:
    """Serve the GraphQL API (and the explorer pages) on uvicorn."""
    from api.serving import run

    click.echo(f"ChungBaek API on http://{host}:{port}/graphql ({workers} worker{'s' if workers > 1 else ''})")
    run(host, port, workers)


@click.group("api")
def api_group() -> None:
    """The GraphQL API's schema."""


@api_group.command("schema")
@click.option("--write", is_flag=True, help=f"write it to {SDL_PATH.name} instead of printing it")
def schema_command(write: bool) -> None:
    """Print (or write) the schema's SDL."""
    from api.schema import sdl

    if write:
        SDL_PATH.write_text(sdl(), encoding="utf-8")
        click.echo(f"wrote {SDL_PATH}")
    else:
        click.echo(sdl(), nl=False)


COMMANDS = [serve, api_group]
