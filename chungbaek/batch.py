"""`chungbaek run DIR`: the nightly batch in one command, for cron.

load -> link (+ payment reconciliation) -> detect (scenarios and anomaly detectors) -> open or update
cases -> deliver the notifications once -> escalate cases left without action. Each stage is idempotent, so
a batch run again on the same extract changes nothing. One summary at the end; the exit code is non-zero
only when a stage failed, and the stages after a failed one do not run (they would work on a graph the
failed stage left behind).
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from core.cli_options import gov_option, json_option
from core.errors import ChungBaekError


@dataclass
class StageResult:
    name: str
    status: str = "skipped"  # ok, failed, skipped
    seconds: float = 0.0
    detail: dict[str, Any] = field(default_factory=dict)
    error: str | None = None


@dataclass
class BatchReport:
    gov: str
    stages: list[StageResult] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(s.status == "ok" for s in self.stages)

    def to_dict(self) -> dict[str, Any]:
        return {"gov": self.gov, "ok": self.ok, "stages": [s.__dict__ for s in self.stages]}


def open_cases_after_detect(summary: Any, gov: str | None) -> dict[str, int]:
    """What `chungbaek detect` does with a finished run: open or update its cases (notifications queued)."""
    from cases.opening import open_cases_from_findings

    return open_cases_from_findings(run_id=summary.run_id, gov=gov).to_dict()


def _load(directory: Path, state: dict[str, Any], progress: bool) -> dict[str, Any]:
    from loaders.load import load_directory

    summary = load_directory(directory, gov=state.get("gov"), progress=progress)
    state["gov"] = summary.gov
    detail = {"gov": summary.gov, "rows_in": summary.rows_in, "loaded": summary.loaded, "quarantined": summary.quarantined}
    if not summary.ok:
        bad = [f.file for f in summary.files if f.status != "loaded"]
        raise StageFailed(f"{len(bad)} file(s) could not be used: {', '.join(bad)}", detail)
    return detail


def _link(gov: str) -> dict[str, Any]:
    from linkage.link import link_all
    from linkage.reconcile import reconcile

    report = link_all(gov)
    return {"entities": {k: v.entities for k, v in report.kinds.items()},
            "reconciliation": reconcile(gov).to_dict()}


def _detect(gov: str, state: dict[str, Any]) -> dict[str, Any]:
    from detectors.api import run_detectors

    summary = run_detectors(gov=gov, anomalies=True, user="batch")
    state["run_id"] = summary.run_id
    detail = {"run_id": summary.run_id, "status": summary.status, "findings": summary.findings}
    if summary.status != "ok":
        raise StageFailed(f"detector run {summary.run_id} ended {summary.status}", detail)
    return detail


def _cases(gov: str, state: dict[str, Any]) -> dict[str, Any]:
    from cases.opening import open_cases_from_findings
    from cases.users import users_from_org_chart

    users = users_from_org_chart(gov)
    return {"users": len(users), **open_cases_from_findings(run_id=state.get("run_id"), gov=gov).to_dict()}


def _notify() -> dict[str, Any]:
    from cases.notify import deliver_once

    detail = deliver_once().to_dict()
    if detail["failed"]:
        raise StageFailed(f"{detail['failed']} notification(s) failed for good: {'; '.join(detail['errors'][:3])}",
                          detail)
    return detail


def _escalate(gov: str) -> dict[str, Any]:
    from cases.escalation import escalate

    return escalate(gov=gov).to_dict()


class StageFailed(ChungBaekError):
    """A stage finished but not cleanly; `detail` holds what it did."""

    def __init__(self, message: str, detail: dict[str, Any]) -> None:
        super().__init__(message)
        self.detail = detail


def _failure(exc: Exception) -> str:
    """A message for an error no stage turned into a ChungBaekError (the traceback goes to the log)."""
    import logging
    import traceback

    from neo4j.exceptions import ServiceUnavailable, SessionExpired

    from core.connection import unavailable
    from core.settings import settings

    if isinstance(exc, (ServiceUnavailable, SessionExpired)):
        return str(unavailable(settings(), exc))
    logging.getLogger("chungbaek").error("batch stage failed\n%s", traceback.format_exc())
    return f"unexpected {type(exc).__name__}: {exc} (details in <state>/logs/chungbaek.log)"


def run_batch(directory: Path, gov: str | None = None, *, progress: bool = True,
              echo: Callable[[str], None] = lambda m: None) -> BatchReport:
    """Run the stages in order; without `gov`, the load decides it (see `chungbaek load`)."""
    state: dict[str, Any] = {"gov": gov}
    steps: list[tuple[str, Callable[[], dict[str, Any]]]] = [
        ("load", lambda: _load(directory, state, progress)),
        ("link", lambda: _link(state["gov"])),
        ("detect", lambda: _detect(state["gov"], state)),
        ("cases", lambda: _cases(state["gov"], state)),
        ("notify", _notify),
        ("escalate", lambda: _escalate(state["gov"])),
    ]
    report = BatchReport(gov=gov or "", stages=[StageResult(name) for name, _ in steps])
    for (name, step), result in zip(steps, report.stages, strict=True):
        echo(f"== {name}")
        started = time.monotonic()
        try:
            result.detail = step()
            result.status = "ok"
        except StageFailed as exc:
            result.status, result.detail, result.error = "failed", exc.detail, exc.message
        except ChungBaekError as exc:
            result.status, result.error = "failed", str(exc)
        except Exception as exc:  # noqa: BLE001 - the batch must report, not crash, whatever a stage raised
            result.status, result.error = "failed", _failure(exc)
        result.seconds = round(time.monotonic() - started, 1)
        if result.status == "failed":
            echo(f"   failed: {result.error}")
            break
        echo(f"   ok in {result.seconds:.1f} s")
    report.gov = state.get("gov") or ""
    return report


def _line(stage: StageResult) -> str:
    detail = ", ".join(f"{k} {v:,}" if isinstance(v, int) else f"{k} {v}" for k, v in stage.detail.items()
                       if not isinstance(v, dict))
    text = f"{stage.name:<9} {stage.status:<8} {stage.seconds:>7.1f} s  {detail}"
    return text + (f"\n{'':<9} {stage.error}" if stage.error else "")


@click.command("run")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@gov_option("5-digit local-government code (default: CHUNGBAEK_GOVERNMENT, else the prefix of the "
            "extract's source keys).")
@click.option("--no-progress", is_flag=True, help="No progress output on stderr (for cron).")
@json_option("Print the batch summary as JSON.")
def run_command(directory: Path, gov: str | None, no_progress: bool, as_json: bool) -> None:
    """The nightly batch on one extract DIR: load, link, detect, open cases, deliver notifications,
    escalate. Prints one summary; exits 1 when a stage failed (the later stages are then skipped).

    \b
    Example crontab line (02:30 every night):
      30 2 * * *  chungbaek run /data/extract/latest --gov 41281 --no-progress >> batch.log 2>&1
    """
    echo = (lambda m: None) if (no_progress or as_json) else (lambda m: click.echo(m, err=True))
    report = run_batch(directory, gov, progress=not (no_progress or as_json), echo=echo)
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2, default=str))
    else:
        click.echo(f"batch for government {report.gov or '?'}: {'ok' if report.ok else 'FAILED'}")
        for stage in report.stages:
            click.echo(_line(stage))
    if not report.ok:
        sys.exit(1)


COMMANDS = [run_command]
