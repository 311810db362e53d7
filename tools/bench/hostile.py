"""`chungbaek bench api --hostile`: how fast hostile requests are refused, and what the health check does
meanwhile.

Each kind is sent `repeats` times one after the other (anonymous, as an attacker would); the figures are
the time to the refusal (p50, max) and whether every answer was a refusal with the expected code. Then four
clients send 30-level fragment bombs back to back for `flood_seconds` while one client asks `/healthz`:
its p50/p95/max say whether a bomb blocks a worker.
"""

from __future__ import annotations

import secrets
import statistics
import threading
import time
from typing import Any

import httpx

from cases.logins import USER_LIMIT
from cases.users import add_user, get_user, set_password

BODY_BYTES = 5 * 1024 * 1024


def fragment_bomb(levels: int) -> str:
    spreads = " ".join(f"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }}" for i in range(levels))
    return f"query {{ ...F0 }} {spreads} fragment F{levels} on Query {{ me {{ username }} }}"


def _kinds() -> dict[str, tuple[dict[str, Any], dict[str, str], int, str]]:
    """name -> (json body, headers, expected status, expected code)."""
    wide = "{ " + " ".join(f"a{i}: cases(first: 100) {{ edges {{ node {{ evidence {{ nodes {{ key attributes "
                           f"{{ name value }} }} }} }} }} }}" for i in range(8)) + " }"
    aliases = "query { ...A ...A ...A } fragment A on Query { " + " ".join(
        f"x{i}: me {{ username }}" for i in range(10)) + " }"
    bad = {"Authorization": "Bearer cbk_not-a-real-token"}
    return {
        "fragment_bomb_20": ({"query": fragment_bomb(20)}, {}, 200, "GRAPHQL_VALIDATION_FAILED"),
        "fragment_bomb_30": ({"query": fragment_bomb(30)}, {}, 200, "GRAPHQL_VALIDATION_FAILED"),
        "fragment_bomb_30_bad_token": ({"query": fragment_bomb(30)}, bad, 200, "GRAPHQL_VALIDATION_FAILED"),
        "fields_times_lists": ({"query": wide}, {}, 200, "GRAPHQL_VALIDATION_FAILED"),
        "aliases_through_fragments": ({"query": aliases}, {}, 200, "GRAPHQL_VALIDATION_FAILED"),
        "introspection_anonymous": ({"query": "{ __schema { types { name } } }"}, {}, 200,
                                    "GRAPHQL_VALIDATION_FAILED"),
        "anonymous_query": ({"query": "{ cases { totalCount } }"}, {}, 200, "UNAUTHENTICATED"),
        "body_5mb": ({"query": "{ me { username } }", "variables": {"pad": "x" * BODY_BYTES}}, {}, 413,
                     "LIMIT_EXCEEDED"),
    }


def _code(response: httpx.Response) -> str | None:
    try:
        errors = response.json().get("errors") or []
    except ValueError:
        return None
    return (errors[0].get("extensions") or {}).get("code") if errors else None


def _ms(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {"p50_ms": round(statistics.median(ordered), 2),
            "p95_ms": round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], 2),
            "max_ms": round(ordered[-1], 2)}


def refusals(graphql_url: str, repeats: int) -> dict[str, Any]:
    results: dict[str, Any] = {}
    with httpx.Client(timeout=120) as http:
        for name, (body, headers, status, code) in _kinds().items():
            times, refused = [], 0
            for _ in range(repeats):
                started = time.perf_counter()
                response = http.post(graphql_url, json=body, headers=headers)
                times.append((time.perf_counter() - started) * 1000)
                refused += response.status_code == status and _code(response) == code
            results[name] = {**_ms(times), "refused": refused, "sent": repeats, "expected_code": code}
    return results


def flood(graphql_url: str, seconds: float, clients: int = 4) -> dict[str, Any]:
    health_url = graphql_url.rsplit("/", 1)[0] + "/healthz"
    stop = threading.Event()
    sent = [0] * clients
    body = {"query": fragment_bomb(30)}

    def bomber(i: int) -> None:
        with httpx.Client(timeout=120) as http:
            while not stop.is_set():
                http.post(graphql_url, json=body)
                sent[i] += 1

    threads = [threading.Thread(target=bomber, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    health: list[float] = []
    failures = 0
    deadline = time.monotonic() + seconds
    with httpx.Client(timeout=30) as http:
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                failures += http.get(health_url).status_code != 200
            except httpx.HTTPError:
                failures += 1
            health.append((time.perf_counter() - started) * 1000)
            time.sleep(0.01)
    stop.set()
    for thread in threads:
        thread.join()
    return {"bomb_clients": clients, "seconds": seconds, "bombs_sent": sum(sent),
            "bombs_per_s": round(sum(sent) / seconds, 1), "healthz": {**_ms(health), "requests": len(health),
                                                                      "failures": failures}}


LOGIN = "mutation($u: String!, $p: String!) { login(username: $u, password: $p) { __typename } }"


def login_timing(graphql_url: str) -> dict[str, Any]:
    """Time to the answer of a wrong password and of an unknown username (USER_LIMIT - 1 each, so the
    benchmark's user is never locked; a right password at the end clears its count)."""
    password = secrets.token_urlsafe(16)
    if get_user("bench-login") is None:
        add_user("bench-login", role="auditor", governments=["00000"], password=password)
    else:
        set_password("bench-login", password)
    times: dict[str, list[float]] = {"wrong_password": [], "unknown_user": []}
    with httpx.Client(timeout=60) as http:
        for _ in range(USER_LIMIT - 1):
            for kind, name in (("wrong_password", "bench-login"), ("unknown_user", "ghost-" + secrets.token_hex(4))):
                started = time.perf_counter()
                http.post(graphql_url, json={"query": LOGIN, "variables": {"u": name, "p": "wrong"}})
                times[kind].append((time.perf_counter() - started) * 1000)
        http.post(graphql_url, json={"query": LOGIN, "variables": {"u": "bench-login", "p": password}})
    return {kind: _ms(values) for kind, values in times.items()}


def run_hostile(graphql_url: str, repeats: int = 20, flood_seconds: float = 10.0) -> dict[str, Any]:
    return {"url": graphql_url, "refusals": refusals(graphql_url, repeats),
            "flood": flood(graphql_url, flood_seconds), "login": login_timing(graphql_url)}


def render(report: dict[str, Any]) -> str:
    lines = [f"hostile requests against {report['url']} (time to the refusal, one after the other)"]
    for name, row in report["refusals"].items():
        lines.append(f"  {name:<28} p50 {row['p50_ms']:7.2f} ms  max {row['max_ms']:7.2f} ms  "
                     f"refused {row['refused']}/{row['sent']} ({row['expected_code']})")
    f = report["flood"]
    h = f["healthz"]
    lines.append(f"  /healthz during {f['bomb_clients']} clients of 30-level bombs for {f['seconds']:g} s "
                 f"({f['bombs_per_s']} bombs/s): p50 {h['p50_ms']:.2f} ms  p95 {h['p95_ms']:.2f} ms  "
                 f"max {h['max_ms']:.2f} ms  failures {h['failures']}/{h['requests']}")
    for kind, row in report["login"].items():
        lines.append(f"  login, {kind.replace('_', ' '):<22} p50 {row['p50_ms']:7.2f} ms  max {row['max_ms']:7.2f} ms")
    return "\n".join(lines)
