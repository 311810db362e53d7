"""python -m heldout extract | persons | check | score-match"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import click

from heldout.check import check
from heldout.extract import extract
from heldout.persons import persons
from heldout.score import score_clusters


@click.group()
def main() -> None:
    """Held-out test data that ChungBaek's own generator never shaped."""


@main.command("extract")
@click.option("--residents", type=click.IntRange(min=300), default=5000, show_default=True)
@click.option("--seed", type=int, default=7, show_default=True)
@click.option("--gov", default="41281", show_default=True, help="5-digit local-government code")
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), required=True)
def extract_command(residents: int, seed: int, gov: str, out: Path) -> None:
    """All ten systems' files of one municipality, with truth/ (entities, planted cases, decoys)."""
    if not (len(gov) == 5 and gov.isdigit()):
        raise click.BadParameter("a 5-digit code such as 41281", param_hint="--gov")
    start = time.perf_counter()
    stats = extract(residents, seed, gov, out)
    click.echo(json.dumps({**stats, "seconds": round(time.perf_counter() - start, 2), "out": str(out)}))


@main.command("persons")
@click.option("--people", type=click.IntRange(min=1), default=20000, show_default=True)
@click.option("--seed", type=int, default=7, show_default=True)
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), required=True)
def persons_command(people: int, seed: int, out: Path) -> None:
    """One person file (id,name,birth,phone,address,rrn_key) and OUT.truth.csv (id,person_id)."""
    click.echo(json.dumps(persons(people, seed, out)))


@main.command("check")
@click.argument("directory", type=click.Path(path_type=Path, file_okay=False, exists=True))
@click.option("--gov", default=None, help="5-digit code the rows belong to (default: read from the extract's keys)")
def check_command(directory: Path, gov: str | None) -> None:
    """Validate an extract against loaders/contracts; exit 1 on any refused row or unusable file."""
    try:
        report = check(directory, gov)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    click.echo(f"government {report['gov']}")
    for f in report["files"]:
        click.echo(f"{f['file']:42} {f['rows']:>7} rows {f['refused']:>5} refused {f['warnings']:>6} warnings"
                   + (f"  {f['reasons']}" if f["refused"] else ""))
    for e in report["errors"]:
        click.echo(f"error: {e}")
    click.echo("ok" if report["ok"] else "NOT ok")
    sys.exit(0 if report["ok"] else 1)


@main.command("score-match")
@click.option("--truth", "truth_csv", type=click.Path(path_type=Path, exists=True), required=True)
@click.option("--clusters", "clusters_csv", type=click.Path(path_type=Path, exists=True), required=True)
def score_command(truth_csv: Path, clusters_csv: Path) -> None:
    """Pairwise precision / recall / F1 of a `chungbaek match --clusters` clustering."""
    click.echo(json.dumps(score_clusters(truth_csv, clusters_csv)))


if __name__ == "__main__":
    main()
