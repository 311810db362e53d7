"""`chungbaek bench api`: concurrent clients against a running API server on the loaded municipality.

Samples entity ids, two-hop neighbourhoods, paths (entities that share an account) and case pages from the
graph, then for each query kind sends `per_query` requests and reports requests/s and p50/p95/p99 latencies.

Three load models, as load-testing tools name them:

- **back to back** (`think_ms=0`, the default): each of `clients` clients sends its next request as soon as
  the last one answers. This measures the server's saturation throughput; latency is then clients divided by
  throughput (Little's law), whatever the server does.
- **think time** (`think_ms>0`): each client waits a random time (exponential, mean `think_ms`) between an
  answer and its next request, as an investigator reading a result does.
- **fixed arrival rate** (`rate`): requests are sent on a Poisson schedule of `rate` per second whatever
  the answers, through at most `clients` connections. Latency counts from the scheduled send time, so a
  server that falls behind is charged for the queue it builds (no coordinated omission).

`capacity` steps the arrival rate up until the p95 passes a target and reports the highest rate that met it.
"""

from __future__ import annotations

import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import aiohttp
import httpx

from cases.users import add_user, get_user, issue_token
from core.errors import ChungBaekError
from graph.read import read

QUERIES = {
    "entity_detail": "query($id: ID!) { entity(id: $id) { id name rrnMasked records { key sameAs { score } } } }",
    "neighbourhood_2hop": "query($k: String!) { neighbourhood(key: $k, depth: 2, nodeCap: 200) { truncated "
                          "nodes { key kind } edges { type source target } } }",
    "path": "query($a: String!, $b: String!) { paths(start: $a, end: $b, maxHops: 8) { paths { length } } }",
    "case_list": "query($after: String) { cases(first: 20, after: $after) { totalCount pageInfo { endCursor } "
                 "edges { node { id status scenarioId } } } }",
}

SAMPLE_PEOPLE = "MATCH (p:Person) WHERE $gov IS NULL OR p.gov = $gov RETURN p.entity_id AS id LIMIT 500"
SAMPLE_PAIRS = """
MATCH (a:Person)<-[:SAME_AS]-(:PersonRecord)-[:HOLDS|RELATIVE_OF]-(:Record)-[:SAME_AS]->(b)
WHERE a <> b AND ($gov IS NULL OR a.gov = $gov)
RETURN a.entity_id AS a, b.entity_id AS b LIMIT 200
"""


@dataclass(frozen=True)
class Load:
    """How the clients send: back to back, with think time, or on a fixed arrival schedule."""

    clients: int = 50
    think_ms: float = 0.0
    rate: float | None = None

    def describe(self) -> str:
        if self.rate:
            return f"fixed arrival rate {self.rate:g}/s through up to {self.clients} connections"
        if self.think_ms:
            return f"{self.clients} clients, think time {self.think_ms:g} ms (exponential mean)"
        return f"{self.clients} clients back to back"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bench_token() -> str:
    if get_user("bench-api") is None:
        add_user("bench-api", role="ministry", display_name="API benchmark")
    return issue_token("bench-api", ttl_seconds=3600)


def _start_server(workers: int) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "chungbaek", "serve", "--host", "127.0.0.1", "--port", str(port),
         "--workers", str(workers)],
        env=dict(os.environ), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/healthz", timeout=1).status_code == 200:
                return proc, url + "/graphql"
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.terminate()
    raise ChungBaekError("the API server did not start within 60 s", hint="try: chungbaek serve")


class _Run:
    """Latencies and failures of one query kind."""

    def __init__(self, http: aiohttp.ClientSession, url: str, query: str, variables: list[dict[str, Any]]) -> None:
        self.http, self.url, self.query, self.variables = http, url, query, variables
        self.latencies: list[float] = []
        self.errors = 0

    async def send(self, i: int, since: float | None = None) -> None:
        """Request i; its latency counts from `since` (the scheduled time) when given."""
        started = time.perf_counter() if since is None else since
        body = {"query": self.query, "variables": self.variables[i % len(self.variables)]}
        try:
            async with self.http.post(self.url, json=body) as response:
                answer = await response.json()
                ok = response.status == 200 and not answer.get("errors")
        except (TimeoutError, aiohttp.ClientError, ValueError):  # dropped, timed out or not JSON: a failure
            self.errors += 1
            return
        self.latencies.append((time.perf_counter() - started) * 1000)
        self.errors += not ok


async def _closed(run: _Run, load: Load, total: int) -> None:
    counter = iter(range(total))
    rng = random.Random(7)

    async def client() -> None:
        if load.think_ms:  # clients join over one think time, as people do, not all in the same millisecond
            await asyncio.sleep(rng.uniform(0, load.think_ms / 1000.0))
        for i in counter:
            await run.send(i)
            if load.think_ms:
                await asyncio.sleep(rng.expovariate(1000.0 / load.think_ms))

    await asyncio.gather(*(client() for _ in range(load.clients)))


async def _open(run: _Run, load: Load, total: int) -> None:
    assert load.rate
    rng = random.Random(7)
    gate = asyncio.Semaphore(load.clients)
    start = time.perf_counter()
    at, tasks = 0.0, []

    async def one(i: int, due: float) -> None:
        async with gate:
            await run.send(i, since=due)

    for i in range(total):
        at += rng.expovariate(load.rate)
        delay = start + at - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(i, start + at)))
    await asyncio.gather(*tasks)


