"""`chungbaek bench api --restart`: the project's Neo4j restarted under clients of a running API server.

`clients` clients send entity and case-list requests back to back (or with think time) to a server started
here. After `warm_s` seconds the Neo4j server is stopped and started again with the project's own commands,
as an operator would; the clients keep sending for `after_s` seconds after it answers again.

Every request is classed by its answer: ok, UNAVAILABLE (the database away, said within the budget), another
GraphQL error, a server error (HTTP 5xx or INTERNAL_SERVER_ERROR) or no answer at all. The report gives the
longest wait of any request sent from the stop on (the warm-up before it is reported apart), the counts of
each class, and the recovery time: from the moment Neo4j answers a query again (`RETURN 1` on the default
database, through a driver of its own) to the end of the last request that did not succeed (0 when the
first request after it did).

Targets (issue #18): no request waits more than 2 s, 0 server errors, recovery within 5 s.
"""

from __future__ import annotations

import asyncio
import random
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from neo4j import GraphDatabase

from core.errors import ChungBaekError
from core.settings import Settings, settings

ENTITY = "query($id: ID!) { entity(id: $id) { id name records { key } } }"
CASES = "query { cases(first: 20) { totalCount edges { node { id status } } } }"
TARGET_WAIT_MS, TARGET_RECOVERY_S = 2000.0, 5.0


@dataclass
class _Timeline:
    """When the restart's steps happened, in perf_counter seconds."""

    stop_at: float | None = None
    stopped_at: float | None = None
    answering_at: float | None = None
    failure: str | None = None
    done: threading.Event = field(default_factory=threading.Event)


@dataclass(frozen=True)
class _Answer:
    sent: float
    ended: float
    outcome: str  # ok | unavailable | graphql_error | server_error | no_answer

    @property
    def wait_ms(self) -> float:
        return (self.ended - self.sent) * 1000


def _answers(cfg: Settings) -> bool:
    try:
        with GraphDatabase.driver(cfg.neo4j_uri, auth=(cfg.neo4j_user, cfg.neo4j_password), connection_timeout=0.5,
                                  max_transaction_retry_time=0.0) as driver, driver.session() as session:
            session.run("RETURN 1").consume()
    except Exception:  # noqa: BLE001 - any failure means "not answering yet"
        return False
    return True


def _chungbaek(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "chungbaek", *args], capture_output=True, text=True, timeout=300)


