"""`chungbaek demo`: the main job end to end on a generated municipality.

install and start Neo4j -> schema -> generate -> load -> link (+ payment reconciliation) -> detect ->
cases (org chart to users, findings to cases, notifications into the local mailbox) -> serve.
Every step is idempotent, so running the demo again reuses what is there.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

import click

from chungbaek import neo4j_server
from core.cli_options import gov_option
from core.settings import Settings, settings


def _step(title: str) -> float:
    click.secho(f"\n== {title}", bold=True, err=True)
    return time.monotonic()


def _done(started: float, text: str) -> None:
    click.echo(f"   {text} ({time.monotonic() - started:.1f} s)", err=True)


def demo_users(cfg: Settings, gov: str) -> dict[str, str]:
    """An auditor and an admin for the explorer, with passwords kept in the state directory (0600)."""
    from cases.users import add_user, get_user, set_password
    from core.settings import _secret_file

    made = {}
    for username, role, name in (("auditor", "auditor", "Demo auditor"), ("admin", "admin", "Demo admin")):
        password = _secret_file(cfg.state_dir / "secrets" / f"demo-{username}-password", 12)
        if get_user(username) is None:
            add_user(username, role=role, governments=[gov], display_name=name, email=f"{username}@localhost",
                     password=password)
        else:
            set_password(username, password)
        made[username] = password
    return made


def run_pipeline(cfg: Settings, *, residents: int, seed: int, gov: str, data: Path) -> dict[str, Any]:
    from cases.pipeline import run_case_stage
    from chungbaek.mailbox import maildir_path
    from core.connection import get_driver
    from detectors.api import run_detectors
    from generator.generate import generate
    from graph.schema import apply_schema
    from linkage.link import link_all
    from linkage.reconcile import reconcile
    from loaders.load import load_directory

    report: dict[str, Any] = {}
    t = _step("Neo4j")
    click.echo("   " + neo4j_server.start(cfg, log=lambda m: click.echo("   " + m, err=True)), err=True)
    n = apply_schema(get_driver(cfg))
    _done(t, f"schema: {n} constraints and indexes")

    marker = data / ".chungbaek-generated.json"
    wanted = {"residents": residents, "seed": seed, "gov": gov}
    t = _step(f"Generate a municipality of {residents:,} residents (seed {seed}) into {data}")
    if marker.exists() and json.loads(marker.read_text()) == wanted:
        _done(t, "already generated; reusing it")
    else:
        summary = generate(residents, seed, data, gov_code=gov, progress=True)
        marker.write_text(json.dumps(wanted))
        _done(t, f"{summary.rows:,} rows, {summary.planted} planted cases, {summary.decoys} decoys")

    t = _step("Load the ten systems")
    loaded = load_directory(data, gov=gov, progress=True)
    report["load"] = {"rows_in": loaded.rows_in, "loaded": loaded.loaded, "quarantined": loaded.quarantined}
    _done(t, f"{loaded.rows_in:,} rows in, {loaded.loaded:,} loaded, {loaded.quarantined:,} quarantined "
             f"(quarantine: {cfg.quarantine_dir})")

    t = _step("Link records into entities, reconcile payments with bank transfers")
    linked = link_all(gov)
    rec = reconcile(gov)
    report["link"] = {k: v.entities for k, v in linked.kinds.items()}
    _done(t, ", ".join(f"{k} {v:,}" for k, v in report["link"].items()) + " entities; reconciliation: "
          + ", ".join(f"{k} {v:,}" for k, v in rec.to_dict().items()))

    t = _step("Detect: every scenario and the anomaly detectors")
    run = run_detectors(gov=gov, anomalies=True, user="demo")
    report["detect"] = {"run_id": run.run_id, "findings": run.findings}
    _done(t, f"run {run.run_id}: {report['detect']['findings']} findings")

    t = _step("Cases: officials become users, findings become cases, notifications go out")
    stage = run_case_stage(gov, run.run_id)
    report["cases"] = stage
    _done(t, f"{stage['users']} users; cases {stage['cases']}; delivery {stage['delivery']}; "
             f"mailbox {maildir_path(cfg)}")
    return report


@click.command("demo")
@click.option("--residents", default=20_000, show_default=True, help="Size of the generated municipality.")
@click.option("--seed", default=7, show_default=True)
@gov_option("Local-government code (default CHUNGBAEK_GOVERNMENT).")
@click.option("--data", type=click.Path(path_type=Path), default=None,
              help="Where the generated extract goes (default <state>/demo/municipality).")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True)
@click.option("--serve/--no-serve", default=True, show_default=True, help="Serve the API and explorer afterwards.")
def demo(residents: int, seed: int, gov: str | None, data: Path | None, host: str, port: int,
         serve: bool) -> None:
    """Run the whole pipeline on a generated municipality (generate, load, link, detect, open cases,
    deliver notifications to a local mailbox), then serve the GraphQL API and the explorer."""
    from chungbaek.mailbox import start_local_mailbox

    # The demo is where GraphiQL belongs (a production server keeps it off): on unless the caller said no.
    if "CHUNGBAEK_GRAPHIQL" not in os.environ:
        os.environ["CHUNGBAEK_GRAPHIQL"] = "1"
        settings.cache_clear()

    cfg = settings()
    gov = gov or cfg.default_government
    data = data or cfg.state_dir / "demo" / "municipality"
    data.mkdir(parents=True, exist_ok=True)
    box = start_local_mailbox(cfg)
    try:
        run_pipeline(cfg, residents=residents, seed=seed, gov=gov, data=data)
        passwords = demo_users(cfg, gov)
        click.secho("\n== Ready", bold=True, err=True)
        click.echo(f"   notifications: {box.count()} messages in the Maildir {box.path}", err=True)
        click.echo(f"   GraphQL:  http://{host}:{port}/graphql", err=True)
        click.echo(f"   explorer: http://{host}:{port}/explorer/  (log in as auditor / "
                   f"{passwords['auditor']}, or admin / {passwords['admin']}; passwords are in "
                   f"{cfg.state_dir / 'secrets'})", err=True)
        click.echo(f"   Neo4j Browser: http://127.0.0.1:{cfg.neo4j_http_port}/  (user {cfg.neo4j_user}, password in "
                   f"{cfg.state_dir / 'secrets' / 'neo4j-password'})", err=True)
        if serve:
            from api.serving import run

            click.echo("   serving; Ctrl-C stops (the mailbox keeps receiving while the server runs)", err=True)
            run(host, port, workers=1)
    finally:
        box.stop()


COMMANDS = [demo]
