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


@click.command("api")
@click.option("--url", default=None, help="a running server's /graphql (default: start one on a free port)")
@click.option("--clients", default=50, show_default=True, type=int,
              help="concurrent clients (with --rate: the most connections open at once)")
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
@click.option("--gov", default=None, help="government to sample from (default: settings)")
@click.option("--json", "as_json", is_flag=True)
def bench_api(url: str | None, clients: int, think_ms: float, rate: float | None, capacity: bool, p95_ms: float,
              per_query: int, kinds: tuple[str, ...], workers: int, gov: str | None, as_json: bool) -> None:
    """Concurrent clients against the API: requests/s and p50/p95/p99 per query kind.

    By default 50 clients send back to back, which measures saturation throughput. --think-ms gives each
    client a pause between requests, as people have; --rate sends on a fixed schedule; --capacity finds the
    highest rate that keeps the p95 under --p95-ms.
    """
    from api.bench import Load, run_bench, run_capacity

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


COMMANDS = [serve, api_group]
BENCH_COMMANDS = [bench_api]
