"""The Neo4j server manager and the CLI's fault messages, through the real `chungbaek` command."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

CHUNGBAEK = [sys.executable, "-m", "chungbaek.cli"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(args: list[str], env: dict[str, str], timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CHUNGBAEK, *args], env=env, capture_output=True, text=True, timeout=timeout,
                          check=False)


@pytest.fixture()
def own_server_env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update({
        "CHUNGBAEK_STATE_DIR": str(tmp_path / "state"),
        "CHUNGBAEK_NEO4J_BOLT_PORT": str(free_port()),
        "CHUNGBAEK_NEO4J_HTTP_PORT": str(free_port()),
        "CHUNGBAEK_NEO4J_HEAP": "512m",
        "CHUNGBAEK_NEO4J_PAGECACHE": "128m",
    })
    env.pop("NEO4J_URI", None)
    return env


@pytest.mark.neo4j
@pytest.mark.slow
def test_start_twice_then_stop_then_status(own_server_env):
    env = own_server_env
    try:
        first = run(["neo4j", "start"], env)
        assert first.returncode == 0, first.stderr
        assert "started" in first.stdout.lower()
        second = run(["neo4j", "start"], env)
        assert second.returncode == 0, second.stderr
        assert "already running" in second.stdout
        status = json.loads(run(["neo4j", "status", "--json"], env).stdout)
        assert status["running"] is True
        assert status["version"].startswith("5.26")
        assert status["nodes"] == 0 and status["relationships"] == 0
        password = Path(env["CHUNGBAEK_STATE_DIR"], "secrets", "neo4j-password")
        assert password.stat().st_mode & 0o777 == 0o600
    finally:
        stopped = run(["neo4j", "stop"], env)
    assert stopped.returncode == 0, stopped.stderr
    status = json.loads(run(["neo4j", "status", "--json"], env).stdout)
    assert status["running"] is False


def test_dead_database_gives_an_actionable_message_not_a_trace(own_server_env):
    env = own_server_env  # nothing listens on these fresh ports
    result = run(["graph", "counts"], env, timeout=60)
    assert result.returncode == 1
    assert "Neo4j is not reachable at bolt://127.0.0.1:" in result.stderr
    assert "chungbaek neo4j start" in result.stderr
    assert "Traceback" not in result.stderr


def test_external_server_is_never_started_or_stopped(own_server_env):
    env = {**own_server_env, "NEO4J_URI": "bolt://127.0.0.1:1", "NEO4J_PASSWORD": "x"}
    assert "not starting" in run(["neo4j", "start"], env).stdout
    assert "not stopping" in run(["neo4j", "stop"], env).stdout


def test_help_at_every_level():
    env = dict(os.environ)
    top = run(["--help"], env)
    assert top.returncode == 0 and "neo4j" in top.stdout
    for group in ("neo4j", "graph", "bench"):
        result = run([group, "--help"], env)
        assert result.returncode == 0, result.stderr
        assert "Usage:" in result.stdout