def _restart(timeline: _Timeline, warm_s: float) -> None:
    """Stop and start the project's Neo4j, noting when it answers again (a thread beside the clients)."""
    cfg = settings()
    try:
        time.sleep(warm_s)
        timeline.stop_at = time.perf_counter()
        stopped = _chungbaek("neo4j", "stop")
        timeline.stopped_at = time.perf_counter()
        if stopped.returncode:
            timeline.failure = "chungbaek neo4j stop failed: " + (stopped.stdout + stopped.stderr)[-500:]
            return
        # Started in the background, so that the moment it answers is seen here, not when `start` returns.
        starting = subprocess.Popen([sys.executable, "-m", "chungbaek", "neo4j", "start"],
                                    stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        while timeline.answering_at is None:
            if _answers(cfg):
                timeline.answering_at = time.perf_counter()
                break
            if starting.poll() not in (None, 0):
                timeline.failure = "chungbaek neo4j start failed: " + (starting.stdout.read() if starting.stdout
                                                                       else "")[-500:]
                return
            time.sleep(0.05)
        starting.wait(300)
    finally:
        timeline.done.set()


def _outcome(status: int, answer: Any) -> str:
    if status >= 500:
        return "server_error"
    errors = answer.get("errors") if isinstance(answer, dict) else None
    if not errors:
        return "ok" if status == 200 else "server_error"
    codes = {(e.get("extensions") or {}).get("code") for e in errors}
    if "INTERNAL_SERVER_ERROR" in codes:
        return "server_error"
    return "unavailable" if codes == {"UNAVAILABLE"} else "graphql_error"


async def _clients(url: str, token: str, people: list[str], clients: int, think_ms: float, timeline: _Timeline,
                   after_s: float) -> list[_Answer]:
    answers: list[_Answer] = []
    rng = random.Random(11)

    def finished() -> bool:
        if timeline.failure is not None or (timeline.done.is_set() and timeline.answering_at is None):
            return True
        return timeline.answering_at is not None and time.perf_counter() > timeline.answering_at + after_s

    async def client(http: aiohttp.ClientSession, n: int) -> None:
        i = n
        while not finished():
            i += clients
            body = ({"query": ENTITY, "variables": {"id": people[i % len(people)]}} if people and i % 2
                    else {"query": CASES})
            sent = time.perf_counter()
            try:
                async with http.post(url, json=body) as response:
                    outcome = _outcome(response.status, await response.json(content_type=None))
            except (TimeoutError, aiohttp.ClientError, ValueError):
                outcome = "no_answer"
            answers.append(_Answer(sent, time.perf_counter(), outcome))
            if think_ms:
                await asyncio.sleep(rng.expovariate(1000.0 / think_ms))

    async with aiohttp.ClientSession(headers={"Authorization": f"Bearer {token}"},
                                     connector=aiohttp.TCPConnector(limit=clients),
                                     timeout=aiohttp.ClientTimeout(total=60)) as http:
        await asyncio.gather(*(client(http, n) for n in range(clients)))
    return answers


def _report(answers: list[_Answer], timeline: _Timeline, clients: int, think_ms: float) -> dict[str, Any]:
    assert timeline.stop_at is not None and timeline.answering_at is not None
    back = timeline.answering_at
    failed_after = [a.ended for a in answers if a.outcome != "ok" and a.ended > back]
    during = [a for a in answers if a.ended >= timeline.stop_at and a.sent <= back]
    longest = max((a for a in answers if a.sent >= timeline.stop_at), key=lambda a: a.wait_ms)
    recovery = max(failed_after) - back if failed_after else 0.0
    counts = Counter(a.outcome for a in answers)
    stopped = timeline.stopped_at or back
    phases = {"before": (float("-inf"), timeline.stop_at), "stopping": (timeline.stop_at, stopped),
              "down": (stopped, back), "after": (back, float("inf"))}
    by_phase = {name: [a for a in answers if lo <= a.sent < hi] for name, (lo, hi) in phases.items()}
    report = {
        "clients": clients, "think_ms": think_ms, "requests": len(answers),
        "outcomes": {k: counts.get(k, 0) for k in ("ok", "unavailable", "graphql_error", "server_error",
                                                   "no_answer")},
        "neo4j_stop_s": round((timeline.stopped_at or back) - timeline.stop_at, 2),
        "neo4j_down_s": round(back - timeline.stop_at, 2),
        "requests_while_down": len(during),
        "longest_wait_ms": round(longest.wait_ms, 1),
        "longest_wait_while_down_ms": round(max((a.wait_ms for a in during), default=0.0), 1),
        "recovery_s": round(recovery, 2),
        "phases": {name: {"requests": len(group), "failed": sum(a.outcome != "ok" for a in group),
                          "longest_wait_ms": round(max((a.wait_ms for a in group), default=0.0), 1)}
                   for name, group in by_phase.items()},
    }
    report["targets_met"] = {
        f"longest wait <= {TARGET_WAIT_MS:g} ms": report["longest_wait_ms"] <= TARGET_WAIT_MS,
        "0 server errors": counts.get("server_error", 0) == 0 and counts.get("no_answer", 0) == 0,
        f"recovery <= {TARGET_RECOVERY_S:g} s": recovery <= TARGET_RECOVERY_S,
    }
    return report


def run_restart(clients: int = 20, think_ms: float = 0.0, workers: int = 2, warm_s: float = 5.0,
                after_s: float = 10.0, gov: str | None = None) -> dict[str, Any]:
    """Restart the project's Neo4j under `clients` clients of a server started here; see the module doc."""
    from bench.api import SAMPLE_PEOPLE, bench_token, run_client, serving
    from graph.read import read

    if settings().external_neo4j:
        raise ChungBaekError("--restart stops and starts the project's own Neo4j, and NEO4J_URI names another",
                             hint="unset NEO4J_URI, or restart that server yourself under chungbaek bench api")
    people = [row["id"] for row in read(SAMPLE_PEOPLE, gov=gov)]
    token = bench_token()
    timeline = _Timeline()
    with serving(None, workers) as url:
        restarter = threading.Thread(target=_restart, args=(timeline, warm_s), daemon=True)
        restarter.start()
        answers = run_client(_clients(url, token, people, clients, think_ms, timeline, after_s))
        restarter.join(300)
    if timeline.failure or timeline.answering_at is None:
        raise ChungBaekError(timeline.failure or "Neo4j did not answer again after the restart",
                             hint="see chungbaek neo4j status, and start it with: chungbaek neo4j start")
    return {"url": url, "workers": workers, "people_sampled": len(people),
            **_report(answers, timeline, clients, think_ms)}


def render(report: dict[str, Any]) -> str:
    o = report["outcomes"]
    lines = [
        f"Neo4j restarted under {report['clients']} clients"
        + (f" (think time {report['think_ms']:g} ms)" if report["think_ms"] else " back to back")
        + f", server {report['url']} with {report['workers']} workers",
        f"  Neo4j: stop took {report['neo4j_stop_s']} s, away for {report['neo4j_down_s']} s; "
        f"{report['requests_while_down']} requests met it away",
        f"  {report['requests']} requests: ok {o['ok']}, UNAVAILABLE {o['unavailable']}, other GraphQL errors "
        f"{o['graphql_error']}, server errors {o['server_error']}, no answer {o['no_answer']}",
        f"  longest wait from the stop on {report['longest_wait_ms']} ms (while Neo4j was away "
        f"{report['longest_wait_while_down_ms']} ms); recovery {report['recovery_s']} s after Neo4j answered a query",
    ]
    lines += [f"  sent {name:<8}: {p['requests']} requests, {p['failed']} not ok, longest wait {p['longest_wait_ms']} ms"
              + (" (warm-up, not counted)" if name == "before" else "") for name, p in report["phases"].items()]
    lines += [f"  target {name}: {'met' if met else 'MISSED'}" for name, met in report["targets_met"].items()]
    return "\n".join(lines)
