"""`chungbaek serve`: its sockets, its workers, a taken port and a clean stop."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time

import httpx
from apikit import REPO, Server, free_port

from api.serving import listening_socket


def test_worker_sockets_are_tcp_so_asyncio_turns_nagle_off():
    """Connections accepted on our sockets get TCP_NODELAY: without it a keep-alive response waits 40 ms
    for the client's delayed ACK."""
    port = free_port()
    first = listening_socket("127.0.0.1", port, reuse_port=True)
    second = listening_socket("127.0.0.1", port, reuse_port=True)  # a second worker shares the port
    assert first.proto == socket.IPPROTO_TCP
    assert first.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT) == 1
    second.close()

    async def accepted_nodelay() -> int:
        seen: asyncio.Future[int] = asyncio.get_running_loop().create_future()

        def on_connect(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            sock = writer.get_extra_info("socket")
            seen.set_result(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
            writer.close()

        server = await asyncio.start_server(on_connect, sock=first)
        async with server:
            _reader, writer = await asyncio.open_connection("127.0.0.1", port)
            value = await asyncio.wait_for(seen, 5)
            writer.close()
        return value

    assert asyncio.run(accepted_nodelay()) != 0


def test_two_workers_answer_keep_alive_requests(server, client):
    with httpx.Client(base_url=client.url, headers={"Authorization": f"Bearer {client.token}"}) as http:
        answers = [http.post("/graphql", json={"query": "{ me { username } }"}) for _ in range(20)]
        health = http.get("/healthz")
    assert {a.status_code for a in answers} == {200}
    assert {a.json()["data"]["me"]["username"] for a in answers} == {"aud"}
    assert health.json() == {"status": "ok"}


def test_a_taken_port_is_refused_with_a_message(server):
    for workers in ("1", "2"):
        done = subprocess.run([sys.executable, "-m", "chungbaek", "serve", "--port", str(server.port),
                               "--workers", workers], cwd=REPO, env=dict(os.environ), capture_output=True,
                              text=True, timeout=60)
        assert done.returncode == 1
        assert f"cannot listen on 127.0.0.1:{server.port}" in done.stderr
        assert "Traceback" not in done.stderr


def test_sigterm_stops_the_supervisor_and_its_workers(neo4j_driver):
    srv = Server(workers=2)
    workers = _children(srv.proc.pid)
    assert len(workers) == 2
    srv.proc.send_signal(signal.SIGTERM)
    assert srv.proc.wait(30) == 0
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in workers)


def _children(pid: int) -> list[int]:
    """The worker processes of a supervisor (spawn's resource tracker is its child too, and not a worker)."""
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split() if "spawn_main" in _cmdline(int(p))]


def _cmdline(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split()[2] != "Z"
    except OSError:
        return False
