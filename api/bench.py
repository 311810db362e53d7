"""`chungbaek bench api`: concurrent clients against a running API server on the loaded municipality.

Samples entity ids, two-hop neighbourhoods, paths (entities that share an account) and case pages from the
graph, then for each query kind sends `per_query` requests from `clients` concurrent clients and reports
requests/s and p50/p95/p99 latencies.
"""

from __future__ import annotations

import asyncio
import os
import socket
import statistics
import subprocess
import sys
import time
from typing import Any

import httpx

from chungbaek.errors import ChungBaekError
from chungbaek.users import add_user, get_user, issue_token
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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _token() -> str:
    if get_user("bench-api") is None:
        add_user("bench-api", role="ministry", display_name="API benchmark")
    return issue_token("bench-api", ttl_seconds=3600)


def _start_server(workers: int) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "api.app:create_app", "--factory", "--host", "127.0.0.1", "--port",
         str(port), "--workers", str(workers), "--log-level", "warning", "--no-access-log"],
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


async def _drive(url: str, token: str, query: str, variables: list[dict[str, Any]], clients: int,
                 total: int) -> dict[str, Any]:
    latencies: list[float] = []
    errors = 0
    counter = iter(range(total))
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(headers={"Authorization": f"Bearer {token}"}, limits=limits, timeout=60) as http:

        async def client() -> None:
            nonlocal errors
            for i in counter:
                started = time.perf_counter()
                try:
                    response = await http.post(url, json={"query": query, "variables": variables[i % len(variables)]})
                except httpx.TransportError:  # a dropped connection is a failed request, not the end of the run
                    errors += 1
                    continue
                latencies.append((time.perf_counter() - started) * 1000)
                if response.status_code != 200 or response.json().get("errors"):
                    errors += 1

        started = time.perf_counter()
        await asyncio.gather(*(client() for _ in range(clients)))
        elapsed = time.perf_counter() - started
    if len(latencies) < 2:
        raise ChungBaekError(f"{errors} of {total} requests failed; no latencies to report",
                             hint="is the server up? try: chungbaek serve, then chungbaek bench api --url ...")
    cuts = statistics.quantiles(latencies, n=100)
    return {"requests": len(latencies), "errors": errors, "requests_per_s": round(len(latencies) / elapsed, 1),
            "p50_ms": round(cuts[49], 1), "p95_ms": round(cuts[94], 1), "p99_ms": round(cuts[98], 1)}


def run_bench(url: str | None = None, clients: int = 50, per_query: int = 1000, workers: int = 2,
              gov: str | None = None) -> dict[str, Any]:
    people = [row["id"] for row in read(SAMPLE_PEOPLE, gov=gov)]
    if not people:
        raise ChungBaekError("no Person entities to benchmark with",
                             hint="generate, load and link a municipality first: chungbaek generate / load / link")
    pairs = [(row["a"], row["b"]) for row in read(SAMPLE_PAIRS, gov=gov)] or list(zip(people, people[1:], strict=False))
    token = _token()
    proc = None
    if url is None:
        proc, url = _start_server(workers)
    variables = {
        "entity_detail": [{"id": p} for p in people],
        "neighbourhood_2hop": [{"k": p} for p in people],
        "path": [{"a": a, "b": b} for a, b in pairs],
        "case_list": [{"after": None}],
    }
    try:
        asyncio.run(_drive(url, token, QUERIES["entity_detail"], variables["entity_detail"], clients, 200))  # warm up
        results = {name: asyncio.run(_drive(url, token, query, variables[name], clients, per_query))
                   for name, query in QUERIES.items()}
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(10)
    return {"url": url, "clients": clients, "workers": workers if proc else None, "people_sampled": len(people),
            "path_pairs": len(pairs), "queries": results}
