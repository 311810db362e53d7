"""`chungbaek bench api` against the test server: each load model sends what it says and counts what came back."""

from __future__ import annotations

import os
import subprocess
import sys

from apikit import REPO

from bench.api import QUERIES, Load, run_bench, run_capacity


def test_back_to_back_think_time_and_fixed_rate_each_send_every_request(server, world):
    url = server.url + "/graphql"
    for load in (Load(clients=4), Load(clients=4, think_ms=5), Load(clients=4, rate=400)):
        report = run_bench(url=url, load=load, per_query=16)
        assert set(report["queries"]) == set(QUERIES), load
        for name, row in report["queries"].items():
            assert row["requests"] == 16 and row["errors"] == 0, (load, name, row)
            assert 0 < row["p50_ms"] <= row["p95_ms"] <= row["p99_ms"]
        assert report["load"] == load.describe()


def test_capacity_stops_at_the_first_rate_over_the_target(server, world):
    url = server.url + "/graphql"
    generous = run_capacity(url=url, clients=4, p95_ms=60_000, per_step=8, kinds=["entity_detail"],
                            start_rate=50, factor=2, max_rate=200)
    steps = generous["queries"]["entity_detail"]["steps"]
    assert [s["rate"] for s in steps] == [50, 100, 200]
    assert generous["queries"]["entity_detail"]["max_rate_within_target"] == 200

    impossible = run_capacity(url=url, clients=4, p95_ms=0.001, per_step=8, kinds=["case_list"], start_rate=50)
    assert impossible["queries"]["case_list"]["max_rate_within_target"] is None
    assert len(impossible["queries"]["case_list"]["steps"]) == 1


def test_bench_api_help_and_a_dead_server_give_messages(world):
    shown = subprocess.run([sys.executable, "-m", "chungbaek", "bench", "api", "--help"], cwd=REPO,
                           env=dict(os.environ), capture_output=True, text=True, timeout=60)
    assert shown.returncode == 0 and "--think-ms" in shown.stdout and "--capacity" in shown.stdout
    dead = subprocess.run([sys.executable, "-m", "chungbaek", "bench", "api", "--url", "http://127.0.0.1:9/graphql",
                           "--requests", "4", "--clients", "2", "--query", "case_list"], cwd=REPO,
                          env=dict(os.environ), capture_output=True, text=True, timeout=120)
    assert dead.returncode != 0
    assert "requests failed" in dead.stderr and "Traceback" not in dead.stderr
