"""How `chungbaek serve` runs uvicorn: one listening socket per worker, and no Nagle delay.

uvicorn's own `--workers` binds one socket in the parent and hands it to every worker. Two things went wrong
with that here:

- the socket is made with protocol number 0, and asyncio only switches Nagle's algorithm off (TCP_NODELAY)
  for sockets whose protocol is IPPROTO_TCP. Every response after the first on a keep-alive connection then
  left as two segments (headers, body), the body held back until the client's delayed ACK: 40 ms added to
  every request, even a health check;
- all workers wait on the same socket and each accepts as many connections as are queued, so a burst of
  clients all landed on one worker while the other idled.

Here each worker binds its own IPPROTO_TCP socket with SO_REUSEPORT, so the kernel spreads connections over
the workers and asyncio sets TCP_NODELAY on each of them. A small supervisor restarts a worker that dies.
"""

from __future__ import annotations

import logging
import multiprocessing
import signal
import socket
import sys
import time
from typing import Any

from core.errors import ChungBaekError

log = logging.getLogger("chungbaek.api")

APP = "api.app:create_app"
BACKLOG = 2048
GRACE = 5
RESTART_LIMIT = 5  # deaths within a minute before the supervisor gives up


def _family(host: str) -> socket.AddressFamily:
    return socket.AF_INET6 if ":" in host else socket.AF_INET


def listening_socket(host: str, port: int, *, reuse_port: bool) -> socket.socket:
    """A TCP socket bound to host:port and listening; with reuse_port, one of a group sharing the port."""
    sock = socket.socket(_family(host), socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if reuse_port:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise ChungBaekError(f"cannot listen on {host}:{port}: {exc.strerror}",
                             hint="is another server on that port? choose another with --port") from exc
    sock.listen(BACKLOG)
    return sock


def _config(host: str, port: int) -> Any:
    import uvicorn

    # A stop waits at most GRACE seconds for requests in flight (each has its own time budget anyway):
    # uvicorn's default waits for them without end, so one stuck request kept a worker from stopping.
    return uvicorn.Config(APP, factory=True, host=host, port=port, log_level="warning", access_log=False,
                          backlog=BACKLOG, timeout_graceful_shutdown=GRACE)


def _worker(host: str, port: int) -> None:
    """One worker process: its own socket in the port's SO_REUSEPORT group."""
    import uvicorn

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the supervisor decides when workers stop (SIGTERM)
    sock = listening_socket(host, port, reuse_port=True)
    config = _config(host, port)
    config.configure_logging()
    uvicorn.Server(config).run(sockets=[sock])


class Supervisor:
    """Starts the workers, restarts one that dies, stops them all on SIGINT or SIGTERM."""

    def __init__(self, host: str, port: int, workers: int) -> None:
        self.host, self.port, self.workers = host, port, workers
        self.context = multiprocessing.get_context("spawn")
        self.processes: list[Any] = []
        self.deaths: list[float] = []
        self.stopping = False

    def _spawn(self) -> Any:
        process = self.context.Process(target=_worker, args=(self.host, self.port), name="chungbaek-api")
        process.start()
        return process

    def _stop(self, *_args: object) -> None:
        self.stopping = True

    def run(self) -> int:
        # Fail early and clearly when the port is taken: a plain bind (no SO_REUSEPORT) is refused by any
        # listener there, including another group of workers.
        listening_socket(self.host, self.port, reuse_port=False).close()
        signal.signal(signal.SIGINT, self._stop)
        signal.signal(signal.SIGTERM, self._stop)
        self.processes = [self._spawn() for _ in range(self.workers)]
        while not self.stopping:
            time.sleep(0.25)
            for i, process in enumerate(self.processes):
                if process.is_alive() or self.stopping:
                    continue
                now = time.monotonic()
                self.deaths = [t for t in self.deaths if now - t < 60] + [now]
                if len(self.deaths) > RESTART_LIMIT:
                    log.error("API workers keep dying (%d in a minute); stopping", len(self.deaths))
                    self.stopping = True
                    break
                log.warning("API worker %s exited with %s; starting another", process.pid, process.exitcode)
                self.processes[i] = self._spawn()
        for process in self.processes:
            if process.is_alive():
                process.terminate()
        for process in self.processes:
            process.join(15)
            if process.is_alive():
                process.kill()
        return 0 if len(self.deaths) <= RESTART_LIMIT else 1


def run(host: str, port: int, workers: int) -> None:
    if workers <= 1:
        import uvicorn

        uvicorn.Server(_config(host, port)).run(sockets=[listening_socket(host, port, reuse_port=False)])
        return
    sys.exit(Supervisor(host, port, workers).run())
