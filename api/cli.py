"""`chungbaek serve`, `chungbaek api schema` and `chungbaek bench api`."""

from __future__ import annotations

import json
from pathlib import Path

import click

SDL_PATH = Path(__file__).parent / "schema.graphql"


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", default=1, show_default=True, type=int, help="processes (each with its own driver)")
def serve(host: str, port: int, workers: int) -> None:
    """Serve the GraphQL API (and the explorer pages) on uvicorn."""
    import uvicorn

    click.echo(f"ChungBaek API on http://{host}:{port}/graphql ({workers} worker{'s' if workers > 1 else ''})")
    uvicorn.run("api.app:create_app", factory=True, host=host, port=port, workers=workers, log_level="warning",
                access_log=False)


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


@click.command("api")
@click.option("--url", default=None, help="a running server's /graphql (default: start one on a free port)")
@click.option("--clients", default=50, show_default=True, type=int)
@click.option("--requests", "per_query", default=1000, show_default=True, type=int, help="requests per query kind")
@click.option("--workers", default=2, show_default=True, type=int, help="uvicorn workers of the started server")
@click.option("--gov", default=None, help="government to sample from (default: settings)")
@click.option("--json", "as_json", is_flag=True)
def bench_api(url: str | None, clients: int, per_query: int, workers: int, gov: str | None, as_json: bool) -> None:
    """Concurrent clients against the API: requests/s and p50/p95/p99 per query kind."""
    from api.bench import run_bench

    report = run_bench(url=url, clients=clients, per_query=per_query, workers=workers, gov=gov)
    if as_json:
        click.echo(json.dumps(report, indent=2))
        return
    click.echo(f"{report['clients']} clients, server {report['url']}")
    for name, row in report["queries"].items():
        click.echo(f"  {name:<14} {row['requests_per_s']:>8.1f} req/s  p50 {row['p50_ms']:.1f} ms  "
                   f"p95 {row['p95_ms']:.1f} ms  p99 {row['p99_ms']:.1f} ms  errors {row['errors']}")


COMMANDS = [serve, api_group]
BENCH_COMMANDS = [bench_api]