async def _drive(url: str, token: str, query: str, variables: list[dict[str, Any]], load: Load,
                 total: int) -> dict[str, Any]:
    # aiohttp, not httpx: the load generator shares the machine with the server, and httpx spent a whole
    # core sending 140 requests/s, so the bench measured its own client.
    connector = aiohttp.TCPConnector(limit=load.clients)
    async with aiohttp.ClientSession(headers={"Authorization": f"Bearer {token}"}, connector=connector,
                                     timeout=aiohttp.ClientTimeout(total=60)) as http:
        run = _Run(http, url, query, variables)
        started = time.perf_counter()
        await (_open(run, load, total) if load.rate else _closed(run, load, total))
        elapsed = time.perf_counter() - started
    if len(run.latencies) < 2:
        raise ChungBaekError(f"{run.errors} of {total} requests failed; no latencies to report",
                             hint="is the server up? try: chungbaek serve, then chungbaek bench api --url ...")
    cuts = statistics.quantiles(run.latencies, n=100)
    return {"requests": len(run.latencies), "errors": run.errors,
            "requests_per_s": round(len(run.latencies) / elapsed, 1),
            "p50_ms": round(cuts[49], 1), "p95_ms": round(cuts[94], 1), "p99_ms": round(cuts[98], 1)}


def run_client(work: Any) -> Any:
    """Run the client on the fastest event loop there is."""
    try:
        import uvloop
    except ImportError:  # pragma: no cover - uvloop is a dependency
        return asyncio.run(work)
    return uvloop.run(work)


def _samples(gov: str | None) -> dict[str, list[dict[str, Any]]]:
    people = [row["id"] for row in read(SAMPLE_PEOPLE, gov=gov)]
    if not people:
        raise ChungBaekError("no Person entities to benchmark with",
                             hint="generate, load and link a municipality first: chungbaek generate / load / link")
    pairs = [(row["a"], row["b"]) for row in read(SAMPLE_PAIRS, gov=gov)] or list(zip(people, people[1:], strict=False))
    return {
        "entity_detail": [{"id": p} for p in people],
        "neighbourhood_2hop": [{"k": p} for p in people],
        "path": [{"a": a, "b": b} for a, b in pairs],
        "case_list": [{"after": None}],
    }


class _Server:
    """The server under test: the given URL, or one started here (and stopped on exit)."""

    def __init__(self, url: str | None, workers: int) -> None:
        self.url, self.workers, self.proc = url, workers, None

    def __enter__(self) -> str:
        if self.url is None:
            self.proc, self.url = _start_server(self.workers)
        return self.url

    def __exit__(self, *_exc: object) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(10)


def serving(url: str | None, workers: int) -> _Server:
    """The /graphql URL of the given server, or of one started for the benchmark (a context manager)."""
    return _Server(url, workers)


def run_bench(url: str | None = None, load: Load | None = None, per_query: int = 1000, workers: int = 2,
              gov: str | None = None, kinds: list[str] | None = None) -> dict[str, Any]:
    load = load or Load()
    variables = _samples(gov)
    token = bench_token()
    names = kinds or list(QUERIES)
    with _Server(url, workers) as server_url:
        run_client(_drive(server_url, token, QUERIES["entity_detail"], variables["entity_detail"], Load(), 200))
        results = {name: run_client(_drive(server_url, token, QUERIES[name], variables[name], load, per_query))
                   for name in names}
    return {"url": server_url, "load": load.describe(), "clients": load.clients, "think_ms": load.think_ms,
            "rate": load.rate, "workers": workers if url is None else None,
            "people_sampled": len(variables["entity_detail"]), "path_pairs": len(variables["path"]),
            "queries": results}


def run_capacity(url: str | None = None, clients: int = 50, p95_ms: float = 50.0, per_step: int = 500,
                 workers: int = 2, gov: str | None = None, kinds: list[str] | None = None,
                 start_rate: float = 25.0, factor: float = 1.25, max_rate: float = 5000.0,
                 on_step: Callable[[str, dict[str, Any]], None] | None = None) -> dict[str, Any]:
    """For each query kind, the highest fixed arrival rate whose p95 stays under `p95_ms` (each step is
    handed to `on_step` as it ends)."""
    variables = _samples(gov)
    token = bench_token()
    names = kinds or list(QUERIES)
    out: dict[str, Any] = {}
    with _Server(url, workers) as server_url:
        run_client(_drive(server_url, token, QUERIES["entity_detail"], variables["entity_detail"], Load(), 200))
        for name in names:
            steps, best, rate = [], None, start_rate
            while rate <= max_rate:
                row = run_client(_drive(server_url, token, QUERIES[name], variables[name],
                                 Load(clients=clients, rate=rate), per_step))
                steps.append({"rate": round(rate, 1), **row})
                if on_step is not None:
                    on_step(name, steps[-1])
                if row["p95_ms"] >= p95_ms or row["errors"]:
                    break
                best = steps[-1]
                rate *= factor
            out[name] = {"max_rate_within_target": best["rate"] if best else None,
                         "at_that_rate": best, "steps": steps}
    return {"url": server_url, "p95_target_ms": p95_ms, "clients": clients,
            "workers": workers if url is None else None, "queries": out}
