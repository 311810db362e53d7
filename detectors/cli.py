"""`chungbaek detect`, `chungbaek findings export`, `chungbaek scenarios` and `chungbaek bench detect`."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import click

from core.cli_options import emit, gov_option, json_option
from detectors.runner import DEFAULT_TIMEOUT_S

AFTER_DETECT = "after_detect"  # key in the root context's obj: a callable(summary, gov) -> dict of counts


def _params(values: tuple[str, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in values:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise click.BadParameter(f"{item!r} is not key=value (key may be SCENARIO-ID.name)", param_hint="--param")
        out[name.strip()] = value
    return out


@click.command("detect")
@click.option("--scenario", "scenario_ids", multiple=True, metavar="ID", help="Scenario id (repeatable; default all).")
@click.option("--area", help="Only scenarios of this business area.")
@gov_option("5-digit government code (default: every one in the graph).")
@click.option("--since", metavar="DATE", help="Only facts dated on or after this ISO date.")
@click.option("--param", "params", multiple=True, metavar="KEY=VALUE", help="Override a scenario parameter.")
@click.option("--timeout", type=float, default=DEFAULT_TIMEOUT_S, show_default=True, help="Seconds per scenario.")
@click.option("--anomalies/--no-anomalies", default=False, help="Also run the anomaly detectors.")
@click.option("--anomaly-param", "anomaly_params", multiple=True, metavar="KEY=VALUE",
              help="Anomaly threshold over detectors/anomaly/settings.yaml: lead_threshold or case_threshold.")
@click.option("--no-cases", is_flag=True, help="Only record the findings; do not open or update cases.")
@click.option("--json", "as_json", is_flag=True, help="Print the run summary as JSON.")
@click.pass_context
def detect(ctx: click.Context, scenario_ids: tuple[str, ...], area: str | None, gov: str | None, since: str | None,
           params: tuple[str, ...], timeout: float, anomalies: bool, anomaly_params: tuple[str, ...],
           no_cases: bool, as_json: bool) -> None:
    """Run the scenario catalog over the graph, record a detector run with its findings, and open or
    update their cases (which queues the notifications), unless --no-cases."""
    from detectors.api import run_detectors

    progress = None if as_json else (lambda m: click.echo(m, err=True))
    thresholds = {}
    for name, value in _params(anomaly_params).items():
        if name not in ("lead_threshold", "case_threshold"):
            raise click.BadParameter(f"{name!r}: the anomaly thresholds are lead_threshold and case_threshold",
                                     param_hint="--anomaly-param")
        try:
            thresholds[name] = float(value)
        except ValueError:
            raise click.BadParameter(f"{name}={value!r} is not a number", param_hint="--anomaly-param") from None
    if any(v < 0 for v in thresholds.values()):
        raise click.BadParameter("an anomaly threshold is a score >= 0", param_hint="--anomaly-param")
    summary = run_detectors(scenario_ids, area=area, gov=gov, since=since, params=_params(params),
                            timeout_s=timeout, anomalies=anomalies, anomaly_params=thresholds, progress=progress)
    # The case queue sits above this stage: the shell hands in what to do with a finished run.
    after = (ctx.find_root().obj or {}).get(AFTER_DETECT)
    cases = after(summary, gov) if after is not None and not no_cases and summary.findings else None
    if as_json:
        click.echo(json.dumps({**summary.as_dict(), **({"cases": cases} if cases else {})}, ensure_ascii=False,
                              indent=2))
    else:
        bad = [r for r in summary.results if r.status != "ok"]
        click.echo(f"run {summary.run_id}: {summary.status}, {summary.findings} findings from "
                   f"{len(summary.results)} scenario runs" + (f", {len(bad)} did not finish:" if bad else ""))
        for r in bad:
            click.echo(f"  {r.scenario_id} ({r.gov}): {r.status}: {r.error}")
        if cases:
            click.echo("cases: " + ", ".join(f"{k} {v:,}" for k, v in cases.items()))
    if summary.status not in ("ok",):
        raise SystemExit(2 if summary.status == "partial" else 1)


@click.group("findings")
def findings() -> None:
    """Findings of detector runs."""


EXPORT_COLUMNS = ("scenario_id", "subject_key", "evidence_keys", "finding_id", "run_id", "gov", "area", "severity",
                  "subject_name", "subject_entity_id", "official_key", "amount", "score", "message")


@findings.command("export")
@click.option("--run", "run_id", help="Run id (default: the latest run).")
@gov_option()
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True)
@json_option()
def export(run_id: str | None, gov: str | None, out: Path, as_json: bool) -> None:
    """Write findings as CSV: scenario_id,subject_key,evidence_keys (system:source_key joined by ;) and more."""
    from core.connection import get_driver
    from detectors import store

    driver = get_driver()
    run_id = run_id or store.latest_run(driver)
    rows = store.list_findings(driver, run_id=run_id, gov=gov)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(EXPORT_COLUMNS)
        for f in rows:
            writer.writerow([";".join(f.get(c) or []) if c == "evidence_keys" else f.get(c, "")
                             for c in EXPORT_COLUMNS])
    emit(as_json, {"run_id": run_id, "findings": len(rows), "out": str(out)},
         f"{len(rows)} findings of run {run_id} written to {out}")


@click.group("scenarios", invoke_without_command=True)
@click.option("--check", is_flag=True, help="Also compile every query with EXPLAIN on the server.")
@click.option("--markdown", is_flag=True, help="Print the table of docs/INTERFACES.md section 3.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def scenarios(ctx: click.Context, check: bool, markdown: bool, as_json: bool) -> None:
    """List the scenario catalog (validating every file); `scenarios why` explains a missing finding."""
    from detectors.scenario import load_catalog

    if ctx.invoked_subcommand is not None:
        return
    driver = None
    if check:
        from core.connection import get_driver

        driver = get_driver()
    catalog = load_catalog(driver=driver)
    if as_json:
        click.echo(json.dumps([{"id": s.id, "area": s.area, "severity": s.severity, "title_en": s.title_en,
                                "title_ko": s.title_ko, "sha256": s.sha256,
                                "parameters": {p.name: p.describe() for p in s.parameters.values()}}
                               for s in catalog],
                              ensure_ascii=False, indent=2))
        return
    if markdown:
        click.echo(catalog_table(catalog), nl=False)
        return
    for s in catalog:
        click.echo(f"{s.id:32} {s.area:14} {s.severity:9} {s.title_en}")


@scenarios.command("why")
@click.argument("scenario_id", metavar="SCENARIO")
@click.option("--subject", required=True, metavar="SYSTEM:KEY", help="The record or fact, e.g. saeol:41281-LIC-1.")
@gov_option()
@click.option("--since", metavar="DATE", help="As `detect --since`.")
@click.option("--param", "params", multiple=True, metavar="KEY=VALUE", help="Override a scenario parameter.")
@json_option()
def why_command(scenario_id: str, subject: str, gov: str | None, since: str | None, params: tuple[str, ...],
                as_json: bool) -> None:
    """Run the scenario's conditions step by step for one subject and say which one let it go
    (조건을 하나씩 실행해 어느 조건에서 대상이 빠졌는지 알려 줍니다)."""
    from core.connection import get_driver
    from detectors.runner import DEFAULT_SINCE, data_end
    from detectors.scenario import coerce, load_catalog
    from detectors.why import WhyError, render, why
    from graph.read import choose_government

    catalog = {s.id: s for s in load_catalog()}
    if scenario_id not in catalog:
        raise WhyError(f"unknown scenario {scenario_id!r} (알 수 없는 시나리오)",
                       hint="`chungbaek scenarios` lists the ids, e.g. TAX-RES-PROPERTY-330")
    scenario = catalog[scenario_id]
    unknown = [k for k in _params(params) if k not in scenario.parameters]
    if unknown:
        raise click.BadParameter(f"{scenario_id} has no parameter {', '.join(unknown)}", param_hint="--param")
    driver = get_driver()
    gov = choose_government(gov, driver)
    values = {**scenario.bind(_params(params)), "gov": gov,
              "since": coerce("date", since, "since") if since else DEFAULT_SINCE, "as_of": data_end(driver, gov)}
    report = why(driver, scenario, subject, gov, values)
    emit(as_json, report, render(report))


def catalog_table(catalog: list) -> str:
    """The catalog as the markdown table of INTERFACES section 3 (a test keeps the document equal to it)."""
    lines = ["| id | area | what |", "|---|---|---|"]
    lines += [f"| {s.id} | {s.area} | {s.title_en} |" for s in catalog]
    return "\n".join(lines) + "\n"


COMMANDS = [detect, findings, scenarios]
