"""`chungbaek generate` (its benchmark is `chungbaek bench generate`, in the bench tools)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import click

from core.cli_options import gov_option
from generator.generate import MAX_RESIDENTS, MIN_RESIDENTS
from generator.generate import generate as run_generate


def _default_government() -> str:
    return os.environ.get("CHUNGBAEK_GOVERNMENT") or "41110"


@click.command("generate")
@click.option("--residents", "-n", type=int, required=True,
              help=f"Number of residents ({MIN_RESIDENTS:,} to {MAX_RESIDENTS:,}); everything else scales with it.")
@click.option("--seed", "-s", type=int, default=1, show_default=True, help="Same seed, same bytes.")
@gov_option("5-digit local-government code (province 2 + city/county 3).", "-g", default=_default_government,
            show_default="41110 or $CHUNGBAEK_GOVERNMENT")
@click.option("--out", "-o", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Directory to write: <system>/<file>.csv|parquet and truth/.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def generate(residents: int, seed: int, gov: str, out: Path, as_json: bool, quiet: bool) -> None:
    """Write a synthetic municipality: ten source systems consistent with each other, realistic noise,
    planted fraud and omission cases with look-alike decoys, and the truth files
    (truth/entities.csv, truth/planted_cases.csv, truth/decoys.csv).

    \b
    Example:
      chungbaek generate --residents 20000 --seed 7 --out /tmp/m7
      chungbaek load /tmp/m7
    """
    summary = run_generate(residents, seed, out, gov, progress=not quiet)
    if as_json:
        click.echo(json.dumps(summary.as_dict(), ensure_ascii=False, indent=2))
        return
    click.echo(f"wrote {summary.rows:,} rows in {len(summary.files)} files to {summary.out} "
               f"in {summary.seconds:.1f} s ({summary.rows / max(summary.seconds, 1e-9):,.0f} rows/s)")
    click.echo(f"  {summary.planted} planted cases, {summary.decoys} decoys, "
               f"{summary.entities:,} records in truth/entities.csv")
    for name, rows in sorted(summary.files.items()):
        click.echo(f"  {name:40s} {rows:>12,}")


COMMANDS = [generate]
