"""What a benchmark stage cost: wall seconds, CPU of this process and of the Neo4j server, time spent
waiting on Bolt, and peak resident memory of both processes.

"Waiting on Neo4j" is wall time during which at least one thread of this process was blocked reading
from or writing to a Bolt socket (the driver's socket calls are wrapped while a meter runs). With
several write transactions in flight that is the union of their waits, never their sum, so it stays
comparable to the wall clock. The rest of the wall clock is Python (mapping, clustering, packing).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from neo4j._async_compat.network._bolt_socket import BoltSocketBase

PAGE = os.sysconf("SC_PAGE_SIZE")
TICK = os.sysconf("SC_CLK_TCK")


class _BoltWait:
    """Union of the intervals during which some thread is inside a Bolt socket call."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.active = 0
        self.since = 0.0
        self.total = 0.0

    def enter(self) -> None:
        with self.lock:
            if self.active == 0:
                self.since = time.perf_counter()
            self.active += 1

    def leave(self) -> None:
        with self.lock:
            self.active -= 1
            if self.active == 0:
                self.total += time.perf_counter() - self.since


_WAIT = _BoltWait()
_WRAPPED = ("recv", "recv_into", "sendall")
_originals: dict[str, Any] = {}


def _install() -> None:
    if _originals:
        return
    for name in _WRAPPED:
        original = getattr(BoltSocketBase, name)
        _originals[name] = original

        def timed(self: Any, *args: Any, _original: Any = original) -> Any:
            _WAIT.enter()
            try:
                return _original(self, *args)
            finally:
                _WAIT.leave()

        setattr(BoltSocketBase, name, timed)


def _uninstall() -> None:
    for name, original in _originals.items():
        setattr(BoltSocketBase, name, original)
    _originals.clear()


def _rss(pid: int | str) -> int:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE
    except (OSError, ValueError, IndexError):
        return 0


def _cpu(pid: int | str) -> float:
    """User + system CPU seconds of a process (threads included)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICK
    except (OSError, ValueError, IndexError):
        return 0.0


@dataclass
class StageCost:
    stage: str
    seconds: float = 0.0
    python_cpu_s: float = 0.0
    neo4j_cpu_s: float | None = None
    waiting_on_neo4j_s: float = 0.0
    waiting_share: float = 0.0  # of the wall clock
    python_peak_mib: float = 0.0
    neo4j_peak_mib: float | None = None
    rows: int | None = None
    rows_per_s: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class Meter:
    """Measures stages one after another; `neo4j_pid` is the local server's (None for an external one)."""

    def __init__(self, neo4j_pid: int | None, interval: float = 0.2) -> None:
        self.neo4j_pid = neo4j_pid
        self.interval = interval
        self.stages: list[StageCost] = []

    @contextmanager
    def stage(self, name: str, *, bolt: bool = True) -> Iterator[StageCost]:
        cost = StageCost(name)
        peaks = {"self": _rss("self"), "neo4j": _rss(self.neo4j_pid) if self.neo4j_pid else 0}
        done = threading.Event()

        def sample() -> None:
            while not done.wait(self.interval):
                peaks["self"] = max(peaks["self"], _rss("self"))
                if self.neo4j_pid:
                    peaks["neo4j"] = max(peaks["neo4j"], _rss(self.neo4j_pid))

        sampler = threading.Thread(target=sample, name="bench-meter", daemon=True)
        if bolt:
            _install()
        wait_before = _WAIT.total
        cpu_before = _cpu("self")
        neo_before = _cpu(self.neo4j_pid) if self.neo4j_pid else 0.0
        started = time.perf_counter()
        sampler.start()
        try:
            yield cost
        finally:
            done.set()
            sampler.join()
            cost.seconds = round(time.perf_counter() - started, 2)
            cost.python_cpu_s = round(_cpu("self") - cpu_before, 2)
            if self.neo4j_pid:
                cost.neo4j_cpu_s = round(_cpu(self.neo4j_pid) - neo_before, 2)
                cost.neo4j_peak_mib = round(peaks["neo4j"] / 2**20)
            cost.waiting_on_neo4j_s = round(_WAIT.total - wait_before, 2)
            cost.waiting_share = round(cost.waiting_on_neo4j_s / cost.seconds, 3) if cost.seconds else 0.0
            cost.python_peak_mib = round(peaks["self"] / 2**20)
            if cost.rows and cost.seconds:
                cost.rows_per_s = round(cost.rows / cost.seconds)
            if bolt:
                _uninstall()
            self.stages.append(cost)


def server_pid(pid_file: Path) -> int | None:
    """The pid in the local server's pid file, when that process is alive."""
    try:
        value = int(pid_file.read_text().strip())
        os.kill(value, 0)
    except (OSError, ValueError):
        return None
    return value
