"""`chungbaek load DIR` and `chungbaek bench load DIR`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from core.cli_options import gov_option, json_option
from core.settings import settings
from loaders.summary import UNUSABLE, LoadSummary

INITIAL_LOAD = "initial_load"  # key in the root context's obj: the shell's offline import (it runs the server)


def _print_table(summary: LoadSummary) -> None:
    click.echo(f"{'file':<40} {'rows in':>9} {'loaded':>9} {'quarant.':>9} {'unresolved':>10}  quarantine")
    for f in summary.files:
        if f.status != "loaded":
            colour = "red" if f.status == UNUSABLE else None
            click.secho(f"{f.file:<40} {f.status.upper()}: {f.message}", fg=colour)
            continue
        unresolved = sum(f.unresolved.values())
        click.echo(f"{f.file:<40} {f.rows_in:>9,} {f.loaded:>9,} {f.quarantined:>9,} {unresolved:>10,}  "
                   f"{f.quarantine or '-'}")
    click.echo(f"{'total':<40} {summary.rows_in:>9,} {summary.loaded:>9,} {summary.quarantined:>9,} "
               f"{summary.unresolved:>10,}  ({summary.seconds:.1f} s, government {summary.gov})")
    if summary.missing_files:
        click.echo(f"not in the extract: {', '.join(summary.missing_files)}")


def _run(directory: Path, government: str | None, quarantine_dir: Path | None, batch_size: int | None,
         progress: bool, full_extract: bool = False) -> LoadSummary:
    from loaders.load import load_directory

    return load_directory(directory, gov=government, quarantine_dir=quarantine_dir, batch_size=batch_size,
                          progress=progress, full_extract=full_extract)


@click.command("load")
@click.argument("directory", type=click.Path(path_type=Path))
@gov_option("5-digit local-government code (default: CHUNGBAEK_GOVERNMENT, else the prefix of the "
            "extract's source keys).")
@click.option("--json", "as_json", is_flag=True, help="Print the per-file summary as a JSON list.")
@click.option("--quarantine-dir", type=click.Path(path_type=Path), help="Where refused rows go "
              "(default: <state>/quarantine).")
@click.option("--batch-size", type=click.IntRange(min=1), help="Rows per chunk and write transaction.")
@click.option("--no-progress", is_flag=True, help="No progress bars on stderr.")
@click.option("--full-extract", is_flag=True, help="Every file holds all its rows: a record a file no longer "
              "gives is marked gone_at_source (never deleted).")
@click.option("--initial", is_flag=True, help="Import offline into a new database with neo4j-admin (the project's "
              "own server only; it is stopped and started); refused over a non-empty graph.")
@click.option("--replace", is_flag=True, help="With --initial: replace a non-empty graph.")
@click.pass_context
def load_command(ctx: click.Context, directory: Path, gov: str | None, as_json: bool, quarantine_dir: Path | None,
                 batch_size: int | None, no_progress: bool, full_extract: bool, initial: bool,
                 replace: bool) -> None:
    """Load a municipality extract DIR (one sub-directory per system) into the graph.

    Every file is checked against its contract in loaders/contracts/; refused rows go to quarantine files
    with their line and reason. Exits non-zero when a file could not be used at all.
    """
    if replace and not initial:
        raise click.UsageError("--replace only goes with --initial")
    if initial:
        importer = (ctx.find_root().obj or {}).get(INITIAL_LOAD)
        if importer is None:
            raise click.UsageError("--initial needs the chungbaek shell (it stops and starts the server)")
        summary = importer(directory, gov, quarantine_dir, replace, progress=not no_progress)
    else:
        summary = _run(directory, gov, quarantine_dir, batch_size, progress=not no_progress,
                       full_extract=full_extract)
    if as_json:
        click.echo(json.dumps([f.to_dict() for f in summary.files], ensure_ascii=False, indent=1))
    else:
        _print_table(summary)
    if not summary.ok:
        bad = [f.file for f in summary.files if f.status == UNUSABLE]
        click.secho(f"error: {len(bad)} file(s) could not be used: {', '.join(bad)}", fg="red", err=True)
        sys.exit(1)


@click.group("contracts")
def contracts_group() -> None:
    """The source-system data contracts (loaders/contracts/*.yaml)."""


@contracts_group.command("check")
@json_option()
def contracts_check(as_json: bool) -> None:
    """Read every contract and check it against the graph model."""
    from loaders.contract import contracts

    found = contracts()
    if as_json:
        click.echo(json.dumps({s: {"files": sorted(c.files), "ok": True} for s, c in found.items()}, indent=2))
        return
    for system, contract in found.items():
        click.echo(f"{system}: {len(contract.files)} files ok ({contract.source.name})")


@contracts_group.command("doc")
@click.option("--write", is_flag=True, help="Write docs/contracts.md instead of printing.")
def contracts_doc(write: bool) -> None:
    """Print (or --write) docs/contracts.md generated from the contracts."""
    from loaders.contract_doc import DOC_PATH, render

    text = render()
    if write:
        DOC_PATH.write_text(text, encoding="utf-8")
        click.echo(f"wrote {DOC_PATH}")
    else:
        click.echo(text, nl=False)


@click.group("feeds")
def feeds_group() -> None:
    """Tokens with which source systems push delta files to the API (PUT /ingest/SYSTEM/FILE)."""


@feeds_group.command("token")
@gov_option()
@click.option("--system", required=True, help="the source system that pushes, e.g. local_hr")
@json_option()
def feeds_token(gov: str | None, system: str, as_json: bool) -> None:
    """Issue a token for SYSTEM of the government; it is shown once, only its hash is kept."""
    from graph.read import choose_government
    from loaders.feeds import issue_feed_token

    code = choose_government(gov)
    token = issue_feed_token(code, system)
    if as_json:
        click.echo(json.dumps({"gov": code, "system": system, "token": token}))
        return
    click.echo(token)
    click.echo(f"push with: curl -T FILE.csv -H 'Authorization: Bearer <token>' "
               f"{settings().public_url}/ingest/{system}/FILE.csv; follow with: "
               f"chungbaek watch {settings().inbox / code} --gov {code}", err=True)


@feeds_group.command("revoke")
@gov_option()
@click.option("--system", required=True)
@json_option()
def feeds_revoke(gov: str | None, system: str, as_json: bool) -> None:
    """Revoke every token of SYSTEM of the government."""
    from graph.read import choose_government
    from loaders.feeds import revoke_feed_tokens

    revoked = revoke_feed_tokens(choose_government(gov), system)
    click.echo(json.dumps({"revoked": revoked}) if as_json else f"revoked {revoked} token(s)")


COMMANDS = [load_command, contracts_group, feeds_group]
