"""`chungbaek watch INBOX`: delta feeds from the source systems, checked as they arrive.

Each system drops files into `INBOX/<system>/`, named after a contract file (`payroll.csv`, or with a
suffix: `payroll-20261202.csv`), holding the rows that are new or changed. For every file the watcher

1. records its content hash in the graph's ledger (a `DeltaFile` node) before it starts, so a file dropped
   again is skipped, and a file half-done when the watcher was killed is done again (loads are MERGEs:
   rows are never doubled);
2. loads it as a full load would (bad rows go to quarantine with their reason); a file that cannot be
   used at all (an unknown system, a name no contract has, wrong columns) moves to `INBOX/.refused/` with
   a note of why, and the watcher goes on;
3. links the government's records again (the linkage's incremental mode writes only what changed);
4. runs only the scenarios that read the system it touched, and opens or updates their cases, which
   queues the notifications of the official, the supervisor and the auditor at once.

Only one watcher may follow an inbox (a lock file says so). While Neo4j is unreachable the watcher waits
and retries the same file; nothing is skipped.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TextIO

import click
from neo4j.exceptions import ServiceUnavailable, SessionExpired

from core.cli_options import gov_option, json_option
from core.errors import ChungBaekError, Neo4jUnavailable
from loaders.feeds import DATA_SUFFIXES, contract_stem

LOCK_NAME = ".chungbaek-watch.lock"
SETTLE_SECONDS = 2.0  # a file younger than this may still be being written


@dataclass
class DeltaResult:
    name: str
    system: str
    sha256: str
    status: str  # done, skipped, refused
    reason: str = ""
    rows_in: int = 0
    loaded: int = 0
    quarantined: int = 0
    scenarios: list[str] = field(default_factory=list)
    findings: int = 0
    cases_opened: int = 0
    seconds: float = 0.0
    load_s: float = 0.0     # the stages of `seconds`: load, linkage, the scenarios, the cases and their mails
    link_s: float = 0.0
    detect_s: float = 0.0
    cases_s: float = 0.0
    latency_s: float = 0.0  # from the file's arrival (mtime) to its cases' notifications being queued


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@contextmanager
def inbox_lock(inbox: Path) -> Iterator[None]:
    """Hold the inbox's lock for the life of the watcher; a second watcher is refused."""
    path = inbox / LOCK_NAME
    handle: TextIO = path.open("a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "?"
        handle.close()
        raise ChungBaekError(f"another watcher already follows {inbox} (pid {holder})",
                             hint="stop it first; one inbox has one watcher") from None
    handle.seek(0)
    handle.truncate()
    handle.write(str(os.getpid()))
    handle.flush()
    try:
        yield
    finally:
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()


def pending_files(inbox: Path, *, settle: float) -> list[tuple[str, Path]]:
    """(system folder, file) of every data file in the inbox, oldest first."""
    now = time.time()
    found = []
    for folder in sorted(p for p in inbox.iterdir() if p.is_dir() and not p.name.startswith(".")):
        for path in folder.iterdir():
            if path.is_file() and path.suffix.lower() in DATA_SUFFIXES and now - path.stat().st_mtime >= settle:
                found.append((folder.name, path))
    return sorted(found, key=lambda item: (item[1].stat().st_mtime, str(item[1])))


def _ledger_status(gov: str, sha: str) -> str | None:
    from graph.read import read

    rows = read("MATCH (d:DeltaFile {gov: $gov, sha256: $sha}) RETURN d.status AS status", gov=gov, sha=sha)
    return rows[0]["status"] if rows else None


def _record(gov: str, sha: str, **props: Any) -> None:
    from graph.writer import GraphWriter

    GraphWriter().merge_nodes("DeltaFile", [{"gov": gov, "sha256": sha, **props}])


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def process_file(inbox: Path, system: str, path: Path, gov: str) -> DeltaResult:
    """Load, link, check and open the cases of one delta file (or say why not)."""
    from loaders.contract import contracts

    name = str(path.relative_to(inbox))
    known = contracts()
    stem = contract_stem(system, path) if system in known else None
    if stem is None:
        reason = (f"unknown system {system!r}; the systems are: {', '.join(known)}" if system not in known
                  else f"no contract file for {path.name!r}; name it after one of: "
                       f"{', '.join(known[system].files)} (a -suffix may follow)")
        return _refuse(inbox, path, DeltaResult(name, system, "", "refused", reason))
    sha = file_hash(path)
    result = DeltaResult(name, system, sha, "done")
    status = _ledger_status(gov, sha)
    if status == "done":
        result.status, result.reason = "skipped", "this content was already processed"
        return result
    arrived = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC).replace(microsecond=0)
    started = time.monotonic()
    _record(gov, sha, system=system, name=name, status="processing", arrived_at=arrived)
    load = _load_one(path, system, stem, gov)
    result.load_s = round(time.monotonic() - started, 2)
    result.rows_in, result.loaded, result.quarantined = load.rows_in, load.loaded, load.quarantined
    bad = [f for f in load.files if f.status != "loaded"]
    if bad:
        result.status, result.reason = "refused", bad[0].message
        _record(gov, sha, status="refused", reason=result.reason, rows_in=result.rows_in, processed_at=_now())
        return _refuse(inbox, path, result)
    _link_detect_open(result, gov, system)
    result.seconds = round(time.monotonic() - started, 2)
    processed = _now()
    result.latency_s = round((processed - arrived).total_seconds(), 1)
    _record(gov, sha, status="done", rows_in=result.rows_in, loaded=result.loaded, quarantined=result.quarantined,
            scenarios=result.scenarios, findings=result.findings, cases_opened=result.cases_opened,
            seconds=result.seconds, processed_at=processed)
    return result


