"""A circuit breaker for a process that answers people: once the database is seen away, say so at once.

Without it, every request finds out for itself: each waits for its own connection attempt to time out, and
when the database comes back the requests that arrive first all meet a server that has only just started
(its first queries took 7.5 s under 20 clients, where a warm one answers in milliseconds).

So the first failure trips the breaker (open): requests are refused at once, while one probe thread asks the
database a trivial question every `period` seconds, with no person waiting on it. When `settle` probes in a
row have each answered within `warm` seconds (or `settle` + 3 have answered at all, for a database far
away), the thread runs `warm_up` (the reads requests asked lately, so
that the server plans them and reads their pages before people wait on them) and the breaker closes.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class Breaker:
    def __init__(self, probe: Callable[[], None], warm_up: Callable[[], None] = lambda: None, *,
                 period: float = 0.25, warm: float = 0.2, settle: int = 2) -> None:
        self._probe, self._warm_up = probe, warm_up
        self.period, self.warm, self.settle = period, warm, settle
        self._lock = threading.Lock()
        self._open = False
        self._prober: threading.Thread | None = None

    @property
    def is_open(self) -> bool:
        return self._open

    def trip(self) -> None:
        """The database was seen away: refuse from now on until the probes say it answers again."""
        with self._lock:
            self._open = True
            if self._prober is None:
                self._prober = threading.Thread(target=self._watch, name="neo4j-breaker", daemon=True)
                self._prober.start()

    def reset(self) -> None:
        """Let requests through again (the probe thread ends at its next turn)."""
        with self._lock:
            self._open = False

    def _answer(self) -> str:
        """'warm' (answered within `warm` s), 'slow' (answered) or '' (no answer)."""
        started = time.monotonic()
        try:
            self._probe()
        except Exception:  # noqa: BLE001 - any failure of the probe means "not answering yet"
            return ""
        return "warm" if time.monotonic() - started <= self.warm else "slow"

    def _warmed(self) -> bool:
        try:
            self._warm_up()
        except Exception:  # noqa: BLE001 - the database went away again while warming
            return False
        return True

    def _watch(self) -> None:
        in_a_row = answered = 0
        while True:
            answer = self._answer()
            in_a_row = in_a_row + 1 if answer == "warm" else 0
            answered = answered + 1 if answer else 0
            # a database that answers but never within `warm` (one far away) is let through after a few
            # answers in a row, so the breaker cannot stay open while it works
            if (in_a_row >= self.settle or answered >= self.settle + 3) and not self._warmed():
                in_a_row = answered = 0
            with self._lock:  # closing and forgetting the thread at once: a trip after this starts a new one
                if not self._open or in_a_row >= self.settle or answered >= self.settle + 3:
                    self._open = False
                    self._prober = None
                    return
            time.sleep(self.period)
