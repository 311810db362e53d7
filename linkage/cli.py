"""Commands of the linkage stage: link, explain, match, reconcile, and `bench link`."""

from __future__ import annotations

import json
from pathlib import Path

import click

from core.cli_options import gov_option
from linkage.errors import InputError


def _gov(gov: str | None) -> str:
    from graph.read import choose_government

    return choose_government(gov)


@click.command("link")
@gov_option("Local-government code (default: CHUNGBAEK_GOVERNMENT, else the only one in the graph).")
@click.option("--all-governments", is_flag=True, help="Link the records of every government together.")
@click.option("--full", is_flag=True, help="Rewrite every SAME_AS instead of only the changed ones.")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(["person", "business", "parcel", "building",
                                                                   "account"]), help="Only these entity kinds.")
@click.option("--reconcile/--no-reconcile", default=True, show_default=True,
              help="Also reconcile payments with bank transfers.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def link_command(gov: str | None, all_governments: bool, full: bool, kinds: tuple[str, ...],
                 reconcile: bool, as_json: bool) -> None:
    """Resolve records into entities (Person, Business, Parcel, Building, Account) and write SAME_AS
    links with score, method and comparison vector. Incremental by default; --full gives the same result."""
    from linkage.link import link_all
    from linkage.reconcile import reconcile as run_reconcile

    gov = None if all_governments else _gov(gov)
    report = link_all(gov, full=full, kinds=list(kinds) or None)
    out = report.to_dict()
    if reconcile:
        out["reconciliation"] = run_reconcile(gov).to_dict()
    if as_json:
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    click.echo(f"link run {report.run_id} ({report.mode}, government {gov or 'all'}) in {report.seconds:.1f}s")
    for name, k in report.kinds.items():
        click.echo(f"  {name:<9} {k.records:>9,} records -> {k.entities:>9,} entities; "
                   f"{k.links:,} links ({k.deterministic_links:,} by identifier), {k.changed:,} SAME_AS written, "
                   f"{k.merges} merges, {k.splits} splits, {k.retired} retired")
    if reconcile:
        r = out["reconciliation"]
        click.echo("  reconciliation: " + ", ".join(f"{k} {v:,}" for k, v in r.items()))


@click.command("reconcile")
@gov_option()
@click.option("--window-days", default=5, show_default=True, help="Date window for matching without reference.")
@click.option("--json", "as_json", is_flag=True)
def reconcile_command(gov: str | None, window_days: int, as_json: bool) -> None:
    """Match approved payments to bank transfers; write ReconciliationIssue facts for what does not add up."""
    from linkage.reconcile import reconcile

    report = reconcile(_gov(gov), window_days=window_days).to_dict()
    click.echo(json.dumps(report, indent=2) if as_json else
               "\n".join(f"{k:<26} {v:>10,}" for k, v in report.items()))


@click.command("explain")
@click.argument("key1")
@click.argument("key2")
@click.option("--json", "as_json", is_flag=True)
def explain_command(key1: str, key2: str, as_json: bool) -> None:
    """Why two records (system:source_key) were or were not linked: each field's level and weight."""
    from linkage.explain import explain

    result = explain(key1, key2)
    click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2, default=str) if as_json else result.text())


def _threshold(value: str) -> float | None:
    if value == "auto":
        return None
    try:
        t = float(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is neither 'auto' nor a probability") from None
    if not 0 < t < 1:
        raise click.BadParameter(f"{value} is not a probability strictly between 0 and 1")
    return t


@click.command("match")
@click.option("--left", "left", required=True, type=click.Path(path_type=Path), help="CSV file.")
@click.option("--right", "right", type=click.Path(path_type=Path), help="Second CSV file (omit to deduplicate).")
@click.option("--id-column", required=True, help="Column with a unique id per row (in both files).")
@click.option("--columns", required=True, help="col:kind,... kinds: name, text, date, code, id, category, "
                                               "phone, address, number (Korean names/addresses are detected)")
@click.option("--out", "out", required=True, type=click.Path(path_type=Path), help="Pairs CSV to write.")
@click.option("--clusters", is_flag=True, help="Also write <out>.clusters.csv with a cluster_id per record.")
@click.option("--threshold", default="auto", show_default=True,
              help="Match probability from which a pair is written; 'auto': the model's best expected F1.")
@click.option("--labels", type=click.Path(path_type=Path),
              help="CSV left_id,right_id,match of known pairs: trains the supervised classifier.")
@click.option("--review", type=click.IntRange(min=0), default=0,
              help="Write the N most uncertain pairs to <out>.review.csv for clerical review.")
@click.option("--max-cluster-size", type=click.IntRange(min=2), default=50, show_default=True,
              help="No cluster grows past this; refused joins are reported.")
@click.option("--settings-out", type=click.Path(path_type=Path), help="Save the trained pipeline as JSON.")
@click.option("--json", "as_json", is_flag=True, help="Print the run summary as JSON.")
def match_command(left: Path, right: Path | None, id_column: str, columns: str, out: Path, clusters: bool,
                  threshold: str, labels: Path | None, review: int, max_cluster_size: int,
                  settings_out: Path | None, as_json: bool) -> None:
    """Match two spreadsheets (links between them) or one (duplicates within it); writes
    left_id,right_id,score for the pairs judged to match, and a summary of the run."""
    from linkage.kinds import parse_columns
    from linkage.match import clusters_path, match_frames, read_table, review_path, write_atomic

    cut = _threshold(threshold)
    spec = parse_columns(columns)
    names = [c for c, _ in spec]
    warnings: list[str] = []
    a = read_table(left, id_column, names, warnings=warnings)
    b = read_table(right, id_column, names, warnings=warnings) if right else None
    if out.exists() and out.is_dir():
        raise InputError(f"--out {out} is a directory", hint="give a file name, e.g. pairs.csv")
    result = match_frames(a, b, id_column, spec, threshold=cut, clusters=clusters, labels=labels, review=review,
                          max_cluster_size=max_cluster_size, warnings=warnings)
    write_atomic(result.pairs, out)
    if clusters and result.clusters is not None:
        write_atomic(result.clusters, clusters_path(out))
    if review and result.review is not None:
        write_atomic(result.review, review_path(out))
    if settings_out:
        settings_out.write_text(result.settings.to_json(indent=2), encoding="utf-8")
    for w in warnings:
        click.secho(f"note: {w}", fg="yellow", err=True)
    s = result.summary
    if as_json:
        click.echo(json.dumps({**s, "out": str(out)}, ensure_ascii=False, indent=2, default=str))
        return
    click.echo(f"후보 쌍 candidate pairs {s['candidate_pairs']:,}; 일치 쌍 pairs kept {s['pairs_kept']:,} "
               f"(threshold {s['threshold']:.3f}, {s['classifier']}) -> {out}")
    if "clusters" in s:
        click.echo(f"클러스터 clusters {s['clusters']:,} ({s['clusters_of_two_or_more']:,} of two or more records), "
                   f"largest {s['largest_cluster']}; joins refused: {s['joins_refused_for_evidence']:,} for "
                   f"evidence, {s['joins_refused_for_size']:,} for size")
    click.echo(f"모델 추정 estimated from the model: precision {s['estimated_precision']:.3f}, "
               f"recall {s['estimated_recall']:.3f}")
    if clusters:
        click.echo(f"clusters: {clusters_path(out)}")
    if review:
        click.echo(f"review: {review_path(out)} (fill the match column with 1 or 0, then pass it as --labels)")


COMMANDS = [link_command, explain_command, match_command, reconcile_command]