def _refuse(inbox: Path, path: Path, result: DeltaResult) -> DeltaResult:
    """Move a file that cannot be used to INBOX/.refused/ (kept, never deleted) with a note of why."""
    target = inbox / ".refused" / result.name
    target.parent.mkdir(parents=True, exist_ok=True)
    path.replace(target)
    target.with_name(target.name + ".reason.txt").write_text(result.reason + "\n", encoding="utf-8")
    result.reason += f" (moved to {target.relative_to(inbox)})"
    return result


def _load_one(path: Path, system: str, stem: str, gov: str) -> Any:
    """Load one file through the ordinary loader, from a one-file extract that names it after its contract."""
    from loaders.load import load_directory

    with tempfile.TemporaryDirectory(prefix="chungbaek-delta-") as tmp:
        folder = Path(tmp) / system
        folder.mkdir()
        (folder / f"{stem}{path.suffix.lower()}").symlink_to(path.resolve())
        return load_directory(tmp, gov=gov)


def scenarios_reading(system: str) -> list[str]:
    """The scenarios whose `systems` include this one: the only ones a delta of it can change."""
    from detectors.scenario import load_catalog

    return [s.id for s in load_catalog() if system in s.systems]


def _link_detect_open(result: DeltaResult, gov: str, system: str) -> None:
    from cases.opening import open_cases_from_findings
    from detectors.api import run_detectors
    from linkage.link import link_all

    mark = time.monotonic()
    link_all(gov)
    result.link_s = round(time.monotonic() - mark, 2)
    result.scenarios = scenarios_reading(system)
    if not result.scenarios:
        return
    mark = time.monotonic()
    summary = run_detectors(result.scenarios, gov=gov, user="watch")
    result.detect_s = round(time.monotonic() - mark, 2)
    result.findings = summary.findings
    if summary.findings:
        mark = time.monotonic()
        result.cases_opened = open_cases_from_findings(run_id=summary.run_id, gov=gov).opened
        result.cases_s = round(time.monotonic() - mark, 2)


def watch(inbox: Path, gov: str, *, once: bool, poll: float, retry_s: float = 5.0,
          report: Callable[[DeltaResult], None] = lambda r: None,
          say: Callable[[str], None] = lambda m: None) -> list[DeltaResult]:
    """Process every file of the inbox, then (unless `once`) keep following it."""
    from core.connection import close_drivers

    if not inbox.is_dir():
        raise ChungBaekError(f"{inbox} is not a directory", hint="create it, with one sub-directory per system")
    done: list[DeltaResult] = []
    with inbox_lock(inbox):
        while True:
            for system, path in pending_files(inbox, settle=0.0 if once else SETTLE_SECONDS):
                while True:
                    try:
                        result = process_file(inbox, system, path, gov)
                        break
                    except (Neo4jUnavailable, ServiceUnavailable, SessionExpired) as exc:
                        say(f"Neo4j is unreachable ({exc}); retrying {path.name} in {retry_s:.0f} s")
                        close_drivers()
                        time.sleep(retry_s)
                if result.status != "skipped" or once:
                    report(result)
                done.append(result)
            if once:
                return done
            time.sleep(poll)


def _line(r: DeltaResult) -> str:
    if r.status != "done":
        return f"{r.name}: {r.status}: {r.reason}"
    return (f"{r.name}: {r.rows_in:,} rows, {r.loaded:,} loaded, {r.quarantined:,} quarantined; "
            f"{len(r.scenarios)} scenarios -> {r.findings} findings, {r.cases_opened} cases opened "
            f"({r.seconds:.1f} s; {r.latency_s:.0f} s from arrival)")


@click.command("watch")
@click.argument("inbox", type=click.Path(file_okay=False, path_type=Path))
@gov_option("5-digit local-government code (default: CHUNGBAEK_GOVERNMENT).")
@click.option("--once", is_flag=True, help="Process what is in the inbox now, then exit (for cron and tests).")
@click.option("--poll", default=2.0, show_default=True, help="Seconds between looks at the inbox.")
@json_option("Print one JSON object per processed file.")
def watch_command(inbox: Path, gov: str | None, once: bool, poll: float, as_json: bool) -> None:
    """Follow a drop directory INBOX/<system>/<file>.csv|parquet of delta files: load each file exactly
    once, link, run the scenarios that read its system and open their cases (notifications are queued at
    once). A file dropped again is skipped; bad rows go to quarantine; one watcher per inbox."""
    from core.settings import settings

    code = gov or settings().default_government

    def report(r: DeltaResult) -> None:
        click.echo(json.dumps(asdict(r), ensure_ascii=False) if as_json else _line(r))

    results = watch(inbox, code, once=once, poll=poll, report=report, say=lambda m: click.echo(m, err=True))
    if once and any(r.status == "refused" for r in results):
        sys.exit(2)


COMMANDS = [watch_command]
